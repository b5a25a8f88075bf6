"""Consultation rows: the consultation call, its parties, and the colleague joining the customer.

The consultation call has its own CallID, with PARENTCALLID the customer's call. After a consult
transfer or a conference it merges into the customer's call (MERGECALLID, MERGETYPE, a merged
change in G_CALL_HISTORY), and the colleague's party moves there: its party on the consultation
call ends with a MOVED change, and a new party (new PARTYID, same PARTYGUID) starts on the
customer's call.
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.idb.codes import (
    CallType,
    CCEvent,
    CCEventCause,
    MergeType,
    PartyChangeType,
    PartyLinkType,
    PartyRole,
    PartyState,
    ReleasingParty,
)

from .model import AgentLeg, Consultation, ConsultKind
from .rows_common import CallRecord, CallRowWriter, Change, agent_endpoint
from .stamps import Row


def _merge(consultation: Consultation) -> tuple[MergeType, CCEventCause, PartyLinkType]:
    if consultation.kind is ConsultKind.TRANSFER:
        return MergeType.TRANSFER, CCEventCause.TRANSFER, PartyLinkType.TRANSFER
    if consultation.kind is ConsultKind.CONFERENCE:
        return MergeType.CONFERENCE, CCEventCause.CONFERENCE, PartyLinkType.CONFERENCE
    return MergeType.NONE, CCEventCause.CONSULT, PartyLinkType.CONSULT


class ConsultationRows:
    """Consultation rows (G_CALL, parties, statistics of the consultation call)."""

    def __init__(self, writer: CallRowWriter) -> None:
        self.writer = writer

    def _party(self, agent_id: int, **fields: object) -> Row:
        agent = self.writer.agents[agent_id]
        assert agent.extension is not None, "consultations are voice only"
        return {**agent_endpoint(agent), "agentid": agent_id, **fields}

    def joined_party(self, consultation: Consultation) -> tuple[Row, list[Change]]:
        """The colleague on the customer's call after a consult transfer or a conference."""
        _, cause, link = _merge(consultation)
        party = self._party(
            consultation.agent_id,
            partyid=consultation.joined_party_id,
            partyguid=consultation.party_guid,
            prole=PartyRole.TRANSFERRED_TO
            if consultation.kind is ConsultKind.TRANSFER
            else PartyRole.CONFERENCE_MEMBER,
            parentpartyid=consultation.party_id,
            parentlinktype=link,
            created=consultation.end,
            terminated=consultation.release,
        )
        changes = [
            Change(
                consultation.end,
                PartyChangeType.CREATED,
                PartyState.CONNECTED,
                CCEvent.PARTY_CHANGED,
                cause,
            ),
            Change(
                consultation.release,
                PartyChangeType.TERMINATED,
                PartyState.RELEASED,
                CCEvent.RELEASED,
            ),
        ]
        return party, changes

    @staticmethod
    def _colleague_hold(consultation: Consultation) -> list[Change]:
        """The colleague's hold of the consultation call, if it held it."""
        if consultation.colleague_hold is None:
            return []
        held, retrieved = consultation.colleague_hold
        return [
            Change(held, PartyChangeType.STATE_CHANGED, PartyState.HELD, CCEvent.HELD),
            Change(
                retrieved, PartyChangeType.STATE_CHANGED, PartyState.CONNECTED, CCEvent.RETRIEVED
            ),
        ]

    def consultation_rows(
        self, customer_call_id: str, customer_ir_id: str, leg: AgentLeg, domain: int
    ) -> Iterator[tuple[str, Row]]:
        consultation = leg.consultation
        assert consultation is not None
        merge_type, cause, _ = _merge(consultation)
        start, end = consultation.start, consultation.end
        initiator = self.writer.agents[leg.agent_id].extension
        colleague = self.writer.agents[consultation.agent_id].extension
        assert initiator is not None and colleague is not None, "consultations are voice only"
        record = CallRecord(
            call_id=consultation.call_id,
            ir_id=consultation.ir_id,
            conn_id=consultation.conn_id,
            switch_id=initiator.switch_id,
            call_type=CallType.CONSULT,
            medium="voice",
            ani=initiator.number,
            dnis=colleague.number,
            start=start,
            end=end,
            parent_call_id=customer_call_id,
            parent_ir_id=customer_ir_id,
            merge_type=merge_type,
        )
        yield from self.writer.call_record_rows(record, domain)
        caller = self._party(
            leg.agent_id,
            partyid=consultation.initiator_party_id,
            partyguid=consultation.initiator_party_guid,
            prole=PartyRole.ORIGINATOR,
            parentpartyid=leg.party_id,
            parentlinktype=PartyLinkType.CONSULT,
            created=start,
            terminated=end,
        )
        called = self._party(
            consultation.agent_id,
            partyid=consultation.party_id,
            partyguid=consultation.party_guid,
            prole=PartyRole.CONSULT_DESTINATION,
            parentpartyid=consultation.initiator_party_id,
            parentlinktype=PartyLinkType.CONSULT,
            created=start,
            terminated=end,
        )
        answered = consultation.answer
        parties = [
            (
                caller,
                [
                    Change(start, PartyChangeType.CREATED, PartyState.DIALING, CCEvent.DIALING),
                    Change(
                        answered,
                        PartyChangeType.STATE_CHANGED,
                        PartyState.CONNECTED,
                        CCEvent.ESTABLISHED,
                    ),
                    Change(
                        end,
                        PartyChangeType.TERMINATED,
                        PartyState.RELEASED,
                        CCEvent.RELEASED,
                        cause,
                    ),
                ],
            ),
            (
                called,
                [
                    Change(start, PartyChangeType.CREATED, PartyState.RINGING, CCEvent.RINGING),
                    Change(
                        answered,
                        PartyChangeType.STATE_CHANGED,
                        PartyState.CONNECTED,
                        CCEvent.ESTABLISHED,
                    ),
                    *self._colleague_hold(consultation),
                    Change(
                        end,
                        PartyChangeType.MOVED,
                        PartyState.CONNECTED,
                        CCEvent.PARTY_CHANGED,
                        cause,
                    )
                    if consultation.merged
                    else Change(
                        end, PartyChangeType.TERMINATED, PartyState.RELEASED, CCEvent.RELEASED
                    ),
                ],
            ),
        ]
        yield from self.writer.emit_parties(consultation.call_id, parties, domain)
        yield self.writer.call_stat_row(consultation.call_id, ReleasingParty.AGENT, end, domain)
