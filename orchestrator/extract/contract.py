"""Whether an IDB meets the IDB contract (docs/idb.md) for the roles it is read for.

An IDB holds no version number of its own that the public documentation names, so its schema
version is judged by what extraction reads: a database without the tables is not an ICON IDB; one
with the tables but without some of their columns is older than the minimum IDB schema version
(`orchestrator.MIN_IDB_SCHEMA_VERSION`), and the Info Mart refuses it as it refuses an Info Mart
of an older schema (exit code 5) until Interaction Concentrator is upgraded and Job_MigrateGIM
has checked it again.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from .. import MIN_IDB_SCHEMA_VERSION
from ..errors import GimError, IdbOutOfDate
from ..migrate.versions import MIGRATE_COMMAND
from .sources import ROLES, gidb_tables_for

#: Read by extraction's settled horizon, though not copied to GIDB.
_READ_NOT_COPIED = ("gsys_useq",)


@dataclass(frozen=True)
class ContractGaps:
    """What an IDB lacks: whole tables, and columns of the tables it has ("table.column")."""

    tables: tuple[str, ...]
    columns: tuple[str, ...]


def needed_columns(roles: tuple[str, ...]) -> dict[str, set[str]]:
    """The IDB tables the roles are read from, each with the columns extraction reads (the
    data-source and control tables: their presence only)."""
    needed: dict[str, set[str]] = {"g_prov_control": set()}
    for role in roles:
        providers, _, medium = ROLES[role]
        for provider in providers:
            needed.setdefault(f"g_dss_{provider}_provider", set())
            for table in gidb_tables_for(provider, medium):
                columns = needed.setdefault(table.source.name, set())
                columns.update(table.copied_columns, _READ_NOT_COPIED)
    return needed


def contract_gaps(idb: psycopg.Connection, roles: tuple[str, ...]) -> ContractGaps:
    present: dict[str, set[str]] = {}
    for table, column in idb.execute(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = any(current_schemas(false))"
    ):
        present.setdefault(table, set()).add(column)
    needed = needed_columns(roles)
    return ContractGaps(
        tables=tuple(sorted(table for table in needed if table not in present)),
        columns=tuple(
            sorted(
                f"{table}.{column}"
                for table, columns in needed.items()
                if table in present
                for column in columns - present[table]
            )
        ),
    )


def refuse_unfit_idb(idb: psycopg.Connection, name: str, roles: tuple[str, ...]) -> None:
    """Checked before anything is copied: a wrong database fails in one line naming it, an IDB
    older than the contract with IdbOutOfDate naming what it lacks."""
    gaps = contract_gaps(idb, roles)
    if gaps.tables:
        raise GimError(
            f"IDB {name} lacks {len(gaps.tables)} of the tables its roles are read from:"
            f" {_shown(gaps.tables)} (the IDB contract is in docs/idb.md)"
        )
    if gaps.columns:
        raise IdbOutOfDate(idb_out_of_date(name, gaps.columns))


def idb_out_of_date(name: str, columns: tuple[str, ...]) -> str:
    """The one line naming the IDB, the minimum version, what it lacks and what to do."""
    return (
        f"IDB {name} is older than the minimum IDB schema {MIN_IDB_SCHEMA_VERSION}: it lacks"
        f" {_shown(columns)}; upgrade Interaction Concentrator, then run `{MIGRATE_COMMAND}`"
    )


def _shown(names: tuple[str, ...]) -> str:
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return ", ".join(names[:5]) + more
