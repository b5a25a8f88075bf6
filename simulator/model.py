"""What happened in the simulated contact center: the event log ground truth and IDB rows come from.

All times are integer UTC epoch seconds, as in the IDB's `_TS` columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from orchestrator.idb.codes import CallResult, ContactInfoType


class AgentActivity(StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"
    BUSY = "busy"
    AFTER_CALL_WORK = "acw"
    DND = "dnd"


class ConsultKind(StrEnum):
    """How a consultation ended: back to the customer, handing the customer over, or all three."""

    CONSULT = "consult"
    TRANSFER = "transfer"
    CONFERENCE = "conference"


class Outcome(StrEnum):
    ANSWERED = "answered"
    ABANDONED_QUEUED = "abandoned_queued"
    ABANDONED_RINGING = "abandoned_ringing"


@dataclass
class StateSpan:
    start: int
    end: int
    activity: AgentActivity
    reason: str | None = None


@dataclass
class AgentSession:
    session_id: str
    agent_id: int
    login: int
    logout: int = 0
    spans: list[StateSpan] = field(default_factory=list)


@dataclass
class Consultation:
    """Agent A holds the customer and calls agent B on a consultation call of its own.

    After it: A retrieves the customer (consult), or B takes the customer over (transfer), or
    B joins A and the customer (conference) and A leaves later.
    """

    kind: ConsultKind
    agent_id: int
    call_id: str
    ir_id: str
    conn_id: str
    initiator_party_id: str
    initiator_party_guid: str
    party_id: str
    party_guid: str
    joined_party_id: str
    start: int
    answer: int
    end: int
    #: When B leaves: the consultation call (consult) or the customer call (transfer, conference).
    release: int = 0
    acw_end: int = 0
    #: When B put the consultation call on hold, and retrieved it.
    colleague_hold: tuple[int, int] | None = None

    @property
    def merged(self) -> bool:
        return self.kind is not ConsultKind.CONSULT


@dataclass
class AgentLeg:
    """One agent's part in a call: ringing, then (if answered) talk with an optional hold."""

    agent_id: int
    party_id: str
    party_guid: str
    ring_start: int
    answer: int | None = None
    release: int = 0
    hold: tuple[int, int] | None = None
    #: Service (and switch) the agent blind-transferred the call to, if any.
    transferred_to: str | None = None
    transferred_to_switch: int | None = None
    acw_end: int = 0
    consultation: Consultation | None = None


@dataclass
class QueueSegment:
    """The call's stay at a service's routing point and virtual queue."""

    service: str
    switch_id: int
    rp_party_id: str
    rp_party_guid: str
    entered: int
    #: When the caller's patience runs out during this stay (queued or ringing).
    deadline: int = 0
    left: int = 0
    outcome: Outcome | None = None
    agent_leg: AgentLeg | None = None


@dataclass
class LinkedCall:
    """The call a transfer to another site creates there (its own CallID, ConnID and IRID)."""

    call_id: str
    ir_id: str
    conn_id: str
    switch_id: int
    link_id: str
    start: int
    caller_party_id: str
    caller_party_guid: str


@dataclass
class Call:
    call_id: str
    ir_id: str
    conn_id: str
    switch_id: int
    ani: str
    dnis: str
    arrival: int
    patience: int
    caller_party_id: str
    caller_party_guid: str
    user_data: dict[str, str]
    segments: list[QueueSegment] = field(default_factory=list)
    end: int = 0
    medium: str = "voice"
    #: Set when the call was transferred to another site: the segments after the first are there.
    linked: LinkedCall | None = None
    #: An e-mail no agent took: still queued when the simulated center closes (e-mails never give
    #: up; the IDB shows it active, and the Info Mart keeps it active, as the original does).
    waiting: bool = False

    def call_id_of(self, segment: QueueSegment) -> str:
        """G_CALL.CALLID of the leg a queue stay belongs to."""
        if self.linked is not None and segment is not self.segments[0]:
            return self.linked.call_id
        return self.call_id

    @property
    def outcome(self) -> Outcome:
        last = self.segments[-1].outcome
        assert last is not None
        return last

    @property
    def agent_hung_up(self) -> bool:
        """Whether the agent with the customer, not the customer, ended an answered call: one
        call in three, by its CallID (G_CALL_STAT.RELEASINGPARTY)."""
        return self.outcome is Outcome.ANSWERED and int(self.call_id, 16) % 3 == 0


@dataclass
class OutboundAttempt:
    """One dial of a calling-list record: its call, the call result, and the agent if connected."""

    number: int
    call_attempt_id: str
    call_id: str
    ir_id: str
    conn_id: str
    customer_party_id: str
    customer_party_guid: str
    dialed: int
    result: CallResult
    answered: int | None = None
    end: int = 0
    agent_leg: AgentLeg | None = None

    @property
    def agent_hung_up(self) -> bool:
        """An answered attempt is ended by the agent; the others by the dialer (G_CALL_STAT)."""
        return self.result is CallResult.ANSWER


@dataclass
class OutboundChain:
    """A calling-list record OCS retrieved, with every attempt made on it."""

    chain_guid: str
    chain_id: int
    record_handle: int
    contact: str
    contact_type: ContactInfoType
    attempts: list[OutboundAttempt] = field(default_factory=list)


@dataclass
class CampaignRun:
    """One day's load of a site's campaign group, from load to unload."""

    campaign_guid: str
    campaign_id: int
    list_id: int
    switch_id: int
    group_id: int
    name: str
    loaded: int
    unloaded: int
    chains: list[OutboundChain] = field(default_factory=list)


@dataclass
class EventLog:
    calls: list[Call] = field(default_factory=list)
    sessions: list[AgentSession] = field(default_factory=list)
    campaigns: list[CampaignRun] = field(default_factory=list)
