"""Copy one data source's unread rows of one provider's IDB tables into GIDB, window by window.

Each table's rows, from the source's mark to its horizon, are streamed once from the IDB with
COPY ... TO STDOUT straight into COPY ... FROM STDIN on the Info Mart (no row passes through
Python), into a temporary backlog table indexed by write time. Each window then moves its rows
from the backlogs into the GIDB tables (or, for voice interactions, their Merge tables) with one
local statement per table, inside the window's transaction: a row seen again (it changed, or the
window is re-read after a crash) replaces its copy and keeps its CREATE_AUDIT_KEY. Rows without
a natural key go to STG_TRANSFORM_DISCARDS, not into GIDB. The backlogs live as long as the
session, so a run killed anywhere simply re-reads from the committed mark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..calendar import INTERVAL_SECONDS
from ..control.discards import missing_key_discards
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


def _keys_present(table: GidbTable, present: bool) -> sql.Composable:
    test = sql.SQL(" is not null" if present else " is null")
    joiner = sql.SQL(" and " if present else " or ")
    return sql.SQL("({})").format(
        joiner.join(
            sql.SQL("t.{}").format(sql.Identifier(column)) + test
            for column in table.source.natural_key
        )
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


#: Bytes gathered from COPY TO before each write to COPY FROM: one call per row costs more than
#: the server's work on it.
PUMP_BYTES = 1 << 20


def _pump(rows_out: psycopg.Copy, rows_in: psycopg.Copy) -> None:
    """Stream COPY TO rows into COPY FROM in blocks of about PUMP_BYTES."""
    gathered: list[bytes] = []
    size = 0
    for row in rows_out:
        gathered.append(row)
        size += len(row)
        if size >= PUMP_BYTES:
            rows_in.write(b"".join(gathered))
            gathered, size = [], 0
    if gathered:
        rows_in.write(b"".join(gathered))


class Backlog:
    """One data source's unread rows of some IDB tables, held in temporary tables for the run."""

    def __init__(
        self,
        idb: psycopg.Connection,
        mart: psycopg.Connection,
        schema: str,
        provider_tables: list[GidbTable],
        source: DataSource,
    ) -> None:
        self.idb, self.mart, self.schema = idb, mart, schema
        self.tables = provider_tables
        self.source = source
        self._moves: dict[str, bytes] = {}

    @staticmethod
    def _name(table: GidbTable) -> sql.Identifier:
        return sql.Identifier(f"backlog_{table.name}")

    def load(self, after: int, up_to: int) -> None:
        """Copy every row the source wrote in (after, up_to] into the backlogs (autocommit)."""
        for table in self.tables:
            name = self._name(table)
            columns = [c for c in table.columns if c.name in table.copied_columns]
            definition = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.type)) for c in columns
            )
            self.mart.execute(sql.SQL("drop table if exists {}").format(name))
            self.mart.execute(
                sql.SQL(
                    "create temp table {} ({}, start_date_time_key bigint, written bigint)"
                ).format(name, definition)
            )
            written, started = _moment_sql(table)
            out_statement = sql.SQL(
                "copy (select {}, {started} - {started} %% {interval}, {written} from {} as t"
                " where t.gsys_domain = any(%s) and {written} > %s and {written} <= %s)"
                " to stdout"
            ).format(
                sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c.name)) for c in columns),
                sql.Identifier(table.source.name),
                started=started,
                interval=sql.Literal(INTERVAL_SECONDS),
                written=written,
            )
            bounds = (list(self.source.dss_ids), after, up_to)
            with (
                self.idb.cursor() as reader,
                reader.copy(out_statement, bounds) as rows_out,
                self.mart.cursor() as writer,
                writer.copy(sql.SQL("copy {} from stdin").format(name)) as rows_in,
            ):
                _pump(rows_out, rows_in)
            self.mart.execute(sql.SQL("create index on {} (written)").format(name))
            self.mart.execute(sql.SQL("analyze {}").format(name))

    def drop(self) -> None:
        for table in self.tables:
            self.mart.execute(sql.SQL("drop table if exists {}").format(self._name(table)))

    def next_writes(self, after: int) -> dict[str, int]:
        """When each table's next row was written (tables with none left out), in one query."""
        nexts = sql.SQL(" union all ").join(
            sql.SQL("select {}, min(written) from {} where written > %(after)s").format(
                sql.Literal(table.name), self._name(table)
            )
            for table in self.tables
        )
        rows = self.mart.execute(nexts, {"after": after}).fetchall()
        return {name: first for name, first in rows if first is not None}

    def move(
        self,
        table: GidbTable,
        window: tuple[int, int],
        data_source_key: int,
        audit_key: int,
        job_id: str,
    ) -> ChunkResult:
        """Move `table`'s rows of `window` into GIDB (or its Merge table), inside `mart`'s open
        transaction; rows without their natural key go to STG_TRANSFORM_DISCARDS."""
        statement = self._moves.get(table.name)
        if statement is None:
            statement = self._moves[table.name] = self._move_sql(table).as_bytes(self.mart)
        params = {
            "after": window[0],
            "up_to": window[1],
            "data_source_key": data_source_key,
            "audit_key": audit_key,
            "job_id": job_id,
            "now": int(time.time()),
        }
        rows, discarded, first, last = self.mart.execute(statement, params).fetchone()
        return ChunkResult(rows, discarded, first or 0, last or 0)

    def _move_sql(self, table: GidbTable) -> sql.Composable:
        audit = [sql.SQL("%(audit_key)s::bigint as create_audit_key")]
        if table.updated:
            audit.append(sql.SQL("%(audit_key)s::bigint as update_audit_key"))
        values = sql.SQL(", ").join(
            [
                *(sql.SQL("t.{}").format(sql.Identifier(name)) for name in table.copied_columns),
                sql.SQL("%(data_source_key)s::integer as data_source_key"),
                sql.SQL("t.start_date_time_key"),
                *audit,
            ]
        )
        keyed = sql.SQL("(select {} from window_rows as t where {}) as s").format(
            values, _keys_present(table, True)
        )
        discards = sql.SQL("select 1 where false")
        if not all(c.mandatory for c in table.source.columns if c.name in table.source.natural_key):
            discards = missing_key_discards(
                self.schema,
                table.source.name,
                table.source.columns[0].name,
                f"{', '.join(table.source.natural_key)} must all be set to copy it to {table.name}",
                sql.SQL("window_rows as t where {}").format(_keys_present(table, False)),
            )
        return sql.SQL(
            "with window_rows as (select * from {backlog}"
            " where written > %(after)s and written <= %(up_to)s),"
            " copied as ({upsert} returning 1),"
            " discarded as ({discards})"
            " select (select count(*) from window_rows as t where {keyed}),"
            " (select count(*) from discarded),"
            " min(start_date_time_key), max(start_date_time_key) from window_rows"
        ).format(
            backlog=self._name(table),
            upsert=upsert_sql(self.schema, table, keyed, table.landing_name),
            discards=discards,
            keyed=_keys_present(table, True),
        )
