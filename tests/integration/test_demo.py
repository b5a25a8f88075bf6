"""`gim demo` end to end at a small size, in a schema and IDB of its own: the headline report's
queue numbers equal the simulated day's ground truth, and every cycle is in the job history."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from orchestrator.cli import cli

pytestmark = pytest.mark.slow

SCHEMA = "gim_demo"
DEMO_CONFIG = f"""\
infomart:
  schema: {SCHEMA}
idb:
  - name: demo_idb
date-time:
  date-time-start-year: 2026
gim-etl-populate:
  q-answer-threshold: 20
"""


@pytest.fixture(scope="module")
def demo(initialized, gim_home: Path, tmp_path_factory) -> str:
    """The demo's standard output (10 agents)."""
    config = tmp_path_factory.mktemp("demo") / "gim.yml"
    config.write_text(DEMO_CONFIG)
    result = CliRunner().invoke(cli, ["--config", str(config), "demo", "--agents", "10"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _queue_rows(report: str) -> dict[str, list[str]]:
    section = report.split("Queues (AG2_QUEUE_DAY):")[1].split("\n\n")[0]
    return {
        line.split()[0]: line.split()[1:]
        for line in section.strip().splitlines()[2:]
        if re.match(r"VQ_", line)
    }


def test_the_report_s_queue_numbers_equal_the_ground_truth(demo, gim_home: Path) -> None:
    truth: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with (gim_home / "truth" / "queue_intervals.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("entered", "answered", "abandoned", "abandoned_short"):
                truth[row["virtual_queue"]][column] += int(row[column])
            truth[row["virtual_queue"]]["within"] += int(row["answered_within_20"])
    queues = _queue_rows(demo)
    assert set(queues) == set(truth)
    for queue, (offered, answered, abandoned, _, service_level, _) in queues.items():
        want = truth[queue]
        assert (int(offered), int(answered), int(abandoned)) == (
            want["entered"],
            want["answered"],
            want["abandoned"],
        ), queue
        counted = want["answered"] + want["abandoned"] - want["abandoned_short"]
        assert (service_level == "-") == (counted == 0), queue
        if service_level != "-":
            assert float(service_level) == round(100.0 * want["within"] / counted, 1), queue
    assert sum(int(row[0]) for row in queues.values()) > 100


def test_the_report_names_groups_reasons_and_where_to_look(demo) -> None:
    assert "Agent groups (AG2_I_SESS_STATE_DAY" in demo
    assert re.search(r"\n\S+ \S+\s+\d+\.\d\s+\d+\.\d\n", demo)  # a group's occupancy row
    assert "Not ready by reason (AG2_I_STATE_RSN_DAY):" in demo
    assert "docs/examples.sql" in demo


def test_each_cycle_of_the_demo_is_in_the_job_history(demo, uri: str) -> None:
    with psycopg.connect(uri) as conn:
        jobs = conn.execute(
            f"select job_name, count(*) from {SCHEMA}.ctl_etl_history"
            " where status = 'COMPLETE' group by 1"
        ).fetchall()
    assert dict(jobs) == {
        "Job_InitializeGIM": 1,
        "Job_ExtractICON": 4,
        "Job_TransformGIM": 4,
        "Job_AggregateGIM": 4,
    }
