"""Names of the tables and views Python reads or writes. dbt models carry the same names."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from .paths import PROJECT_DIR


@cache
def dbt_project_var(name: str) -> Any:
    """A var's default in dbt_project.yml (as YAML reads it), for names dbt owns and Python also
    uses."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"][name]


# Control tables (models/control/).
CTL_AUDIT_LOG = "ctl_audit_log"
CTL_ETL_HISTORY = "ctl_etl_history"
CTL_EXTRACT_HISTORY = "ctl_extract_history"
CTL_TRANSFORM_HISTORY = "ctl_transform_history"
CTL_PURGE_HISTORY = "ctl_purge_history"
CTL_GDPR_HISTORY = "ctl_gdpr_history"
CTL_SCHEMA_VERSION = "ctl_schema_version"
CTL_VIEW_DEFINITION = "ctl_view_definition"
STG_TRANSFORM_DISCARDS = "stg_transform_discards"
STG_IDB_FK_VIOLATION = "stg_idb_fk_violation"
CTL_DS = "ctl_ds"

# Admin views (models/control/).
ADMIN_ETL_JOB_HISTORY = "admin_etl_job_history"
ADMIN_ETL_JOB_STATUS = "admin_etl_job_status"
ADMIN_EXTRACT_HISTORY = "admin_extract_history"
ADMIN_AUDIT_LOG = "admin_audit_log"

CONTROL_TABLES = (
    CTL_AUDIT_LOG,
    CTL_ETL_HISTORY,
    CTL_EXTRACT_HISTORY,
    CTL_TRANSFORM_HISTORY,
    CTL_PURGE_HISTORY,
    CTL_GDPR_HISTORY,
    CTL_SCHEMA_VERSION,
    CTL_VIEW_DEFINITION,
    STG_TRANSFORM_DISCARDS,
    STG_IDB_FK_VIOLATION,
    CTL_DS,
)
ADMIN_VIEWS = (ADMIN_ETL_JOB_HISTORY, ADMIN_ETL_JOB_STATUS, ADMIN_EXTRACT_HISTORY, ADMIN_AUDIT_LOG)

# Dimensions Job_InitializeGIM fills (models/marts/dimensions/).
DATE_TIME = "date_time"
FIXED_DIMENSIONS = (
    "attempt_disposition",
    "call_result",
    "campaign_group_state",
    "contact_info_type",
    "dialing_mode",
    "interaction_resource_state",
    "interaction_type",
    "media_type",
    "record_status",
    "record_type",
    "resource_state",
    "technical_descriptor",
)

# dbt selectors (tags set in dbt_project.yml).
TAG_CONTROL = "tag:control"
TAG_INITIALIZE = "tag:initialize"
TAG_TRANSFORM = "tag:transform"
TAG_AGGREGATE = "tag:aggregate"
#: What the dbt docs site covers: every table and view Info Mart builds.
DOCUMENTED_TAGS = (TAG_CONTROL, TAG_INITIALIZE, TAG_TRANSFORM, TAG_AGGREGATE)

# Tables Job_TransformGIM builds (models/marts/configuration/ and models/marts/facts/), in the
# order they are reported.
TRANSFORM_DIMENSIONS = (
    "tenant",
    "group_",
    "place",
    "skill",
    "resource_",
    "resource_state_reason",
    "campaign",
    "resource_group_fact_",
    "resource_skill_fact_",
    "place_group_fact_",
    "resource_group_combination",
    "interaction_descriptor",
    "strategy",
    "routing_target",
)
TRANSFORM_FACTS = (
    "interaction_fact",
    "interaction_resource_fact",
    "mediation_segment_fact",
    "sm_res_session_fact",
    "sm_res_state_fact",
    "sm_res_state_reason_fact",
    "contact_attempt_fact",
    "ixn_resource_state_fact",
    "sm_media_neutral_state_fact",
    "irf_user_data_keys",
    "irf_user_data_gen_1",
    "campaign_group_session_fact",
    "campaign_group_state_fact",
)
TRANSFORM_TABLES = (*TRANSFORM_DIMENSIONS, *TRANSFORM_FACTS)
#: Job_AggregateGIM's hierarchies (AG2_<HIERARCHY>_<LEVEL>, models/aggregates/) and levels.
AGGREGATE_HIERARCHIES = (
    "queue",
    "queue_abn",
    "queue_acc_agent",
    "agent",
    "agent_grp",
    "agent_queue",
    "id",
    "campaign",
    "agent_campaign",
    "i_agent",
    "i_sess_state",
    "i_state_rsn",
)
AGGREGATE_LEVELS = ("subhr", "hour", "day", "month", "qrtr", "year")
AGGREGATE_TABLES = tuple(
    f"ag2_{hierarchy}_{level}" for hierarchy in AGGREGATE_HIERARCHIES for level in AGGREGATE_LEVELS
)
#: The 15-minute intervals an aggregation run rebuilds.
AGGREGATE_PENDING = "int_agg_pending_intervals"
#: Where a transform finds what it cannot take as it is, by [error-policy] category.
TRANSFORM_ERRORS_FOUND = "int_transform_errors_found"
#: The errors the policies discard, before they are recorded in STG_TRANSFORM_DISCARDS.
TRANSFORM_DISCARDS_FOUND = "int_transform_discards_found"
