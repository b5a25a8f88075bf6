"""Call rows (providers gcc and gud): what ICON writes for each simulated call.

One G_CALL and G_IR per call; parties for the caller, each routing-point stay and each agent leg,
with their G_PARTY_HISTORY sequences; G_VIRTUAL_QUEUE and G_ROUTE_RESULT per queue stay; user
data as it was attached; G_CALL_STAT naming who released the call. Codes: docs/idb.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..idb.codes import (
    CallChangeType,
    CallState,
    CallType,
    CCEvent,
    CCEventCause,
    EndpointType,
    MediaType,
    PartyChangeType,
    PartyLinkType,
    PartyRole,
    PartyState,
    PartyType,
    ReleasingParty,
    RouteResult,
    RoutingTargetType,
    UserdataChangeType,
    VirtualQueueResult,
)
from .model import AgentLeg, Call, Outcome, QueueSegment
from .stamps import Row, Sequences, domain_of, moment
from .topology import TENANT_ID, Topology


@dataclass(frozen=True)
class _Change:
    """One G_PARTY_HISTORY row before numbering."""

    at: int
    change: PartyChangeType
    state: PartyState
    event: CCEvent
    cause: CCEventCause = CCEventCause.NORMAL


class CallRows:
    def __init__(self, topology: Topology, sequences: Sequences):
        self.topology = topology
        self.sequences = sequences
        self._agents = {agent.id: agent for agent in topology.agents}
        self._ids: dict[str, int] = {}

    def _next_id(self, table: str) -> int:
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    def rows(self, call: Call) -> Iterator[tuple[str, Row]]:
        domain = domain_of("gcc", call.switch_id)
        stamp = self.sequences.stamp
        ended = {"state": CallState.ACTIVE, "terminated": None, "terminated_ts": None}
        yield (
            "g_call",
            {
                "id": self._next_id("g_call"),
                "callid": call.call_id,
                "parentcallid": call.call_id,
                "mergecallid": call.call_id,
                "connid": call.conn_id,
                "irid": call.ir_id,
                "rootirid": call.ir_id,
                "state": CallState.TERMINATED,
                "calltype": CallType.INBOUND,
                "mediatype": MediaType.VOICE,
                "switchid": call.switch_id,
                "tenantid": TENANT_ID,
                "callani": call.ani,
                "calldnis": call.dnis,
                **moment("created", call.arrival),
                **moment("terminated", call.end),
                **moment("lastchange", call.end),
                **stamp("gcc", domain, call.arrival, call.end),
                "_active": ended,
            },
        )
        yield (
            "g_ir",
            {
                "id": self._next_id("g_ir"),
                "irid": call.ir_id,
                "state": CallState.TERMINATED,
                "rootirid": call.ir_id,
                "parentlinktype": 0,
                "mediatype": MediaType.VOICE,
                **moment("created", call.arrival),
                **moment("terminated", call.end),
                **moment("lastchange", call.end),
                **stamp("gcc", domain, call.arrival, call.end),
                "_active": ended,
            },
        )
        for cseq, (change, at) in enumerate(
            ((CallChangeType.CREATED, call.arrival), (CallChangeType.TERMINATED, call.end)), 1
        ):
            yield (
                "g_call_history",
                {
                    "chid": self._next_id("g_call_history"),
                    "callid": call.call_id,
                    "cseq": cseq,
                    "changetype": change,
                    **moment("added", at),
                    **stamp("gcc", domain, at),
                },
            )
        yield from self._parties(call, domain)
        for segment in call.segments:
            yield from self._routing(call, segment, domain)
        yield from self._user_data(call)
        yield (
            "g_call_stat",
            {
                "id": self._next_id("g_call_stat"),
                "callid": call.call_id,
                "releasingparty": self._releasing_party(call),
                **moment("created", call.end),
                **stamp("gcc", domain, call.end),
            },
        )

    @staticmethod
    def _releasing_party(call: Call) -> ReleasingParty:
        if call.outcome is not Outcome.ANSWERED:
            return ReleasingParty.CUSTOMER
        return ReleasingParty.AGENT if int(call.call_id, 16) % 3 == 0 else ReleasingParty.CUSTOMER

    # -- parties -------------------------------------------------------------------------------
    def _parties(self, call: Call, domain: int) -> Iterator[tuple[str, Row]]:
        """Every party with its history; CSEQ orders the whole call's changes in time."""
        parties: list[tuple[Row, list[_Change]]] = []
        caller_end = (
            PartyState.RELEASED if call.outcome is Outcome.ANSWERED else PartyState.ABANDONED
        )
        caller_event = CCEvent.RELEASED if call.outcome is Outcome.ANSWERED else CCEvent.ABANDONED
        parties.append(
            (
                {
                    "partyid": call.caller_party_id,
                    "partyguid": call.caller_party_guid,
                    "type": PartyType.EXTERNAL,
                    "prole": PartyRole.ORIGINATOR,
                    "endpointdn": call.ani,
                    "endpointtype": EndpointType.EXTERNAL,
                    "created": call.arrival,
                    "terminated": call.end,
                },
                [
                    _Change(
                        call.arrival, PartyChangeType.CREATED, PartyState.DIALING, CCEvent.DIALING
                    ),
                    _Change(call.end, PartyChangeType.TERMINATED, caller_end, caller_event),
                ],
            )
        )
        parent = (call.caller_party_id, PartyLinkType.ROUTE)
        for index, segment in enumerate(call.segments):
            service = self.topology.service(segment.service, segment.switch_id)
            routed = segment.outcome is not Outcome.ABANDONED_QUEUED
            parties.append(
                (
                    {
                        "partyid": segment.rp_party_id,
                        "partyguid": segment.rp_party_guid,
                        "type": PartyType.INTERNAL,
                        "prole": PartyRole.TRANSFERRED_TO if index else PartyRole.DESTINATION,
                        "parentpartyid": parent[0],
                        "parentlinktype": parent[1],
                        "endpointdn": service.routing_point.number,
                        "endpointid": service.routing_point.id,
                        "endpointtype": EndpointType.ROUTING_POINT,
                        "created": segment.entered,
                        "terminated": segment.left,
                    },
                    [
                        _Change(
                            segment.entered,
                            PartyChangeType.CREATED,
                            PartyState.QUEUED,
                            CCEvent.QUEUED,
                        ),
                        _Change(
                            segment.left,
                            PartyChangeType.TERMINATED,
                            PartyState.ROUTED if routed else PartyState.ABANDONED,
                            CCEvent.PARTY_CHANGED if routed else CCEvent.ABANDONED,
                            CCEventCause.ROUTED if routed else CCEventCause.NORMAL,
                        ),
                    ],
                )
            )
            if segment.agent_leg is not None:
                leg = segment.agent_leg
                parties.append(self._agent_party(segment, leg))
                parent = (leg.party_id, PartyLinkType.TRANSFER)
        ordered = sorted(_all_changes(parties), key=lambda item: (item[1].at, item[0]))
        cseq_of = {id(change): cseq for cseq, (_, change) in enumerate(ordered, 1)}
        for party, changes in parties:
            yield "g_party", self._party_row(call, party, changes, domain)
            previous: _Change | None = None
            for pseq, change in enumerate(changes, 1):
                yield (
                    "g_party_history",
                    {
                        "phid": self._next_id("g_party_history"),
                        "partyid": party["partyid"],
                        "pseq": pseq,
                        "cseq": cseq_of[id(change)],
                        "changetype": change.change,
                        "ccevent": change.event,
                        "cceventcause": change.cause,
                        "state": change.state,
                        "type": party["type"],
                        "prevstate": previous.state if previous else PartyState.UNKNOWN,
                        **moment("prevsenter", previous.at if previous else None),
                        "parentpartyid": party.get("parentpartyid"),
                        "parentlinktype": party.get("parentlinktype", PartyLinkType.NONE),
                        "endpointid": party.get("endpointid"),
                        **moment("added", change.at),
                        **self.sequences.stamp("gcc", domain, change.at),
                    },
                )
                previous = change

    def _agent_party(self, segment: QueueSegment, leg: AgentLeg) -> tuple[Row, list[_Change]]:
        agent = self._agents[leg.agent_id]
        changes = [
            _Change(leg.ring_start, PartyChangeType.CREATED, PartyState.RINGING, CCEvent.RINGING)
        ]
        if leg.answer is None:
            changes.append(
                _Change(
                    leg.release, PartyChangeType.TERMINATED, PartyState.ABANDONED, CCEvent.ABANDONED
                )
            )
        else:
            changes.append(
                _Change(
                    leg.answer,
                    PartyChangeType.STATE_CHANGED,
                    PartyState.CONNECTED,
                    CCEvent.ESTABLISHED,
                )
            )
            if leg.hold is not None:
                changes.append(
                    _Change(
                        leg.hold[0], PartyChangeType.STATE_CHANGED, PartyState.HELD, CCEvent.HELD
                    )
                )
                changes.append(
                    _Change(
                        leg.hold[1],
                        PartyChangeType.STATE_CHANGED,
                        PartyState.CONNECTED,
                        CCEvent.RETRIEVED,
                    )
                )
            cause = CCEventCause.TRANSFER if leg.transferred_to else CCEventCause.NORMAL
            changes.append(
                _Change(
                    leg.release,
                    PartyChangeType.TERMINATED,
                    PartyState.RELEASED,
                    CCEvent.RELEASED,
                    cause,
                )
            )
        party = {
            "partyid": leg.party_id,
            "partyguid": leg.party_guid,
            "type": PartyType.INTERNAL,
            "prole": PartyRole.ROUTED_TO,
            "parentpartyid": segment.rp_party_id,
            "parentlinktype": PartyLinkType.ROUTE,
            "endpointdn": agent.extension.number,
            "endpointid": agent.extension.id,
            "endpointtype": EndpointType.EXTENSION,
            "agentid": agent.id,
            "created": leg.ring_start,
            "terminated": leg.release,
        }
        return party, changes

    def _party_row(self, call: Call, party: Row, changes: list[_Change], domain: int) -> Row:
        first, last = changes[0], changes[-1]
        return {
            "id": self._next_id("g_party"),
            **{k: v for k, v in party.items() if k not in ("created", "terminated")},
            "callid": call.call_id,
            "state": last.state,
            "tenantid": TENANT_ID,
            "ccevent": last.event,
            "cceventcause": last.cause,
            **moment("created", party["created"]),
            **moment("terminated", party["terminated"]),
            **moment("lastchange", party["terminated"]),
            **self.sequences.stamp("gcc", domain, party["created"], party["terminated"]),
            "_active": {
                "state": first.state,
                "ccevent": first.event,
                "cceventcause": first.cause,
                "terminated": None,
                "terminated_ts": None,
            },
        }

    # -- routing -------------------------------------------------------------------------------
    def _routing(self, call: Call, segment: QueueSegment, domain: int) -> Iterator[tuple[str, Row]]:
        service = self.topology.service(segment.service, segment.switch_id)
        leg = segment.agent_leg
        agent = self._agents[leg.agent_id] if leg else None
        target = {
            "rtargetobjectselected": service.group_name if agent else None,
            "rtargettypeselected": RoutingTargetType.AGENT_GROUP if agent else None,
            "rtargetagentselected": agent.username if agent else None,
        }
        undecided = dict.fromkeys(target)
        yield (
            "g_virtual_queue",
            {
                "id": self._next_id("g_virtual_queue"),
                "callid": call.call_id,
                "connid": call.conn_id,
                "partyid": segment.rp_party_id,
                "irid": call.ir_id,
                "endpointid": service.virtual_queue.id,
                "endpointdn": service.virtual_queue.number,
                "distpartyid": leg.party_id if leg else None,
                "distendpointid": agent.extension.id if agent else None,
                "distendpointdn": agent.extension.number if agent else None,
                "result": VirtualQueueResult.DISTRIBUTED if agent else VirtualQueueResult.ABANDONED,
                **target,
                **moment("added", segment.entered),
                **moment("removed", segment.left),
                **self.sequences.stamp("gcc", domain, segment.entered, segment.left),
                "_active": {
                    **undecided,
                    **dict.fromkeys(("distpartyid", "distendpointid", "distendpointdn")),
                    "result": VirtualQueueResult.UNKNOWN,
                    "removed": None,
                    "removed_ts": None,
                },
            },
        )
        yield (
            "g_route_result",
            {
                "id": self._next_id("g_route_result"),
                "callid": call.call_id,
                "connid": call.conn_id,
                "partyid": segment.rp_party_id,
                "irid": call.ir_id,
                "endpointid": service.routing_point.id,
                "rtargetruleselected": f"Route to {service.group_name}" if agent else None,
                "rtargetplaceselected": agent.place_name if agent else None,
                "result": RouteResult.ROUTED if agent else RouteResult.ABANDONED,
                "duration": segment.left - segment.entered,
                **target,
                **moment("created", segment.entered),
                **moment("terminated", segment.left),
                **self.sequences.stamp("gcc", domain, segment.entered, segment.left),
                "_active": {
                    **undecided,
                    **dict.fromkeys(("rtargetruleselected", "rtargetplaceselected", "duration")),
                    "result": RouteResult.UNKNOWN,
                    "terminated": None,
                    "terminated_ts": None,
                },
            },
        )

    # -- user data -----------------------------------------------------------------------------
    def _user_data(self, call: Call) -> Iterator[tuple[str, Row]]:
        domain = domain_of("gud", call.switch_id)
        first = call.segments[0]
        service = self.topology.service(first.service, first.switch_id)
        last_leg = call.segments[-1].agent_leg
        for key, value in call.user_data.items():
            at_end = key == "G_BUSINESS_RESULT"
            at = call.end if at_end else call.arrival
            agent = self._agents[last_leg.agent_id] if at_end and last_leg else None
            yield (
                "g_userdata_history",
                {
                    "id": self._next_id("g_userdata_history"),
                    "callid": call.call_id,
                    "partyid": last_leg.party_id if agent and last_leg else first.rp_party_id,
                    "endpointid": agent.extension.id if agent else service.routing_point.id,
                    "endpointdn": agent.extension.number if agent else service.routing_point.number,
                    "changetype": UserdataChangeType.ADDED,
                    "keyname": key,
                    "value": value,
                    **moment("added", at),
                    **self.sequences.stamp("gud", domain, at),
                },
            )
        yield (
            "g_call_userdata",
            {
                "id": self._next_id("g_call_userdata"),
                "callid": call.call_id,
                "g_customer_segment": call.user_data.get("G_CUSTOMER_SEGMENT"),
                "g_service_type": call.user_data.get("G_SERVICE_TYPE"),
                "g_business_result": call.user_data.get("G_BUSINESS_RESULT"),
                "customer_id": call.user_data.get("CUSTOMER_ID"),
                **self.sequences.stamp("gud", domain, call.end),
            },
        )


def _all_changes(parties: list[tuple[Row, list[_Change]]]) -> Iterator[tuple[int, _Change]]:
    order = 0
    for _, changes in parties:
        for change in changes:
            order += 1
            yield order, change
