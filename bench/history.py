"""Weeks of history for the steady-cycle benchmarks, cloned from one simulated day in SQL.

Simulating and loading 30 days at 1,000 agents takes hours; what a cycle's cost depends on is how
many rows the tables it reads and writes already hold. So one complete day, loaded by the real
jobs, is copied back in time: each copy moves every moment (`*_TS`, `*DATE_TIME_KEY`, GMT
timestamps) back by whole days and makes every identity its own (text IDs and GUIDs get a `~k`
suffix; fact IDs and fact keys move by k * 10^14; IDB row IDs by k * 10^10), keeping its audit
keys, so no later run takes a copy for new data. Copied: the GIDB interaction, agent and outbound
tables (configuration is not per day) for as many days as `days-to-keep-gidb-facts` keeps, the
facts, and the aggregates up to day level (a month row already covers every day of its month).
"""

from __future__ import annotations

import time

import psycopg
from psycopg import sql

from orchestrator.catalogue import Catalogue
from orchestrator.gidb.schema import GIDB_TABLES

DAY = 86400
CLONED_LEVELS = ("subhr", "hour", "day")
FACT_ID_STEP = 10**14
IDB_ROW_ID_STEP = 10**10


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[tuple[str, str]]:
    return conn.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = %s and table_name = %s order by ordinal_position",
        (schema, table),
    ).fetchall()


def _moved(name: str, kind: str, gidb: bool) -> sql.Composable:
    """The column's value in copy k (k days back)."""
    column = sql.Identifier(name)
    if name.endswith("_ts") and kind in ("bigint", "integer"):
        return sql.SQL("{} - k * {}").format(column, sql.Literal(DAY))
    if name.endswith("date_time_key"):
        return sql.SQL("{} - k * {}").format(column, sql.Literal(DAY))
    if kind.startswith("timestamp"):
        return sql.SQL("{} - k * interval '1 day'").format(column)
    if kind == "character varying" and (
        name.endswith("guid") or (gidb and name.endswith("id")) or name == "call_attempt_id"
    ):
        return sql.SQL("{} || '~' || k").format(column)
    if gidb and name == "id":
        return sql.SQL("{} + k * {}").format(column, sql.Literal(IDB_ROW_ID_STEP))
    if not gidb and kind == "bigint" and (name.endswith("_id") or name.endswith("_fact_key")):
        return sql.SQL("{} + k * {}").format(column, sql.Literal(FACT_ID_STEP))
    return column


def _clone(
    conn: psycopg.Connection, schema: str, table: str, day_start: int, copies: int, gidb: bool
) -> int:
    """Copy the rows of the day starting at `day_start` `copies` times, each a day further back."""
    columns = _columns(conn, schema, table)
    names = [name for name, _ in columns]
    day_column = next(
        name for name in ("start_date_time_key", "date_time_key", "start_ts") if name in names
    )
    statement = sql.SQL(
        "insert into {schema}.{table} ({columns}) select {moved} from {schema}.{table}"
        " cross join generate_series(1, {copies}) as k where {day} >= {start} and {day} < {end}"
    ).format(
        schema=sql.Identifier(schema),
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(map(sql.Identifier, names)),
        moved=sql.SQL(", ").join(_moved(name, kind, gidb) for name, kind in columns),
        copies=sql.Literal(copies),
        day=sql.Identifier(day_column),
        start=sql.Literal(day_start),
        end=sql.Literal(day_start + DAY),
    )
    return conn.execute(statement).rowcount


def clone_history(
    uri: str, schema: str, day_start: int, mart_days: int, gidb_days: int, catalogue: Catalogue
) -> dict[str, float]:
    """Give the Info Mart `mart_days` days of facts and aggregates and `gidb_days` of GIDB, the
    day starting at `day_start` being the newest complete one. Rows added and seconds taken."""
    started = time.perf_counter()
    rows = 0
    tables = [(t.name, gidb_days - 1, True) for t in GIDB_TABLES if t.source.provider != "cfg"]
    tables += [(name, mart_days - 1, False) for name in catalogue.transform_facts]
    tables += [
        (f"ag2_{hierarchy}_{level}", mart_days - 1, False)
        for hierarchy in catalogue.aggregate_hierarchies
        for level in CLONED_LEVELS
    ]
    with psycopg.connect(uri, autocommit=True) as conn:
        for table, copies, gidb in tables:
            if copies > 0:
                rows += _clone(conn, schema, table, day_start, copies, gidb)
        conn.execute(sql.SQL("analyze"))
    return {"rows": rows, "seconds": time.perf_counter() - started}
