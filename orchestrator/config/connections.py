"""The connection sections: `infomart` (the target) and `idb` (the list of sources)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

IDB_ROLES = ("ICON_CFG", "ICON_CORE", "ICON_MM", "ICON_OCS")
DEFAULT_SCHEMA = "gim"
DEFAULT_IDB_NAME = "idb"
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_POSTGRES_DSN = re.compile(r"^(postgres|postgresql)://")
INFOMART_KEYS = ("dsn", "schema")
IDB_KEYS = ("name", "dsn", "roles", "data-source", "ha-group", "enabled")


@dataclass(frozen=True)
class InfoMartConnection:
    dsn: str | None  # None: the embedded PostgreSQL
    schema: str = DEFAULT_SCHEMA

    @property
    def embedded(self) -> bool:
        return self.dsn is None


@dataclass(frozen=True)
class IdbConnection:
    name: str
    dsn: str | None  # None: a database of the embedded server named after the IDB
    roles: tuple[str, ...] = IDB_ROLES
    data_source: str | None = None
    ha_group: str | None = None
    #: False: kept in the configuration but not read (Job_ExtractICON skips it).
    enabled: bool = True


@dataclass
class ConnectionProblems:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, value: Any, phrase: str) -> None:
        self.problems.append(f"{where}: {value!r} {phrase}")


def parse_infomart(raw: Any, report: ConnectionProblems) -> InfoMartConnection:
    if raw is None:
        return InfoMartConnection(dsn=None)
    if not isinstance(raw, dict):
        report.add("infomart", raw, "is not a section of options (dsn, schema)")
        return InfoMartConnection(dsn=None)
    for key in raw:
        if key not in INFOMART_KEYS:
            report.add(
                f"infomart.{key}", raw[key], f"is not an option (known: {', '.join(INFOMART_KEYS)})"
            )
    dsn = raw.get("dsn")
    if dsn is not None and (not isinstance(dsn, str) or not _POSTGRES_DSN.match(dsn)):
        report.add("infomart.dsn", dsn, "is not a PostgreSQL URI (postgresql://user@host:port/db)")
        dsn = None
    schema = raw.get("schema", DEFAULT_SCHEMA)
    if not isinstance(schema, str) or not _IDENTIFIER.match(schema):
        report.add("infomart.schema", schema, "is not a lower-case SQL identifier")
        schema = DEFAULT_SCHEMA
    return InfoMartConnection(dsn=dsn, schema=schema)


def parse_idbs(
    raw: Any, infomart: InfoMartConnection, report: ConnectionProblems
) -> tuple[IdbConnection, ...]:
    if raw is None:
        return (IdbConnection(name=DEFAULT_IDB_NAME, dsn=None),)
    if not isinstance(raw, list) or not raw:
        report.add("idb", raw, "is not a non-empty list of IDB connections")
        return ()
    idbs: list[IdbConnection] = []
    for position, entry in enumerate(raw, start=1):
        idb = _parse_idb(entry, f"idb[{position}]", infomart, report)
        if idb is not None:
            idbs.append(idb)
    _check_names_unique(idbs, report)
    _check_ha_groups(idbs, report)
    return tuple(idbs)


def _parse_idb(
    entry: Any, where: str, infomart: InfoMartConnection, report: ConnectionProblems
) -> IdbConnection | None:
    if not isinstance(entry, dict):
        report.add(where, entry, f"is not a connection ({', '.join(IDB_KEYS)})")
        return None
    for key in entry:
        if key not in IDB_KEYS:
            report.add(
                f"{where}.{key}", entry[key], f"is not an option (known: {', '.join(IDB_KEYS)})"
            )
    name = entry.get("name")
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        report.add(f"{where}.name", name, "is not a lower-case identifier")
        return None
    where = f"idb[{name}]"
    dsn = entry.get("dsn")
    if dsn is None and not infomart.embedded:
        report.add(f"{where}.dsn", dsn, "is missing: an IDB needs a DSN when infomart.dsn is set")
    elif dsn is not None and (not isinstance(dsn, str) or not _POSTGRES_DSN.match(dsn)):
        report.add(f"{where}.dsn", dsn, "is not a PostgreSQL URI (postgresql://user@host:port/db)")
    roles = _parse_roles(entry.get("roles", list(IDB_ROLES)), f"{where}.roles", report)
    optional = {key: entry.get(key) for key in ("data-source", "ha-group")}
    for key, value in optional.items():
        if value is not None and (not isinstance(value, str) or not value.strip()):
            report.add(f"{where}.{key}", value, "is not a name")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        report.add(f"{where}.enabled", enabled, "is not true or false")
    return IdbConnection(
        name=name,
        dsn=dsn if isinstance(dsn, str) else None,
        roles=roles,
        data_source=optional["data-source"],
        ha_group=optional["ha-group"],
        enabled=enabled is not False,
    )


def _parse_roles(raw: Any, where: str, report: ConnectionProblems) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        report.add(where, raw, f"is not a list of roles ({', '.join(IDB_ROLES)})")
        return ()
    roles = tuple(str(item).strip().upper() for item in items)
    for role in roles:
        if role not in IDB_ROLES:
            report.add(where, role, f"is not a role ({', '.join(IDB_ROLES)})")
    if len(set(roles)) != len(roles):
        report.add(where, raw, "names a role twice")
    return tuple(role for role in roles if role in IDB_ROLES)


def _check_names_unique(idbs: list[IdbConnection], report: ConnectionProblems) -> None:
    seen: set[str] = set()
    for idb in idbs:
        if idb.name in seen:
            report.add(f"idb[{idb.name}].name", idb.name, "is used by two IDB connections")
        seen.add(idb.name)


def _check_ha_groups(idbs: list[IdbConnection], report: ConnectionProblems) -> None:
    groups: dict[str, IdbConnection] = {}
    for idb in idbs:
        if idb.ha_group is None:
            continue
        first = groups.setdefault(idb.ha_group, idb)
        if set(first.roles) != set(idb.roles):
            report.add(
                f"idb[{idb.name}].roles",
                list(idb.roles),
                f"differ from {first.name}'s in HA group {idb.ha_group!r}: "
                "redundant IDBs must record the same roles",
            )
