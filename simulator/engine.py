"""The discrete-event contact center: agents log in, take calls, break and log out; callers wait.

Calls arrive at a service's routing point, wait in its virtual queue for the longest-idle ready
agent of that service on the same site, ring, and are answered or abandoned (while queued or while
ringing). Answered calls may be held once and may be blind-transferred once to another service.
Arrival rates follow the staffing of each 15-minute interval: as many as the ready agents answer
within their medium's service objective (Erlang C, staffing.py), or, for an understaffed day,
enough to keep them 85% busy.
Everything random comes from one `random.Random(seed)`: the same seed gives the same event log.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Callable

from orchestrator.calendar import INTERVAL_SECONDS, interval_spans

from .engine_consult import CONSULT_SHARE, Consultations
from .engine_outbound import CAMPAIGN_HOURS, OUTBOUND_SERVICE, Outbound
from .floor import AgentRuntime
from .model import (
    AgentActivity,
    AgentLeg,
    AgentSession,
    Call,
    EventLog,
    LinkedCall,
    Outcome,
    QueueSegment,
    StateSpan,
)
from .params import SimulationParams
from .staffing import OBJECTIVES, highest_rate
from .topology import NOT_READY_REASONS, SERVICES, Topology

#: An understaffed day (--understaffed): calls arrive to keep the agents this busy.
TARGET_OCCUPANCY = 0.85
MEAN_TALK = 240
MEAN_TALK_HANDLE = MEAN_TALK + 8 + 20
#: Of an agent's logged-in time, the share ready or busy (the rest: not-ready breaks).
READY_SHARE = 0.85
#: During the campaign's hours, the share of its service's agents the dialler keeps busy.
OUTBOUND_AGENT_SHARE = 0.8
MEAN_PATIENCE = 90
IMPATIENT_SHARE = 0.03
#: An e-mail waits as long as it takes: past 30 days it is simply never taken (Call.waiting).
EMAIL_PATIENCE = 30 * 86400
#: Mean seconds an agent spends on an interaction, by medium.
MEAN_HANDLING = {"voice": MEAN_TALK, "chat": 480, "email": 600}
CUSTOMER_ADDRESS = {
    "voice": "+1555{:07d}",
    "chat": "visitor{:07d}",
    "email": "customer{:07d}@example.net",
}
HOLD_SHARE = 0.2
TRANSFER_SHARE = 0.08
#: Of transferred calls, the share sent to another site (when there is one).
INTER_SITE_SHARE = 0.4
SEGMENTS = ("Gold", "Silver", "Bronze")
RESULTS = ("Resolved", "Unresolved", "Sale", "NoSale")


def new_id(rng: random.Random) -> str:
    """A 24-character upper-case hex ID, as ICON's IxnGUIDs look."""
    return f"{rng.getrandbits(96):024X}"


