"""GDPR requests' records: CTL_GDPR_REQUEST (which files were read, and how it went) and
CTL_GDPR_HISTORY (the original's: one row per field evaluated, with the unredacted value)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..db import qualified, relation_exists
from . import names

#: TABLE_NAME of the history rows that keep a request's identifying values.
REQUEST_ROWS = "(request)"
DONE = "DONE"
NO_MATCH = "NO_MATCH"
FAILED = "FAILED"


@dataclass(frozen=True)
class Processing:
    """One request being processed: what every history row of it repeats."""

    job_id: str
    request_id: str
    request_type: str
    request_file: str
    subject_type: str
    processed_ts: int


def processed_files(conn: psycopg.Connection, schema: str) -> set[tuple[str, str]]:
    """(file name, SHA-256) of every request file already read, whatever came of it."""
    return set(
        conn.execute(
            sql.SQL("select request_file, file_hash from {}").format(
                qualified(schema, names.CTL_GDPR_REQUEST)
            )
        ).fetchall()
    )


def record_request(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    file: str,
    file_hash: str,
    status: str,
    *,
    processing: Processing | None = None,
    rows_matched: int = 0,
    output_file: str | None = None,
    error: str | None = None,
) -> None:
    now = int(time.time())
    conn.execute(
        sql.SQL(
            "insert into {} (job_id, request_id, request_file, file_hash, request_type,"
            " subject_type, status, rows_matched, output_file, error_message, processed_ts,"
            " created_ts) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(qualified(schema, names.CTL_GDPR_REQUEST)),
        (
            job_id,
            processing.request_id if processing else None,
            file,
            file_hash,
            processing.request_type if processing else None,
            processing.subject_type if processing else None,
            status,
            rows_matched,
            output_file,
            error[:4000] if error else None,
            processing.processed_ts if processing else now,
            now,
        ),
    )


def record_identifiers(
    conn: psycopg.Connection,
    schema: str,
    processing: Processing,
    identifiers: Iterable[tuple[str, str, str, str | None]],
) -> None:
    """The request's identifying values: (field, value, kind, what FORGET writes instead)."""
    with conn.cursor() as cursor:
        cursor.executemany(
            _insert(schema, "%s, %s, null, %s, %s, %s"),
            [
                (*_repeated(processing), REQUEST_ROWS, field, value, kind, marker)
                for field, value, kind, marker in identifiers
            ],
        )


def record_found(
    conn: psycopg.Connection,
    schema: str,
    processing: Processing,
    table: str,
    column: str,
    kind: str,
    found: sql.Composable,
) -> int:
    """One row per row `found` yields (row key, original value, redacted value); when it yields
    none, one row with null values (the field was evaluated and held none). The rows found."""
    with_found = sql.SQL(
        "insert into {history} (job_id, request_id, request_type, request_file, subject_type,"
        " processed_ts, created_ts, table_name, column_name, row_key, original_value,"
        " pii_kind, redacted_value)"
        " select %s, %s, %s, %s, %s, %s, %s, %s, %s, left(f.row_key, 255),"
        " left(f.original_value, 4000), %s, f.redacted_value from ({found}) as f"
    ).format(history=qualified(schema, names.CTL_GDPR_HISTORY), found=found)
    rows = conn.execute(with_found, (*_repeated(processing), table, column, kind)).rowcount
    if not rows:
        conn.execute(
            _insert(schema, "%s, %s, null, null, %s, null"),
            (*_repeated(processing), table, column, kind),
        )
    return rows


def forgotten_values(conn: psycopg.Connection, schema: str) -> list[tuple[str, str, str]]:
    """(kind, value in lower case, redacted value) of every value a FORGET request still kept in
    CTL_GDPR_HISTORY names: extraction redacts them in the rows it copies."""
    return conn.execute(
        sql.SQL(
            "select distinct pii_kind, lower(original_value), redacted_value from {}"
            " where table_name = %s and request_type = 'FORGET' and redacted_value is not null"
        ).format(qualified(schema, names.CTL_GDPR_HISTORY)),
        (REQUEST_ROWS,),
    ).fetchall()


def request_outcomes(conn: psycopg.Connection, schema: str) -> list[tuple[str, int, int]]:
    """(status, request files, newest processed_ts) of the requests on record, by status (none
    before `gim init` has made the table)."""
    if not relation_exists(conn, schema, names.CTL_GDPR_REQUEST):
        return []
    return conn.execute(
        sql.SQL(
            "select status, count(*), max(processed_ts) from {} group by status order by 1"
        ).format(qualified(schema, names.CTL_GDPR_REQUEST))
    ).fetchall()


def _repeated(processing: Processing) -> tuple:
    return (
        processing.job_id,
        processing.request_id,
        processing.request_type,
        processing.request_file,
        processing.subject_type,
        processing.processed_ts,
        int(time.time()),
    )


def _insert(schema: str, rest: str) -> sql.Composed:
    """INSERT of one history row: the repeated columns, then table, column, row key, value,
    kind and redacted value as `rest` gives them."""
    return sql.SQL(
        "insert into {} (job_id, request_id, request_type, request_file, subject_type,"
        " processed_ts, created_ts, table_name, column_name, row_key, original_value,"
        " pii_kind, redacted_value) values (%s, %s, %s, %s, %s, %s, %s, {})"
    ).format(qualified(schema, names.CTL_GDPR_HISTORY), sql.SQL(rest))
