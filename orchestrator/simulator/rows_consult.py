"""Consultation rows: the consultation call, its parties, and the colleague joining the customer.

The consultation call has its own CallID, with PARENTCALLID the customer's call. After a consult
transfer or a conference it merges into the customer's call (MERGECALLID, MERGETYPE, a merged
change in G_CALL_HISTORY), and the colleague's party moves there: its party on the consultation
call ends with a MOVED change, and a new party (new PARTYID, same PARTYGUID) starts on the
customer's call.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..idb.codes import (
    CallChangeType,
    CallState,
    CallType,
    CCEvent,
    CCEventCause,
    EndpointType,
    MediaType,
    MergeType,
    PartyChangeType,
    PartyLinkType,
    PartyRole,
    PartyState,
    PartyType,
    ReleasingParty,
)
from .model import AgentLeg, Consultation, ConsultKind
from .stamps import Row, moment
from .topology import TENANT_ID

if TYPE_CHECKING:
    from .rows_calls import CallRows


@dataclass(frozen=True)
class Change:
    """One G_PARTY_HISTORY row before numbering."""

    at: int
    change: PartyChangeType
    state: PartyState
    event: CCEvent
    cause: CCEventCause = CCEventCause.NORMAL


def _merge(consultation: Consultation) -> tuple[MergeType, CCEventCause, PartyLinkType]:
    if consultation.kind is ConsultKind.TRANSFER:
        return MergeType.TRANSFER, CCEventCause.TRANSFER, PartyLinkType.TRANSFER
    if consultation.kind is ConsultKind.CONFERENCE:
        return MergeType.CONFERENCE, CCEventCause.CONFERENCE, PartyLinkType.CONFERENCE
    return MergeType.NONE, CCEventCause.CONSULT, PartyLinkType.CONSULT


class ConsultationRowsMixin:
    def _party(self: CallRows, agent_id: int, **fields: object) -> Row:
        extension = self._agents[agent_id].extension
        assert extension is not None, "consultations are voice only"
        return {
            "type": PartyType.INTERNAL,
            "endpointdn": extension.number,
            "endpointid": extension.id,
            "endpointtype": EndpointType.EXTENSION,
            "agentid": agent_id,
            **fields,
        }

    def _joined_party(self: CallRows, consultation: Consultation) -> tuple[Row, list[Change]]:
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

    def _consultation_rows(
        self: CallRows, customer_call_id: str, customer_ir_id: str, leg: AgentLeg, domain: int
    ) -> Iterator[tuple[str, Row]]:
        consultation = leg.consultation
        assert consultation is not None
        merge_type, cause, _ = _merge(consultation)
        stamp = self.sequences.stamp
        start, end = consultation.start, consultation.end
        active = {"state": CallState.ACTIVE, "terminated": None, "terminated_ts": None}
        initiator = self._agents[leg.agent_id].extension
        colleague = self._agents[consultation.agent_id].extension
        assert initiator is not None and colleague is not None, "consultations are voice only"
        yield (
            "g_call",
            {
                "id": self._next_id("g_call"),
                "callid": consultation.call_id,
                "parentcallid": customer_call_id,
                "mergecallid": customer_call_id if consultation.merged else consultation.call_id,
                "mergetype": merge_type,
                "connid": consultation.conn_id,
                "irid": consultation.ir_id,
                "rootirid": customer_ir_id,
                "state": CallState.TERMINATED,
                "calltype": CallType.CONSULT,
                "mediatype": MediaType.VOICE,
                "switchid": initiator.switch_id,
                "tenantid": TENANT_ID,
                "callani": initiator.number,
                "calldnis": colleague.number,
                **moment("created", start),
                **moment("terminated", end),
                **moment("lastchange", end),
                **stamp("gcc", domain, start, end),
                "_active": active,
            },
        )
        yield (
            "g_ir",
            {
                "id": self._next_id("g_ir"),
                "irid": consultation.ir_id,
                "state": CallState.TERMINATED,
                "parentirid": customer_ir_id,
                "rootirid": customer_ir_id,
                "parentlinktype": 0,
                "mediatype": MediaType.VOICE,
                **moment("created", start),
                **moment("terminated", end),
                **moment("lastchange", end),
                **stamp("gcc", domain, start, end),
                "_active": active,
            },
        )
        history = [(CallChangeType.CREATED, start)]
        if consultation.merged:
            history.append((CallChangeType.MERGED, end))
        history.append((CallChangeType.TERMINATED, end))
        for cseq, (change, at) in enumerate(history, 1):
            yield (
                "g_call_history",
                {
                    "chid": self._next_id("g_call_history"),
                    "callid": consultation.call_id,
                    "cseq": cseq,
                    "changetype": change,
                    "refid": customer_call_id if change is CallChangeType.MERGED else None,
                    **moment("added", at),
                    **stamp("gcc", domain, at),
                },
            )
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
        yield from self._emit_parties(consultation.call_id, parties, domain)
        yield (
            "g_call_stat",
            {
                "id": self._next_id("g_call_stat"),
                "callid": consultation.call_id,
                "releasingparty": ReleasingParty.AGENT,
                **moment("created", end),
                **stamp("gcc", domain, end),
            },
        )
