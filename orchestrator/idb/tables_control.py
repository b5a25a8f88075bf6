"""ICON's control tables: data-source sessions (gaps, HA) and the sequence counters."""

from __future__ import annotations

from .schema_model import GSYS, Table, col

_SESSION_COLUMNS = (
    col("dss_id", "integer", "Data-source session ID (GSYS_DOMAIN of the rows it wrote).", m=True),
    col("icon_dbid", "integer", "DBID of the ICON application.", m=True),
    col("ds_dbid", "integer", "DBID of the data source (T-Server, Interaction Server, OCS, ...)."),
    col("ds_dbid_prim", "integer", "DBID of the primary of an HA data-source pair."),
    col("ds2_dbid", "integer", "Switch DBID → GC_SWITCH.ID."),
    col("ds_type", "integer", "Kind of data source.", codes="data_source_type"),
    col("icon_stime", "timestamp", "When ICON started (GMT)."),
    col("dsconn_stime", "timestamp", "When ICON connected to the data source (GMT)."),
    col("dsconn_sdstime", "timestamp", "Data source's own time at connection (GMT)."),
    col("dsconn_sdsts", "integer", "DSCONN_SDSTIME, UTC epoch seconds."),
    col("dsconn_type", "integer", "Why the session began.", codes="connection_type"),
    col("icon_etime", "timestamp", "When ICON stopped; null while running (GMT)."),
    col("dsconn_etime", "timestamp", "When the connection ended; null while connected (GMT)."),
    col("fevent_itime", "timestamp", "When ICON received the session's first event (GMT)."),
    col("fevent_dstime", "timestamp", "Data-source time of the first event (GMT)."),
    col("fevent_dsseq", "varchar(255)", "Data-source sequence of the first event.", pii="none"),
    col("levent_itime", "timestamp", "When ICON received the latest event (GMT)."),
    col("levent_dstime", "timestamp", "Data-source time of the latest event (GMT)."),
    col("levent_dsseq", "varchar(255)", "Data-source sequence of the latest event.", pii="none"),
    *GSYS,
)


def _session_table(role: str, writes: str) -> Table:
    return Table(
        f"g_dss_{role}_provider",
        "icon",
        f"Data-source sessions of the {role} provider ({writes}): when data flowed, and gaps.",
        _SESSION_COLUMNS,
        primary_key=("dss_id", "icon_dbid"),
        inferred=True,
    )


CONTROL = (
    _session_table("cfg", "configuration"),
    _session_table("gcc", "calls and interactions"),
    _session_table("gls", "agent activity"),
    _session_table("gud", "attached data"),
    _session_table("gos", "outbound"),
    Table(
        "g_prov_control",
        "icon",
        "Sequence counters ICON writes GSYS_SEQ and GSYS_USEQ from; SEQCURRENT is a safe bound.",
        (
            col("domainid", "integer", "Domain.", m=True),
            col("primaryid", "integer", "DBID of the primary ICON of an HA pair.", m=True),
            col("providertag", "integer", "Provider class.", m=True, codes="provider_tag"),
            col("seqcounter", "bigint", "Counter ICON increments (reserved ahead)."),
            col("seqcurrent", "bigint", "Most recent value written to GSYS_SEQ/USEQ (delayed)."),
            *GSYS,
        ),
        primary_key=("domainid", "primaryid", "providertag"),
    ),
)
