"""Extraction bookkeeping: data-source keys (CTL_DS) and the marks and row counts of each
extracted window (CTL_EXTRACT_HISTORY)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import psycopg
from psycopg import sql

from .. import RELEASE
from ..config.connections import IdbConnection
from ..db import qualified, relation_exists
from ..idb.codes import DataSourceType, ProviderTag
from . import names

if TYPE_CHECKING:
    from ..extract.window import DataSource


def has_data_sources(conn: psycopg.Connection, schema: str) -> bool:
    """Whether the Info Mart has CTL_DS (an Info Mart initialised before it has not)."""
    return relation_exists(conn, schema, names.CTL_DS)


def data_source_key(mart: psycopg.Connection, schema: str, idb: IdbConnection) -> int:
    """The key of the IDB's data source (its HA group's, when it has one), handed out once."""
    name = idb.ha_group or idb.name
    table = qualified(schema, names.CTL_DS)
    row = mart.execute(
        sql.SQL("select data_source_key from {} where data_source_name = %s").format(table),
        (name,),
    ).fetchone()
    if row:
        return row[0]
    key = mart.execute(
        sql.SQL("select coalesce(max(data_source_key), 0) + 1 from {}").format(table)
    ).fetchone()[0]
    mart.execute(
        sql.SQL(
            "insert into {} (data_source_key, data_source_name, created_ts) values (%s, %s, %s)"
        ).format(table),
        (key, name, int(time.time())),
    )
    return key


def provider_mark(
    mart: psycopg.Connection,
    schema: str,
    provider_tag: int,
    data_source_key: int,
    idb_name: str,
    source: DataSource,
) -> int:
    """How far this provider's tables have been copied from this data source through this IDB
    (they advance together, one window at a time)."""
    row = mart.execute(
        sql.SQL(
            "select max(max_ts) from {} where providertag = %s and data_source_key = %s"
            " and dap_name = %s and dss_id = %s"
        ).format(qualified(schema, names.CTL_EXTRACT_HISTORY)),
        (provider_tag, data_source_key, idb_name, source.data_source),
    ).fetchone()
    return row[0] or 0


def newest_mark(mart: psycopg.Connection, schema: str, idb_name: str) -> int | None:
    """How far any provider of IDB `idb_name` was copied (None: never read)."""
    row = mart.execute(
        sql.SQL("select max(max_ts) from {} where dap_name = %s").format(
            qualified(schema, names.CTL_EXTRACT_HISTORY)
        ),
        (idb_name,),
    ).fetchone()
    return row[0]


def voice_clock(mart: psycopg.Connection, schema: str) -> int:
    """The newest write time of voice interaction data extracted so far, from any source."""
    row = mart.execute(
        sql.SQL(
            "select max(max_ts) from {} where providertag = %s and data_source_type = %s"
        ).format(qualified(schema, names.CTL_EXTRACT_HISTORY)),
        (ProviderTag.GCC, DataSourceType.T_SERVER),
    ).fetchone()
    return row[0] or 0


def record_extract(
    mart: psycopg.Connection,
    schema: str,
    *,
    counts: dict[str, int],
    data_source_key: int,
    idb_name: str,
    source: DataSource,
    provider_tag: int,
    mark: int,
    started: datetime,
    job_id: str,
    job_name: str,
    audit_key: int | None,
) -> None:
    """CTL_EXTRACT_HISTORY rows, one per GIDB table and its row count: the mark reached, in
    the chunk's own transaction (sent in one round trip)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    mart.cursor().executemany(
        sql.SQL(
            "insert into {} (table_name, data_source_key, data_source_type, row_count, max_time,"
            " max_ts, icon_dbid, dss_id, providertag, extract_start_time, extract_end_time,"
            " job_id, job_name, job_version, dap_name, create_audit_key, created_ts)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_EXTRACT_HISTORY)),
        [
            (
                name,
                data_source_key,
                source.data_source_type,
                row_count,
                datetime.fromtimestamp(mark, UTC).replace(tzinfo=None),
                mark,
                source.icon_dbid,
                source.data_source,
                provider_tag,
                started,
                now,
                job_id,
                job_name,
                RELEASE,
                idb_name,
                audit_key,
                int(time.time()),
            )
            for name, row_count in counts.items()
        ],
    )


def has_extracted(mart: psycopg.Connection, schema: str, idb_name: str) -> bool:
    """Whether Job_ExtractICON has copied rows of IDB `idb_name` (CTL_EXTRACT_HISTORY.DAP_NAME)
    into this Info Mart; False before `gim init`."""
    if not relation_exists(mart, schema, names.CTL_EXTRACT_HISTORY):
        return False
    return mart.execute(
        sql.SQL("select exists (select from {} where dap_name = %s and row_count > 0)").format(
            qualified(schema, names.CTL_EXTRACT_HISTORY)
        ),
        (idb_name,),
    ).fetchone()[0]
