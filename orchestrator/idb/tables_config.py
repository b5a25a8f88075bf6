"""Configuration tables (provider cfg): Configuration Server objects and their associations."""

from __future__ import annotations

from .schema_model import col, config_table, link_table, tenant_id

CONFIGURATION = (
    config_table(
        "gc_tenant",
        "Tenants.",
        (col("name", "varchar(255)", "Tenant name.", m=True, pii="none"),),
        inferred=True,
    ),
    config_table(
        "gc_switch",
        "Switches (sites): one T-Server each.",
        (
            tenant_id(),
            col("name", "varchar(255)", "Switch name.", m=True, pii="none"),
            col("type", "integer", "Switch type (CfgSwitchType).", m=True),
            col("linktype", "integer", "Link type (dictionary 502)."),
        ),
    ),
    config_table(
        "gc_time_zone",
        "Time zones Configuration Server knows.",
        (
            tenant_id(),
            col("name", "varchar(255)", "Time-zone name.", m=True, pii="none"),
            col("offset_minutes", "integer", "Standard offset from GMT, minutes."),
        ),
        inferred=True,
    ),
    config_table(
        "gc_agent",
        "Persons: agents and supervisors.",
        (
            tenant_id(),
            col("username", "varchar(255)", "Login name of the person.", m=True, pii="employee"),
            col("firstname", "varchar(64)", "First name.", pii="employee-name"),
            col("lastname", "varchar(64)", "Last name.", pii="employee-name"),
            col("employeeid", "varchar(64)", "Employee ID.", m=True, pii="employee"),
            col("email", "varchar(255)", "E-mail address.", pii="employee"),
            col("type", "integer", "Agent or supervisor.", m=True, codes="agent_type"),
            col("placeid", "integer", "Default place → GC_PLACE.ID; 0 when none.", m=True),
        ),
    ),
    config_table(
        "gc_place",
        "Places: where an agent sits (a set of endpoints).",
        (tenant_id(), col("name", "varchar(255)", "Place name.", m=True, pii="none")),
        inferred=True,
    ),
    config_table(
        "gc_endpoint",
        "Directory numbers (DNs): extensions, ACD queues, routing points, virtual queues.",
        (
            tenant_id(),
            col("switchid", "integer", "Switch → GC_SWITCH.ID.", m=True),
            col("number", "varchar(255)", "The DN as dialled.", m=True, pii="none"),
            col("type", "integer", "DN type.", m=True, codes="endpoint_type"),
            col("association", "varchar(255)", "Associated number or queue name.", pii="none"),
        ),
        inferred=True,
    ),
    config_table(
        "gc_group",
        "Agent, place and DN groups.",
        (
            col("name", "varchar(255)", "Group name.", m=True, pii="none"),
            tenant_id(),
            col("type", "integer", "Group type.", m=True, codes="group_type"),
            col("dngrouptype", "integer", "DN group type (dictionary 508); null for others."),
        ),
    ),
    config_table(
        "gc_skill",
        "Skills.",
        (tenant_id(), col("name", "varchar(255)", "Skill name.", m=True, pii="none")),
        inferred=True,
    ),
    config_table(
        "gc_login",
        "Agent login codes per switch.",
        (
            col("logincode", "varchar(255)", "The login code.", m=True, pii="none"),
            tenant_id(),
            col("switchid", "integer", "Switch → GC_SWITCH.ID.", m=True),
        ),
    ),
    config_table(
        "gc_campaign",
        "Outbound campaigns.",
        (tenant_id(), col("name", "varchar(255)", "Campaign name.", m=True, pii="none")),
        inferred=True,
    ),
    config_table(
        "gc_calling_list",
        "Outbound calling lists.",
        (tenant_id(), col("name", "varchar(255)", "Calling-list name.", m=True, pii="none")),
        inferred=True,
    ),
    link_table(
        "gcx_group_agent",
        "Agent-group membership.",
        (
            col("groupid", "integer", "Group → GC_GROUP.ID.", m=True),
            col("agentid", "integer", "Agent → GC_AGENT.ID.", m=True),
        ),
        inferred=True,
    ),
    link_table(
        "gcx_group_place",
        "Place-group membership.",
        (
            col("groupid", "integer", "Group → GC_GROUP.ID.", m=True),
            col("placeid", "integer", "Place → GC_PLACE.ID.", m=True),
        ),
        inferred=True,
    ),
    link_table(
        "gcx_group_endpoint",
        "DN-group membership: the DNs (queues, routing points) a DN group holds.",
        (
            col("groupid", "integer", "Group → GC_GROUP.ID.", m=True),
            col("endpointid", "integer", "DN → GC_ENDPOINT.ID.", m=True),
        ),
        inferred=True,
    ),
    link_table(
        "gcx_skill_level",
        "Agent skills and their levels.",
        (
            col("agentid", "integer", "Agent → GC_AGENT.ID.", m=True),
            col("skillid", "integer", "Skill → GC_SKILL.ID.", m=True),
            col("slevel", "integer", "Skill level (0..10).", m=True),
        ),
    ),
    link_table(
        "gcx_agent_place",
        "Default place of an agent.",
        (
            col("agentid", "integer", "Agent → GC_AGENT.ID.", m=True),
            col("placeid", "integer", "Place → GC_PLACE.ID.", m=True),
        ),
    ),
    link_table(
        "gcx_endpoint_place",
        "Endpoints (extensions) that make up a place.",
        (
            col("endpointid", "integer", "Endpoint → GC_ENDPOINT.ID.", m=True),
            col("placeid", "integer", "Place → GC_PLACE.ID.", m=True),
        ),
        inferred=True,
    ),
    link_table(
        "gcx_login_info",
        "Login codes an agent may use, with the wrap-up time.",
        (
            col("loginid", "integer", "Login → GC_LOGIN.ID.", m=True),
            col("agentid", "integer", "Agent → GC_AGENT.ID.", m=True),
            col("wrapuptime", "integer", "After-call work granted, seconds."),
        ),
    ),
)
