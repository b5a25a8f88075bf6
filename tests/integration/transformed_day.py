"""The simulated days Job_TransformGIM is tested on, shared by the transform suites."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from idb_scenarios import extract, simulate, single_idb

from orchestrator.config import Config
from orchestrator.jobs import job_named, run_job

#: Seeds of their own: IR IDs are unique within one simulated center, not across the session's.
CYCLED_SEED, ONCE_SEEDS = 41, (42, 43)
CLOCKS = (datetime(2026, 3, 8, 9, 0, tzinfo=UTC), datetime(2026, 3, 8, 15, 30, tzinfo=UTC), None)


def transform(config: Config, dbt_project) -> list[str]:
    """Run Job_TransformGIM; its summary lines."""
    outcome = run_job(job_named("Job_TransformGIM"), config, dbt=dbt_project, echo=lambda _: None)
    return outcome.summary


@pytest.fixture(scope="session")
def transformed(initialized, dbt_project, tmp_path_factory) -> dict[int, Path]:
    """Seed 41 extracted and transformed in three cycles as the day goes on; seeds 42 and 43
    extracted at the end of the day and transformed together. Their ground-truth folders."""
    truths = {
        seed: tmp_path_factory.mktemp(f"transform-truth-{seed}")
        for seed in (CYCLED_SEED, *ONCE_SEEDS)
    }
    cycled = single_idb(f"tf_{CYCLED_SEED}")
    for clock in CLOCKS:
        simulate(cycled, clock, truths[CYCLED_SEED], seed=CYCLED_SEED)
        extract(cycled, dbt_project)
        transform(cycled, dbt_project)
    for seed in ONCE_SEEDS:
        once = single_idb(f"tf_{seed}")
        simulate(once, None, truths[seed], seed=seed)
        extract(once, dbt_project)
    transform(single_idb(f"tf_{ONCE_SEEDS[0]}"), dbt_project)
    return truths
