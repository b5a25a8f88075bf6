"""The simulated day Job_AggregateGIM is tested on, shared by the aggregation and maintenance
suites (a session fixture: the maintenance suite purges a copy of it)."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from idb_scenarios import extract, simulate

from orchestrator.config import Config, validate
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.jobs import job_named, run_job
from orchestrator.paths import PROJECT_DIR

SCHEMA = "gim_agg"
SEEDS = (51, 52, 53)
CLOCKS = (datetime(2026, 3, 8, 9, 0, tzinfo=UTC), datetime(2026, 3, 8, 15, 30, tzinfo=UTC), None)
#: The simulated week: a small center, cycled mid-week and at its end.
WEEK_SCHEMA = "gim_agg_week"
WEEK_IDB = "ag_week"
WEEK_SEED = 57
WEEK_CLOCKS = (datetime(2026, 3, 11, 13, 0, tzinfo=UTC), None)
PERSON_KEY_BASE = 3 * 100_000_000
#: Truth column (queue_intervals.csv) of each AG2_QUEUE measure.
QUEUE_TRUTH = {
    "entered": "entered",
    "invite": "distributed",
    "accepted": "answered",
    "accepted_agent": "answered",
    "abandoned": "abandoned",
    "abandoned_invite": "abandoned_ringing",
    "abandoned_short": "abandoned_short",
    "accepted_within_1": "answered_within_10",
    "accepted_within_2": "answered_within_20",
    "accepted_within_3": "answered_within_30",
    "accepted_within_4": "answered_within_60",
    "queue_time": "queue_seconds",
    "invite_time": "ring_seconds",
}
#: Truth column (agent_intervals.csv) of each AG2_I_SESS_STATE measure.
STATE_TRUTH = {
    "ready_time": "ready_seconds",
    "not_ready_time": "not_ready_seconds",
    "busy_time": "busy_seconds",
    "wrap_time": "acw_seconds",
    "dnd_time": "dnd_seconds",
}

#: The hierarchies, one per SUBHR model file (parametrizing needs them before dbt parses).
HIERARCHIES = sorted(
    path.stem.removeprefix("ag2_").removesuffix("_subhr")
    for path in (PROJECT_DIR / "models").rglob("ag2_*_subhr.sql")
)
Measures = dict[tuple[int, object, str], int]


#: The simulated center's [date-time] options.
CALENDAR = {
    "date-time-tz": "America/New_York",
    "date-time-start-year": 2026,
    "date-time-max-days-ahead": 400,
}


def center(
    idb: str | None = None,
    aggregate_options: dict | None = None,
    *,
    schema: str = SCHEMA,
    gim_etl: dict | None = None,
    date_time: dict | None = None,
) -> Config:
    """The simulated center's configuration (the suites that copy its day name their schema)."""
    raw: dict = {
        "infomart": {"schema": schema},
        "date-time": {**CALENDAR, **(date_time or {})},
    }
    if idb:
        raw["idb"] = [{"name": idb}]
    if aggregate_options:
        raw["gim-aggregate"] = aggregate_options
    if gim_etl:
        raw["gim-etl"] = gim_etl
    return validate(raw, source=None)


def run(
    name: str,
    config: Config,
    project: DbtProject,
    *parameters: str,
    clock: datetime | None = None,
) -> list[str]:
    """Run a job quietly (at `clock`, when given); its summary lines."""
    outcome = run_job(
        job_named(name),
        config,
        parameters,
        dbt=project,
        echo=lambda _: None,
        clock=(lambda: clock) if clock else None,
    )
    return outcome.summary


@pytest.fixture(scope="session")
def aggregated(initialized, tmp_path_factory) -> tuple[DbtProject, dict[int, Path]]:
    """Seed 51 extracted, transformed and aggregated in three cycles as the day goes on; seeds 52
    and 53 added at the end of the day, then one more cycle. Their ground-truth folders."""
    project = DbtProject(uri=infomart_uri(center()), schema=SCHEMA)
    project.manifest()
    run("Job_InitializeGIM", center(), project)
    truths = {seed: tmp_path_factory.mktemp(f"aggregate-truth-{seed}") for seed in SEEDS}
    cycled = center(f"ag_{SEEDS[0]}")
    for clock in CLOCKS:
        simulate(cycled, clock, truths[SEEDS[0]], seed=SEEDS[0])
        extract(cycled, project)
        run("Job_TransformGIM", cycled, project)
        run("Job_AggregateGIM", cycled, project)
    for seed in SEEDS[1:]:
        once = center(f"ag_{seed}")
        simulate(once, None, truths[seed], seed=seed)
        extract(once, project)
    run("Job_TransformGIM", center(), project)
    run("Job_AggregateGIM", center(), project)
    return project, truths


@pytest.fixture(scope="session")
def aggregated_week(initialized, tmp_path_factory) -> tuple[DbtProject, dict[int, Path]]:
    """A week of a six-agent center (transfers, consultations, conferences, abandons at routing
    points and in queues), cycled mid-week and at its end, in a schema of its own made anew: its
    ground-truth folder."""
    config = center(WEEK_IDB, schema=WEEK_SCHEMA)
    with psycopg.connect(infomart_uri(config), autocommit=True) as conn:
        conn.execute(f"drop schema if exists {WEEK_SCHEMA} cascade")  # a reused test home's
    project = DbtProject(uri=infomart_uri(config), schema=WEEK_SCHEMA)
    project.manifest()
    run("Job_InitializeGIM", config, project)
    truth = tmp_path_factory.mktemp("aggregate-truth-week")
    for clock in WEEK_CLOCKS:
        simulate(config, clock, truth, seed=WEEK_SEED, agents=6, days=7)
        extract(config, project)
        run("Job_TransformGIM", config, project)
        run("Job_AggregateGIM", config, project)
    return project, {WEEK_SEED: truth}


