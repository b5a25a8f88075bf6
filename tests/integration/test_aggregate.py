"""Job_AggregateGIM on simulated days in a schema of their own (so no other suite's data mixes
in), with the reporting calendar in America/New_York, whose 2026-03-08 has 23 hours: the levels
add up, interval-based seconds add up to the facts, queue and agent aggregates equal the sum of
the three seeds' ground truths (and, in a schema of its own, a small center's simulated week's),
and re-aggregating or aggregating again changes nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from aggregated_day import (
    HIERARCHIES,
    PERSON_KEY_BASE,
    SCHEMA,
    STATE_TRUTH,
    WEEK_SCHEMA,
    Measures,
    aggregate_measures,
    center,
    differences,
    queue_group_truth_differences,
    queue_groups,
    queue_truth_differences,
    run,
    summed_truth,
)

from orchestrator.aggregate.requests import parse_parameters
from orchestrator.catalogue import AGGREGATE_PENDING, TAG_AGGREGATE, Catalogue
from orchestrator.control import history
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import DbtError, JobFailed
from orchestrator.idb.codes import CallResult
from orchestrator.jobs import job_named, run_job
from simulator.truth import OUTBOUND_COLUMNS

pytestmark = pytest.mark.slow


@pytest.fixture
def agg_conn(uri: str, initialized):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection


@dataclass(frozen=True)
class Reconciled:
    """An aggregated Info Mart schema, its ground truths, and the least each truth must hold
    (so that a reconciliation of nothing cannot pass)."""

    schema: str
    truths: dict[int, Path]
    least: dict[str, int]


#: The least count of each checked truth, per simulation.
LEAST = {
    "day": {"entered": 1500, "accepted": 1000, "short": 1, "attempts": 500},
    "week": {"entered": 1000, "accepted": 800, "short": 0, "attempts": 100},
}


@pytest.fixture(params=list(LEAST))
def reconciled(request) -> Reconciled:
    """The three seeds' day, then the small center's week."""
    if request.param == "day":
        _, truths = request.getfixturevalue("aggregated")
        return Reconciled(SCHEMA, truths, LEAST["day"])
    _, truths = request.getfixturevalue("aggregated_week")
    return Reconciled(WEEK_SCHEMA, truths, LEAST["week"])


def _total(expected: Measures, measure: str) -> int:
    return sum(v for (_, _, m), v in expected.items() if m == measure)


def test_queue_aggregates_equal_the_ground_truth(reconciled, agg_conn) -> None:
    entered, unequal = queue_truth_differences(agg_conn, reconciled.schema, reconciled.truths)
    assert entered > reconciled.least["entered"]
    assert unequal == []
    # The simulator's strategies never clear a stay from its queue.
    cleared = f"select coalesce(sum(cleared), 0) from {reconciled.schema}.ag2_queue_subhr"
    assert agg_conn.execute(cleared).fetchone() == (0,)


def test_queue_group_aggregates_equal_their_queues_ground_truth(reconciled, agg_conn) -> None:
    """H_QUEUE_GRP: each DN group's measures are those of its queues' stays; a voice site's
    virtual queue is in two groups (its service's and its site's) and counts in both."""
    expected, unequal = queue_group_truth_differences(
        agg_conn, reconciled.schema, reconciled.truths
    )
    assert unequal == []
    in_two = [queue for queue, groups in queue_groups(reconciled.truths).items() if len(groups) > 1]
    assert in_two
    by_queue = summed_truth(
        reconciled.truths, "queue_intervals.csv", "virtual_queue", {"entered": "entered"}
    )
    entered = sum(v for (_, _, m), v in expected.items() if m == "entered")
    assert entered > sum(by_queue.values()) > reconciled.least["entered"]
    assert None not in {group for _, group, _ in expected}


def test_agent_state_seconds_equal_the_ground_truth(reconciled, agg_conn) -> None:
    measures = list(STATE_TRUTH)
    actual = aggregate_measures(
        agg_conn,
        f"select date_time_key, resource_key - {PERSON_KEY_BASE},"
        f" {', '.join(measures)} from {reconciled.schema}.ag2_i_sess_state_subhr",
        measures,
    )
    expected = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", STATE_TRUTH)
    assert {m for _, _, m in expected} == set(STATE_TRUTH)
    assert differences(expected, actual)[:5] == []


def test_agents_offered_and_accepted_equal_the_ground_truth(reconciled, agg_conn) -> None:
    """RAA's ACCEPTED_THREAD is ACCEPTED_UNIQUE: the IDB contract has no threads."""
    columns = {
        "offered": "offered",
        "accepted": "accepted",
        "short": "short_engagements",
        "accepted_unique": "accepted_unique",
        "accepted_thread": "accepted_unique",
        "responses": "responses",
    }
    actual = aggregate_measures(
        agg_conn,
        f"select date_time_key, resource_key - {PERSON_KEY_BASE}, {', '.join(columns)}"
        f" from {reconciled.schema}.ag2_agent_subhr where interaction_type_key = 1",
        list(columns),
    )
    expected = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", columns)
    assert _total(expected, "accepted") > reconciled.least["accepted"]
    assert _total(expected, "short") >= reconciled.least["short"]
    # E-mails are accepted but are not responses: the two measures differ.
    assert 0 < _total(expected, "responses") < _total(expected, "accepted")
    assert differences(expected, actual)[:5] == []


