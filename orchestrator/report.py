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


#: The headline queries, from the DAY aggregates (sums first, ratios of the sums after).
QUEUE_HEADLINE = """
select
    r.resource_name,
    sum(q.entered),
    sum(q.accepted),
    sum(q.abandoned),
    round(sum(q.accepted_time) * 1.0 / nullif(sum(q.accepted), 0), 1),
    round(100.0 * sum(q.accepted_thr)
        / nullif(sum(q.accepted + q.abandoned - q.abandoned_short), 0), 1),
    round(sum(q.handle_time) * 1.0 / nullif(sum(q.accepted), 0), 1)
from {schema}.ag2_queue_day as q
join {schema}.resource_ as r using (resource_key)
group by r.resource_name
order by r.resource_name
"""
GROUP_HEADLINE = """
select
    g.group_name,
    round(100.0 * sum(s.busy_time + s.wrap_time)
        / nullif(sum(s.ready_time + s.busy_time + s.wrap_time), 0), 1),
    round(sum(s.not_ready_time) / 3600.0, 1)
from {schema}.ag2_i_sess_state_day as s
join {schema}.resource_group_combination as c on c.group_combination_key = s.group_combination_key
join {schema}.group_ as g on g.group_key = c.group_key
group by g.group_name
order by g.group_name
"""
REASON_HEADLINE = """
select
    g.group_name,
    coalesce(r.software_reason_value, r.hardware_reason, 'no reason'),
    round(sum(s.reason_time) / 3600.0, 2)
from {schema}.ag2_i_state_rsn_day as s
join {schema}.resource_group_combination as c on c.group_combination_key = s.group_combination_key
join {schema}.group_ as g on g.group_key = c.group_key
left join {schema}.resource_state_reason as r using (resource_state_reason_key)
where s.resource_state_key = 3
group by 1, 2
order by 1, 2
"""


def headline_report(config: Config) -> str:
    """Per queue: offered, answered, abandoned, average speed of answer, service level and
    average handle time; per agent group: occupancy, not-ready hours and their reasons; all from
    the DAY aggregates, then where to look next."""
    schema = config.infomart.schema
    with connect(infomart_uri(config)) as conn:
        queues, groups, reasons = (
            [tuple("-" if value is None else value for value in row) for row in rows]
            for rows in (
                conn.execute(query.format(schema=schema)).fetchall()
                for query in (QUEUE_HEADLINE, GROUP_HEADLINE, REASON_HEADLINE)
            )
        )
    return "\n".join(
        [
            "Queues (AG2_QUEUE_DAY):",
            _table(
                ["QUEUE", "OFFERED", "ANSWERED", "ABANDONED", "ASA S", "SERVICE LEVEL %", "AHT S"],
                queues,
            ),
            "",
            "Agent groups (AG2_I_SESS_STATE_DAY; an agent counts in each of their groups):",
            _table(["GROUP", "OCCUPANCY %", "NOT READY H"], groups),
            "",
            "Not ready by reason (AG2_I_STATE_RSN_DAY):",
            _table(["GROUP", "REASON", "HOURS"], reasons),
            "",
            "Where to look next:",
            '  psql "$(gim db uri)"       the tables above, AG2_*_KPI views for the ratios',
            "  docs/examples.sql         example report queries",
            "  make docs                 the dbt docs site: every table and column described",
        ]
    )
