"""Names of the control tables (models/marts/admin/control/) and the admin views over them.

dbt creates them, empty (`empty_table`); the control package is the only Python that writes them.
"""

from __future__ import annotations

CTL_AUDIT_LOG = "ctl_audit_log"
CTL_ETL_HISTORY = "ctl_etl_history"
CTL_EXTRACT_HISTORY = "ctl_extract_history"
CTL_TRANSFORM_HISTORY = "ctl_transform_history"
CTL_SCHEMA_VERSION = "ctl_schema_version"
CTL_VIEW_DEFINITION = "ctl_view_definition"
CTL_DS = "ctl_ds"
CTL_SOURCE_EPISODE = "ctl_source_episode"
CTL_EXTRACT_GAP = "ctl_extract_gap"
CTL_PURGE_HISTORY = "ctl_purge_history"
CTL_CALENDAR = "ctl_calendar"
STG_TRANSFORM_DISCARDS = "stg_transform_discards"
STG_IDB_FK_VIOLATION = "stg_idb_fk_violation"

#: The admin views anyone may read (job history and status, extraction history, audit log).
ADMIN_ETL_JOB_HISTORY = "admin_etl_job_history"
CTL_GDPR_HISTORY = "ctl_gdpr_history"
CTL_GDPR_REQUEST = "ctl_gdpr_request"
