"""What `gim --version` prints: the release, the schema version it needs, the one the configured
Info Mart holds (read only when it can be reached without starting anything), and the minimum
IDB schema version."""

from __future__ import annotations

import psycopg

from .. import MIN_IDB_SCHEMA_VERSION, RELEASE, SCHEMA_VERSION, embedded
from ..config import Config
from ..control import history
from ..errors import first_line
from .versions import MIGRATE_COMMAND, schema_is_older

#: Seconds `gim --version` waits for a configured database.
CONNECT_TIMEOUT = 5


def version_lines(config: Config | None) -> list[str]:
    """The lines of `gim --version` for the Info Mart `config` names (None: not readable)."""
    return [
        f"gim {RELEASE}",
        f"Info Mart schema this release needs: {SCHEMA_VERSION}",
        f"Info Mart schema the database holds: {_database_version(config)}",
        f"minimum IDB schema: {MIN_IDB_SCHEMA_VERSION}",
    ]


def _database_version(config: Config | None) -> str:
    if config is None:
        return "unknown (the configuration cannot be read: `gim config check`)"
    if config.infomart.dsn:
        uri = config.infomart.dsn
    elif embedded.is_running():
        uri = embedded.server_uri(embedded.INFOMART_DATABASE)
    else:
        return "unknown (the embedded database is not running; `gim init` starts it)"
    schema = config.infomart.schema
    try:
        with psycopg.connect(uri, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn:
            found = history.schema_version_if_any(conn, schema)
    except psycopg.Error as exc:
        reason = first_line(exc)
        return f"unknown (cannot connect: {reason})"
    if found is None:
        return f"none (schema {schema} is not initialised: `gim init`)"
    if found == SCHEMA_VERSION:
        return found
    if schema_is_older(found):
        return f"{found} (older: run `{MIGRATE_COMMAND}`)"
    return f"{found} (newer: run the release that built it)"
