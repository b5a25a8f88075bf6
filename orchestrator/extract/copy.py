"""Copy one data source's unread rows of one provider's IDB tables into GIDB, window by window.

Each table's rows, from the source's mark to its horizon, are streamed once from the IDB with
COPY ... TO STDOUT straight into COPY ... FROM STDIN on the Info Mart (no row passes through
Python), into a temporary backlog table indexed by write time. Each window then moves its rows
from the backlogs into the GIDB tables (or, for voice interactions, their Merge tables) with one
local statement per table, inside the window's transaction: a row seen again (it changed, or the
window is re-read after a crash) replaces its copy and keeps its CREATE_AUDIT_KEY. The backlogs
live as long as the session, so a run killed anywhere simply re-reads from the committed mark.

Values a GDPR FORGET request named are redacted in the backlogs as they arrive (gdpr/arrivals.py).

A row that cannot be taken as it is (checks.py: a missing key or value, an unknown code, an
absurd or reversed time, or a duplicate of its natural key that ICON wrote earlier) goes to
STG_TRANSFORM_DISCARDS with its reason in its window's transaction, and the rest of the window
is copied. Rows whose time is absurdly far ahead, before 1990 or missing would never fall in a
window: they are read with the last window of every run and discarded once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..calendar import INTERVAL_SECONDS
from ..control.discards import rejected_row_discards
from ..control.gdpr import forgotten_values
from ..gdpr.arrivals import redact_arrivals
from ..gidb.schema import WRITE_TIME_FROM, GidbTable, key_constraint
from .checks import EARLIEST_MOMENT, FUTURE_TOLERANCE_SECONDS, row_checks, verdict_sql
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

        # An aggregate: a duplicated parent (two rows of one CALLID) must not break the read.
        def from_parent(column: str, latest: bool) -> sql.Composable:
            return sql.SQL("(select {}(p.{}) from {} as p where p.{} = t.{})").format(
                sql.SQL("max" if latest else "min"),
                sql.Identifier(column),
                sql.Identifier(parent_table),
                sql.Identifier(link),
                sql.Identifier(link),
            )

        return from_parent(parent_write, True), from_parent(parent_start, False)
    moments = [sql.SQL("t.{}").format(sql.Identifier(name)) for name in table.moments]
    written = sql.SQL("greatest({})").format(sql.SQL(", ").join(moments))
    return written, moments[0]


def written_sql(table: GidbTable) -> sql.Composable:
    """SQL for when ICON last wrote a row of `table` (aliased `t`): its latest moment."""
    return _moment_sql(table)[0]


def upsert_sql(schema: str, table: GidbTable, source: sql.Composable, into: str) -> sql.Composable:
    """Insert `source`'s rows (every column of `table`) into `into`, replacing a copy only by one
    written later (an older copy, from a lagging HA partner, never replaces a newer one)."""
    names = [column.name for column in table.columns]
    target = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(into))
    columns = sql.SQL(", ").join(map(sql.Identifier, names))
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
    return sql.SQL(
        "insert into {} as g ({}) select {} from {} on conflict on constraint {} {}"
    ).format(target, columns, columns, source, sql.Identifier(key_constraint(into)), action)


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
        #: Values GDPR requests made Info Mart forget: redacted again in the rows copied now.
        self.forgotten = forgotten_values(mart, schema)

    @staticmethod
    def _name(table: GidbTable) -> sql.Identifier:
        return sql.Identifier(f"backlog_{table.name}")

    @staticmethod
    def _rejects(table: GidbTable) -> sql.Identifier:
        return sql.Identifier(f"reject_{table.name}")

    def load(self, after: int, up_to: int) -> None:
        """Copy every row the source wrote in (after, up_to] into the backlogs, with the rows no
        window would hold (an absurd time, or none) placed in the last one; then judge them
        (autocommit)."""
        future_limit = int(time.time()) + FUTURE_TOLERANCE_SECONDS
        for table in self.tables:
            name = self._name(table)
            columns = [c for c in table.columns if c.name in table.copied_columns]
            definition = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.type)) for c in columns
            )
            self.mart.execute(sql.SQL("drop table if exists {}").format(name))
            self.mart.execute(
                sql.SQL(
                    "create temp table {} ({}, start_date_time_key bigint, written bigint,"
                    " useq bigint)"
                ).format(name, definition)
            )
            written, started = _moment_sql(table)
            selected = sql.SQL("{}, {started} - {started} %% {interval}").format(
                sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c.name)) for c in columns),
                started=started,
                interval=sql.Literal(INTERVAL_SECONDS),
            )
            source = sql.Identifier(table.source.name)
            reads = [
                (
                    sql.SQL(
                        "copy (select {}, {written}, t.gsys_useq from {} as t"
                        " where t.gsys_domain = any(%s) and {written} > %s and {written} <= %s)"
                        " to stdout"
                    ).format(selected, source, written=written),
                    (list(self.source.dss_ids), after, up_to),
                )
            ]
            if table.source.name not in WRITE_TIME_FROM:
                reads.append(
                    (
                        sql.SQL(
                            "copy (select {}, %s::bigint, t.gsys_useq from {} as t"
                            " where t.gsys_domain = any(%s)"
                            " and ({written} > %s or {written} < %s or {written} is null))"
                            " to stdout"
                        ).format(selected, source, written=written),
                        (up_to, list(self.source.dss_ids), future_limit, EARLIEST_MOMENT),
                    )
                )
            for out_statement, bounds in reads:
                with (
                    self.idb.cursor() as reader,
                    reader.copy(out_statement, bounds) as rows_out,
                    self.mart.cursor() as writer,
                    writer.copy(sql.SQL("copy {} from stdin").format(name)) as rows_in,
                ):
                    _pump(rows_out, rows_in)
            redact_arrivals(self.mart, name, table, self.forgotten)
            self.mart.execute(sql.SQL("create index on {} (written)").format(name))
            self.mart.execute(sql.SQL("analyze {}").format(name))
            self._judge(table, future_limit)

    def _judge(self, table: GidbTable, future_limit: int) -> None:
        """List the backlog's rows that cannot be copied, with their reasons: those failing a
        check, then of the rest sharing a natural key all but the one ICON wrote last. One scan
        for the checks and one grouping for duplicates; the rest touches only the (usually no)
        rows found."""
        backlog, rejects = self._name(table), self._rejects(table)
        checks = row_checks(table)
        code, reason = verdict_sql(checks)
        failing = sql.SQL(" or ").join(sql.SQL("({})").format(c.condition) for c in checks)
        self.mart.execute(sql.SQL("drop table if exists {}").format(rejects))
        self.mart.execute(
            sql.SQL(
                "create temp table {rejects} as select t.ctid as row_ctid,"
                " {code} as reason_code, {reason} as reason from {backlog} as t where {failing}"
            ).format(rejects=rejects, code=code, reason=reason, backlog=backlog, failing=failing),
            {"future_limit": future_limit},
        )
        columns = [sql.Identifier(c) for c in table.source.natural_key]
        key = sql.SQL(", ").join(sql.SQL("t.{}").format(c) for c in columns)
        self.mart.execute("drop table if exists duplicate_keys")
        duplicated = self.mart.execute(
            sql.SQL(
                "create temp table duplicate_keys as select {key} from {backlog} as t"
                " group by {key} having count(*) > 1"
            ).format(key=key, backlog=backlog)
        ).rowcount
        if duplicated:
            same_key = sql.SQL(" and ").join(sql.SQL("d.{0} = t.{0}").format(c) for c in columns)
            self.mart.execute(
                sql.SQL(
                    "insert into {rejects} select row_ctid, 'DUPLICATE_KEY', {reason} from"
                    " (select t.ctid as row_ctid, row_number() over (partition by {key}"
                    " order by t.written desc, t.useq desc nulls last, t.{row_id} desc) as newest"
                    " from {backlog} as t join duplicate_keys as d on {same_key}"
                    " where not exists (select from {rejects} as r where r.row_ctid = t.ctid))"
                    " as ranked where newest > 1"
                ).format(
                    rejects=rejects,
                    reason=sql.Literal(
                        f"another row with the same {', '.join(table.source.natural_key)}"
                        " was written later by ICON (by write time, then GSYS_USEQ)"
                    ),
                    key=key,
                    row_id=sql.Identifier(table.source.primary_key[0]),
                    backlog=backlog,
                    same_key=same_key,
                )
            )
        self.mart.execute(sql.SQL("create index on {} (row_ctid)").format(rejects))
        self.mart.execute(sql.SQL("analyze {}").format(rejects))

    def drop(self) -> None:
        for table in self.tables:
            self.mart.execute(sql.SQL("drop table if exists {}").format(self._name(table)))
            self.mart.execute(sql.SQL("drop table if exists {}").format(self._rejects(table)))

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
        transaction; the window's rejected rows go to STG_TRANSFORM_DISCARDS."""
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
        rejected = sql.SQL(
            "(select r.reason_code, r.reason, t.{row_id}::text as source_key,"
            " (to_jsonb(t) - 'row_ctid' - 'start_date_time_key' - 'written' - 'useq')::text"
            " as record_data from window_rows as t join {rejects} as r"
            " on r.row_ctid = t.row_ctid) as t"
        ).format(row_id=sql.Identifier(table.source.primary_key[0]), rejects=self._rejects(table))
        return sql.SQL(
            "with window_rows as (select b.*, b.ctid as row_ctid from {backlog} as b"
            " where b.written > %(after)s and b.written <= %(up_to)s),"
            " kept as (select * from window_rows as t"
            " where not exists (select from {rejects} as r where r.row_ctid = t.row_ctid)),"
            " copied as ({upsert} returning 1),"
            " discarded as ({discards})"
            " select (select count(*) from kept), (select count(*) from discarded),"
            " min(start_date_time_key), max(start_date_time_key) from kept"
        ).format(
            backlog=self._name(table),
            rejects=self._rejects(table),
            upsert=upsert_sql(
                self.schema,
                table,
                sql.SQL("(select {} from kept as t) as s").format(values),
                table.landing_name,
            ),
            discards=rejected_row_discards(self.schema, table.source.name, rejected),
        )