class Simulation:
    """The contact center's event loop; a `Floor` to the consultations and outbound it composes."""

    def __init__(self, params: SimulationParams, topology: Topology, rng: random.Random):
        self.params = params
        self.topology = topology
        self.rng = rng
        self.log = EventLog()
        self._events: list[tuple[int, int, Callable[..., None], tuple]] = []
        self._sequence = 0
        self._agents = {agent.id: AgentRuntime(agent) for agent in topology.agents}
        self._waiting: dict[tuple[str, int], deque[tuple[Call, QueueSegment]]] = {}
        self._idle: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
        self.consultations = Consultations(self)
        self.outbound = Outbound(self)

    def new_id(self) -> str:
        return new_id(self.rng)

    # -- the event loop -------------------------------------------------------------------------
    def at(self, moment: int, handler: Callable[..., None], *args: object) -> None:
        self._sequence += 1
        heapq.heappush(self._events, (moment, self._sequence, handler, args))

    def run(self) -> EventLog:
        self._plan_shifts()
        self._plan_arrivals()
        if self.params.outbound:
            self.outbound.plan()
        while self._events:
            moment, _, handler, args = heapq.heappop(self._events)
            handler(moment, *args)
        self.log.calls.sort(key=lambda call: (call.arrival, call.call_id))
        self.log.sessions.sort(key=lambda session: (session.login, session.agent_id))
        return self.log

    # -- planning ------------------------------------------------------------------------------
    def _plan_shifts(self) -> None:
        self._roster: list[tuple[int, int, int]] = []  # (agent, login, logout)
        for day in range(self.params.days):
            midnight = self.params.start_ts + day * 86400
            for agent in self.topology.agents:
                if self.rng.random() < 0.1:  # a day off
                    continue
                login = midnight + agent.shift_start + self.rng.randrange(-300, 300)
                self._roster.append((agent.id, login, login + agent.shift_seconds))
                self.at(login, self._login, agent.id, login + agent.shift_seconds)

    def _staffing(self) -> dict[tuple[str, int], list[float]]:
        """Agents on shift per (service, site) in each 15-minute interval of the simulated days,
        as rostered (an agent of two services counts half in each)."""
        intervals = self.params.days * 86400 // INTERVAL_SECONDS
        staffed = {(s.name, s.switch_id): [0.0] * intervals for s in self.topology.services}
        for agent_id, login, logout in self._roster:
            agent = self._agents[agent_id].agent
            share = 1 / len(agent.service_names)
            for interval, seconds in interval_spans(login, logout):
                index = (interval - self.params.start_ts) // INTERVAL_SECONDS
                if 0 <= index < intervals:
                    for name in agent.service_names:
                        staffed[(name, agent.switch_id)][index] += (
                            share * seconds / INTERVAL_SECONDS
                        )
        return staffed

    def _arrival_rate(self, service: str, switch_id: int, index: int, agents: float) -> float:
        """Arrivals per second in interval `index` at a queue with `agents` expected on shift:
        as many as its ready agents answer within its medium's objective (staffing.py), or, for
        an understaffed day, enough to keep them TARGET_OCCUPANCY busy whatever the wait."""
        medium = self.topology.medium_of(switch_id)
        handle = MEAN_HANDLING[medium] + 8 + 20  # ringing and wrap-up
        if self.params.understaffed:
            return TARGET_OCCUPANCY * READY_SHARE * agents / MEAN_TALK_HANDLE
        ready = agents * READY_SHARE
        second_of_day = (index * INTERVAL_SECONDS) % 86400
        if (
            self.params.outbound
            and service == OUTBOUND_SERVICE
            and CAMPAIGN_HOURS[0] <= second_of_day < CAMPAIGN_HOURS[1]
        ):
            ready *= 1 - OUTBOUND_AGENT_SHARE
        return highest_rate(ready, handle, OBJECTIVES[medium])

    def _plan_arrivals(self) -> None:
        for (name, switch_id), staffed in self._staffing().items():
            service = self.topology.service(name, switch_id)
            moment = float(self.params.start_ts)
            for index, agents in enumerate(staffed):
                rate = self._arrival_rate(name, switch_id, index, agents)
                bucket_end = self.params.start_ts + (index + 1) * INTERVAL_SECONDS
                moment = max(moment, bucket_end - INTERVAL_SECONDS)
                while rate > 0:
                    moment += self.rng.expovariate(rate)
                    if moment >= bucket_end:
                        break
                    self._new_call(
                        int(moment), service.name, switch_id, service.routing_point.number
                    )
                moment = bucket_end

    def _new_call(self, arrival: int, service: str, switch_id: int, dnis: str) -> None:
        rng = self.rng
        medium = self.topology.medium_of(switch_id)
        customer = rng.randrange(10**7)
        call = Call(
            call_id=new_id(rng),
            ir_id=new_id(rng),
            conn_id=f"{rng.getrandbits(64):016X}",
            switch_id=switch_id,
            ani=CUSTOMER_ADDRESS[medium].format(customer),
            dnis=dnis,
            arrival=arrival,
            patience=self._draw_patience(medium),
            caller_party_id=new_id(rng),
            caller_party_guid=new_id(rng),
            user_data={
                "G_CUSTOMER_SEGMENT": rng.choice(SEGMENTS),
                "G_SERVICE_TYPE": service,
                "CUSTOMER_ID": f"C{rng.randrange(10**6):06d}",
            },
            medium=medium,
        )
        self.log.calls.append(call)
        self.at(arrival, self._enter_queue, call, service, call.patience)

    def _draw_patience(self, medium: str = "voice") -> int:
        """Seconds a caller waits before hanging up: a few hang up at once, most wait a while.

        E-mails never give up."""
        if medium == "email":
            return EMAIL_PATIENCE
        if self.rng.random() < IMPATIENT_SHARE:
            return self.rng.randint(1, 10)
        return 20 + int(self.rng.expovariate(1 / MEAN_PATIENCE))

    # -- calls ---------------------------------------------------------------------------------
    def _enter_queue(
        self, now: int, call: Call, service: str, patience: int, switch_id: int | None = None
    ) -> None:
        switch_id = switch_id or call.switch_id
        segment = QueueSegment(service, switch_id, new_id(self.rng), new_id(self.rng), now)
        segment.deadline = now + patience
        call.segments.append(segment)
        agent = self.longest_idle(service, switch_id)
        if agent is not None:
            self._offer(now, call, segment, agent)
            return
        self._waiting.setdefault((service, switch_id), deque()).append((call, segment))
        self.at(now + patience, self._give_up_waiting, call, segment)

    def _give_up_waiting(self, now: int, call: Call, segment: QueueSegment) -> None:
        if segment.left:  # distributed meanwhile
            return
        segment.left = now
        segment.outcome = Outcome.ABANDONED_QUEUED
        call.end = now
        # An e-mail reaching its patience was simply never taken: the IDB is written before
        # this (simulator/run.py), with the e-mail still in its queue.
        call.waiting = call.medium == "email"

    def _offer(self, now: int, call: Call, segment: QueueSegment, runtime: AgentRuntime) -> None:
        segment.left = now
        leg = AgentLeg(runtime.agent.id, new_id(self.rng), new_id(self.rng), now)
        segment.agent_leg = leg
        self.set_activity(runtime, now, AgentActivity.BUSY)
        ring_end = now + self.rng.randint(3, 12)
        if segment.deadline < ring_end:
            self.at(segment.deadline, self._abandon_ringing, call, segment, runtime)
        else:
            self.at(ring_end, self._answer, call, segment, runtime)

    def _abandon_ringing(
        self, now: int, call: Call, segment: QueueSegment, runtime: AgentRuntime
    ) -> None:
        assert segment.agent_leg is not None
        segment.outcome = Outcome.ABANDONED_RINGING
        segment.agent_leg.release = now
        segment.agent_leg.acw_end = now
        call.end = now
        self.agent_free(now, runtime)

    def _answer(self, now: int, call: Call, segment: QueueSegment, runtime: AgentRuntime) -> None:
        leg = segment.agent_leg
        assert leg is not None
        leg.answer = now
        segment.outcome = Outcome.ANSWERED
        talk = self.handling_seconds(MEAN_HANDLING[call.medium], longest=3600)
        if call.medium != "voice":  # no holds, transfers or consultations in multimedia here
            self.at(now + talk, self.release, call, segment, runtime)
            return
        if self.rng.random() < CONSULT_SHARE and talk > 60:
            offset = self.rng.randrange(10, talk - 20)
            self.at(now + offset, self.consultations.consult, call, segment, runtime, talk - offset)
            return
        if self.rng.random() < HOLD_SHARE and talk > 60:
            hold_start = now + self.rng.randrange(10, talk - 30)
            leg.hold = (hold_start, hold_start + self.rng.randint(15, 90))
            talk += leg.hold[1] - leg.hold[0]
        if len(call.segments) == 1 and self.rng.random() < TRANSFER_SHARE:
            others = [s for s in self.topology.switches if s != segment.switch_id]
            if others and self.rng.random() < INTER_SITE_SHARE:
                leg.transferred_to_switch = self.rng.choice(others)
                leg.transferred_to = self.rng.choice(SERVICES)
            else:
                leg.transferred_to_switch = segment.switch_id
                leg.transferred_to = self.rng.choice([s for s in SERVICES if s != segment.service])
        self.at(now + talk, self.release, call, segment, runtime)

    def handling_seconds(self, mean: int, longest: int) -> int:
        """A log-normal handling time with this mean, from 10 s to `longest`."""
        sigma = 0.6
        seconds = self.rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)
        return int(min(max(seconds, 10), longest))

    def release(self, now: int, call: Call, segment: QueueSegment, runtime: AgentRuntime) -> None:
        leg = segment.agent_leg
        assert leg is not None
        leg.release = now
        self.after_call_work(now, runtime, leg)
        if leg.transferred_to:
            switch_id = leg.transferred_to_switch
            if switch_id != segment.switch_id:
                rng = self.rng
                call.linked = LinkedCall(
                    new_id(rng),
                    new_id(rng),
                    f"{rng.getrandbits(64):016X}",
                    switch_id or 0,
                    new_id(rng),
                    now,
                    new_id(rng),
                    new_id(rng),
                )
            self._enter_queue(now, call, leg.transferred_to, self._draw_patience(), switch_id)
        else:
            self.end_call(now, call)

    def after_call_work(self, now: int, runtime: AgentRuntime, leg: AgentLeg) -> None:
        leg.acw_end = now + runtime.agent.wrap_up_seconds + self.rng.randrange(0, 30)
        self.set_activity(runtime, now, AgentActivity.AFTER_CALL_WORK)
        self.at(leg.acw_end, self.acw_end, runtime)

    def end_call(self, now: int, call: Call) -> None:
        call.user_data["G_BUSINESS_RESULT"] = self.rng.choice(RESULTS)
        call.end = now

    def longest_idle(self, service: str, switch_id: int) -> AgentRuntime | None:
        pool = self._idle.get((service, switch_id))
        while pool:
            ready_since, _, agent_id = heapq.heappop(pool)
            runtime = self._agents[agent_id]
            if runtime.activity is AgentActivity.READY and runtime.since == ready_since:
                return runtime
        return None

    def _oldest_waiting(self, runtime: AgentRuntime) -> tuple[Call, QueueSegment] | None:
        best: tuple[Call, QueueSegment] | None = None
        for service in runtime.agent.service_names:
            waiting = self._waiting.get((service, runtime.agent.switch_id))
            while waiting and waiting[0][1].left:
                waiting.popleft()
            if waiting and (best is None or waiting[0][1].entered < best[1].entered):
                best = waiting[0]
        if best is not None:
            self._waiting[(best[1].service, best[1].switch_id)].popleft()
        return best

    # -- agents --------------------------------------------------------------------------------
    def _login(self, now: int, agent_id: int, logout_due: int) -> None:
        runtime = self._agents[agent_id]
        runtime.session = AgentSession(new_id(self.rng), agent_id, now)
        runtime.logout_due = False
        runtime.pending = []
        self.log.sessions.append(runtime.session)
        shift = logout_due - now
        plan = [(7200, "Break", 900)]
        if shift >= 6 * 3600:
            plan.append((shift // 2, "Lunch", 1800))
        if shift >= 8 * 3600:
            plan.append((6 * 3600, "Break", 900))
        if self.rng.random() < 0.1:
            plan.append((self.rng.randrange(3600, shift - 1800), "Meeting", 1800))
        if self.rng.random() < 0.05:
            plan.append((self.rng.randrange(1800, shift - 600), "Training", 1200))
        if self.rng.random() < 0.05:
            plan.append((self.rng.randrange(600, shift - 600), "DND", 300))
        for offset, reason, seconds in plan:
            if offset < shift:
                self.at(now + offset, self._want_pause, runtime, reason, seconds)
        self.at(logout_due, self._want_logout, runtime)
        self._become_ready(now, runtime)

    def _want_pause(self, now: int, runtime: AgentRuntime, reason: str, seconds: int) -> None:
        if runtime.session is None or runtime.session.logout:
            return
        if runtime.activity is AgentActivity.READY:
            self._pause(now, runtime, reason, seconds)
        else:
            runtime.pending.append(("pause", reason, seconds))

    def _pause(self, now: int, runtime: AgentRuntime, reason: str, seconds: int) -> None:
        if reason == "DND":
            self.set_activity(runtime, now, AgentActivity.DND)
        else:
            assert reason in NOT_READY_REASONS
            self.set_activity(runtime, now, AgentActivity.NOT_READY, reason)
        runtime.break_ends = now + seconds
        self.at(now + seconds, self._pause_end, runtime, now + seconds)

    def _pause_end(self, now: int, runtime: AgentRuntime, due: int) -> None:
        if runtime.break_ends == due and runtime.activity in (
            AgentActivity.NOT_READY,
            AgentActivity.DND,
        ):
            self.agent_free(now, runtime)

    def _want_logout(self, now: int, runtime: AgentRuntime) -> None:
        if runtime.activity in (AgentActivity.BUSY, AgentActivity.AFTER_CALL_WORK):
            runtime.logout_due = True
        else:
            self._logout(now, runtime)

    def _logout(self, now: int, runtime: AgentRuntime) -> None:
        assert runtime.session is not None
        self.set_activity(runtime, now, None)
        runtime.session.logout = now
        runtime.session = None
        runtime.break_ends = 0

    def acw_end(self, now: int, runtime: AgentRuntime) -> None:
        self.agent_free(now, runtime)

    def agent_free(self, now: int, runtime: AgentRuntime) -> None:
        """The agent finished something: log out, start a pending pause, or become ready."""
        if runtime.logout_due:
            self._logout(now, runtime)
        elif runtime.pending:
            _, reason, seconds = runtime.pending.pop(0)
            self._pause(now, runtime, reason or "Break", seconds)
        else:
            self._become_ready(now, runtime)

    def _become_ready(self, now: int, runtime: AgentRuntime) -> None:
        self.set_activity(runtime, now, AgentActivity.READY)
        waiting = self._oldest_waiting(runtime)
        if waiting is not None:
            call, segment = waiting
            self._offer(now, call, segment, runtime)
            return
        for service in runtime.agent.service_names:
            self._sequence += 1
            pool = self._idle.setdefault((service, runtime.agent.switch_id), [])
            heapq.heappush(pool, (now, self._sequence, runtime.agent.id))

    def set_activity(
        self,
        runtime: AgentRuntime,
        now: int,
        activity: AgentActivity | None,
        reason: str | None = None,
    ) -> None:
        session = runtime.session
        assert session is not None
        if runtime.activity is not None and now > runtime.since:
            session.spans.append(StateSpan(runtime.since, now, runtime.activity, runtime.reason))
        runtime.activity, runtime.since, runtime.reason = activity, now, reason


def simulate(params: SimulationParams, topology: Topology, rng: random.Random) -> EventLog:
    return Simulation(params, topology, rng).run()
