"""Finding a request's values in a table: the SQL shared by forget and export.

The values wait in a temporary table, `gdpr_values` (value in lower case, its regular-expression
pattern, what FORGET writes instead, the kind of column it is looked for in), so no value is ever
spelled into SQL text. Whole values match case-insensitively; free text matches on any
occurrence.
"""

from __future__ import annotations

import re
import secrets

import psycopg
from psycopg import sql

from ..db import qualified
from . import kinds
from .requests import Identifier

VALUES = sql.Identifier("gdpr_values")
MARKER_PREFIX = "REDACTED-"


def marker() -> str:
    """What a forgotten value becomes: random, so nothing of the value can be recovered, and one
    per value, so two forgotten people stay two."""
    return MARKER_PREFIX + secrets.token_hex(4)


def load_values(conn: psycopg.Connection, identifiers: list[tuple[Identifier, str | None]]) -> None:
    """`gdpr_values` for this transaction: each (identifier, redacted value)."""
    conn.execute(
        "create temporary table if not exists gdpr_values (value text, pattern text,"
        " marker text, kind text) on commit drop"
    )
    conn.execute("truncate gdpr_values")
    with conn.cursor() as cursor:
        cursor.executemany(
            "insert into gdpr_values values (%s, %s, %s, %s)",
            [
                (each.value.lower(), re.escape(each.value), redacted, each.kind)
                for each, redacted in identifiers
            ],
        )


def row_key_sql(conn: psycopg.Connection, schema: str, table: str) -> sql.Composable:
    """`column=value, ...` of the table's key (alias `t`): its primary key or first unique
    constraint, else its first column."""
    row = conn.execute(
        "select array_agg(a.attname order by k.ord) from pg_index i"
        " cross join unnest(i.indkey) with ordinality as k(attnum, ord)"
        " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum"
        " where i.indrelid = %s::regclass and (i.indisprimary or i.indisunique)"
        " group by i.indexrelid, i.indisprimary order by i.indisprimary desc, i.indexrelid"
        " limit 1",
        (f"{schema}.{table}",),
    ).fetchone()
    columns = row[0] if row else None
    if not columns:
        columns = [
            conn.execute(
                "select attname from pg_attribute where attrelid = %s::regclass and attnum = 1",
                (f"{schema}.{table}",),
            ).fetchone()[0]
        ]
    return sql.SQL("concat_ws(', ', {})").format(
        sql.SQL(", ").join(
            sql.SQL("{} || '=' || coalesce(t.{}::text, 'null')").format(
                sql.Literal(column), sql.Identifier(column)
            )
            for column in columns
        )
    )


def whole_match(column: str, kind: str | None) -> sql.Composable:
    """`v` (a gdpr_values row) names the whole value of `t.column`; of any kind when None."""
    condition = sql.SQL("lower(t.{}) = v.value").format(sql.Identifier(column))
    if kind is not None:
        condition += sql.SQL(" and v.kind = {}").format(sql.Literal(kind))
    return condition


def text_match(column: str) -> sql.Composable:
    """`v`'s value occurs in the free text `t.column`."""
    return sql.SQL("t.{} ~* v.pattern").format(sql.Identifier(column))


def found_sql(
    schema: str,
    table: str,
    row_key: sql.Composable,
    shown: str,
    match: sql.Composable,
) -> sql.Composable:
    """(row key, value of `shown`, redacted value) of each row of `table` and value matching."""
    return sql.SQL(
        "select {key} as row_key, t.{shown}::text as original_value, v.marker as redacted_value"
        " from {table} as t join gdpr_values as v on {match} where t.{shown} is not null"
    ).format(
        key=row_key,
        shown=sql.Identifier(shown),
        table=qualified(schema, table),
        match=match,
    )


def any_match(columns: tuple[tuple[str, str], ...]) -> sql.Composable | None:
    """A row of `t` holds a value of the request in one of `columns` (column, kind); None when
    none can (names are no identifiers: a row is found by its employee columns)."""
    conditions = [
        sql.SQL("exists (select from gdpr_values as v where {})").format(
            text_match(column) if kind == kinds.TEXT else whole_match(column, kind)
        )
        for column, kind in columns
        if kind != kinds.EMPLOYEE_NAME
    ]
    return sql.SQL(" or ").join(conditions) if conditions else None
