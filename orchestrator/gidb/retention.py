"""Which GIDB rows Job_MaintainGIM may purge, as the guide's "Info Mart Tables Purged by the
Maintenance Job" lists them (orchestrator/maintain/purge.py runs the deletes).

- Interaction, agent-activity and outbound tables (`GIDB_G*_V`, `_MM`, `GIDB_GO*`): by
  days-to-keep-gidb-facts, from the row's START_DATE_TIME_KEY; a row that ends (TERMINATED) only
  once it has, and never while the call, party, login session, campaign or chain it belongs to is
  still open, unless that one started more than days-to-keep-active-facts ago (it is then
  terminated artificially and nothing will come back for its rows).
- Configuration relationship tables (`GIDB_GCX_*`): deleted rows, by days-to-keep-cfg-facts from
  DELETED_TS.
- Configuration objects (`GIDB_GC_*`): never (the dimensions are built from them).
"""

from __future__ import annotations

from psycopg import sql

from .schema import GidbTable

GIDB_FACTS_OPTION = "days-to-keep-gidb-facts"
CFG_FACTS_OPTION = "days-to-keep-cfg-facts"

#: The row a table's rows belong to while it is open: (holder table, (column, holder column)...).
HOLDERS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "g_ir_history": ("g_ir", (("irid", "irid"),)),
    "g_call_history": ("g_call", (("callid", "callid"),)),
    "g_party": ("g_call", (("callid", "callid"),)),
    "g_party_history": ("g_party", (("partyid", "partyid"),)),
    "g_virtual_queue": ("g_call", (("callid", "callid"),)),
    "g_route_result": ("g_call", (("callid", "callid"),)),
    "g_is_link": ("g_call", (("callid", "callid"),)),
    "g_call_stat": ("g_call", (("callid", "callid"),)),
    "g_userdata_history": ("g_call", (("callid", "callid"),)),
    "g_call_userdata": ("g_call", (("callid", "callid"),)),
    "gx_session_endpoint": ("g_login_session", (("loginsessionid", "loginsessionid"),)),
    "g_agent_state_history": ("g_login_session", (("loginsessionid", "loginsessionid"),)),
    "g_agent_state_rc": ("g_login_session", (("sessionid", "loginsessionid"),)),
    "g_dnd_history": ("g_login_session", (("loginsessionid", "loginsessionid"),)),
    "go_campaignhistory": ("go_campaign", (("campaignguid", "campaignguid"),)),
    "go_metrics": ("go_campaign", (("campaignguid", "campaignguid"),)),
    "go_chainrec_hist": ("go_chain", (("chainguid", "chainguid"),)),
    "gox_chain_call": ("go_chain", (("chainguid", "chainguid"),)),
}


def retention_option(table: GidbTable) -> str | None:
    """The [gim-etl] days-to-keep option a GIDB table is purged by; None: never purged."""
    if table.source.provider != "cfg":
        return GIDB_FACTS_OPTION
    return CFG_FACTS_OPTION if table.source.name.startswith("gcx_") else None


def holder_name(table: GidbTable) -> str | None:
    """The GIDB table whose open rows hold this one's (same medium)."""
    holder = HOLDERS.get(table.source.name)
    if holder is None:
        return None
    return table.name.replace(f"gidb_{table.source.name}", f"gidb_{holder[0]}", 1)


def purge_condition(
    schema: str, table: GidbTable, before_ts: int, active_since_ts: int
) -> sql.Composable:
    """Rows of `table` (alias `t`) that may go: older than `before_ts` (UTC epoch seconds),
    ended, and held by nothing open that started at or after `active_since_ts`."""
    if retention_option(table) == CFG_FACTS_OPTION:
        return sql.SQL("t.deleted_ts is not null and t.deleted_ts < {}").format(
            sql.Literal(before_ts)
        )
    terms = [sql.SQL("t.start_date_time_key < {}").format(sql.Literal(before_ts))]
    open_since = sql.SQL("{alias}.terminated_ts is null and {alias}.start_date_time_key >= {}")
    if "terminated_ts" in {column.name for column in table.columns}:
        ended = sql.SQL("not ({})").format(
            open_since.format(sql.Literal(active_since_ts), alias=sql.Identifier("t"))
        )
        terms.append(ended)
    holder = holder_name(table)
    if holder is not None:
        links = [
            sql.SQL("h.{} = t.{}").format(sql.Identifier(theirs), sql.Identifier(ours))
            for ours, theirs in HOLDERS[table.source.name][1]
        ]
        terms.append(
            sql.SQL(
                "not exists (select 1 from {}.{} as h where h.data_source_key = t.data_source_key"
                " and {} and {})"
            ).format(
                sql.Identifier(schema),
                sql.Identifier(holder),
                sql.SQL(" and ").join(links),
                open_since.format(sql.Literal(active_since_ts), alias=sql.Identifier("h")),
            )
        )
    return sql.SQL(" and ").join(terms)
