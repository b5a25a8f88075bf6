"""Consultations in the simulated contact center: consult, consult transfer and conference."""

from __future__ import annotations

from .floor import AgentRuntime, Floor
from .model import AgentActivity, Call, Consultation, ConsultKind, QueueSegment
from .topology import SERVICES

#: Share of answered calls (not blind-transferred) on which the agent consults a colleague.
CONSULT_SHARE = 0.06
#: How consultations end: back to the customer, consult transfer, conference.
KIND_WEIGHTS = (
    (ConsultKind.CONSULT, 0.5),
    (ConsultKind.TRANSFER, 0.3),
    (ConsultKind.CONFERENCE, 0.2),
)
#: How long a colleague who holds the consultation call (one in four, by its CallID) holds it,
#: from 5 s after answering (a consultation lasts 20 s or more).
COLLEAGUE_HOLD_SECONDS = 10


class Consultations:
    """The handlers for consultations, on the floor the engine hands them."""

    def __init__(self, floor: Floor) -> None:
        self.floor = floor

    def consult(
        self,
        now: int,
        call: Call,
        segment: QueueSegment,
        initiator: AgentRuntime,
        remaining: int,
    ) -> None:
        """Agent A holds the customer and calls a ready colleague on the same site, if any."""
        colleague = self._any_idle(segment.switch_id)
        leg = segment.agent_leg
        assert leg is not None
        if colleague is None:
            self.floor.at(now + remaining, self.floor.release, call, segment, initiator)
            return
        rng = self.floor.rng
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        answer = now + rng.randint(3, 6)
        end = answer + rng.randint(20, 90)
        consultation = Consultation(
            kind=rng.choices(kinds, weights)[0],
            agent_id=colleague.agent.id,
            call_id=self.floor.new_id(),
            ir_id=self.floor.new_id(),
            conn_id=f"{rng.getrandbits(64):016X}",
            initiator_party_id=self.floor.new_id(),
            initiator_party_guid=self.floor.new_id(),
            party_id=self.floor.new_id(),
            party_guid=self.floor.new_id(),
            joined_party_id=self.floor.new_id(),
            start=now,
            answer=answer,
            end=end,
        )
        if int(consultation.call_id, 16) % 4 == 0:  # a colleague in four checks something first
            consultation.colleague_hold = (answer + 5, answer + 5 + COLLEAGUE_HOLD_SECONDS)
        leg.consultation = consultation
        leg.hold = (now, end)
        self.floor.set_activity(colleague, now, AgentActivity.BUSY)
        if consultation.kind is ConsultKind.CONSULT:
            consultation.release = end
            self.floor.at(end, self._colleague_done, colleague, consultation, None)
            self.floor.at(end + remaining, self.floor.release, call, segment, initiator)
            return
        consultation.release = end + rng.randint(30, 300)
        leaves = end if consultation.kind is ConsultKind.TRANSFER else end + rng.randint(30, 120)
        self.floor.at(leaves, self._initiator_done, segment, initiator)
        self.floor.at(consultation.release, self._colleague_done, colleague, consultation, call)

    def _any_idle(self, switch_id: int) -> AgentRuntime | None:
        for service in SERVICES:
            runtime = self.floor.longest_idle(service, switch_id)
            if runtime is not None:
                return runtime
        return None

    def _initiator_done(self, now: int, segment: QueueSegment, runtime: AgentRuntime) -> None:
        """A leaves the customer call (after a consult transfer, or leaving a conference)."""
        leg = segment.agent_leg
        assert leg is not None
        leg.release = now
        self.floor.after_call_work(now, runtime, leg)

    def _colleague_done(
        self,
        now: int,
        runtime: AgentRuntime,
        consultation: Consultation,
        call: Call | None,
    ) -> None:
        """B leaves: the consultation call, or the customer call, which then ends."""
        consultation.acw_end = now + runtime.agent.wrap_up_seconds + self.floor.rng.randrange(0, 30)
        self.floor.set_activity(runtime, now, AgentActivity.AFTER_CALL_WORK)
        self.floor.at(consultation.acw_end, self.floor.acw_end, runtime)
        if call is not None:
            self.floor.end_call(now, call)
