"""The simulated center is staffed to its objectives by default, and overloaded on request."""

from __future__ import annotations

import math
from datetime import date

import pytest

from simulator.params import validated
from simulator.run import prepare
from simulator.staffing import OBJECTIVES, highest_rate, service_level
from simulator.truth import queue_intervals


def test_erlang_c_gives_the_textbook_service_level() -> None:
    # Two agents, one erlang: a caller waits with probability 1/3, then for exp(1/100 s).
    assert service_level(2, 1 / 100, 100, 20) == pytest.approx(1 - math.exp(-0.2) / 3)


def test_the_highest_rate_still_meets_the_objective() -> None:
    voice = OBJECTIVES["voice"]
    rate = highest_rate(6, 268, voice)
    assert service_level(6, rate, 268, voice.seconds) >= voice.share
    assert service_level(6, rate * 1.2, 268, voice.seconds) < voice.share + 0.12


def _voice(understaffed: bool) -> tuple[float, float]:
    """Voice answered within 20 s (of answered and abandoned, short abandons out) and abandoned
    (of entered), as the ground truth of one simulated day at 50 agents counts them."""
    params = validated(
        agents=50,
        days=1,
        start=date(2026, 3, 8),
        seed=1,
        sites=2,
        media=("voice", "chat", "email"),
        outbound=True,
        understaffed=understaffed,
    )
    topology, log = prepare(params)
    totals = dict.fromkeys(("entered", "answered", "abandoned", "short", "within"), 0)
    for row in queue_intervals(params, topology, log):
        if topology.medium_of(row["switch_id"]) == "voice":
            totals["entered"] += row["entered"]
            totals["answered"] += row["answered"]
            totals["abandoned"] += row["abandoned"]
            totals["short"] += row["abandoned_short"]
            totals["within"] += row["answered_within_20"]
    counted = totals["answered"] + totals["abandoned"] - totals["short"]
    return totals["within"] / counted, totals["abandoned"] / totals["entered"]


def test_the_default_center_meets_80_20_with_few_abandons() -> None:
    within_20, abandoned = _voice(understaffed=False)
    assert within_20 >= 0.8 and abandoned < 0.1


def test_an_understaffed_day_is_available() -> None:
    within_20, abandoned = _voice(understaffed=True)
    assert within_20 < 0.7 and abandoned > 0.2
