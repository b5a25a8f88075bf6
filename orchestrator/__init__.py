"""Info Mart orchestrator: extraction, job control and scheduling around the dbt project."""

RELEASE = "0.1.0"
#: Version of the Info Mart schema this release builds (recorded in CTL_SCHEMA_VERSION). 1.1.0:
#: CTL_CALENDAR, CTL_ETL_HISTORY.JOB_SUMMARY, ADMIN_IDB_RETENTION_DAYS (Job_MaintainGIM). 1.2.0:
#: CTL_GDPR_REQUEST, CTL_GDPR_HISTORY's SUBJECT_TYPE, PII_KIND and REDACTED_VALUE (GDPR). 1.3.0:
#: every column the schema notes list for the facts, IRF rows of mediation resources, RAA's
#: consult and conference measures (fidelity; a 1.2.0 Info Mart's older rows hold them null).
#: 1.4.0: ANCHOR_FLAGS, IRF.ANCHOR_FLAGS_KEY and RES_PREVIOUS_SM_STATE_*, RAA's ACCEPTED_UNIQUE,
#: RESPONSES, REJECTED, warm consultation measures, AG2_QUEUE's REDIRECTED and ROUTED_OTHER.
#: 1.5.0: GIDB_GCX_GROUP_ENDPOINT, DN groups in RESOURCE_GROUP_FACT_, H_QUEUE_GRP (AG2_QUEUE_GRP).
#: 1.6.0: warm consultations received told from cold ones in the agent aggregates.
SCHEMA_VERSION = "1.6.0"
#: Oldest IDB schema (docs/idb.md) this release can extract from.
MIN_IDB_SCHEMA_VERSION = "1.0.0"

__version__ = RELEASE
