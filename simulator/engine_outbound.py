"""Outbound: each site's campaign group dials its calling list in progressive mode, 10:00-16:00.

Records come up at a pace set by the group's staffing; the dialer dials one only when an agent
of the group (the site's Retention agents, who take inbound Retention calls too) is ready, and
reserves that agent while it rings (waiting 30 s at a time otherwise). OCS's call result decides
each attempt; an answered call is connected to the reserved agent. Busy and no-answer records are
retried an hour later, three attempts at most.
"""

from __future__ import annotations

from orchestrator.idb.codes import CallResult, ContactInfoType

from .floor import AgentRuntime, Floor
from .model import AgentActivity, AgentLeg, CampaignRun, OutboundAttempt, OutboundChain

OUTBOUND_SERVICE = "Retention"
CAMPAIGN_HOURS = (10 * 3600, 16 * 3600)
DIALS_PER_AGENT_HOUR = 10
RESULT_WEIGHTS = (
    (CallResult.ANSWER, 0.35),
    (CallResult.NO_ANSWER, 0.3),
    (CallResult.BUSY, 0.15),
    (CallResult.ANSWERING_MACHINE, 0.15),
    (CallResult.FAX, 0.03),
    (CallResult.SIT_DETECTED, 0.02),
)
RETRY_RESULTS = (CallResult.BUSY, CallResult.NO_ANSWER)
RETRY_AFTER = 3600
MAX_ATTEMPTS = 3
MEAN_OUTBOUND_TALK = 180
#: Seconds the dialer waits before looking for a ready agent again.
AGENT_WAIT = 30
#: Campaign and calling-list DBIDs: 400 + site, 500 + site.
CAMPAIGN_BASE, LIST_BASE = 400, 500


class Outbound:
    """Each site's campaign group dialing, on the floor the engine hands it."""

    def __init__(self, floor: Floor) -> None:
        self.floor = floor

    def plan(self) -> None:
        for day in range(self.floor.params.days):
            midnight = self.floor.params.start_ts + day * 86400
            for switch_id, site in self.floor.topology.switches.items():
                service = self.floor.topology.service(OUTBOUND_SERVICE, switch_id)
                agents = [
                    a
                    for a in self.floor.topology.agents
                    if a.switch_id == switch_id and OUTBOUND_SERVICE in a.service_names
                ]
                if not agents:
                    continue
                run = CampaignRun(
                    campaign_guid=self.floor.new_id(),
                    campaign_id=CAMPAIGN_BASE + switch_id,
                    list_id=LIST_BASE + switch_id,
                    switch_id=switch_id,
                    group_id=service.group_id,
                    name=f"Renewals {site}",
                    loaded=midnight + CAMPAIGN_HOURS[0],
                    unloaded=midnight + CAMPAIGN_HOURS[1],
                )
                self.floor.log.campaigns.append(run)
                rate = 0.9 * len(agents) * DIALS_PER_AGENT_HOUR / 3600
                moment = float(run.loaded)
                while True:
                    moment += self.floor.rng.expovariate(rate)
                    if moment >= run.unloaded:
                        break
                    self.floor.at(int(moment), self._dial, run, None)

    def _dial(self, now: int, run: CampaignRun, chain: OutboundChain | None) -> None:
        """Dial a record (a new one when `chain` is None) once a group agent is ready."""
        rng = self.floor.rng
        runtime = self.floor.longest_idle(OUTBOUND_SERVICE, run.switch_id)
        if runtime is None:
            if now + AGENT_WAIT < run.unloaded:
                self.floor.at(now + AGENT_WAIT, self._dial, run, chain)
            return
        if chain is None:
            chain = OutboundChain(
                chain_guid=self.floor.new_id(),
                chain_id=len(run.chains) + 1,
                record_handle=len(run.chains) + 1,
                contact=f"+1444{rng.randrange(10**7):07d}",
                contact_type=rng.choice((ContactInfoType.HOME_PHONE, ContactInfoType.MOBILE)),
            )
            run.chains.append(chain)
        results, weights = zip(*RESULT_WEIGHTS, strict=True)
        attempt = OutboundAttempt(
            number=len(chain.attempts) + 1,
            call_attempt_id=self.floor.new_id(),
            call_id=self.floor.new_id(),
            ir_id=self.floor.new_id(),
            conn_id=f"{rng.getrandbits(64):016X}",
            customer_party_id=self.floor.new_id(),
            customer_party_guid=self.floor.new_id(),
            dialed=now,
            result=rng.choices(results, weights)[0],
        )
        chain.attempts.append(attempt)
        self.floor.set_activity(runtime, now, AgentActivity.BUSY)  # reserved while it rings
        rings = rng.randint(5, 25)
        if attempt.result is CallResult.ANSWER:
            self.floor.at(now + rings, self._customer_answers, attempt, runtime)
            return
        attempt.end = now + rings
        self.floor.at(attempt.end, self._reservation_ends, runtime)
        retry = now + RETRY_AFTER
        if (
            attempt.result in RETRY_RESULTS
            and attempt.number < MAX_ATTEMPTS
            and retry < run.unloaded
        ):
            self.floor.at(retry, self._dial, run, chain)

    def _reservation_ends(self, now: int, runtime: AgentRuntime) -> None:
        self.floor.agent_free(now, runtime)

    def _customer_answers(self, now: int, attempt: OutboundAttempt, runtime: AgentRuntime) -> None:
        attempt.answered = now
        leg = AgentLeg(
            runtime.agent.id, self.floor.new_id(), self.floor.new_id(), now, answer=now + 1
        )
        attempt.agent_leg = leg
        talk = self.floor.handling_seconds(MEAN_OUTBOUND_TALK, longest=1800)
        self.floor.at(now + 1 + talk, self._outbound_release, attempt, runtime)

    def _outbound_release(self, now: int, attempt: OutboundAttempt, runtime: AgentRuntime) -> None:
        leg = attempt.agent_leg
        assert leg is not None
        leg.release = now
        attempt.end = now
        self.floor.after_call_work(now, runtime, leg)
