"""Plain-text reports for the terminal: job history and the headline figures.

The headline figures are the ratios the AG2_*_KPI views define, at the DAY level, each rolled up
over the rows of a queue or an agent group by its weight (the count or time it is a ratio of), so
that a ratio of several rows is the ratio of their sums.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
import tabulate
from psycopg import sql

from .config import Config
from .continuity import continuity, shown
from .control.names import ADMIN_ETL_JOB_HISTORY
from .db import connect, infomart_uri, qualified, relation_exists
from .errors import NotInitialized
from .job_history import JobFilter, job_entries
from .latency import etl_latency

#: What a missing value shows as in the headline report.
NO_VALUE = "-"


def _table(headers: list[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns two spaces apart, a rule of dashes under the headers."""
    padding, tabulate.MIN_PADDING = tabulate.MIN_PADDING, 0
    try:
        return tabulate.tabulate(
            [["" if value is None else str(value) for value in row] for row in rows],
            headers=headers,
            tablefmt="simple",
            disable_numparse=True,
            stralign="left",
        )
    finally:
        tabulate.MIN_PADDING = padding


def job_history(config: Config, chosen: JobFilter, show_end: bool, show_id: bool) -> str:
    """The Job History view as text: name, status, duration, start; end time and job id on
    demand; the reason a job failed."""
    with connect(infomart_uri(config)) as conn:
        entries = job_entries(conn, config.infomart.schema, chosen)
    if not entries:
        return "no jobs in that period"
    headers = ["JOB", "STATUS", "SECONDS", "STARTED (UTC)"]
    headers += ["ENDED (UTC)"] * show_end + ["JOB_ID"] * show_id + ["PARAMETERS", "REASON"]
    rows = []
    for entry in entries:
        row: list[object] = [
            entry.job_name,
            entry.status,
            entry.duration,
            f"{entry.start_time:%Y-%m-%d %H:%M:%S}",
        ]
        if show_end:
            row.append(f"{entry.end_time:%Y-%m-%d %H:%M:%S}" if entry.end_time else "")
        if show_id:
            row.append(entry.job_id)
        rows.append([*row, entry.parameters, entry.error_message])
    return _table(headers, rows)


def etl_status(config: Config) -> str:
    """Latency per functional area (the ETL Status view) as text."""
    with connect(infomart_uri(config)) as conn:
        if not relation_exists(conn, config.infomart.schema, ADMIN_ETL_JOB_HISTORY):
            raise NotInitialized()
        areas = etl_latency(conn, config.infomart.schema)
        troubles = continuity(conn, config.infomart.schema)
    rows = [
        (
            area.area,
            area.shown,
            f"{area.last_event:%Y-%m-%d %H:%M:%S}" if area.last_event else "",
        )
        for area in areas
    ]
    parts = [_table(["FUNCTIONAL AREA", "LATENCY (hh:mm:ss)", "LAST EVENT (UTC)"], rows)]
    if troubles.unreachable:
        parts.append(
            "\nIDBs extraction cannot reach:\n"
            + _table(
                ["IDB", "SINCE (UTC)", "PAST THE STUCK THRESHOLD SINCE", "WHY"],
                [
                    (e.idb_name, shown(e.started_ts), shown(e.stuck_ts), e.detail)
                    for e in troubles.unreachable
                ],
            )
        )
    if troubles.delayed:
        parts.append(
            "\nData delayed (55-20110):\n"
            + _table(
                ["IDB", "DATA SOURCE", "SINCE (UTC)", "HOW"],
                [
                    (e.idb_name, e.data_source, shown(e.started_ts), e.detail)
                    for e in troubles.delayed
                ],
            )
        )
    if troubles.gaps:
        parts.append(
            "\nData left behind (an IDB unreachable past extract-data-stuck-threshold):\n"
            + _table(
                ["IDB", "DATA SOURCE", "PROVIDER", "FROM (UTC)", "TO (UTC)"],
                [
                    (
                        g.dap_name,
                        g.dss_id,
                        g.providertag,
                        shown(g.gap_start_ts),
                        shown(g.gap_end_ts),
                    )
                    for g in troubles.gaps
                ],
            )
        )
    return "\n".join(parts)


