"""Job_UpdateStats (PostgreSQL): analyze the Info Mart's tables whose planner statistics are stale
and vacuum those with many dead rows, from pg_stat_user_tables, supplementing autovacuum. Never
VACUUM FULL (it locks the table out of ETL and reports); plain VACUUM and ANALYZE run alongside
both."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..job_runner import JobContext

#: Stale: more rows changed since the last analyze than this share of the table (autovacuum waits
#: for 10 %), plus a floor so small tables are left alone.
ANALYZE_SHARE, ANALYZE_FLOOR = 0.05, 500
#: Worth a vacuum: more dead rows than this share of the live ones (autovacuum waits for 20 %).
VACUUM_SHARE, VACUUM_FLOOR = 0.10, 1000


@dataclass(frozen=True)
class TableUpkeep:
    table: str
    live_rows: int
    dead_rows: int
    changed_since_analyze: int
    never_analyzed: bool

    @property
    def needs_vacuum(self) -> bool:
        return self.dead_rows > VACUUM_SHARE * self.live_rows + VACUUM_FLOOR

    @property
    def needs_analyze(self) -> bool:
        if self.never_analyzed:
            return self.live_rows + self.changed_since_analyze > 0
        return self.changed_since_analyze > ANALYZE_SHARE * self.live_rows + ANALYZE_FLOOR

    @property
    def action(self) -> str | None:
        """What to run: VACUUM (ANALYZE) for dead rows, ANALYZE for stale statistics, or None."""
        if self.needs_vacuum:
            return "VACUUM (ANALYZE)"
        if self.needs_analyze:
            return "ANALYZE"
        return None

    def reason(self) -> str:
        if self.needs_vacuum:
            return f"{self.dead_rows} dead rows to {self.live_rows} live"
        if self.never_analyzed:
            return "never analyzed"
        return f"{self.changed_since_analyze} rows changed since the last analyze"


def tables_due(conn: psycopg.Connection, schema: str) -> list[TableUpkeep]:
    """The schema's tables that need a vacuum or an analyze now, most changed first."""
    rows = conn.execute(
        "select relname, n_live_tup, n_dead_tup, n_mod_since_analyze,"
        " last_analyze is null and last_autoanalyze is null"
        " from pg_stat_user_tables where schemaname = %s",
        (schema,),
    ).fetchall()
    found = [TableUpkeep(*row) for row in rows]
    due = [each for each in found if each.action is not None]
    return sorted(due, key=lambda each: -(each.dead_rows + each.changed_since_analyze))


def analyze_stale(conn: psycopg.Connection, schema: str, tables: Collection[str]) -> list[str]:
    """ANALYZE those of `tables` whose statistics are stale by the rule above, at once rather
    than at autovacuum's next round; the tables analysed."""
    if conn.info.server_version >= 150000:
        # This connection's own changes reach pg_stat_user_tables only once it has been idle a
        # while (up to 10 s); this statement's end flushes them.
        conn.execute("select pg_stat_force_next_flush()")
    stale = [
        each for each in tables_due(conn, schema) if each.table in tables and each.needs_analyze
    ]
    for each in stale:
        conn.execute(sql.SQL("analyze {}").format(sql.Identifier(schema, each.table)))
    return [each.table for each in stale]


def upkeep(conn: psycopg.Connection, schema: str, table: TableUpkeep) -> None:
    """Run the table's action (an autocommit connection: VACUUM cannot run in a transaction)."""
    assert table.action is not None
    conn.execute(
        sql.SQL("{} {}").format(sql.SQL(table.action), sql.Identifier(schema, table.table))
    )


def update_statistics(ctx: JobContext) -> None:
    """Vacuum or analyze each table that needs it: the counts, then one summary line each."""
    due = tables_due(ctx.conn, ctx.schema)
    vacuumed = sum(table.needs_vacuum for table in due)
    ctx.summary.append(
        f"{vacuumed} tables vacuumed and analyzed, {len(due) - vacuumed} analyzed"
        if due
        else "every table's statistics are current; nothing to vacuum"
    )
    for table in due:
        ctx.echo(f"{table.action} {table.table}: {table.reason()}")
        upkeep(ctx.conn, ctx.schema, table)
        ctx.summary.append(f"{table.action} {table.table} ({table.reason()})")
