"""What the engine's helpers (consultations, outbound) see of it: the contact-center floor.

The engine (engine.py) is the one implementation; the helpers take it as a `Floor`, so they
depend on this module and not on the engine, and the engine composes them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .model import AgentActivity, AgentLeg, AgentSession, Call, EventLog, QueueSegment
from .params import SimulationParams
from .topology import Agent, Topology


@dataclass
class AgentRuntime:
    """An agent as the simulation runs: their session, what they are doing and since when."""

    agent: Agent
    session: AgentSession | None = None
    activity: AgentActivity | None = None
    since: int = 0
    reason: str | None = None
    pending: list[tuple[str, str | None, int]] = field(default_factory=list)
    logout_due: bool = False
    break_ends: int = 0


class Floor(Protocol):
    """The event loop, the agents and the calls' common steps."""

    params: SimulationParams
    topology: Topology
    rng: random.Random
    log: EventLog

    def new_id(self) -> str: ...

    def at(self, moment: int, handler: Callable[..., None], *args: object) -> None: ...

    def longest_idle(self, service: str, switch_id: int) -> AgentRuntime | None: ...

    def set_activity(
        self,
        runtime: AgentRuntime,
        now: int,
        activity: AgentActivity | None,
        reason: str | None = None,
    ) -> None: ...

    def handling_seconds(self, mean: int, longest: int) -> int: ...

    def release(
        self, now: int, call: Call, segment: QueueSegment, runtime: AgentRuntime
    ) -> None: ...

    def after_call_work(self, now: int, runtime: AgentRuntime, leg: AgentLeg) -> None: ...

    def acw_end(self, now: int, runtime: AgentRuntime) -> None: ...

    def agent_free(self, now: int, runtime: AgentRuntime) -> None: ...

    def end_call(self, now: int, call: Call) -> None: ...
