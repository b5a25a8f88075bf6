"""CTL_SOURCE_EPISODE and CTL_EXTRACT_GAP: IDBs extraction could not reach, data that arrived
late (the 55-20110 event), and the ranges an IDB unreachable past extract-data-stuck-threshold
left behind."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from ..db import qualified, relation_exists
from . import names

UNREACHABLE, DELAYED = "UNREACHABLE", "DELAYED"


@dataclass(frozen=True)
class Episode:
    episode_id: str
    kind: str
    idb_name: str
    data_source_type: int
    data_source: int
    started_ts: int
    stuck_ts: int | None
    detail: str


@dataclass(frozen=True)
class Gap:
    dap_name: str
    data_source_type: int
    dss_id: int
    providertag: int
    gap_start_ts: int
    gap_end_ts: int


def has_episodes(conn: psycopg.Connection, schema: str) -> bool:
    """Whether the Info Mart has the tables (initialised by this release or later)."""
    return relation_exists(conn, schema, names.CTL_SOURCE_EPISODE)


def open_episodes(conn: psycopg.Connection, schema: str, kind: str | None = None) -> list[Episode]:
    rows = conn.execute(
        sql.SQL(
            "select episode_id, kind, idb_name, data_source_type, dss_id, started_ts,"
            " stuck_ts, coalesce(detail, '') from {} where ended_ts is null"
            " and (%s::text is null or kind = %s) order by started_ts, episode_id"
        ).format(qualified(schema, names.CTL_SOURCE_EPISODE)),
        (kind, kind),
    ).fetchall()
    return [Episode(*row) for row in rows]


def open_episode(
    conn: psycopg.Connection,
    schema: str,
    kind: str,
    idb_name: str,
    detail: str,
    job_id: str,
    data_source_type: int = 0,
    data_source: int = 0,
) -> Episode:
    now = int(time.time())
    episode = Episode(
        str(uuid.uuid4()), kind, idb_name, data_source_type, data_source, now, None, detail
    )
    conn.execute(
        sql.SQL(
            "insert into {} (episode_id, kind, idb_name, data_source_type, dss_id,"
            " started_ts, last_seen_ts, detail, job_id, created_ts)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_SOURCE_EPISODE)),
        (
            episode.episode_id,
            kind,
            idb_name,
            data_source_type,
            data_source,
            now,
            now,
            detail[:1024],
            job_id,
            now,
        ),
    )
    return episode


def see_episode(
    conn: psycopg.Connection, schema: str, episode_id: str, detail: str, stuck: bool = False
) -> None:
    """The episode goes on; `stuck`: it has passed extract-data-stuck-threshold (kept once)."""
    now = int(time.time())
    conn.execute(
        sql.SQL(
            "update {} set last_seen_ts = %s, detail = %s,"
            " stuck_ts = case when %s then coalesce(stuck_ts, %s) else stuck_ts end"
            " where episode_id = %s"
        ).format(qualified(schema, names.CTL_SOURCE_EPISODE)),
        (now, detail[:1024], stuck, now, episode_id),
    )


def end_episode(conn: psycopg.Connection, schema: str, episode_id: str) -> None:
    conn.execute(
        sql.SQL("update {} set ended_ts = %s where episode_id = %s").format(
            qualified(schema, names.CTL_SOURCE_EPISODE)
        ),
        (int(time.time()), episode_id),
    )


def record_gap(
    conn: psycopg.Connection,
    schema: str,
    *,
    idb_name: str,
    data_source_key: int,
    data_source_type: int,
    dss_id: int,
    providertag: int,
    gap: tuple[int, int],
    episode_id: str,
    job_id: str,
) -> None:
    """A range of one provider's rows of one data source that extraction left behind."""
    conn.execute(
        sql.SQL(
            "insert into {} (dap_name, data_source_key, data_source_type, dss_id, providertag,"
            " gap_start_ts, gap_end_ts, gap_start_time, gap_end_time, episode_id, job_id,"
            " created_ts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_EXTRACT_GAP)),
        (
            idb_name,
            data_source_key,
            data_source_type,
            dss_id,
            providertag,
            gap[0],
            gap[1],
            *(datetime.fromtimestamp(moment, UTC).replace(tzinfo=None) for moment in gap),
            episode_id,
            job_id,
            int(time.time()),
        ),
    )


def gaps(conn: psycopg.Connection, schema: str) -> list[Gap]:
    """Every range left behind, oldest first (none before the tables exist)."""
    if not relation_exists(conn, schema, names.CTL_EXTRACT_GAP):
        return []
    rows = conn.execute(
        sql.SQL(
            "select dap_name, data_source_type, dss_id, providertag, gap_start_ts, gap_end_ts"
            " from {} order by gap_start_ts, dap_name, providertag"
        ).format(qualified(schema, names.CTL_EXTRACT_GAP))
    ).fetchall()
    return [Gap(*row) for row in rows]