def _rolled_up(ratio: str, weight: sql.Composable, scale: int = 1) -> sql.Composable:
    """A KPI view's `ratio` over several rows: weighted by what it is a ratio of, rounded to a
    tenth. The weighted sum is rounded back to the whole count or seconds it stands for."""
    return sql.SQL(
        "round({scale} * round(cast(sum({ratio} * {weight}) as numeric), 6)"
        " / nullif(sum(case when {ratio} is not null then {weight} end), 0), 1)"
    ).format(scale=sql.Literal(scale), ratio=sql.Identifier("k", ratio), weight=weight)


def _queue_headline(schema: str) -> sql.Composable:
    answered = sql.SQL("k.accepted")
    return sql.SQL(
        "select r.resource_name, sum(k.entered), sum(k.accepted), sum(k.abandoned), {asa},"
        " {service_level}, {aht}"
        " from {kpi} as k join {resources} as r on r.resource_key = k.resource_key"
        " where k.agg_level = 'DAY' group by r.resource_name order by r.resource_name"
    ).format(
        asa=_rolled_up("average_speed_of_answer", answered),
        service_level=_rolled_up("service_level", sql.SQL("k.service_level_base"), 100),
        aht=_rolled_up("average_handle_time", answered),
        kpi=qualified(schema, "ag2_queue_kpi"),
        resources=qualified(schema, "resource_"),
    )


def _groups_of(schema: str, alias: str) -> sql.Composable:
    """Joins from the agent rows `alias` to each of their groups (`g`): an agent counts in each."""
    return sql.SQL(
        " join {combinations} as c on c.group_combination_key = {rows}.group_combination_key"
        " join {groups} as g on g.group_key = c.group_key"
    ).format(
        combinations=qualified(schema, "resource_group_combination"),
        groups=qualified(schema, "group_"),
        rows=sql.Identifier(alias),
    )


def _group_headline(schema: str) -> sql.Composable:
    return sql.SQL(
        "select g.group_name, {occupancy}, round(sum(k.not_ready_time) / 3600.0, 1)"
        " from {kpi} as k{groups}"
        " where k.agg_level = 'DAY' group by g.group_name order by g.group_name"
    ).format(
        occupancy=_rolled_up("occupancy", sql.SQL("k.available_time"), 100),
        kpi=qualified(schema, "ag2_i_sess_state_kpi"),
        groups=_groups_of(schema, "k"),
    )


def _reason_headline(schema: str) -> sql.Composable:
    return sql.SQL(
        "select g.group_name,"
        " coalesce(r.software_reason_value, r.hardware_reason, 'no reason'),"
        " round(sum(s.reason_time) / 3600.0, 2)"
        " from {reasons_day} as s"
        " join {states} as state on state.resource_state_key = s.resource_state_key{groups}"
        " left join {reasons} as r on r.resource_state_reason_key = s.resource_state_reason_key"
        " where state.state_name_code = 'NOT_READY'"
        " group by 1, 2 order by 1, 2"
    ).format(
        reasons_day=qualified(schema, "ag2_i_state_rsn_day"),
        states=qualified(schema, "resource_state"),
        groups=_groups_of(schema, "s"),
        reasons=qualified(schema, "resource_state_reason"),
    )


def _rows(conn: psycopg.Connection, query: sql.Composable) -> list[tuple[object, ...]]:
    return [
        tuple(NO_VALUE if value is None else value for value in row)
        for row in conn.execute(query).fetchall()
    ]


def headline_report(config: Config) -> str:
    """Per queue: offered, answered, abandoned, average speed of answer, service level and
    average handle time; per agent group: occupancy, not-ready hours and their reasons; all of
    the DAY level, then where to look next."""
    schema = config.infomart.schema
    with connect(infomart_uri(config)) as conn:
        queues = _rows(conn, _queue_headline(schema))
        groups = _rows(conn, _group_headline(schema))
        reasons = _rows(conn, _reason_headline(schema))
        first, last = conn.execute(
            sql.SQL(
                "select min(d.cal_date), max(d.cal_date) from {} as q"
                " join {} as d on d.date_time_key = q.date_time_key"
            ).format(qualified(schema, "ag2_queue_day"), qualified(schema, "date_time"))
        ).fetchone()
    days = NO_VALUE if first is None else str(first) if first == last else f"{first} to {last}"
    return "\n".join(
        [
            f"Day {days}, in time zone {config['date-time.date-time-tz']} (date-time-tz).",
            f"Service level: answered within {config['gim-etl-populate.q-answer-threshold']} s"
            " of entering the queue (q-answer-threshold), of those answered or abandoned;"
            f" abandons within {config['gim-etl-populate.short-abandoned-threshold']} s"
            " (short-abandoned-threshold) left out.",
            "",
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
