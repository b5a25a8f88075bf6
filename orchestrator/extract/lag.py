"""Warnings about data sources that fall behind: delayed (no data for `delayed-data-threshold`
seconds) or stuck (for `extract-data-stuck-threshold`). Pure logic.

Lag is measured in data time against the newest source of the same kind in the same IDB (a
T-Server against the other T-Servers: a quiet OCS is not late because calls go on), so a backlog
or a simulated day is judged as the live cycle was. A stuck source never holds the others back (each
has its own mark); it is read from its own mark when its data arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..idb.codes import DataSourceType
from .window import DataSource


@dataclass(frozen=True)
class ReadSource:
    """A data source read for one provider of one IDB, with the IDB tables read for it."""

    idb: str
    provider: str
    source: DataSource
    tables: tuple[str, ...]


def lag_warnings(read: list[ReadSource], delayed_after: int, stuck_after: int) -> list[str]:
    """One line per active source that lags the newest of its kind in its IDB by more than a
    threshold (a source read for several providers is judged by the one furthest behind)."""
    newest: dict[tuple[str, int], int] = {}
    behind: dict[tuple[str, int], ReadSource] = {}
    tables: dict[tuple[str, int], list[str]] = {}
    for item in read:
        peers = (item.idb, item.source.data_source_type)
        newest[peers] = max(newest.get(peers, 0), item.source.horizon)
        key = (item.idb, item.source.data_source)
        if key not in behind or item.source.horizon < behind[key].source.horizon:
            behind[key] = item
        tables.setdefault(key, []).extend(item.tables)
    lines = []
    for key, item in behind.items():
        lag = newest[(item.idb, item.source.data_source_type)] - item.source.horizon
        if not item.source.active or lag <= delayed_after:
            continue
        kind = DataSourceType(item.source.data_source_type).name.replace("_", "-")
        named = ", ".join(t.upper() for t in tables[key][:4])
        if len(tables[key]) > 4:
            named += f" and {len(tables[key]) - 4} more"
        what = (
            f"stuck (extract-data-stuck-threshold {stuck_after} s): the other sources moved on,"
            " its data is read from its own mark when it arrives"
            if lag > stuck_after
            else f"delayed (delayed-data-threshold {delayed_after} s)"
        )
        lines.append(
            f"WARNING: IDB {item.idb}, {kind} {item.source.data_source}: no data for {lag} s"
            f" in {named}: {what}"
        )
    return lines
