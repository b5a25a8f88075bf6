"""Ground truth: the true per-interval metrics, computed from the event log (never from SQL).

Rules (docs/simulator.md): queue measures belong to the 15-minute interval in which the caller
entered the queue; an agent's interaction measures to the interval in which the agent's leg began
ringing; agent state seconds are split exactly across the intervals they span.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path
from typing import Any

from orchestrator.calendar import interval_of, interval_spans
from orchestrator.idb.codes import CallResult, EndpointType

from .legs import ended_by_agent, legs_of
from .model import AgentActivity, Call, Consultation, ConsultKind, EventLog, Outcome
from .params import SimulationParams
from .stamps import gmt
from .topology import NOT_READY_REASONS, Topology, dn_groups


def queue_groups(topology: Topology) -> list[dict]:
    """The virtual queues of each DN group: AG2_QUEUE_GRP's figures are its queues' summed."""
    return [
        {"group_name": group.name, "virtual_queue": queue.number}
        for group in dn_groups(topology)
        for queue in group.queues
        if queue.type is EndpointType.VIRTUAL_QUEUE
    ]


def queue_intervals(params: SimulationParams, topology: Topology, log: EventLog) -> list[dict]:
    rows: dict[tuple[int, int, str], dict[str, Any]] = {}
    for call in log.calls:
        for segment in call.segments:
            key = (interval_of(segment.entered), segment.switch_id, segment.service)
            row = rows.get(key)
            if row is None:
                row = rows[key] = {
                    "interval_start": key[0],
                    "interval_label": gmt(key[0]),
                    "switch_id": key[1],
                    "virtual_queue": topology.service(key[2], key[1]).virtual_queue.number,
                    "entered": 0,
                    "distributed": 0,
                    "answered": 0,
                    "abandoned": 0,
                    "abandoned_queued": 0,
                    "abandoned_ringing": 0,
                    "abandoned_short": 0,
                    "waiting": 0,
                    **{f"answered_within_{s}": 0 for s in params.service_levels},
                    "queue_seconds": 0,
                    "ring_seconds": 0,
                }
            row["entered"] += 1
            if call.waiting:  # still in its queue: neither answered nor abandoned yet
                row["waiting"] += 1
                continue
            row["queue_seconds"] += segment.left - segment.entered
            leg = segment.agent_leg
            if leg is not None:
                row["distributed"] += 1
                row["ring_seconds"] += (leg.answer or leg.release) - leg.ring_start
            if segment.outcome is Outcome.ANSWERED:
                assert leg is not None and leg.answer is not None
                row["answered"] += 1
                for seconds in params.service_levels:
                    row[f"answered_within_{seconds}"] += leg.answer - segment.entered <= seconds
            else:
                row["abandoned"] += 1
                row[str(segment.outcome)] += 1
                gone = leg.release if leg is not None else segment.left
                row["abandoned_short"] += gone - segment.entered <= params.short_abandon_seconds
    return [rows[key] for key in sorted(rows)]


#: Talk seconds at or under which an accepted leg is a short engagement: the default of
#: [gim-aggregate] short-engagement-threshold.
SHORT_ENGAGEMENT_SECONDS = 10
#: Media whose accepted interactions RAA counts as responses (MEDIA_TYPE.IS_ONLINE).
ONLINE_MEDIA = frozenset({"voice", "chat"})
#: A colleague's consultation measures, counted again as `warm_<measure>` when the colleague
#: then took the customer over or joined the conference (RAA's CONSULT_RCV_*WARM*).
WARM_CONSULT_MEASURES = (
    "consults_received",
    "consult_responses",
    "consult_seconds",
    "consult_holds",
    "consult_hold_seconds",
)


def agent_intervals(topology: Topology, log: EventLog) -> list[dict]:
    usernames = {agent.id: agent.username for agent in topology.agents}
    state_columns = {
        AgentActivity.READY: "ready_seconds",
        AgentActivity.NOT_READY: "not_ready_seconds",
        AgentActivity.BUSY: "busy_seconds",
        AgentActivity.AFTER_CALL_WORK: "acw_seconds",
        AgentActivity.DND: "dnd_seconds",
    }
    empty = {
        "login_seconds": 0,
        **{column: 0 for column in state_columns.values()},
        **{f"not_ready_{reason.lower()}_seconds": 0 for reason in NOT_READY_REASONS},
        "offered": 0,
        "accepted": 0,
        "accepted_unique": 0,
        **{f"offered_from_{activity}": 0 for activity in AgentActivity},
        "responses": 0,
        "consult_responses": 0,
        "consult_holds": 0,
        "consult_hold_seconds": 0,
        "consult_wraps": 0,
        "consult_wrap_seconds": 0,
        **{f"warm_{measure}": 0 for measure in WARM_CONSULT_MEASURES},
        "short_engagements": 0,
        "disconnected_first": 0,
        "transferred": 0,
        "conferences": 0,
        "consults_initiated": 0,
        "consults_received": 0,
        "consult_seconds": 0,
        "consult_initiated_seconds": 0,
        "transfers_received": 0,
        "conferences_joined": 0,
        "talk_seconds": 0,
        "hold_seconds": 0,
        "wrap_seconds": 0,
        "outbound_accepted": 0,
        "outbound_talk_seconds": 0,
        "outbound_wrap_seconds": 0,
    }
    rows: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict(empty))
    for session in log.sessions:
        for interval, seconds in interval_spans(session.login, session.logout):
            rows[(interval, session.agent_id)]["login_seconds"] += seconds
        for span in session.spans:
            for interval, seconds in interval_spans(span.start, span.end):
                row = rows[(interval, session.agent_id)]
                row[state_columns[span.activity]] += seconds
                if span.reason:
                    row[f"not_ready_{span.reason.lower()}_seconds"] += seconds
    state_before = _states_before(log)
    for call in log.calls:
        online = call.medium in ONLINE_MEDIA
        handled_before = _first_handlings(call)
        for agent_id, began in _agent_hang_ups(call):
            rows[(interval_of(began), agent_id)]["disconnected_first"] += 1
        for segment in call.segments:
            leg = segment.agent_leg
            if leg is None:
                continue
            row = rows[(interval_of(leg.ring_start), leg.agent_id)]
            row["offered"] += 1
            before = state_before(leg.agent_id, leg.ring_start)
            if before is not None:
                row[f"offered_from_{before}"] += 1
            if leg.answer is not None:
                held = leg.hold[1] - leg.hold[0] if leg.hold else 0
                talk = leg.release - leg.answer - held
                row["accepted"] += 1
                row["accepted_unique"] += handled_before[leg.agent_id] == leg.ring_start
                row["responses"] += online
                row["short_engagements"] += talk <= SHORT_ENGAGEMENT_SECONDS
                row["transferred"] += leg.transferred_to is not None
                row["talk_seconds"] += talk
                row["hold_seconds"] += held
                row["wrap_seconds"] += leg.acw_end - leg.release
                if leg.consultation is not None:
                    _consultation_measures(row, rows, leg.consultation, online)
    for run in log.campaigns:
        for chain in run.chains:
            for attempt in chain.attempts:
                leg = attempt.agent_leg
                if leg is None or leg.answer is None:
                    continue
                row = rows[(interval_of(leg.ring_start), leg.agent_id)]
                row["disconnected_first"] += attempt.agent_hung_up
                row["outbound_accepted"] += 1
                row["outbound_talk_seconds"] += leg.release - leg.answer
                row["outbound_wrap_seconds"] += leg.acw_end - leg.release
    return [
        {
            "interval_start": interval,
            "interval_label": gmt(interval),
            "agent_id": agent_id,
            "username": usernames[agent_id],
            **rows[(interval, agent_id)],
        }
        for interval, agent_id in sorted(rows)
    ]


def _agent_hang_ups(call: Call) -> list[tuple[int, int]]:
    """(agent, when the agent's part began) of each part of the call in which the agent ended an
    IDB call (G_CALL_STAT names an agent): on each G_CALL an agent ended, the agent who left it
    last (of two who left together, the one who came first); on each consultation call, its
    initiator, who hangs it up to return to the customer or to hand the customer over."""
    hang_ups = []
    for leg in legs_of(call):
        parts = []
        for segment in leg.segments:
            part = segment.agent_leg
            if part is None or part.answer is None:
                continue
            parts.append((part.release, -part.ring_start, part.agent_id, part.ring_start))
            consultation = part.consultation
            if consultation is None:
                continue
            hang_ups.append((part.agent_id, consultation.start))
            if consultation.merged:
                joined = consultation.end
                parts.append((consultation.release, -joined, consultation.agent_id, joined))
        if parts and ended_by_agent(call, leg):
            _, _, agent_id, began = max(parts)
            hang_ups.append((agent_id, began))
    return hang_ups


def _states_before(log: EventLog):
    """A lookup: the agent's state in effect just before a moment (the span that began before it
    and ends at it or later), or None when the agent was not logged in then."""
    spans: dict[int, list] = defaultdict(list)
    for session in log.sessions:
        spans[session.agent_id] += session.spans
    starts = {}
    for agent_id, agent_spans in spans.items():
        agent_spans.sort(key=lambda span: span.start)
        starts[agent_id] = [span.start for span in agent_spans]

    def state_before(agent_id: int, moment: int) -> AgentActivity | None:
        index = bisect_left(starts.get(agent_id, []), moment) - 1
        if index < 0 or spans[agent_id][index].end < moment:
            return None
        return spans[agent_id][index].activity

    return state_before


def _first_handlings(call: Call) -> dict[int, int]:
    """When each agent first handled the call's customer: a queue leg answered (from its ring),
    or a consultation after which the colleague took the customer over or joined in conference
    (from the moment it joined)."""
    first: dict[int, int] = {}
    for segment in call.segments:
        leg = segment.agent_leg
        if leg is None or leg.answer is None:
            continue
        moments = [(leg.agent_id, leg.ring_start)]
        if leg.consultation is not None and leg.consultation.merged:
            moments.append((leg.consultation.agent_id, leg.consultation.end))
        for agent_id, moment in moments:
            first[agent_id] = min(first.get(agent_id, moment), moment)
    return first


def _consultation_measures(
    initiator: dict[str, int],
    rows: dict[tuple[int, int], dict[str, int]],
    consultation: Consultation,
    online: bool,
) -> None:
    """A consulted; the colleague's measures go to the interval the consultation began, except
    taking the customer over or joining a conference, which count where the colleague joined."""
    consulting = consultation.end - consultation.answer
    initiator["consults_initiated"] += 1
    initiator["consult_seconds"] += consulting
    initiator["consult_initiated_seconds"] += consulting
    initiator["transferred"] += consultation.kind is ConsultKind.TRANSFER
    initiator["conferences"] += consultation.kind is ConsultKind.CONFERENCE
    held = 0
    if consultation.colleague_hold is not None:
        held = consultation.colleague_hold[1] - consultation.colleague_hold[0]
    colleague = rows[(interval_of(consultation.start), consultation.agent_id)]
    received = {
        "consults_received": 1,
        "consult_responses": int(online),
        "consult_seconds": consulting - held,
        "consult_holds": int(held > 0),
        "consult_hold_seconds": held,
    }
    for measure, value in received.items():
        colleague[measure] += value
        if consultation.merged:  # warm (WARM_CONSULT_MEASURES)
            colleague[f"warm_{measure}"] += value
    wrap = consultation.acw_end - consultation.release
    colleague["wrap_seconds"] += wrap
    if not consultation.merged:  # the wrap follows the consultation call
        colleague["consult_wraps"] += wrap > 0
        colleague["consult_wrap_seconds"] += wrap
        return
    colleague["talk_seconds"] += consultation.release - consultation.end
    # Where the colleague joined the customer's call; its wrap follows that call.
    joined = rows[(interval_of(consultation.end), consultation.agent_id)]
    joined["transfers_received"] += consultation.kind is ConsultKind.TRANSFER
    joined["conferences_joined"] += consultation.kind is ConsultKind.CONFERENCE
    joined["consult_wrap_seconds"] += wrap


#: Attached-data keys interactions.csv reports (as lower-case columns; empty when not attached).
USER_DATA_KEYS = ("G_CUSTOMER_SEGMENT", "G_SERVICE_TYPE", "G_BUSINESS_RESULT", "CUSTOMER_ID")


def interactions(log: EventLog) -> list[dict]:
    result = []
    for call in log.calls:
        legs = [s.agent_leg for s in call.segments if s.agent_leg is not None]
        answered = [leg for leg in legs if leg.answer is not None]
        held = sum(leg.hold[1] - leg.hold[0] for leg in answered if leg.hold)
        consults = [leg.consultation for leg in answered if leg.consultation is not None]
        joined = [c for c in consults if c.merged]
        result.append(
            {
                "call_id": call.call_id,
                "switch_id": call.switch_id,
                "media": call.medium,
                "ani": call.ani,
                "arrival_ts": call.arrival,
                "end_ts": "" if call.waiting else call.end,
                "outcome": "waiting" if call.waiting else str(call.outcome),
                "services": ">".join(s.service for s in call.segments),
                "switches": ">".join(str(s.switch_id) for s in call.segments),
                "queue_seconds": 0
                if call.waiting
                else sum(s.left - s.entered for s in call.segments),
                "ring_seconds": sum((leg.answer or leg.release) - leg.ring_start for leg in legs),
                "talk_seconds": sum(leg.release - (leg.answer or 0) for leg in answered)
                - held
                + sum(c.release - c.end for c in joined),
                "hold_seconds": held,
                "wrap_seconds": sum(leg.acw_end - leg.release for leg in answered)
                + sum(c.acw_end - c.release for c in joined),
                "agents": ";".join(
                    [str(leg.agent_id) for leg in legs] + [str(c.agent_id) for c in joined]
                ),
                "transferred": int(
                    any(leg.transferred_to for leg in answered)
                    or any(c.kind is ConsultKind.TRANSFER for c in consults)
                ),
                "consulted": int(bool(consults)),
                "conference": int(any(c.kind is ConsultKind.CONFERENCE for c in consults)),
                **{key.lower(): call.user_data.get(key, "") for key in USER_DATA_KEYS},
            }
        )
    return result


OUTBOUND_RESULTS = (
    CallResult.ANSWER,
    CallResult.NO_ANSWER,
    CallResult.BUSY,
    CallResult.ANSWERING_MACHINE,
    CallResult.FAX,
    CallResult.SIT_DETECTED,
)
OUTBOUND_COLUMNS = (
    "interval_start",
    "interval_label",
    "campaign",
    "attempts",
    *(result.name.lower() for result in OUTBOUND_RESULTS),
    "connected",
    "talk_seconds",
)


CAMPAIGN_LOAD_COLUMNS = ("campaign_guid", "campaign", "group_id", "loaded_ts", "unloaded_ts")
#: The header a truth file gets when it has no rows (a day without outbound).
EMPTY_COLUMNS = {"campaign_loads": CAMPAIGN_LOAD_COLUMNS}


def campaign_loads(log: EventLog) -> list[dict]:
    """One row per load of a campaign on its group: when OCS loaded and unloaded it."""
    return [
        {
            "campaign_guid": run.campaign_guid,
            "campaign": run.name,
            "group_id": run.group_id,
            "loaded_ts": run.loaded,
            "unloaded_ts": run.unloaded,
        }
        for run in log.campaigns
    ]


def outbound_intervals(log: EventLog) -> list[dict]:
    """Per interval in which the dialer dialed, and campaign: attempts by OCS call result."""
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for run in log.campaigns:
        for chain in run.chains:
            for attempt in chain.attempts:
                key = (interval_of(attempt.dialed), run.name)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = dict.fromkeys(OUTBOUND_COLUMNS, 0)
                    row.update(interval_start=key[0], interval_label=gmt(key[0]), campaign=key[1])
                row["attempts"] += 1
                row[attempt.result.name.lower()] += 1
                leg = attempt.agent_leg
                if leg is not None and leg.answer is not None:
                    row["connected"] += 1
                    row["talk_seconds"] += leg.release - leg.answer
    return [rows[key] for key in sorted(rows)]


def write_truth(
    directory: Path,
    params: SimulationParams,
    topology: Topology,
    log: EventLog,
    row_counts: dict[str, int],
) -> dict[str, Path]:
    """Write the CSV files and manifest.json into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "queue_intervals": queue_intervals(params, topology, log),
        "agent_intervals": agent_intervals(topology, log),
        "interactions": interactions(log),
        "outbound_intervals": outbound_intervals(log),
        "campaign_loads": campaign_loads(log),
        "queue_groups": queue_groups(topology),
    }
    paths = {}
    for name, rows in files.items():
        path = paths[name] = directory / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            fields = list(rows[0]) if rows else list(EMPTY_COLUMNS.get(name, OUTBOUND_COLUMNS))
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    manifest = {
        "seed": params.seed,
        "agents": params.agents,
        "days": params.days,
        "start": params.start.isoformat(),
        "sites": params.sites,
        "media": list(params.media),
        "outbound": params.outbound,
        "campaign_loads": len(log.campaigns),
        "short_abandon_seconds": params.short_abandon_seconds,
        "service_levels": list(params.service_levels),
        "calls": len(log.calls),
        "sessions": len(log.sessions),
        "idb_rows": dict(sorted(row_counts.items())),
        "files": {name: path.name for name, path in paths.items()},
    }
    paths["manifest"] = directory / "manifest.json"
    paths["manifest"].write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return paths
