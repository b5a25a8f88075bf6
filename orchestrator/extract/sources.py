"""What Job_ExtractICON reads: each IDB's data sources per role, their marks and their keys."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from .. import RELEASE, tables
from ..config.connections import IdbConnection
from ..db import qualified
from ..gidb.schema import GIDB_TABLES, GidbTable
from ..idb.codes import DataSourceType, ProviderTag
from .window import DataSource, SessionSpan, data_sources

#: Per role: the ICON providers it covers, the kind of data source, and the GIDB copies it fills.
ROLES: dict[str, tuple[tuple[str, ...], DataSourceType, str | None]] = {
    "ICON_CFG": (("cfg",), DataSourceType.CONFIGURATION_SERVER, None),
    "ICON_CORE": (("gcc", "gls", "gud"), DataSourceType.T_SERVER, "voice"),
    "ICON_MM": (("gcc", "gls", "gud"), DataSourceType.INTERACTION_SERVER, "mm"),
    "ICON_OCS": (("gos",), DataSourceType.OCS, None),
}
PROVIDER_TAGS = {
    "cfg": ProviderTag.CFG,
    "gcc": ProviderTag.GCC,
    "gls": ProviderTag.GLS,
    "gud": ProviderTag.GUD,
    "gos": ProviderTag.GOS,
}


def gidb_tables_for(provider: str, medium: str | None) -> list[GidbTable]:
    return [t for t in GIDB_TABLES if t.source.provider == provider and t.medium == medium]


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.replace(tzinfo=UTC).timestamp())


def read_sources(idb: psycopg.Connection, provider: str) -> list[DataSource]:
    """The provider's data sources as this IDB recorded them (G_DSS_<provider>_PROVIDER)."""
    rows = idb.execute(
        sql.SQL(
            "select dss_id, coalesce(ds_dbid, 0), ds_type, icon_dbid, dsconn_stime,"
            " dsconn_etime, coalesce(levent_itime, fevent_itime, dsconn_stime) from {}"
        ).format(sql.Identifier(f"g_dss_{provider}_provider"))
    ).fetchall()
    spans = [
        SessionSpan(
            dss_id=row[0],
            data_source=row[1],
            data_source_type=row[2],
            icon_dbid=row[3],
            started=_epoch(row[4]) or 0,
            ended=_epoch(row[5]),
            latest_event=_epoch(row[6]) or 0,
        )
        for row in rows
    ]
    return data_sources(spans)


def seq_current(idb: psycopg.Connection, provider: str) -> int | None:
    """G_PROV_CONTROL.SEQCURRENT: rows with a higher GSYS_USEQ may still be being written."""
    row = idb.execute(
        "select max(seqcurrent) from g_prov_control where providertag = %s",
        (PROVIDER_TAGS[provider],),
    ).fetchone()
    return row[0]


def data_source_key(mart: psycopg.Connection, schema: str, idb: IdbConnection) -> int:
    """The key of the IDB's data source (its HA group's, when it has one), handed out once."""
    name = idb.ha_group or idb.name
    table = qualified(schema, tables.CTL_DS)
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
    provider: str,
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
        ).format(qualified(schema, tables.CTL_EXTRACT_HISTORY)),
        (PROVIDER_TAGS[provider], data_source_key, idb_name, source.data_source),
    ).fetchone()
    return row[0] or 0


def voice_clock(mart: psycopg.Connection, schema: str) -> int:
    """The newest write time of voice interaction data extracted so far, from any source."""
    row = mart.execute(
        sql.SQL(
            "select max(max_ts) from {} where providertag = %s and data_source_type = %s"
        ).format(qualified(schema, tables.CTL_EXTRACT_HISTORY)),
        (PROVIDER_TAGS["gcc"], DataSourceType.T_SERVER),
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
    provider: str,
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
        ).format(qualified(schema, tables.CTL_EXTRACT_HISTORY)),
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
                PROVIDER_TAGS[provider],
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
