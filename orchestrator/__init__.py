"""Info Mart orchestrator: extraction, job control and scheduling around the dbt project."""

RELEASE = "0.1.0"
#: Version of the Info Mart schema this release builds (recorded in CTL_SCHEMA_VERSION).
SCHEMA_VERSION = "1.0.0"
#: Oldest IDB schema (docs/idb.md) this release can extract from.
MIN_IDB_SCHEMA_VERSION = "1.0.0"

__version__ = RELEASE
