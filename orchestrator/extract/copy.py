"""Copy one window of one IDB table from one data source into its GIDB table, in one transaction.

Rows stream from the IDB with COPY ... TO STDOUT straight into COPY ... FROM STDIN on the Info
Mart (no row passes through Python), land in a temporary table, and are upserted on the GIDB key
into the GIDB table (or, for voice interactions, its Merge table):
a row seen again (it changed, or the chunk is re-read after a crash) replaces its copy and keeps
its CREATE_AUDIT_KEY. Rows without a natural key go to STG_TRANSFORM_DISCARDS, not into GIDB.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

from .. import tables
from ..calendar import INTERVAL_SECONDS
from ..gidb.schema import WRITE_TIME_FROM, GidbTable
from .window import DataSource


@dataclass(frozen=True)
class ChunkResult:
    rows: int
    discarded: int
    min_start_key: int
    max_start_key: int


def _moment_sql(table: GidbTable) -> tuple[sql.Composable, sql.Composable]:
    """SQL for the row's write time (its latest moment) and its start time (its first)."""
    parent = WRITE_TIME_FROM.get(table.source.name)
    if parent is not None:
        parent_table, link, parent_write, parent_start = parent

        def from_parent(column: str) -> sql.Composable:
            return sql.SQL("(select p.{} from {} as p where p.{} = t.{})").format(
                sql.Identifier(column),
                sql.Identifier(parent_table),
                sql.Identifier(link),
                sql.Identifier(link),
            )

        return from_parent(parent_write), from_parent(parent_start)
    moments = [sql.SQL("t.{}").format(sql.Identifier(name)) for name in table.moments]
    written = sql.SQL("greatest({})").format(sql.SQL(", ").join(moments))
    return written, moments[0]


def written_sql(table: GidbTable) -> sql.Composable:
    """SQL for when ICON last wrote a row of `table` (aliased `t`): its latest moment."""
    return _moment_sql(table)[0]


def _where(table: GidbTable) -> sql.Composable:
    written, _ = _moment_sql(table)
    return sql.SQL(
        "t.gsys_domain = any(%(dss)s) and {written} > %(after)s and {written} <= %(up_to)s"
    ).format(written=written)


def _keys_present(table: GidbTable, present: bool) -> sql.Composable:
    test = sql.SQL(" is not null" if present else " is null")
    joiner = sql.SQL(" and " if present else " or ")
    return sql.SQL("({})").format(
        joiner.join(
            sql.SQL("t.{}").format(sql.Identifier(column)) + test
            for column in table.source.natural_key
        )
    )


def _select(table: GidbTable) -> sql.Composable:
    _, started = _moment_sql(table)
    audit = [sql.Placeholder("audit_key")] * (2 if table.updated else 1)
    values = [
        *(sql.SQL("t.{}").format(sql.Identifier(name)) for name in table.copied_columns),
        sql.Placeholder("data_source_key"),
        sql.SQL("{started} - {started} %% {interval}").format(
            started=started, interval=sql.Literal(INTERVAL_SECONDS)
        ),
        *audit,
    ]
    return sql.SQL("select {} from {} as t where {} and {}").format(
        sql.SQL(", ").join(values),
        sql.Identifier(table.source.name),
        _where(table),
        _keys_present(table, True),
    )