#: RESOURCE_STATE codes, and the truth's columns of legs offered from each state.
STATES_BEFORE = {
    "READY": "offered_from_ready",
    "NOT_READY": "offered_from_not_ready",
    "BUSY": "offered_from_busy",
    "ACW": "offered_from_acw",
    "DND": "offered_from_dnd",
}


def test_the_agent_state_before_each_offer_equals_the_ground_truth(reconciled, agg_conn) -> None:
    """IRF.RES_PREVIOUS_SM_STATE_KEY of the rows AG2_AGENT counts as offered (customer rows:
    not a transfer or consultation received, a consultation made or a conference joined). The
    day's three seeds are three data sources with the same agents, so a state counts only when
    it comes from the row's own data source (fact keys carry it above 10^12): an agent who logs
    in as the call rings has no earlier state in its own simulation."""
    own_source = (
        "parties.res_previous_sm_state_fact_key / 1000000000000"
        " = parties.interaction_resource_id / 1000000000000"
    )
    counts = ", ".join(
        f"sum(case when states.state_name_code = '{code}' and {own_source} then 1 else 0 end)"
        for code in STATES_BEFORE
    )
    actual = aggregate_measures(
        agg_conn,
        f"select parties.start_date_time_key, parties.resource_key - {PERSON_KEY_BASE}, {counts}"
        f" from {reconciled.schema}.interaction_resource_fact as parties"
        f" left join {reconciled.schema}.resource_state as states"
        "  on parties.res_previous_sm_state_key = states.resource_state_key"
        " where parties.active_flag = 0 and parties.interaction_type_key = 1"
        "  and parties.technical_descriptor_key not in (2, 3, 4, 6)"
        "  and parties.dial_count + parties.ring_count + parties.talk_count > 0"
        f"  and parties.resource_key between {PERSON_KEY_BASE} and {PERSON_KEY_BASE + 10**8 - 1}"
        " group by 1, 2",
        list(STATES_BEFORE),
    )
    expected = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", STATES_BEFORE)
    assert _total(expected, "READY") > reconciled.least["accepted"] // 2
    assert _total(expected, "ACW") > 0  # offered while still wrapping up the previous call
    assert differences(expected, actual)[:5] == []


