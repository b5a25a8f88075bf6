"""What Job_ExtractICON reads: each IDB's data sources per role and their GIDB tables."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
from psycopg import sql

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
