"""The Business Continuity guide's rule for an IDB that does not answer (extract/outages.py)."""

from __future__ import annotations

from orchestrator.extract.outages import (
    NEVER_READ,
    PARTNER,
    STUCK,
    WAITS,
    judge_unreachable,
    skipped_range,
)

HOUR = 3600


def test_a_partner_serves_a_member_of_a_redundant_set() -> None:
    verdict = judge_unreachable("b", "refused", ["a"], 0, 10 * HOUR, 8 * HOUR)
    assert verdict.kind == PARTNER and not verdict.fails_the_job
    assert (
        verdict.line
        == "IDB b cannot be reached (refused): its HA partner a serves its data sources"
    )


def test_within_the_threshold_its_data_waits_and_the_job_fails() -> None:
    verdict = judge_unreachable("b", "refused", [], 2 * HOUR, 10 * HOUR - 1, 8 * HOUR)
    assert verdict.kind == WAITS and verdict.fails_the_job
    assert verdict.behind == 8 * HOUR - 1
    assert (
        "its data waits for it (28799 s behind, extract-data-stuck-threshold 28800 s)"
        in verdict.line
    )


def test_past_the_threshold_extraction_goes_on_without_it() -> None:
    verdict = judge_unreachable("b", "refused", [], 2 * HOUR, 10 * HOUR, 8 * HOUR)
    assert verdict.kind == STUCK and not verdict.fails_the_job
    assert verdict.line.startswith("WARNING: IDB b cannot be reached (refused), 28800 s behind")


def test_an_idb_never_read_is_never_stuck() -> None:
    verdict = judge_unreachable("b", "refused", [], None, 10**9, 8 * HOUR)
    assert verdict.kind == NEVER_READ and verdict.fails_the_job


def test_a_returning_source_leaves_behind_what_lies_past_the_threshold() -> None:
    assert skipped_range(mark=HOUR, horizon=20 * HOUR, threshold=8 * HOUR) == (HOUR, 12 * HOUR)
    assert skipped_range(mark=13 * HOUR, horizon=20 * HOUR, threshold=8 * HOUR) is None
