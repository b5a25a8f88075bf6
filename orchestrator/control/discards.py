"""Rows that could not be taken as they are: STG_TRANSFORM_DISCARDS and STG_IDB_FK_VIOLATION."""

from __future__ import annotations

import time

import psycopg
from psycopg import sql

from ..db import qualified
from . import names


def record_discards(
    conn: psycopg.Connection, schema: str, job_id: str, audit_key: int, found: str
) -> int:
    """Copy the discards `found` into STG_TRANSFORM_DISCARDS under this run's keys, each source
    row once: a discarded interaction rebuilt by a later run is not recorded again."""
    epoch = int(time.time())
    columns = sql.SQL("source_table, source_key, data_source_key, reason_code, reason, record_data")
    return conn.execute(
        sql.SQL(
            "insert into {discards} (job_id, create_audit_key, {columns}, etl_ts)"
            " select distinct %s, %s, {columns}, %s from {found} as f"
            " where not exists (select from {discards} as d"
            " where (d.source_table, d.source_key, d.data_source_key, d.reason_code)"
            " = (f.source_table, f.source_key, f.data_source_key, f.reason_code))"
        ).format(
            discards=qualified(schema, names.STG_TRANSFORM_DISCARDS),
            found=qualified(schema, found),
            columns=columns,
        ),
        (job_id, audit_key, epoch),
    ).rowcount


def rejected_row_discards(schema: str, source_table: str, rows: sql.Composable) -> sql.Composable:
    """An insert of the `rows` (a relation named `t` with SOURCE_KEY, REASON_CODE, REASON and
    RECORD_DATA) into STG_TRANSFORM_DISCARDS, returning 1 per row, to run inside an extraction
    chunk's statement; it binds the chunk's %(job_id)s, %(audit_key)s, %(data_source_key)s and
    %(now)s. A row already discarded for the same reason (re-read later) is not recorded again."""
    discards = qualified(schema, names.STG_TRANSFORM_DISCARDS)
    return sql.SQL(
        "insert into {discards} (job_id, create_audit_key, source_table, source_key,"
        " data_source_key, reason_code, reason, record_data, etl_ts)"
        " select %(job_id)s, %(audit_key)s, {table}, t.source_key, %(data_source_key)s,"
        " t.reason_code, t.reason, t.record_data, %(now)s from {rows}"
        " where not exists (select from {discards} as d where d.source_table = {table}"
        " and d.source_key = t.source_key and d.data_source_key = %(data_source_key)s"
        " and d.reason_code = t.reason_code) returning 1"
    ).format(discards=discards, table=sql.Literal(source_table), rows=rows)


def record_fk_violations(
    conn: psycopg.Connection,
    schema: str,
    *,
    job_id: str,
    audit_key: int,
    idb_table: str,
    idb_column: str,
    referenced_table: str,
    row_key: sql.Composable,
    rows: sql.Composable,
) -> int:
    """STG_IDB_FK_VIOLATION rows for the `rows` (a relation named `t`) whose `idb_column` names a
    row of `referenced_table` that never came; `row_key` is the text naming each row."""
    return conn.execute(
        sql.SQL(
            "insert into {} (job_id, create_audit_key, idb_table, idb_column,"
            " referenced_table, referenced_value, row_key, data_source_key, etl_ts)"
            " select %s, %s, %s, %s, %s, t.{}::text, {}, t.data_source_key, %s from {}"
        ).format(
            qualified(schema, names.STG_IDB_FK_VIOLATION),
            sql.Identifier(idb_column),
            row_key,
            rows,
        ),
        (job_id, audit_key, idb_table, idb_column, referenced_table, int(time.time())),
    ).rowcount
