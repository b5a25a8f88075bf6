"""How many interactions a queue's agents can take while meeting its service objective: Erlang C.

A plausible center is staffed for its arrivals; the simulator has its agents' shifts first, so it
turns the question around: for the agents ready in an interval, the highest arrival rate at which
Erlang C still answers the objective's share within its threshold. Erlang C ignores abandons, so
the real center (whose callers do abandon) does a little better than the objective.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Objective:
    """Answer `share` of the interactions within `seconds`."""

    seconds: int
    share: float


#: Usual objectives: voice 80/20; chat 80% within a minute; e-mail 80% within four hours.
OBJECTIVES = {
    "voice": Objective(20, 0.8),
    "chat": Objective(60, 0.8),
    "email": Objective(4 * 3600, 0.8),
}
#: Planned above the objective, for the randomness of one interval's arrivals.
MARGIN = 0.12


def erlang_c(agents: int, load: float) -> float:
    """The probability an arrival waits, with `agents` servers and `load` erlangs (< agents)."""
    term, total = 1.0, 1.0
    for k in range(1, agents):
        term *= load / k
        total += term
    last = term * load / agents * agents / (agents - load)
    return last / (total + last)


def service_level(agents: int, rate: float, handle: float, within: int) -> float:
    """Erlang C's share answered within `within` seconds at `rate` arrivals per second."""
    load = rate * handle
    if agents <= 0:
        return 0.0
    if load >= agents:
        return 0.0
    waiting = erlang_c(agents, load)
    return 1.0 - waiting * math.exp(-(agents - load) * within / handle)


@cache
def _highest_rate(agents: int, handle: float, objective: Objective) -> float:
    if agents <= 0:
        return 0.0
    target = min(0.99, objective.share + MARGIN)
    low, high = 0.0, agents / handle
    for _ in range(40):
        middle = (low + high) / 2
        if service_level(agents, middle, handle, objective.seconds) >= target:
            low = middle
        else:
            high = middle
    return low


def highest_rate(ready_agents: float, handle: float, objective: Objective) -> float:
    """Arrivals per second `ready_agents` (fractional: shared agents) take within the objective,
    interpolated between the whole numbers of agents around it."""
    whole = math.floor(ready_agents)
    fraction = ready_agents - whole
    below = _highest_rate(whole, handle, objective)
    above = _highest_rate(whole + 1, handle, objective)
    return below + fraction * (above - below)
