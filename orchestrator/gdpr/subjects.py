"""Who a request is about: its identifying values, and for an employee what else identifies the
same person in the Info Mart (the employee ID and e-mail address of the agent with that user
name, in GIDB's configuration copy and in RESOURCE_)."""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..db import qualified, relation_exists
from . import kinds
from .requests import EMPLOYEE, Identifier, Request

#: (table, user-name column, the columns that identify the same employee).
EMPLOYEE_RECORDS = (
    ("gidb_gc_agent", "username", ("employeeid", "email")),
    ("resource_", "resource_name", ("employee_id",)),
)


def identifiers(conn: psycopg.Connection, schema: str, request: Request) -> list[Identifier]:
    """The request's values, and an employee's other identifiers; each value once."""
    found = list(request.identifiers)
    if request.subject_type == EMPLOYEE:
        usernames = [each.value.lower() for each in request.identifiers]
        for table, username, columns in EMPLOYEE_RECORDS:
            if not relation_exists(conn, schema, table):
                continue
            for column in columns:
                query = sql.SQL(
                    "select distinct {c} from {t} where lower({u}) = any(%s) and {c} <> ''"
                ).format(
                    c=sql.Identifier(column),
                    t=qualified(schema, table),
                    u=sql.Identifier(username),
                )
                found += [
                    Identifier(column, value, kinds.EMPLOYEE)
                    for (value,) in conn.execute(query, (usernames,))
                ]
    unique: dict[tuple[str, str], Identifier] = {}
    for each in found:
        unique.setdefault((each.value.lower(), each.kind), each)
    return list(unique.values())
