"""Purges (Job_MaintainGIM): rows deleted in bounded batches, each batch and its count in
CTL_PURGE_HISTORY committed together, so a run killed midway leaves an exact record and the next
run deletes the rest."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from ..db import qualified
from . import names

DELETE = "DELETE"


def purge_in_batches(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    table: str,
    condition: sql.Composable,
    before_ts: int,
    batch_size: int,
    max_batches: int | None = None,
) -> tuple[int, int]:
    """Delete the rows of `table` (alias `t` in `condition`) that `condition` selects, at most
    `batch_size` a transaction, until none is left (or `max_batches` have run); the rows
    deleted and the batches run. The table's CTL_PURGE_HISTORY row comes with the first rows
    deleted."""
    target = qualified(schema, table)
    delete = sql.SQL(
        "delete from {target} where ctid = any(array(select t.ctid from {target} as t"
        " where {condition} limit {limit}))"
    ).format(target=target, condition=condition, limit=sql.Literal(batch_size))
    purge_history = qualified(schema, names.CTL_PURGE_HISTORY)
    total, batches, started = 0, 0, _utc_now()
    while max_batches is None or batches < max_batches:
        with conn.transaction():
            deleted = conn.execute(delete).rowcount
            if deleted and not total:
                conn.execute(
                    sql.SQL(
                        "insert into {} (job_id, table_name, purge_type, purge_before_ts,"
                        " row_count, purge_start_time, created_ts)"
                        " values (%s, %s, %s, %s, 0, %s, %s)"
                    ).format(purge_history),
                    (job_id, table, DELETE, before_ts, started, int(time.time())),
                )
            if deleted:
                conn.execute(
                    sql.SQL(
                        "update {} set row_count = row_count + %s, purge_end_time = %s"
                        " where job_id = %s and table_name = %s"
                    ).format(purge_history),
                    (deleted, _utc_now(), job_id, table),
                )
        batches += 1
        total += deleted
        if deleted < batch_size:
            break
    return total, batches


def purge_horizon(conn: psycopg.Connection, schema: str, tables: tuple[str, ...]) -> int:
    """The newest cut-off any purge of `tables` deleted rows before (UTC epoch seconds; 0: none
    ever did): what is older may be gone."""
    row = conn.execute(
        sql.SQL(
            "select max(purge_before_ts) from {} where table_name = any(%s) and row_count > 0"
        ).format(qualified(schema, names.CTL_PURGE_HISTORY)),
        (list(tables),),
    ).fetchone()
    return row[0] or 0


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
