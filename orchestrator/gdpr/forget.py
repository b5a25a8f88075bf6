"""FORGET: every value of a request redacted wherever a column may hold it, each value found
recorded unredacted in CTL_GDPR_HISTORY first. Runs inside the caller's transaction: a request is
redacted whole or not at all."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from psycopg import sql

from ..catalogue import Catalogue
from ..control import gdpr as records
from ..db import qualified, relation_exists
from . import kinds, matching
from .holders import holders
from .requests import CONSUMER, Identifier

#: CTL_GDPR_HISTORY.PII_KIND of values found in intermediate (scratch) tables: every text
#: column of theirs is searched for any occurrence of any value of the request.
SCRATCH = "scratch"
#: A redaction that leaves the row's audit keys as they are.
NO_STAMP = sql.SQL("")


def wanted_kinds(subject_type: str) -> tuple[str, ...]:
    return kinds.CONSUMER_KINDS if subject_type == CONSUMER else kinds.EMPLOYEE_KINDS


def forget(
    conn: psycopg.Connection,
    schema: str,
    processing: records.Processing,
    identifiers: list[Identifier],
    catalogue: Catalogue,
    on_table: Callable[[str], None] = lambda _: None,
    audit_key: int = 0,
) -> int:
    """Redact the request's values in every table (in the caller's transaction); the values
    found. The exported tables' redacted rows take `audit_key` as their UPDATE_AUDIT_KEY, so
    that Job_ExportGIM carries the redaction to the warehouses it feeds. `on_table` is called
    before each table (tests stop a run there)."""
    exported = {name for name, _ in catalogue.exported_tables}
    by_value: dict[str, str] = {}
    marked = [
        (each, by_value.setdefault(each.value.lower(), matching.marker())) for each in identifiers
    ]
    matching.load_values(conn, marked)
    records.record_identifiers(
        conn, schema, processing, [(e.field, e.value, e.kind, m) for e, m in marked]
    )
    wanted = wanted_kinds(processing.subject_type)
    found = 0
    for holder in holders(catalogue):
        columns = holder.of_kinds(wanted)
        if not columns or not relation_exists(conn, schema, holder.table):
            continue
        on_table(holder.table)
        key = matching.row_key_sql(conn, schema, holder.table)
        stamp = _stamp(audit_key if holder.table in exported else 0)
        employee_columns = [column for column, kind in columns if kind == kinds.EMPLOYEE]
        # Names first: the rows they go with are found by the employee columns' values.
        for column, kind in sorted(columns, key=lambda c: c[1] != kinds.EMPLOYEE_NAME):
            if kind == kinds.EMPLOYEE_NAME:
                for by in employee_columns:
                    match = matching.whole_match(by, kinds.EMPLOYEE)
                    found += _redact(
                        conn, schema, processing, holder.table, column, kind, key, match, stamp
                    )
            elif kind == kinds.TEXT:
                found += _redact_text(
                    conn, schema, processing, holder.table, column, key, kinds.TEXT, stamp
                )
            else:
                match = matching.whole_match(column, kind)
                found += _redact(
                    conn, schema, processing, holder.table, column, kind, key, match, stamp
                )
    for table in catalogue.scratch_tables:
        if not relation_exists(conn, schema, table):
            continue
        on_table(table)
        key = matching.row_key_sql(conn, schema, table)
        for column in text_columns(conn, schema, table):
            found += _redact_text(conn, schema, processing, table, column, key, SCRATCH)
    return found


def _stamp(audit_key: int) -> sql.Composable:
    """What a redaction also sets: the audit key, on the exported tables' rows."""
    if not audit_key:
        return NO_STAMP
    return sql.SQL(", update_audit_key = {}").format(sql.Literal(audit_key))


def text_columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "select column_name from information_schema.columns where table_schema = %s"
            " and table_name = %s and data_type in ('text', 'character varying', 'character')"
            " order by ordinal_position",
            (schema, table),
        )
    ]


def _redact(
    conn: psycopg.Connection,
    schema: str,
    processing: records.Processing,
    table: str,
    column: str,
    kind: str,
    key: sql.Composable,
    match: sql.Composable,
    stamp: sql.Composable = NO_STAMP,
) -> int:
    """Record, then replace, `column`'s values in the rows `match` finds (whole values)."""
    found = matching.found_sql(schema, table, key, column, match)
    rows = records.record_found(conn, schema, processing, table, column, kind, found)
    if rows:
        conn.execute(
            sql.SQL(
                "update {table} as t set {column} = v.marker{stamp} from gdpr_values as v"
                " where {match} and t.{column} is not null"
            ).format(
                table=qualified(schema, table),
                column=sql.Identifier(column),
                match=match,
                stamp=stamp,
            )
        )
    return rows


def _redact_text(
    conn: psycopg.Connection,
    schema: str,
    processing: records.Processing,
    table: str,
    column: str,
    key: sql.Composable,
    kind: str,
    stamp: sql.Composable = NO_STAMP,
) -> int:
    """Record, then replace, every occurrence of the values in the text of `column`."""
    match = matching.text_match(column)
    found = matching.found_sql(schema, table, key, column, match)
    rows = records.record_found(conn, schema, processing, table, column, kind, found)
    replace = sql.SQL(
        "update {table} as t set {column} = regexp_replace(t.{column}, v.pattern, v.marker, 'gi')"
        "{stamp} from gdpr_values as v where {match}"
    ).format(
        table=qualified(schema, table), column=sql.Identifier(column), match=match, stamp=stamp
    )
    # One value replaced per row and statement: a row quoting two values takes two (bounded: a
    # value that is part of the marker itself would match again).
    values = conn.execute("select count(*) from gdpr_values").fetchone()[0]
    for _ in range(values if rows else 0):
        if not conn.execute(replace).rowcount:
            break
    return rows
