"""What `gim status`, the ETL Status view and /metrics show of the data sources' troubles: IDBs
extraction cannot reach, data sources whose data is delayed (55-20110), and the ranges an IDB
unreachable past extract-data-stuck-threshold left behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg

from .control import episodes
from .control.episodes import Episode, Gap


@dataclass(frozen=True)
class Continuity:
    unreachable: list[Episode] = field(default_factory=list)
    delayed: list[Episode] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


def continuity(conn: psycopg.Connection, schema: str) -> Continuity:
    """The open episodes and every gap (nothing before the control tables exist)."""
    if not episodes.has_episodes(conn, schema):
        return Continuity()
    return Continuity(
        unreachable=episodes.open_episodes(conn, schema, episodes.UNREACHABLE),
        delayed=episodes.open_episodes(conn, schema, episodes.DELAYED),
        gaps=episodes.gaps(conn, schema),
    )


def shown(epoch: int | None) -> str:
    """UTC, to the second ("" for none)."""
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
