"""Forgotten values redacted on the way in: rows extraction copies after a FORGET (late rows,
rows ICON changed) get the same redacted values before they reach GIDB or a Merge table, for as
long as CTL_GDPR_HISTORY keeps the request (days-to-keep-gdpr-history)."""

from __future__ import annotations

import psycopg
from psycopg import sql

from ..gidb.schema import GidbTable
from . import kinds, matching

#: (kind, value in lower case, redacted value), as control.gdpr.forgotten_values reads them.
Forgotten = list[tuple[str, str, str]]


def redact_arrivals(
    conn: psycopg.Connection, rows: sql.Identifier, table: GidbTable, forgotten: Forgotten
) -> int:
    """Redact the forgotten values in `rows` (a temporary table of `table`'s columns); the
    values redacted."""
    columns = table.pii_columns
    if not forgotten or not columns:
        return 0
    conn.execute(
        "create temporary table if not exists gdpr_forgotten (kind text, value text, marker text)"
    )
    conn.execute("truncate gdpr_forgotten")
    with conn.cursor() as cursor:
        cursor.executemany("insert into gdpr_forgotten values (%s, %s, %s)", forgotten)
    employee_columns = [c for c, k in columns.items() if k == kinds.EMPLOYEE]
    redacted = 0
    # Names first: the rows they go with are found by the employee columns' values.
    for column, kind in sorted(columns.items(), key=lambda c: c[1] != kinds.EMPLOYEE_NAME):
        if kind == kinds.TEXT:
            continue  # GIDB copies IDB columns; none is free text
        found_by = employee_columns if kind == kinds.EMPLOYEE_NAME else [column]
        for by in found_by:
            match = matching.whole_match(
                by, kinds.EMPLOYEE if kind == kinds.EMPLOYEE_NAME else kind
            )
            redacted += conn.execute(
                sql.SQL(
                    "update {rows} as t set {column} = v.marker from gdpr_forgotten as v"
                    " where {match} and t.{column} is not null"
                ).format(rows=rows, column=sql.Identifier(column), match=match)
            ).rowcount
    return redacted
