"""The IDB contract: every table and column the Info Mart reads, under the original's names.

This catalogue is the single source: `orchestrator/idb/schema.sql` and the table sections of
`docs/idb.md` are rendered from it (`python -m orchestrator.idb.render`), and a test checks that
the committed files match. Names are lower case, as PostgreSQL folds the original's unquoted names.
"""

from __future__ import annotations

from dataclasses import replace

from .schema_model import Table
from .tables_agents import AGENT_ACTIVITY
from .tables_config import CONFIGURATION
from .tables_control import CONTROL
from .tables_interactions import INTERACTIONS
from .tables_outbound import OUTBOUND

#: ICON's providers (its `role` values): which part of ICON writes a table.
PROVIDERS = {
    "cfg": "configuration (Configuration Server)",
    "gcc": "calls, parties and interaction records (T-Server, Interaction Server)",
    "gls": "agent login sessions and states",
    "gud": "attached (user) data",
    "gos": "outbound (OCS)",
    "icon": "ICON's own control tables",
}

#: What identifies a row whatever IDB it is read from (an HA partner numbers its rows itself).
#: Configuration objects are identified by their Configuration Server DBID (`id`).
NATURAL_KEYS = {
    "gcx_group_agent": ("groupid", "agentid", "created_ts"),
    "gcx_group_place": ("groupid", "placeid", "created_ts"),
    "gcx_group_endpoint": ("groupid", "endpointid", "created_ts"),
    "gcx_skill_level": ("agentid", "skillid", "created_ts"),
    "gcx_agent_place": ("agentid", "placeid", "created_ts"),
    "gcx_endpoint_place": ("endpointid", "placeid", "created_ts"),
    "gcx_login_info": ("loginid", "agentid", "created_ts"),
    "g_ir": ("irid",),
    "g_ir_history": ("irid", "added_ts", "changetype"),
    "g_call": ("callid",),
    "g_call_history": ("callid", "cseq"),
    "g_party": ("partyid",),
    "g_party_history": ("partyid", "pseq"),
    "g_virtual_queue": ("callid", "partyid", "endpointid", "added_ts"),
    "g_route_result": ("callid", "partyid", "created_ts"),
    "g_is_link": ("linkid", "callid"),
    "g_call_stat": ("callid",),
    "g_userdata_history": ("callid", "keyname", "added_ts", "changetype"),
    "g_call_userdata": ("callid",),
    "g_login_session": ("loginsessionid",),
    "gx_session_endpoint": ("loginsessionid", "endpointid", "created_ts"),
    "g_agent_state_history": ("loginsessionid", "endpointid", "seq"),
    "g_agent_state_rc": ("sessionid", "endpointid", "keyname", "set_ts"),
    "g_dnd_history": ("loginsessionid", "endpointid", "set_ts"),
    "go_campaign": ("campaignguid",),
    "go_campaignhistory": ("campaignguid", "added_ts", "state"),
    "go_chain": ("chainguid",),
    "go_chainrec_hist": ("chainguid", "recordhandle", "seq"),
    "gox_chain_call": ("chainguid", "callattid"),
    "go_metrics": ("campaignguid", "metricname", "added_ts"),
}

TABLES: tuple[Table, ...] = tuple(
    replace(
        table,
        natural_key=NATURAL_KEYS.get(table.name, ("id",) if table.provider == "cfg" else ()),
    )
    for table in (*CONFIGURATION, *INTERACTIONS, *AGENT_ACTIVITY, *OUTBOUND, *CONTROL)
)
TABLE_BY_NAME = {table.name: table for table in TABLES}
