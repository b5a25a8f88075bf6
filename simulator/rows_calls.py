"""Call rows (providers gcc and gud): what ICON writes for each simulated call.

One G_CALL and G_IR per call; parties for the caller, each routing-point stay and each agent leg,
with their G_PARTY_HISTORY sequences; G_VIRTUAL_QUEUE and G_ROUTE_RESULT per queue stay; user
data as it was attached; G_CALL_STAT naming who released the call. Codes: docs/idb.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import (
    CallState,
    CallType,
    CCEvent,
    CCEventCause,
    EndpointType,
    PartyChangeType,
    PartyLinkType,
    PartyRole,
    PartyState,
    PartyType,
    ReleasingParty,
)

from .legs import Leg, ended_by_agent, legs_of
from .model import AgentLeg, Call, ConsultKind, Outcome, QueueSegment
from .rows_common import CallRecord, CallRowWriter, agent_endpoint
from .rows_common import Change as _Change
from .rows_consult import ConsultationRows
from .rows_outbound import OutboundRows
from .rows_routing import RoutingRows
from .stamps import Row, Sequences, domain_of, moment
from .topology import Topology


class CallRows:
    """Every row ICON writes for the simulated calls: inbound calls (here), their routing,
    consultations and outbound campaigns (composed), all through one CallRowWriter."""

    def __init__(self, topology: Topology, sequences: Sequences):
        self.topology = topology
        self.writer = CallRowWriter(topology, sequences)
        self.routing = RoutingRows(self.writer)
        self.consultations = ConsultationRows(self.writer)
        self.outbound = OutboundRows(self.writer)
        self.campaign_config_rows = self.outbound.campaign_config_rows
        self.campaign_rows = self.outbound.campaign_rows

    def rows(self, call: Call) -> Iterator[tuple[str, Row]]:
        for leg in legs_of(call):
            yield from self._leg_rows(call, leg)

    def _leg_rows(self, call: Call, leg: Leg) -> Iterator[tuple[str, Row]]:
        domain = domain_of("gcc", leg.switch_id)
        first_point = self.topology.service(leg.segments[0].service, leg.switch_id).routing_point
        record = CallRecord(
            call_id=leg.call_id,
            ir_id=leg.ir_id,
            conn_id=leg.conn_id if call.medium == "voice" else None,
            switch_id=leg.switch_id,
            call_type=CallType.INBOUND,
            medium=call.medium,
            ani=call.ani,
            dnis=first_point.number,
            start=leg.start,
            end=leg.end,
        )
        yield from self.writer.call_record_rows(record, domain)
        yield from self._parties(call, leg, domain)
        for segment in leg.segments:
            yield from self.routing.routing(leg, segment, domain)
            if segment.agent_leg is not None and segment.agent_leg.consultation is not None:
                yield from self.consultations.consultation_rows(
                    leg.call_id, leg.ir_id, segment.agent_leg, domain
                )
        if leg.link is not None:
            yield "g_is_link", self._link_row(leg, domain)
        yield from self.routing.user_data(call, leg)
        yield self.writer.call_stat_row(
            leg.call_id, self._releasing_party(call, leg), leg.end, domain
        )

    def _link_row(self, leg: Leg, domain: int) -> Row:
        assert leg.link is not None
        link_id, side, remote = leg.link
        return {
            "id": self.writer.next_id("g_is_link"),
            "linkid": link_id,
            "callid": leg.call_id,
            "islinktype": side,
            "remotelocation": self.topology.switches[remote],
            "state": CallState.TERMINATED,
            "mergestate": 0,
            **moment("initiated", leg.transfer_at),
            **moment("terminated", leg.end),
            **moment("lastchange", leg.end),
            **self.writer.sequences.stamp("gcc", domain, leg.transfer_at, leg.end),
            "_active": {"state": CallState.ACTIVE, "terminated": None, "terminated_ts": None},
        }

    @staticmethod
    def _releasing_party(call: Call, leg: Leg) -> ReleasingParty:
        return ReleasingParty.AGENT if ended_by_agent(call, leg) else ReleasingParty.CUSTOMER

    # -- parties -------------------------------------------------------------------------------
    def _parties(self, call: Call, leg: Leg, domain: int) -> Iterator[tuple[str, Row]]:
        """Every party of one call leg with its history; CSEQ orders the leg's changes in time."""
        parties: list[tuple[Row, list[_Change]]] = []
        answered = leg.transferred_away or call.outcome is Outcome.ANSWERED
        caller_end = PartyState.RELEASED if answered else PartyState.ABANDONED
        caller_event = CCEvent.RELEASED if answered else CCEvent.ABANDONED
        caller_cause = CCEventCause.TRANSFER if leg.transferred_away else CCEventCause.NORMAL
        parties.append(
            (
                {
                    "partyid": leg.caller_party_id,
                    "partyguid": leg.caller_party_guid,
                    "type": PartyType.EXTERNAL,
                    "prole": PartyRole.ORIGINATOR,
                    "endpointdn": call.ani,
                    "endpointtype": EndpointType.EXTERNAL,
                    "created": leg.start,
                    "terminated": leg.end,
                },
                [
                    _Change(
                        leg.start, PartyChangeType.CREATED, PartyState.DIALING, CCEvent.DIALING
                    ),
                    _Change(
                        leg.end, PartyChangeType.TERMINATED, caller_end, caller_event, caller_cause
                    ),
                ],
            )
        )
        parent = (leg.caller_party_id, PartyLinkType.ROUTE)
        for index, segment in enumerate(leg.segments):
            service = self.topology.service(segment.service, segment.switch_id)
            routed = segment.outcome is not Outcome.ABANDONED_QUEUED
            parties.append(
                (
                    {
                        "partyid": segment.rp_party_id,
                        "partyguid": segment.rp_party_guid,
                        "type": PartyType.INTERNAL
                        if call.medium == "voice"
                        else PartyType.MM_INTERACTION_QUEUE,
                        "prole": PartyRole.TRANSFERRED_TO if index else PartyRole.DESTINATION,
                        "parentpartyid": parent[0],
                        "parentlinktype": parent[1],
                        "endpointdn": service.routing_point.number,
                        "endpointid": service.routing_point.id,
                        "endpointtype": service.routing_point.type,
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
                parties.append(self._agent_party(segment, segment.agent_leg))
                parent = (segment.agent_leg.party_id, PartyLinkType.TRANSFER)
                consultation = segment.agent_leg.consultation
                if consultation is not None and consultation.merged:
                    parties.append(self.consultations.joined_party(consultation))
        yield from self.writer.emit_parties(leg.call_id, parties, domain)

    def _agent_party(self, segment: QueueSegment, leg: AgentLeg) -> tuple[Row, list[_Change]]:
        agent = self.writer.agents[leg.agent_id]
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
            consultation = leg.consultation
            handed_over = consultation is not None and consultation.kind is ConsultKind.TRANSFER
            if leg.hold is not None:
                changes.append(
                    _Change(
                        leg.hold[0], PartyChangeType.STATE_CHANGED, PartyState.HELD, CCEvent.HELD
                    )
                )
                if not handed_over:
                    changes.append(
                        _Change(
                            leg.hold[1],
                            PartyChangeType.STATE_CHANGED,
                            PartyState.CONNECTED,
                            CCEvent.RETRIEVED,
                        )
                    )
            cause = CCEventCause.NORMAL
            if leg.transferred_to or handed_over:
                cause = CCEventCause.TRANSFER
            elif consultation is not None and consultation.merged:
                cause = CCEventCause.CONFERENCE
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
            "prole": PartyRole.ROUTED_TO,
            "parentpartyid": segment.rp_party_id,
            "parentlinktype": PartyLinkType.ROUTE,
            **agent_endpoint(agent),
            "agentid": agent.id,
            "created": leg.ring_start,
            "terminated": leg.release,
        }
        return party, changes