def summed_truth(truths: dict[int, Path], name: str, key: str, columns: dict[str, str]) -> Measures:
    """The seeds' truth rows summed per (interval, subject, measure), zeros left out."""
    result: Measures = defaultdict(int)
    for folder in truths.values():
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                subject = int(row[key]) if key == "agent_id" else row[key]
                for measure, column in columns.items():
                    value = int(row[column])
                    if column == "entered":  # aggregates count a stay once it has ended
                        value -= int(row["waiting"])
                    result[(int(row["interval_start"]), subject, measure)] += value
    return {k: v for k, v in result.items() if v}


def aggregate_measures(conn: psycopg.Connection, query: str, measures: list[str]) -> Measures:
    result: Measures = defaultdict(int)
    for interval, subject, *values in conn.execute(query):
        for measure, value in zip(measures, values, strict=True):
            result[(interval, subject, measure)] += value or 0
    return {k: v for k, v in result.items() if v}


def differences(expected: Measures, actual: Measures) -> list[tuple]:
    keys = sorted(set(expected) | set(actual), key=str)
    return [(k, expected.get(k), actual.get(k)) for k in keys if expected.get(k) != actual.get(k)]


def queue_truth_differences(
    conn: psycopg.Connection, schema: str, truths: dict[int, Path], since: int = 0
) -> tuple[int, list[tuple]]:
    """`schema`'s AG2_QUEUE_SUBHR against the ground truth, over the intervals from `since` on:
    the calls the truth says entered, and the first differences."""
    measures = list(QUEUE_TRUTH)
    actual = aggregate_measures(
        conn,
        f"select q.date_time_key, r.resource_name, {', '.join(f'q.{m}' for m in measures)}"
        f" from {schema}.ag2_queue_subhr as q join {schema}.resource_ as r using (resource_key)"
        f" where q.date_time_key >= {since}",
        measures,
    )
    expected = {
        key: value
        for key, value in summed_truth(
            truths, "queue_intervals.csv", "virtual_queue", QUEUE_TRUTH
        ).items()
        if key[0] >= since
    }
    entered = sum(v for (_, _, m), v in expected.items() if m == "entered")
    return entered, differences(expected, actual)[:5]


def queue_groups(truths: dict[int, Path]) -> dict[str, set[str]]:
    """The DN groups of each virtual queue, from the simulations' configuration."""
    groups: dict[str, set[str]] = defaultdict(set)
    for folder in truths.values():
        with (folder / "queue_groups.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                groups[row["virtual_queue"]].add(row["group_name"])
    return groups


def queue_group_truth_differences(
    conn: psycopg.Connection, schema: str, truths: dict[int, Path]
) -> tuple[Measures, list[tuple]]:
    """`schema`'s AG2_QUEUE_GRP_SUBHR against the ground truth of each DN group's queues (a
    stay counts in every group of its queue's): the expected measures, and the first
    differences."""
    measures = list(QUEUE_TRUTH)
    groups = queue_groups(truths)
    expected: Measures = defaultdict(int)
    for (interval, queue, measure), value in summed_truth(
        truths, "queue_intervals.csv", "virtual_queue", QUEUE_TRUTH
    ).items():
        for group in groups.get(queue, {None}):
            expected[(interval, group, measure)] += value
    actual = aggregate_measures(
        conn,
        f"select q.date_time_key, g.group_name, {', '.join(f'q.{m}' for m in measures)}"
        f" from {schema}.ag2_queue_grp_subhr as q"
        f" left join {schema}.group_ as g on g.group_key = q.group_key and q.group_key <> -1",
        measures,
    )
    return dict(expected), differences(dict(expected), actual)[:5]


def base_tables(conn: psycopg.Connection, schema: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "select table_name from information_schema.tables"
            " where table_schema = %s and table_type = 'BASE TABLE' order by 1",
            (schema,),
        )
    ]


def copy_tables(conn: psycopg.Connection, source: str, target: str) -> None:
    """Every base table of `source` into `target` (created when missing), and the audit
    sequence where it stood."""
    present = set(base_tables(conn, target))
    for table in base_tables(conn, source):
        if table in present:
            conn.execute(f'truncate table {target}."{table}"')
        else:
            conn.execute(f'create table {target}."{table}" (like {source}."{table}" including all)')
        conn.execute(f'insert into {target}."{table}" select * from {source}."{table}"')
    last = conn.execute(f"select last_value from {source}.ctl_audit_key_seq").fetchone()[0]
    conn.execute(f"create sequence if not exists {target}.ctl_audit_key_seq")
    conn.execute(f"select setval('{target}.ctl_audit_key_seq', {last})")


def digest(
    conn: psycopg.Connection, schema: str, table: str, without_text: bool = False
) -> tuple[int, str]:
    """Row count and a digest of a table's content, audit keys aside (a rebuilt row gets new
    ones), and text columns too when `without_text` (what a GDPR redaction must leave as it is);
    columns by name, so that two schemas' tables compare whatever their column order."""
    columns = [
        row[0]
        for row in conn.execute(
            "select column_name from information_schema.columns where table_schema = %s"
            " and table_name = %s and column_name not like '%%audit_key'"
            " and (not %s or data_type not in ('text', 'character varying', 'character'))"
            " order by column_name",
            (schema, table, without_text),
        )
    ]
    row = ", ".join(f'"{column}"' for column in columns)
    return conn.execute(
        f"select count(*), coalesce(md5(string_agg(r::text, '|' order by r::text)), '')"
        f' from (select {row} from {schema}."{table}") as r'
    ).fetchone()
