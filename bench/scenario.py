"""The simulated contact center a job benchmark runs on: its size arguments and its IDB."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from orchestrator.config import Config, validate
from orchestrator.gidb.schema import GIDB_TABLES
from orchestrator.simulator.params import validated
from orchestrator.simulator.run import run_simulation
from orchestrator.simulator.targets import targets_from_config

TRUTH_DIR = Path(__file__).resolve().parent / "results" / "truth"


def size_arguments(description: str, agents: int, seed: int) -> argparse.Namespace:
    """--agents, --days and --seed, with the benchmark's defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--agents", type=int, default=agents)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=seed)
    return parser.parse_args()


def simulated_center(idb: str, size: argparse.Namespace, start: date) -> Config:
    """Simulate two sites with voice, chat, e-mail and outbound into the embedded IDB `idb`; the
    configuration that reads it."""
    config = validate({"idb": [{"name": idb}]}, source=None)
    params = validated(
        agents=size.agents,
        days=size.days,
        start=start,
        seed=size.seed,
        sites=2,
        media=("voice", "chat", "email"),
        outbound=True,
    )
    targets = targets_from_config(config, params, None, False)
    run_simulation(params, targets, TRUTH_DIR, echo=lambda _: None)
    return config


def forget_extraction(mart_uri: str, idb: str) -> None:
    """Forget earlier runs from the IDB `idb`: its GIDB and Merge rows and its marks, so the
    next extraction (and the transform after it) starts from nothing."""
    with psycopg.connect(mart_uri, autocommit=True) as mart:
        row = mart.execute(
            "select data_source_key from gim.ctl_ds where data_source_name = %s", (idb,)
        ).fetchone()
        if row is None:
            return
        names = [t.name for t in GIDB_TABLES] + [t.merge_name for t in GIDB_TABLES if t.merge_name]
        for name in names:
            mart.execute(
                sql.SQL("delete from gim.{} where data_source_key = %s").format(
                    sql.Identifier(name)
                ),
                (row[0],),
            )
        mart.execute("delete from gim.ctl_extract_history where dap_name = %s", (idb,))
