"""The simulator's ground truth, and the same measures read back from the facts of one data
source, both as {(interval, queue or agent, measure): value} without zeros."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import psycopg

from orchestrator.calendar import interval_spans
from orchestrator.idb.codes import CallResult
from simulator.truth import OUTBOUND_COLUMNS

#: Fact keys carry their data source above 10^12 (macros/fact_id.sql); resource keys their
#: Configuration Server type above 10^8 (macros/resource_key.sql).
SOURCE_DIGITS = 10**12
DBID_DIGITS = 10**8
QUEUE_MEASURES = (
    "entered",
    "distributed",
    "answered",
    "abandoned",
    "abandoned_queued",
    "abandoned_ringing",
    "abandoned_short",
    "answered_within_10",
    "answered_within_20",
    "answered_within_30",
    "answered_within_60",
    "queue_seconds",
    "ring_seconds",
)
AGENT_MEASURES = (
    "login_seconds",
    "ready_seconds",
    "not_ready_seconds",
    "busy_seconds",
    "acw_seconds",
    "dnd_seconds",
    "not_ready_break_seconds",
    "not_ready_lunch_seconds",
    "not_ready_meeting_seconds",
    "not_ready_training_seconds",
    "offered",
    "accepted",
    "talk_seconds",
    "hold_seconds",
    "wrap_seconds",
    "consults_received",
    "consults_initiated",
    "consult_seconds",
    "conferences",
    "outbound_accepted",
    "outbound_talk_seconds",
    "outbound_wrap_seconds",
)
STATE_MEASURE = {1: "login", 2: "ready", 3: "not_ready", 4: "busy", 5: "acw", 6: "dnd"}
#: TECHNICAL_DESCRIPTOR_KEY groups (seeds/fixed/fixed_technical_descriptor.csv).
ROUTED_TO_AGENT = {1, 7, 9, 10}
JOINED_FROM_CONSULT = {2, 6}
RECEIVED_CONSULT = 3
ANSWERED_SEGMENT = 14
ABANDONED_QUEUED = 16
ABANDONED = {10: "abandoned_ringing", ABANDONED_QUEUED: "abandoned_queued"}
INBOUND, OUTBOUND = 1, 4

Measures = dict[tuple[int, object, str], int]


def truth(directory: Path, name: str, key: str, measures: tuple[str, ...]) -> Measures:
    result: Measures = defaultdict(int)
    with (directory / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for measure in measures:
                value = int(row[measure])
                if value:
                    subject = int(row[key]) if key == "agent_id" else row[key]
                    result[(int(row["interval_start"]), subject, measure)] += value
    return dict(result)


def queue_measures(conn: psycopg.Connection, data_source_key: int) -> Measures:
    result: Measures = defaultdict(int)
    rows = conn.execute(
        "select m.start_date_time_key, r.resource_name, m.technical_descriptor_key,"
        " m.short_abandoned_flag, coalesce(i.queue_duration, m.mediation_duration),"
        " i.ring_duration,"
        " i.start_ts + i.ring_duration - m.start_ts"
        " from gim.mediation_segment_fact as m join gim.resource_ as r using (resource_key)"
        " left join gim.interaction_resource_fact as i"
        "  on i.interaction_resource_id = m.target_ixn_resource_id"
        " where m.mediation_segment_id / %s = %s",
        (SOURCE_DIGITS, data_source_key),
    )
    for interval, queue, descriptor, short, waited, ring, to_answer in rows:
        add = _adder(result, interval, queue)
        add("entered", 1)
        if waited is None:  # still in the queue (ACTIVE_FLAG 1)
            continue
        add("queue_seconds", waited)
        if ring is not None:
            add("distributed", 1)
            add("ring_seconds", ring)
        if descriptor == ANSWERED_SEGMENT:
            add("answered", 1)
            for seconds in (10, 20, 30, 60):
                add(f"answered_within_{seconds}", int(to_answer <= seconds))
        else:
            add("abandoned", 1)
            add(ABANDONED[descriptor], 1)
            add("abandoned_short", short)
    return _without_zeros(result)


def mediation_rows(conn: psycopg.Connection, data_source_key: int) -> Measures:
    """The INTERACTION_RESOURCE_FACT rows of routing points where a caller hung up while queued,
    per interval and virtual queue, as the truth's `abandoned_queued`; only the interaction's
    last row counts, so a row that does not end its interaction shows as a difference."""
    result: Measures = defaultdict(int)
    rows = conn.execute(
        "select i.start_date_time_key, r.resource_name, i.last_interaction_resource"
        " from gim.interaction_resource_fact as i"
        " join gim.resource_ as r on r.resource_key = i.last_vqueue_resource_key"
        " where i.technical_descriptor_key = %s and i.interaction_resource_id / %s = %s",
        (ABANDONED_QUEUED, SOURCE_DIGITS, data_source_key),
    )
    for interval, queue, last in rows:
        result[(interval, queue, "abandoned_queued")] += last
    return _without_zeros(result)


def agent_measures(conn: psycopg.Connection, data_source_key: int) -> Measures:
    result: Measures = defaultdict(int)
    in_source = (SOURCE_DIGITS, data_source_key)
    states = conn.execute(
        "select resource_key %% %s, resource_state_key, start_ts, end_ts"
        " from gim.sm_res_state_fact where sm_res_state_fact_key / %s = %s"
        " union all select resource_key %% %s, 1, start_ts, end_ts"
        " from gim.sm_res_session_fact where sm_res_session_fact_key / %s = %s",
        (DBID_DIGITS, *in_source, DBID_DIGITS, *in_source),
    )
    for agent, state, start, end in states:
        for interval, seconds in interval_spans(start, end):
            result[(interval, agent, f"{STATE_MEASURE[state]}_seconds")] += seconds
    reasons = conn.execute(
        "select f.resource_key %% %s, lower(r.software_reason_value), f.start_ts, f.end_ts"
        " from gim.sm_res_state_reason_fact as f join gim.resource_state_reason as r"
        " using (resource_state_reason_key) where f.sm_res_state_reason_fact_key / %s = %s",
        (DBID_DIGITS, *in_source),
    )
    for agent, reason, start, end in reasons:
        for interval, seconds in interval_spans(start, end):
            result[(interval, agent, f"not_ready_{reason}_seconds")] += seconds
    handled = conn.execute(
        "select i.start_date_time_key, i.resource_key %% %s, i.technical_descriptor_key,"
        " i.interaction_type_key, i.talk_count, i.talk_duration, i.hold_duration,"
        " i.after_call_work_duration, p.start_date_time_key, i.cons_init_dial_count,"
        " i.cons_init_talk_duration + i.cons_rcv_talk_duration, i.conference_initiated_count"
        " from gim.interaction_resource_fact as i left join gim.interaction_resource_fact as p"
        "  on p.interaction_resource_id = i.prev_irf_id"
        " where i.interaction_resource_id / %s = %s",
        (DBID_DIGITS, *in_source),
    )
    for row in handled:
        interval, agent, descriptor, kind, talks, talk, hold, wrap, previous = row[:9]
        consults_made, consulting, conferences = row[9:]
        add = _adder(result, interval, agent)
        # The consultations an agent made count on the party it consulted from (CONS_INIT_*),
        # the colleague's on its consultation party (CONS_RCV_*).
        add("consults_initiated", consults_made)
        add("consult_seconds", consulting)
        add("conferences", conferences)
        if kind == INBOUND and descriptor in ROUTED_TO_AGENT:
            add("offered", 1)
            add("accepted", int(talks > 0))
            add("talk_seconds", talk)
            add("hold_seconds", hold)
            add("wrap_seconds", wrap)
        elif descriptor in JOINED_FROM_CONSULT:
            # The colleague's time after joining counts where the consultation began.
            joined = _adder(result, previous, agent)
            joined("talk_seconds", talk)
            joined("wrap_seconds", wrap)
        elif descriptor == RECEIVED_CONSULT:
            add("consults_received", 1)
            add("wrap_seconds", wrap)
        elif kind == OUTBOUND and talks:
            add("outbound_accepted", 1)
            add("outbound_talk_seconds", talk)
            add("outbound_wrap_seconds", wrap)
    return _without_zeros(result)


def _adder(result: Measures, interval: int, subject: object):
    def add(measure: str, value: int) -> None:
        result[(interval, subject, measure)] += value

    return add


def _without_zeros(result: Measures) -> Measures:
    return {key: value for key, value in result.items() if value}


def differences(expected: Measures, actual: Measures) -> list[tuple]:
    """(key, truth, facts) wherever they disagree, first few in order."""
    keys = sorted(set(expected) | set(actual), key=str)
    return [
        (key, expected.get(key), actual.get(key))
        for key in keys
        if expected.get(key) != actual.get(key)
    ]


#: Per-interaction measures of the simulator's interactions.csv, and the descriptor groups that
#: mark an interaction transferred, consulted or conferenced.
INTERACTION_MEASURES = (
    "queue_seconds",
    "ring_seconds",
    "talk_seconds",
    "hold_seconds",
    "wrap_seconds",
    "transferred",
    "consulted",
    "conference",
)
MARKED_BY = {"transferred": {2, 7, 8}, "consulted": {3, 4, 13}, "conference": {6, 9}}

Interactions = dict[str, dict[str, int]]


def interaction_truth(directory: Path) -> Interactions:
    """{simulator call ID: {measure: value}} of every inbound interaction."""
    with (directory / "interactions.csv").open(encoding="utf-8") as handle:
        return {
            row["call_id"]: {measure: int(row[measure]) for measure in INTERACTION_MEASURES}
            for row in csv.DictReader(handle)
        }


def interaction_measures(conn: psycopg.Connection, data_source_key: int) -> Interactions:
    """The same measures per inbound interaction, read from the facts (keyed by the root call's
    CALLID, MEDIA_SERVER_IXN_GUID)."""
    in_source = (SOURCE_DIGITS, data_source_key)
    guids = dict(
        conn.execute(
            "select interaction_id, media_server_ixn_guid from gim.interaction_fact"
            " where interaction_id / %s = %s and interaction_type_key = %s",
            (*in_source, INBOUND),
        ).fetchall()
    )
    result: dict[int, dict[str, int]] = {
        interaction: dict.fromkeys(INTERACTION_MEASURES, 0) for interaction in guids
    }
    queued = conn.execute(
        "select m.interaction_id, coalesce(i.queue_duration, m.mediation_duration)"
        " from gim.mediation_segment_fact as m left join gim.interaction_resource_fact as i"
        "  on i.interaction_resource_id = m.target_ixn_resource_id"
        " where m.interaction_id / %s = %s",
        in_source,
    )
    for interaction, seconds in queued:
        if interaction in result:
            result[interaction]["queue_seconds"] += seconds or 0  # none while still queued
    parties = conn.execute(
        "select interaction_id, technical_descriptor_key, ring_duration, talk_duration,"
        " hold_duration, after_call_work_duration from gim.interaction_resource_fact"
        " where interaction_id / %s = %s",
        in_source,
    )
    for interaction, descriptor, ring, talk, hold, wrap in parties:
        measures = result.get(interaction)
        if measures is None:
            continue
        if descriptor in ROUTED_TO_AGENT:
            measures["ring_seconds"] += ring
            measures["talk_seconds"] += talk
            measures["hold_seconds"] += hold
            measures["wrap_seconds"] += wrap
        elif descriptor in JOINED_FROM_CONSULT:
            measures["talk_seconds"] += talk
            measures["wrap_seconds"] += wrap
        for flag, descriptors in MARKED_BY.items():
            if descriptor in descriptors:
                measures[flag] = 1
    return {guids[interaction]: measures for interaction, measures in result.items()}


def routing_point_seconds(conn: psycopg.Connection, data_source_key: int) -> dict[str, int]:
    """ROUTING_POINT_DURATION summed over each inbound interaction's rows, keyed as
    interaction_measures keys them; interactions with none left out."""
    rows = conn.execute(
        "select interactions.media_server_ixn_guid, sum(parties.routing_point_duration)"
        " from gim.interaction_fact as interactions"
        " inner join gim.interaction_resource_fact as parties"
        "  on interactions.interaction_id = parties.interaction_id"
        " where interactions.interaction_id / %s = %s and interactions.interaction_type_key = %s"
        " group by interactions.media_server_ixn_guid",
        (SOURCE_DIGITS, data_source_key, INBOUND),
    )
    return {guid: int(seconds) for guid, seconds in rows if seconds}


def interaction_differences(expected: Interactions, actual: Interactions) -> list[tuple]:
    """(call ID, measure, truth, facts) wherever they disagree, in order."""
    found = []
    for call_id in sorted(set(expected) | set(actual)):
        want, got = expected.get(call_id), actual.get(call_id)
        if want is None or got is None:
            found.append((call_id, "present", want is not None, got is not None))
            continue
        found += [
            (call_id, measure, want[measure], got[measure])
            for measure in INTERACTION_MEASURES
            if want[measure] != got[measure]
        ]
    return found


#: Per interval and campaign (outbound_intervals.csv): attempts by OCS result, calls connected to
#: an agent and their talk.
OUTBOUND_MEASURES = OUTBOUND_COLUMNS[3:]


def outbound_measures(conn: psycopg.Connection, data_source_key: int) -> Measures:
    """{(interval dialled, campaign name, measure): value} from CONTACT_ATTEMPT_FACT, with the
    connected agent's talk from the INTERACTION_RESOURCE_FACT rows of the attempt's call."""
    result: Measures = defaultdict(int)
    attempts = conn.execute(
        "select a.start_date_time_key, c.campaign_name, a.call_result_key,"
        " sum(i.talk_count), sum(i.talk_duration)"
        " from gim.contact_attempt_fact as a join gim.campaign as c using (campaign_key)"
        " left join gim.interaction_resource_fact as i"
        "  on i.interaction_id = a.interaction_id and i.resource_key = a.resource_key"
        " where a.contact_attempt_fact_key / %s = %s"
        " group by a.contact_attempt_fact_key, a.start_date_time_key, c.campaign_name,"
        "  a.call_result_key",
        (SOURCE_DIGITS, data_source_key),
    )
    for interval, campaign, call_result, talks, talk in attempts:
        add = _adder(result, interval, campaign)
        add("attempts", 1)
        name = CallResult(call_result).name.lower()
        if name in OUTBOUND_MEASURES:
            add(name, 1)
        if talks:
            add("connected", 1)
            add("talk_seconds", talk)
    return _without_zeros(result)


#: interactions.csv's attached-data columns, and INTERACTION_DESCRIPTOR / IRF_USER_DATA_GEN_1's.
ATTACHED = {
    "g_customer_segment": "d.customer_segment",
    "g_service_type": "d.service_type",
    "customer_id": "g.customer_id",
}

AttachedData = dict[str, set[tuple[str, ...]]]


def attached_data_truth(directory: Path) -> tuple[AttachedData, dict[str, str]]:
    """Per interaction (root CALLID): its attached values as a one-element set, and its business
    result."""
    with (directory / "interactions.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return (
        {row["call_id"]: {tuple(row[column] for column in ATTACHED)} for row in rows},
        {row["call_id"]: row["g_business_result"] for row in rows},
    )


def attached_data_of_facts(
    conn: psycopg.Connection, data_source_key: int
) -> tuple[AttachedData, dict[str, set[str]]]:
    """Per inbound interaction with a party routed to an agent: the attached values each such
    IRF row carries (INTERACTION_DESCRIPTOR through IRF_USER_DATA_KEYS, IRF_USER_DATA_GEN_1), and
    the business results they carry."""
    rows = conn.execute(
        f"select f.media_server_ixn_guid, {', '.join(ATTACHED.values())}, d.business_result"
        " from gim.interaction_resource_fact as i"
        " join gim.interaction_fact as f using (interaction_id)"
        " join gim.irf_user_data_keys as k using (interaction_resource_id)"
        " join gim.interaction_descriptor as d using (interaction_descriptor_key)"
        " join gim.irf_user_data_gen_1 as g using (interaction_resource_id)"
        " where i.interaction_id / %s = %s and f.interaction_type_key = %s"
        " and i.technical_descriptor_key = any(%s)",
        (SOURCE_DIGITS, data_source_key, INBOUND, sorted(ROUTED_TO_AGENT)),
    ).fetchall()
    values: AttachedData = defaultdict(set)
    results: dict[str, set[str]] = defaultdict(set)
    for guid, *attached, business_result in rows:
        values[guid].add(tuple(value or "" for value in attached))
        if business_result:
            results[guid].add(business_result)
    return values, results