def test_agents_who_disconnected_first_equal_the_ground_truth(reconciled, agg_conn) -> None:
    """AGENT_DISCONNECT_FIRST (IRF.STOP_ACTION) on every kind of call: inbound calls the agent
    hung up or transferred to another site, consultation calls (their initiator) and answered
    outbound calls, in the interval the agent's part began."""
    columns = {"agent_disconnect_first": "disconnected_first"}
    actual = aggregate_measures(
        agg_conn,
        f"select date_time_key, resource_key - {PERSON_KEY_BASE}, agent_disconnect_first"
        f" from {reconciled.schema}.ag2_agent_subhr",
        list(columns),
    )
    expected = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", columns)
    assert _total(expected, "agent_disconnect_first") > reconciled.least["accepted"] // 5
    assert differences(expected, actual)[:5] == []


#: RAA measures the IDB contract gives no occasion for, with the reason: always 0.
NEVER = {
    "ag2_agent_subhr": {
        "responded_unique": "no reply interactions",
        "rejected": "no redirect on no answer",
        "consult_rcv_warm_wrap": "the wrap after a call taken over follows the customer's call",
        "consult_rcv_warm_wrap_time": "(as consult_rcv_warm_wrap)",
    },
    "ag2_queue_subhr": {
        "redirected": "no redirect on no answer",
        "routed_other": "strategies route only to agents",
    },
}


def test_measures_the_idb_contract_gives_no_occasion_for_are_zero(reconciled, agg_conn) -> None:
    for table, measures in NEVER.items():
        sums = ", ".join(f"coalesce(sum({measure}), 0)" for measure in measures)
        found = agg_conn.execute(f"select {sums} from {reconciled.schema}.{table}").fetchone()
        assert dict(zip(measures, found, strict=True)) == dict.fromkeys(measures, 0), table


def test_agents_consultations_and_conferences_equal_the_ground_truth(reconciled, agg_conn) -> None:
    """RAA's consult, conference and transfer measures: the initiator's in the interval its
    customer's call was offered, the colleague's in the interval the consultation began (or,
    once it took the customer over or joined the conference, where it joined)."""
    columns = {
        "consult_initiated": "consults_initiated",
        "consult_initiated_time": "consult_initiated_seconds",
        "consult_received_wrap": "consult_wraps",
        "consult_received_wrap_time": "consult_wrap_seconds",
        "conference_initiated": "conferences",
        "conference_received_accepted": "conferences_joined",
        "xfer_received_accepted": "transfers_received",
        # Warm: the colleague then took the customer over or joined the conference.
        "consult_rcv_acc_warm": "warm_consults_received",
        "consult_rcv_warm_engage_time": "warm_consult_seconds",
        "consult_rcv_warm_hold": "warm_consult_holds",
        "consult_rcv_warm_hold_time": "warm_consult_hold_seconds",
    }
    #: Cold: every consultation received, less the warm ones.
    cold = {
        "consult_received_accepted": "consults_received",
        "consult_responses": "consult_responses",
        "consult_received_hold": "consult_holds",
        "consult_received_hold_time": "consult_hold_seconds",
    }
    actual = aggregate_measures(
        agg_conn,
        f"select date_time_key, resource_key - {PERSON_KEY_BASE}, {', '.join([*columns, *cold])}"
        f" from {reconciled.schema}.ag2_agent_subhr",
        [*columns, *cold],
    )
    expected = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", columns)
    every = summed_truth(reconciled.truths, "agent_intervals.csv", "agent_id", cold)
    warm = summed_truth(
        reconciled.truths,
        "agent_intervals.csv",
        "agent_id",
        {measure: f"warm_{column}" for measure, column in cold.items()},
    )
    for key, value in every.items():
        if value - warm.get(key, 0):
            expected[key] = value - warm.get(key, 0)
    assert {m for _, _, m in expected} == set(columns) | set(cold)
    assert differences(expected, actual)[:5] == []


