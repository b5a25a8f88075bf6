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


def lagging(read: list[ReadSource]) -> list[tuple[ReadSource, int, list[str]]]:
    """Each source read (by the provider furthest behind), how far it lags the newest of its
    kind in its IDB, and the IDB tables read for it."""
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
    return [
        (item, newest[(item.idb, item.source.data_source_type)] - item.source.horizon, tables[key])
        for key, item in behind.items()
    ]


def delayed_sources(read: list[ReadSource], delayed_after: int) -> list[tuple[ReadSource, int]]:
    """The active sources more than `delayed_after` seconds behind, with their lag."""
    return [
        (item, lag) for item, lag, _ in lagging(read) if item.source.active and lag > delayed_after
    ]


def lag_warnings(read: list[ReadSource], delayed_after: int, stuck_after: int) -> list[str]:
    """One line per active source that lags the newest of its kind in its IDB by more than a
    threshold (a source read for several providers is judged by the one furthest behind)."""
    lines = []
    for item, lag, read_tables in lagging(read):
        if not item.source.active or lag <= delayed_after:
            continue
        kind = DataSourceType(item.source.data_source_type).name.replace("_", "-")
        named = ", ".join(t.upper() for t in read_tables[:4])
        if len(read_tables) > 4:
            named += f" and {len(read_tables) - 4} more"
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
