"""How far each data source can be read, from ICON's session tables. Pure logic.

Marks are kept per ICON provider and data source (a T-Server, Interaction Server, OCS or
Configuration Server), across that source's ICON sessions: a silent or stuck source holds back
only its own rows, never the others', and its rows are read when they arrive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionSpan:
    """One ICON data-source session (a G_DSS_*_PROVIDER row), times as epoch seconds."""

    dss_id: int
    data_source: int
    data_source_type: int
    icon_dbid: int
    started: int
    ended: int | None
    latest_event: int


@dataclass(frozen=True)
class DataSource:
    """A data source as one IDB saw it: its sessions' IDs and how far its data goes."""

    data_source: int
    data_source_type: int
    icon_dbid: int
    dss_ids: tuple[int, ...]
    #: Every row this source wrote up to here is in the IDB.
    horizon: int
    #: Its newest session is still open (ICON is connected to it).
    active: bool = True


def data_sources(spans: list[SessionSpan]) -> list[DataSource]:
    """Group sessions by data source; the horizon is the newest session's latest event."""
    by_source: dict[int, list[SessionSpan]] = {}
    for span in spans:
        by_source.setdefault(span.data_source, []).append(span)
    result = []
    for source, sessions in sorted(by_source.items()):
        newest = max(sessions, key=lambda span: span.started)
        horizon = newest.latest_event
        if newest.ended is not None:
            horizon = min(horizon, newest.ended)
        result.append(
            DataSource(
                data_source=source,
                data_source_type=newest.data_source_type,
                icon_dbid=newest.icon_dbid,
                dss_ids=tuple(sorted(span.dss_id for span in sessions)),
                horizon=horizon,
                active=newest.ended is None,
            )
        )
    return result
