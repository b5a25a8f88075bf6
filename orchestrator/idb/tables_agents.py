"""Agent activity tables (provider gls): login sessions, states, reason codes, do-not-disturb."""

from __future__ import annotations

from .schema_model import SESSION_DOC, col, identity, moment, operational_table

_AGENT = col("agentid", "integer", "Agent → GC_AGENT.ID.", m=True)
_ENDPOINT = col(
    "endpointid", "integer", "Endpoint DBID → GC_ENDPOINT.ID; 0 for multimedia.", m=True
)
_QUEUE = col("queueid", "integer", "ACD queue DBID the agent logged in to; 0 when none.")

AGENT_ACTIVITY = (
    operational_table(
        "g_login_session",
        "gls",
        "Agent login sessions: inserted at login, terminated at logout.",
        (
            identity(),
            col("loginsessionid", "varchar(50)", "Session GUID.", m=True, pii="none"),
            _AGENT,
            col("loginid", "integer", "Login code → GC_LOGIN.ID; null for multimedia."),
            col("placeid", "integer", "Place → GC_PLACE.ID.", m=True),
            col("state", "integer", "Active or terminated.", m=True, codes="session_state"),
            col("primarydeviceid", "integer", "Main endpoint → GC_ENDPOINT.ID."),
            col("switchid", "integer", "Switch → GC_SWITCH.ID; null for multimedia."),
            col("tenantid", "integer", "Tenant → GC_TENANT.ID."),
            col("mediatype", "integer", "Media the session serves.", codes="media_type"),
            *moment("created", "Login time", m=True),
            *moment("terminated", "Logout time; null while logged in"),
            *moment("lastchange", "When the row last changed", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "gx_session_endpoint",
        "gls",
        "Endpoints (and queues) of a login session.",
        (
            identity(),
            _AGENT,
            _ENDPOINT,
            col("endpointtype", "integer", "DN type.", codes="endpoint_type"),
            _QUEUE,
            col("queuetype", "integer", "DN type of the queue.", codes="endpoint_type"),
            col("placeid", "integer", "Place → GC_PLACE.ID."),
            col("loginsessionid", "varchar(50)", SESSION_DOC, m=True, pii="none"),
            col("state", "integer", "Active or terminated.", m=True, codes="session_state"),
            *moment("created", "When the endpoint joined the session", m=True),
            *moment("terminated", "When it left; null while active"),
        ),
        inferred=True,
    ),
    operational_table(
        "g_agent_state_history",
        "gls",
        "Agent state, pending state and work-mode changes, and call connects and disconnects.",
        (
            identity(),
            col(
                "type",
                "integer",
                "What the record tracks.",
                m=True,
                codes="agent_state_record_type",
            ),
            col("state", "integer", "State entered.", m=True, codes="agent_state"),
            col("pendingstate", "integer", "Pending state, when known.", codes="agent_state"),
            col("seq", "integer", "Sequence of changes within the session and endpoint.", m=True),
            col("loginsessionid", "varchar(50)", SESSION_DOC, m=True, pii="none"),
            col("agentid", "integer", "Agent → GC_AGENT.ID."),
            col("placeid", "integer", "Place → GC_PLACE.ID."),
            _ENDPOINT,
            _QUEUE,
            col("workmode", "integer", "Work mode.", codes="work_mode"),
            col(
                "callid",
                "varchar(50)",
                "Call connected or disconnected; null for state records.",
                pii="none",
            ),
            col(
                "partyid", "varchar(50)", "Party of that call; null for state records.", pii="none"
            ),
            *moment("added", "When the change happened", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "g_agent_state_rc",
        "gls",
        "Reason codes of agent states, written when the reason code ends.",
        (
            identity(),
            col("sessionid", "varchar(50)", SESSION_DOC, m=True, pii="none"),
            _ENDPOINT,
            _QUEUE,
            col(
                "agentstate", "integer", "State the reason belongs to.", m=True, codes="agent_state"
            ),
            col("workmode", "integer", "Work mode of that state.", m=True, codes="work_mode"),
            col("hwflag", "smallint", "1 hardware reason code, 0 software.", m=True),
            col(
                "keyname",
                "varchar(255)",
                "Key ('ReasonCode' for hardware reasons).",
                m=True,
                pii="none",
            ),
            col("value", "varchar(255)", "The reason.", pii="none"),
            *moment("set", "When the reason was set", m=True),
            *moment("reset", "When it ended", m=True),
        ),
        inferred=True,
    ),
    operational_table(
        "g_dnd_history",
        "gls",
        "Do-not-disturb periods of agents.",
        (
            identity(),
            col("loginsessionid", "varchar(50)", SESSION_DOC, m=True, pii="none"),
            col("agentstate", "integer", "1 DND on, 0 off.", codes=None),
            _ENDPOINT,
            *moment("set", "When DND was turned on", m=True),
            *moment("reset", "When it was turned off; null while on"),
        ),
        inferred=True,
    ),
)