def upsert_sql(schema: str, table: GidbTable, source: sql.Composable, into: str) -> sql.Composable:
    """Insert `source`'s rows (every column of `table`) into `into`, replacing a copy only by one
    written later (an older copy, from a lagging HA partner, never replaces a newer one)."""
    names = [column.name for column in table.columns]
    target = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(into))
    columns = sql.SQL(", ").join(map(sql.Identifier, names))
    key = sql.SQL(", ").join(map(sql.Identifier, table.key))
    if not table.updated:
        action = sql.SQL("do nothing")
    else:
        changed = [n for n in names if n not in table.key and n != "create_audit_key"]
        action = sql.SQL("do update set {}").format(
            sql.SQL(", ").join(
                sql.SQL("{} = excluded.{}").format(sql.Identifier(n), sql.Identifier(n))
                for n in changed
            )
        )
        if table.moments:
            action += sql.SQL(" where greatest({}) > greatest({})").format(
                sql.SQL(", ").join(
                    sql.SQL("excluded.{}").format(sql.Identifier(m)) for m in table.moments
                ),
                sql.SQL(", ").join(
                    sql.SQL("g.{}").format(sql.Identifier(m)) for m in table.moments
                ),
            )
    return sql.SQL("insert into {} as g ({}) select {} from {} on conflict ({}) {}").format(
        target, columns, columns, source, key, action
    )


def copy_chunk(
    idb: psycopg.Connection,
    mart: psycopg.Connection,
    schema: str,
    table: GidbTable,
    source: DataSource,
    window: tuple[int, int],
    data_source_key: int,
    audit_key: int,
    job_id: str,
) -> ChunkResult:
    """Copy the rows `source` wrote in `window` into GIDB, inside `mart`'s open transaction."""
    params = {
        "dss": list(source.dss_ids),
        "after": window[0],
        "up_to": window[1],
        "data_source_key": data_source_key,
        "audit_key": audit_key,
    }
    staging = sql.Identifier(f"extract_{table.name}")
    mart.execute(
        sql.SQL("create temp table if not exists {} (like {}.{})").format(
            staging, sql.Identifier(schema), sql.Identifier(table.name)
        )
    )
    out_statement = sql.SQL("copy ({}) to stdout").format(_select(table))
    in_statement = sql.SQL("copy {} from stdin").format(staging)
    with (
        idb.cursor() as reader,
        reader.copy(out_statement, params) as rows_out,
        mart.cursor() as writer,
    ):
        with writer.copy(in_statement) as rows_in:
            for block in rows_out:
                rows_in.write(block)
        count = writer.rowcount
    first = last = 0
    if count:
        first, last = mart.execute(
            sql.SQL("select min(start_date_time_key), max(start_date_time_key) from {}").format(
                staging
            )
        ).fetchone()
        mart.execute(upsert_sql(schema, table, staging, table.landing_name))
        # Emptied by hand: ON COMMIT DELETE ROWS would truncate every staging table at each commit.
        mart.execute(sql.SQL("delete from {}").format(staging))
    discarded = 0
    natural_key = table.source.natural_key
    if not all(c.mandatory for c in table.source.columns if c.name in natural_key):
        discarded = _discard_rows_without_key(idb, mart, schema, table, params, job_id)
    return ChunkResult(count, discarded, first, last)


def _discard_rows_without_key(
    idb: psycopg.Connection,
    mart: psycopg.Connection,
    schema: str,
    table: GidbTable,
    params: dict,
    job_id: str,
) -> int:
    first_column = sql.Identifier(table.source.columns[0].name)
    rows = idb.execute(
        sql.SQL("select t.{}::text, row_to_json(t)::text from {} as t where {} and {}").format(
            first_column,
            sql.Identifier(table.source.name),
            _where(table),
            _keys_present(table, False),
        ),
        params,
    ).fetchall()
    for source_key, record in rows:
        mart.execute(
            sql.SQL(
                "insert into {}.{} (job_id, create_audit_key, source_table, source_key,"
                " data_source_key, reason_code, reason, record_data, etl_ts)"
                " values (%s, %s, %s, %s, %s, 'NO_NATURAL_KEY', %s, %s, %s)"
            ).format(sql.Identifier(schema), sql.Identifier(tables.STG_TRANSFORM_DISCARDS)),
            (
                job_id,
                params["audit_key"],
                table.source.name,
                source_key,
                params["data_source_key"],
                f"{', '.join(table.source.natural_key)} must all be set to copy it to {table.name}",
                record,
                int(time.time()),
            ),
        )
    return len(rows)
