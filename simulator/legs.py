"""Call legs: a call as the IDB sees it, one G_CALL per switch it was on."""

from __future__ import annotations

from dataclasses import dataclass, replace

from orchestrator.idb.codes import LinkType

from .model import Call, QueueSegment


@dataclass(frozen=True)
class Leg:
    """One G_CALL: the call on one switch. A transfer to another site makes a second leg there."""

    call_id: str
    ir_id: str
    conn_id: str
    switch_id: int
    start: int
    end: int
    caller_party_id: str
    caller_party_guid: str
    segments: tuple[QueueSegment, ...]
    #: The caller left this leg for another site (the leg ends at the transfer).
    transferred_away: bool = False
    #: (G_IS_LINK.LINKID, which side, the other switch) when the call crossed sites.
    link: tuple[str, LinkType, int] | None = None
    transfer_at: int = 0


def legs_of(call: Call) -> list[Leg]:
    """The call's legs: one, or two when it was transferred to another site."""
    whole = Leg(
        call.call_id,
        call.ir_id,
        call.conn_id,
        call.switch_id,
        call.arrival,
        call.end,
        call.caller_party_id,
        call.caller_party_guid,
        tuple(call.segments),
    )
    linked = call.linked
    if linked is None:
        return [whole]
    origin = replace(
        whole,
        end=linked.start,
        segments=tuple(call.segments[:1]),
        transferred_away=True,
        link=(linked.link_id, LinkType.ORIGINATING, linked.switch_id),
        transfer_at=linked.start,
    )
    destination = Leg(
        linked.call_id,
        linked.ir_id,
        linked.conn_id,
        linked.switch_id,
        linked.start,
        call.end,
        linked.caller_party_id,
        linked.caller_party_guid,
        tuple(call.segments[1:]),
        link=(linked.link_id, LinkType.DESTINATION, call.switch_id),
        transfer_at=linked.start,
    )
    return [origin, destination]


def ended_by_agent(call: Call, leg: Leg) -> bool:
    """Whether an agent ended this G_CALL: by transferring the caller to another site, or by
    hanging up the answered call."""
    return leg.transferred_away or call.agent_hung_up