def test_campaign_aggregates_equal_the_ground_truth(reconciled, agg_conn) -> None:
    """Attempts by OCS call result, connects and talk per interval dialled and campaign."""
    results = OUTBOUND_COLUMNS[4:-2]
    columns = {name: name for name in ("attempts", *results, "connected")}
    columns["engage_time"] = "talk_seconds"
    expected = summed_truth(reconciled.truths, "outbound_intervals.csv", "campaign", columns)
    actual: Measures = defaultdict(int)
    rows = agg_conn.execute(
        f"select a.date_time_key, c.campaign_name, a.call_result_key, a.attempts, a.connected,"
        f" a.engage_time from {reconciled.schema}.ag2_campaign_subhr as a"
        f" join {reconciled.schema}.campaign as c using (campaign_key)"
    )
    for interval, campaign, call_result, attempts, connected, talk in rows:
        for measure, value in (
            ("attempts", attempts),
            (CallResult(call_result).name.lower(), attempts),
            ("connected", connected),
            ("engage_time", talk),
        ):
            if measure in columns and value:
                actual[(interval, campaign, measure)] += value
    assert _total(expected, "attempts") > reconciled.least["attempts"]
    assert differences(expected, dict(actual))[:5] == []


def test_the_week_has_calls_every_day_and_every_kind_of_call(aggregated_week) -> None:
    """What the week's reconciliation stands on: calls on each of its days, and among them
    transfers, consultations, conferences and abandons."""
    _, truths = aggregated_week
    measures = (
        "offered",
        "transferred",
        "consults_initiated",
        "conferences",
        "transfers_received",
        "conferences_joined",
    )
    agents = summed_truth(truths, "agent_intervals.csv", "agent_id", {m: m for m in measures})
    queues = summed_truth(
        truths, "queue_intervals.csv", "virtual_queue", {"abandoned": "abandoned"}
    )
    seen = {**agents, **queues}
    assert len({interval // 86_400 for interval, _, m in seen if m == "offered"}) == 7
    assert {m for _, _, m in seen} == {*measures, "abandoned"}


#: Totals two hierarchies must agree on (table.measure = table.measure).
SAME_TOTALS = (
    ("ag2_agent_day.offered", "ag2_agent_queue_day.offered"),
    ("ag2_agent_day.engage_time", "ag2_id_year.engage_time"),
    ("ag2_queue_day.accepted", "ag2_queue_acc_agent_day.accepted"),
    ("ag2_queue_day.handle_time", "ag2_queue_acc_agent_month.handle_time"),
    ("ag2_queue_day.abandoned", "ag2_queue_abn_day.abandoned"),
    ("ag2_queue_subhr.abandoned_time", "ag2_queue_abn_year.abandoned_time"),
    ("ag2_campaign_day.connected", "ag2_agent_campaign_day.accepted"),
    ("ag2_campaign_day.engage_time", "ag2_agent_campaign_qrtr.engage_time"),
)


@pytest.mark.parametrize(("left", "right"), SAME_TOTALS)
def test_hierarchies_agree_on_the_totals_they_share(aggregated, agg_conn, left, right) -> None:
    totals = [
        agg_conn.execute(
            f"select sum({side.split('.')[1]}) from {SCHEMA}.{side.split('.')[0]}"
        ).fetchone()[0]
        for side in (left, right)
    ]
    assert totals[0] == totals[1] > 0


#: (child level, parent level, the parent period of a child row's DATE_TIME_KEY).
LEVEL_PAIRS = (
    ("subhr", "hour", "c.date_time_key - c.date_time_key % 3600"),
    ("hour", "day", "cal.date_time_day_key"),
    ("subhr", "day", "cal.date_time_day_key"),
    ("day", "month", "cal.date_time_month_key"),
    ("month", "qrtr", "cal.date_time_quarter_key"),
    ("qrtr", "year", "cal.date_time_year_key"),
)


@pytest.mark.parametrize("hierarchy", HIERARCHIES)
@pytest.mark.parametrize(("child", "parent", "period"), LEVEL_PAIRS)
def test_each_level_sums_to_the_next(aggregated, agg_conn, hierarchy, child, parent, period):
    """HOUR (UTC) and DAY (New York, 23 hours on 2026-03-08) from SUBHR, and upwards."""
    columns = [
        row[0]
        for row in agg_conn.execute(
            "select column_name from information_schema.columns where table_schema = %s"
            " and table_name = %s and column_name not in"
            " ('date_time_key', 'create_audit_key', 'update_audit_key') order by ordinal_position",
            (SCHEMA, f"ag2_{hierarchy}_{parent}"),
        )
    ]
    groups = [c for c in columns if c.endswith("_key")]
    values = [c for c in columns if not c.endswith("_key")]
    summed = ", ".join(f"{'max' if c.endswith('_max') else 'sum'}(c.{c}) as {c}" for c in values)
    rolled = (
        f"select {period} as date_time_key, {', '.join(f'c.{g}' for g in groups)}, {summed}"
        f" from {SCHEMA}.ag2_{hierarchy}_{child} as c"
        f" join {SCHEMA}.date_time as cal on cal.date_time_key = c.date_time_key"
        f" group by 1, {', '.join(f'c.{g}' for g in groups)}"
    )
    stored = f"select date_time_key, {', '.join(columns)} from {SCHEMA}.ag2_{hierarchy}_{parent}"
    assert agg_conn.execute(f"select count(*) from ({stored}) as s").fetchone()[0] > 0
    for left, right in ((rolled, stored), (stored, rolled)):
        assert agg_conn.execute(f"({left}) except ({right}) limit 3").fetchall() == []


def test_the_dst_day_is_23_hours_of_intervals(aggregated, agg_conn) -> None:
    day_key, hours = agg_conn.execute(
        f"select date_time_day_key, count(distinct date_time_key - date_time_key % 3600)"
        f" from {SCHEMA}.date_time where cal_date = '2026-03-08' group by 1"
    ).fetchone()
    assert hours == 23
    seconds = agg_conn.execute(
        f"select sum(active_time) from {SCHEMA}.ag2_i_sess_state_day where date_time_key = %s",
        (day_key,),
    ).fetchone()[0]
    assert seconds > 0


def test_the_aggregates_pass_their_grain_and_consistency_data_tests(aggregated, agg_conn) -> None:
    """`dbt test --select tag:aggregate`: one grain test per AG2_* table and the consistency test
    of every level against the level it is summed from; each catches what it is there for."""
    project, _ = aggregated
    results = project.run("test", TAG_AGGREGATE)
    grains = [r for r in results if r.name.startswith("aggregate_grain_")]
    assert len(grains) == len(project.catalogue().aggregate_tables)
    assert "aggregate_levels_add_up" in {r.name for r in results}
    assert {r.status for r in results} == {"pass"}
    month = f"{SCHEMA}.ag2_queue_month"
    grain = (
        "date_time_key",
        "tenant_key",
        "resource_key",
        "media_type_key",
        "interaction_type_key",
    )
    key = agg_conn.execute(f"select {', '.join(grain)} from {month} limit 1").fetchone()
    first = " and ".join(f"{column} = %s" for column in grain)
    agg_conn.execute(f"update {month} set entered = entered + 1 where {first}", key)
    try:
        with pytest.raises(DbtError, match="aggregate_levels_add_up fail"):
            project.run("test", "aggregate_levels_add_up")
    finally:
        agg_conn.execute(f"update {month} set entered = entered - 1 where {first}", key)
    hour = f"{SCHEMA}.ag2_queue_hour"
    agg_conn.execute(f"insert into {hour} select * from {hour} limit 1")
    try:
        with pytest.raises(DbtError, match=r"aggregate_grain_ag2_queue_hour.* fail"):
            project.run("test", "ag2_queue_hour,test_name:aggregate_grain")
    finally:
        agg_conn.execute(
            f"delete from {hour} where ctid in (select max(ctid) from {hour} group by"
            " date_time_key, tenant_key, resource_key, media_type_key, interaction_type_key"
            " having count(*) > 1)"
        )
    project.run("test", TAG_AGGREGATE)


def test_every_aggregate_column_is_documented_and_every_documented_column_exists(
    aggregated, agg_conn
) -> None:
    project, _ = aggregated
    aggregate = TAG_AGGREGATE.removeprefix("tag:")
    nodes = [
        node
        for node in project.manifest().nodes.values()
        if node.resource_type == "model" and aggregate in node.tags
    ]
    assert len(nodes) > len(project.catalogue().aggregate_tables)
    problems = []
    for node in nodes:
        built = [
            row[0]
            for row in agg_conn.execute(
                "select column_name from information_schema.columns"
                " where table_schema = %s and table_name = %s",
                (SCHEMA, node.name),
            )
        ]
        assert built, f"{node.name} was not built"
        documented = {name: column.description for name, column in node.columns.items()}
        problems += [f"{node.name}.{c}: not documented" for c in built if not documented.get(c)]
        problems += [
            f"{node.name}.{c}: documented, not built" for c in documented if c not in built
        ]
    assert problems == []


def test_interval_seconds_add_up_to_the_facts(aggregated, agg_conn) -> None:
    for aggregate, measures, fact in (
        ("ag2_i_sess_state_year", "active_time", "sm_res_state_fact"),
        (
            "ag2_i_agent_year",
            "dial_time + ring_time + engage_time + hold_time + wrap_time"
            " + consult_engage_time + consult_hold_time",
            "ixn_resource_state_fact",
        ),
    ):
        aggregated_seconds, fact_seconds = agg_conn.execute(
            f"select (select sum({measures}) from {SCHEMA}.{aggregate}),"
            f" (select sum(total_duration) from {SCHEMA}.{fact} where end_ts is not null)"
        ).fetchone()
        assert aggregated_seconds == fact_seconds > 0, aggregate


def _all_rows(conn: psycopg.Connection, catalogue: Catalogue) -> dict[str, list[tuple]]:
    found = {}
    for table in catalogue.aggregate_tables:
        rows = conn.execute(f"select * from {SCHEMA}.{table}")
        kept = [i for i, c in enumerate(rows.description) if not c.name.endswith("_audit_key")]
        found[table] = sorted((tuple(row[i] for i in kept) for row in rows), key=repr)
    return found


def test_aggregating_again_changes_nothing(aggregated, agg_conn, catalogue) -> None:
    project, _ = aggregated
    before = _all_rows(agg_conn, catalogue)
    summary = run("Job_AggregateGIM", center(), project)
    assert summary[0].startswith("0 aggregate rows written into ")
    assert _all_rows(agg_conn, catalogue) == before


def test_re_aggregating_a_range_gives_the_same_rows(aggregated, agg_conn, catalogue) -> None:
    project, _ = aggregated
    before = _all_rows(agg_conn, catalogue)
    agg_conn.execute(f"delete from {SCHEMA}.ag2_queue_hour where date_time_key % 7200 = 0")
    summary = run(
        "Job_AggregateGIM", center(), project, "-insertPendingAgg", "ALLSETS:2026-03-07:2026-03-09"
    )
    assert "requested day ranges" in summary[0]
    assert _all_rows(agg_conn, catalogue) == before


def test_a_request_names_its_sets_and_local_days(catalogue) -> None:
    (request,) = parse_parameters(
        ("-insertPendingAgg", "H_QUEUE-MONTH:2026-03-01:2026-03-31"), catalogue
    )
    assert request.models == ("ag2_queue_subhr", "ag2_queue_day", "ag2_queue_month")
    assert (request.first_day.isoformat(), request.last_day.isoformat()) == (
        "2026-03-01",
        "2026-03-31",
    )
    (everything,) = parse_parameters(
        ("-insertPendingAgg", "ALLSETS:2026-03-01:2026-03-02"), catalogue
    )
    assert everything.models == catalogue.aggregate_tables


def test_a_request_takes_the_guides_set_syntax(catalogue) -> None:
    """The operations guide's examples: level names SUBHOUR and QUARTER, a flavor, a
    comma-separated list of hierarchies, no hierarchy at all, and the guide's CAMPAGN spelling."""

    def models(aggregate_set: str) -> tuple[str, ...]:
        (request,) = parse_parameters(
            ("-insertPendingAgg", f"{aggregate_set}:2014-05-01:2014-05-02"), catalogue
        )
        return request.models

    assert models("H_I_AGENT-SUBHOUR.Offline") == ("ag2_i_agent_subhr",)
    assert models("H_QUEUE-HOUR") == ("ag2_queue_subhr", "ag2_queue_hour")
    both = models("H_AGENT,H_QUEUE-QUARTER")
    assert {"ag2_agent_qrtr", "ag2_queue_qrtr", "ag2_agent_subhr", "ag2_queue_subhr"} <= set(both)
    assert not {name for name in both if not name.startswith(("ag2_agent_", "ag2_queue_"))}
    assert {a.name for a in catalogue.aggregates if a.level == "day"} <= set(models("-DAY"))
    assert not [name for name in models("-DAY") if name.endswith(("_month", "_qrtr", "_year"))]
    assert models("H_AGENT_CAMPAGN-HOUR") == models("H_AGENT_CAMPAIGN-HOUR")
    assert models("H_QUEUE_GRP-DAY") == ("ag2_queue_grp_subhr", "ag2_queue_grp_day")


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (("-insertPendingAgg", "H_NOPE:2026-03-01:2026-03-02"), "no aggregate hierarchy H_NOPE"),
        (("-insertPendingAgg", "H_AGENT-WEEKLY:2026-03-01:2026-03-02"), "no level WEEKLY"),
        (("-insertPendingAgg", "H_AGENT-DAY.Sideways:2026-03-01:2026-03-02"), "no flavor"),
        (("-insertPendingAgg", "ALLSETS:2026-03-02:2026-03-01"), "END is before START"),
        (("-insertPendingAgg", "ALLSETS:March:2026-03-01"), "dates are YYYY-MM-DD"),
        (("-insertPendingAgg",), "needs <AGR_SET>:<START>:<END>"),
        (("-rebuild",), "unknown parameter '-rebuild'"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason(parameters, message, catalogue) -> None:
    from orchestrator.errors import GimError

    with pytest.raises(GimError, match=message):
        parse_parameters(parameters, catalogue)


def test_an_interrupted_aggregation_is_completed_by_the_next_run(
    aggregated, agg_conn, monkeypatch, catalogue
) -> None:
    """Facts of the day are touched; the run dies after rebuilding the SUBHR tables only. The
    next run rebuilds every level (the dead run left no mark), and the rows come out as before."""
    project, _ = aggregated
    before = _all_rows(agg_conn, catalogue)
    touched = agg_conn.execute(f"select nextval('{SCHEMA}.ctl_audit_key_seq')").fetchone()[0]
    agg_conn.execute(
        f"update {SCHEMA}.mediation_segment_fact set update_audit_key = %s", (touched,)
    )
    real_run = DbtProject.run

    def dying_run(self, command, select, variables=None, extra=()):
        subhr = " ".join(
            [AGGREGATE_PENDING]
            + [f"ag2_{hierarchy}_subhr" for hierarchy in catalogue.aggregate_hierarchies]
        )
        real_run(self, command, subhr, variables, extra)
        raise RuntimeError("killed")

    monkeypatch.setattr(DbtProject, "run", dying_run)
    with pytest.raises(JobFailed, match="killed"):
        run("Job_AggregateGIM", center(), project)
    monkeypatch.setattr(DbtProject, "run", real_run)
    stale = {
        level: agg_conn.execute(
            f"select count(*) from {SCHEMA}.ag2_queue_{level} where update_audit_key < %s",
            (touched,),
        ).fetchone()[0]
        for level in catalogue.aggregate_levels
    }
    assert stale["subhr"] == 0 and stale["year"] > 0  # the dead run got as far as SUBHR
    run("Job_AggregateGIM", center(), project)
    for level in catalogue.aggregate_levels:
        assert agg_conn.execute(
            f"select count(*) from {SCHEMA}.ag2_queue_{level} where update_audit_key < %s",
            (touched,),
        ).fetchone() == (0,), level
    assert _all_rows(agg_conn, catalogue) == before


def test_a_queue_with_buckets_of_its_own_counts_in_them(aggregated, agg_conn, catalogue) -> None:
    """queue-service-level-buckets gives one queue 1, 2, 3 and 600 seconds: its ACCEPTED_WITHIN_n
    count the answers within those; the other queues keep the default buckets."""
    project, _ = aggregated
    queue, own = "VQ_Sales_SITE_A", (1, 2, 3, 600)
    before = _all_rows(agg_conn, catalogue)
    request = ("-insertPendingAgg", "H_QUEUE-SUBHR:2026-03-07:2026-03-09")
    options = {"queue-service-level-buckets": f"{queue}: {', '.join(map(str, own))}"}
    run("Job_AggregateGIM", center(aggregate_options=options), project, *request)
    within = ", ".join(f"count(*) filter (where to_answer <= {seconds})" for seconds in own)
    expected = agg_conn.execute(
        f"select {within} from (select i.start_ts + i.ring_duration - m.start_ts as to_answer"
        f" from {SCHEMA}.mediation_segment_fact as m join {SCHEMA}.resource_ as r"
        "  using (resource_key)"
        f" join {SCHEMA}.interaction_resource_fact as i"
        "  on i.interaction_resource_id = m.target_ixn_resource_id"
        " where r.resource_name = %s and m.technical_descriptor_key = 14 and m.active_flag = 0)"
        " as answered",
        (queue,),
    ).fetchone()
    buckets = ", ".join(f"sum(q.accepted_within_{n})" for n in range(1, len(own) + 1))
    actual = agg_conn.execute(
        f"select {buckets} from {SCHEMA}.ag2_queue_subhr as q"
        f" join {SCHEMA}.resource_ as r using (resource_key) where r.resource_name = %s",
        (queue,),
    ).fetchone()
    assert actual == expected and expected[0] < expected[3]
    changed = _all_rows(agg_conn, catalogue)
    assert changed["ag2_queue_subhr"] != before["ag2_queue_subhr"]
    assert {k: v for k, v in changed.items() if k != "ag2_queue_subhr"} == {
        k: v for k, v in before.items() if k != "ag2_queue_subhr"
    }
    run("Job_AggregateGIM", center(), project, *request)
    assert _all_rows(agg_conn, catalogue) == before


def test_a_continuous_aggregation_takes_requests_until_stopped(
    aggregated, agg_conn, catalogue
) -> None:
    """As `gim server` runs it: a pass, then a re-aggregation request handed to the running
    instance, then a stop (SIGTERM) between passes ends it COMPLETE."""
    project, _ = aggregated
    before = _all_rows(agg_conn, catalogue)
    agg_conn.execute(f"delete from {SCHEMA}.ag2_queue_hour where date_time_key % 7200 = 0")
    asked = str(uuid.uuid4())
    history.request_job(
        agg_conn,
        SCHEMA,
        asked,
        "Job_AggregateGIM",
        "-insertPendingAgg ALLSETS:2026-03-07:2026-03-09",
    )
    lines: list[str] = []

    def stop_after_the_second_pass() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not any("pass 2 done" in line for line in lines):
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)

    stopper = threading.Thread(target=stop_after_the_second_pass, daemon=True)
    stopper.start()
    outcome = run_job(
        job_named("Job_AggregateGIM"), center(), echo=lines.append, dbt=project, continuous=True
    )
    stopper.join()
    assert outcome.summary[0] == "2 aggregation passes, stopped between passes"
    assert "requested day ranges" in outcome.summary[2]
    assert agg_conn.execute(
        f"select status, error_message from {SCHEMA}.ctl_etl_history where job_id = %s", (asked,)
    ).fetchone() == ("COMPLETE", f"handed to the running instance (JOB_ID {outcome.job_id})")
    assert agg_conn.execute(
        f"select status from {SCHEMA}.ctl_etl_history where job_id = %s", (outcome.job_id,)
    ).fetchone() == ("COMPLETE",)
    assert _all_rows(agg_conn, catalogue) == before
