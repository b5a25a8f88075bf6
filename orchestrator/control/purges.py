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
DROP_PARTITION = "DROP_PARTITION"


def purge_in_batches(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    table: str,
    condition: sql.Composable,
    before_ts: int,
    batch_size: int,
    max_batches: int | None = None,
    relations: list[str] | None = None,
) -> tuple[int, int]:
    """Delete the rows of `table` (alias `t` in `condition`) that `condition` selects, at most
    `batch_size` a transaction, until none is left (or `max_batches` have run); the rows
    deleted and the batches run. The table's CTL_PURGE_HISTORY row comes with the first rows
    deleted. `relations`: the partitions to delete from, one after the other (a row's CTID is
    unique within one partition only)."""
    purge_history = qualified(schema, names.CTL_PURGE_HISTORY)
    total, batches, started = 0, 0, _utc_now()
    for relation in relations or [table]:
        target = qualified(schema, relation)
        delete = sql.SQL(
            "delete from {target} where ctid = any(array(select t.ctid from {target} as t"
            " where {condition} limit {limit}))"
        ).format(target=target, condition=condition, limit=sql.Literal(batch_size))
        while max_batches is None or batches < max_batches:
            deleted = _delete_batch(
                conn, delete, purge_history, (job_id, table, before_ts, started), first=not total
            )
            batches += 1
            total += deleted
            if deleted < batch_size:
                break
    return total, batches


def _delete_batch(
    conn: psycopg.Connection,
    delete: sql.Composable,
    purge_history: sql.Composable,
    purge: tuple[str, str, int, datetime],
    first: bool,
) -> int:
    """One batch and its count in CTL_PURGE_HISTORY (the row inserted with the `first` rows)."""
    job_id, table, before_ts, started = purge
    with conn.transaction():
        deleted = conn.execute(delete).rowcount
        if deleted and first:
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
                    " where job_id = %s and table_name = %s and purge_type = %s"
                ).format(purge_history),
                (deleted, _utc_now(), job_id, table, DELETE),
            )
    return deleted


def drop_if_all_purged(
    conn: psycopg.Connection,
    schema: str,
    job_id: str,
    table: str,
    partition: str,
    condition: sql.Composable,
    before_ts: int,
) -> int | None:
    """Drop `partition` of `table` when `condition` (alias `t`) selects every row it holds, and
    record it in CTL_PURGE_HISTORY (when it held any), in one transaction; the rows it held, None
    when it is kept.
    Writes to it wait for the transaction (the check and the drop see the same rows)."""
    started = _utc_now()
    with conn.transaction():
        target = qualified(schema, partition)
        conn.execute(sql.SQL("lock table {} in share mode").format(target))
        # The condition in a WHERE clause, where its NOT EXISTS terms plan as anti-joins (in a
        # FILTER or a negation they run once per row).
        rows, eligible = conn.execute(
            sql.SQL(
                "select (select count(*) from {target}), (select count(*) from {target} as t"
                " where {condition})"
            ).format(target=target, condition=condition)
        ).fetchone()
        if eligible < rows:
            return None
        conn.execute(sql.SQL("drop table {}").format(target))
        if not rows:  # an empty partition left behind: no purge to record, as for a DELETE
            return 0
        conn.execute(
            sql.SQL(
                "insert into {} (job_id, table_name, purge_type, partition_name, purge_before_ts,"
                " row_count, purge_start_time, purge_end_time, created_ts)"
                " values (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            ).format(qualified(schema, names.CTL_PURGE_HISTORY)),
            (
                job_id,
                table,
                DROP_PARTITION,
                partition,
                before_ts,
                rows,
                started,
                _utc_now(),
                int(time.time()),
            ),
        )
    return rows


def partitions_dropped(conn: psycopg.Connection, schema: str, job_id: str) -> int:
    """The partitions a run dropped."""
    return conn.execute(
        sql.SQL("select count(*) from {} where job_id = %s and purge_type = %s").format(
            qualified(schema, names.CTL_PURGE_HISTORY)
        ),
        (job_id, DROP_PARTITION),
    ).fetchone()[0]


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
