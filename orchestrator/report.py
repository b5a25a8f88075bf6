"""Plain-text reports for the terminal: job history and what the Info Mart holds."""

from __future__ import annotations

from psycopg import sql

from . import tables
from .config import Config
from .db import connect, infomart_uri, qualified, relation_exists
from .errors import NotInitialized


def _table(headers: list[str], rows: list[tuple]) -> str:
    cells = [headers] + [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def job_history(config: Config, days: int, status: str | None, limit: int) -> str:
    schema = config.infomart.schema
    with connect(infomart_uri(config)) as conn:
        if not relation_exists(conn, schema, tables.ADMIN_ETL_JOB_HISTORY):
            raise NotInitialized()
        rows = conn.execute(
            sql.SQL(
                "select job_id, job_name, status, start_time, duration, error_message from {}"
                " where start_time >= now() at time zone 'UTC' - make_interval(days => %s)"
                " and (%s::text is null or status = upper(%s::text))"
                " order by start_time desc limit %s"
            ).format(qualified(schema, tables.ADMIN_ETL_JOB_HISTORY)),
            (days, status, status, limit),
        ).fetchall()
    if not rows:
        return "no jobs in that period"
    shown = [(r[0], r[1], r[2], f"{r[3]:%Y-%m-%d %H:%M:%S}", r[4], r[5] or "") for r in rows]
    return _table(["JOB_ID", "JOB", "STATUS", "STARTED (UTC)", "SECONDS", "REASON"], shown)


def _extracted_counts(conn, schema: str) -> list[tuple[str, int]]:
    """GIDB and Merge tables with rows (they exist once Job_ExtractICON has run)."""
    from .gidb.schema import GIDB_TABLES

    names = [t.name for t in GIDB_TABLES] + [t.merge_name for t in GIDB_TABLES if t.merge_name]
    counts = []
    for name in names:
        if not relation_exists(conn, schema, name):
            continue
        rows = conn.execute(
            sql.SQL("select count(*) from {}").format(qualified(schema, name))
        ).fetchone()[0]
        if rows:
            counts.append((name.upper(), rows))
    return counts


def build_report(config: Config) -> str:
    """Row counts of every table Job_InitializeGIM builds, of the GIDB and Merge tables that hold
    rows, and the calendar's span."""
    schema = config.infomart.schema
    with connect(infomart_uri(config)) as conn:
        counts = [
            (
                name.upper(),
                conn.execute(
                    sql.SQL("select count(*) from {}").format(qualified(schema, name))
                ).fetchone()[0],
            )
            for name in (*tables.FIXED_DIMENSIONS, tables.DATE_TIME, *tables.CONTROL_TABLES)
        ]
        counts += _extracted_counts(conn, schema)
        first, last = conn.execute(
            sql.SQL("select min(cal_date), max(cal_date) from {}").format(
                qualified(schema, tables.DATE_TIME)
            )
        ).fetchone()
    return "\n".join(
        [
            f"Info Mart schema {schema!r}: calendar {first} to {last}",
            _table(["TABLE", "ROWS"], counts),
            'Connect with: gim db uri   (then e.g. psql "$(gim db uri)")',
        ]
    )
