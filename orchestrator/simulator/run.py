"""`gim simulate`: build the contact center, run it, write the IDB and the ground truth."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..db import connect
from .engine import simulate
from .model import EventLog
from .params import SimulationParams
from .rows_agents import AgentRows
from .rows_calls import CallRows
from .rows_config import config_rows
from .rows_control import control_rows
from .stamps import Sequences
from .topology import Topology, build_topology
from .truth import write_truth
from .writer import TableBuffers

#: Configuration objects exist this long before the simulated period starts.
CONFIGURED_BEFORE = 30 * 86400


@dataclass(frozen=True)
class SimulationResult:
    topology: Topology
    log: EventLog
    row_counts: dict[str, int]
    truth_files: dict[str, Path]


def run_simulation(
    params: SimulationParams,
    idb_uri: str,
    truth_dir: Path,
    echo: Callable[[str], None] = print,
) -> SimulationResult:
    rng = random.Random(params.seed)
    topology = build_topology(params.agents, params.sites, rng)
    log = simulate(params, topology, rng)
    echo(f"simulated {len(log.calls)} calls and {len(log.sessions)} agent sessions")
    sequences = Sequences()
    buffers = TableBuffers(clock=params.until_ts)
    configured = params.start_ts - CONFIGURED_BEFORE
    buffers.add(config_rows(topology, configured, sequences))
    call_rows = CallRows(topology, sequences)
    for call in log.calls:
        buffers.add(call_rows.rows(call))
    agent_rows = AgentRows(topology, log, sequences)
    for session in log.sessions:
        buffers.add(agent_rows.rows(session))
    last_event = max([c.end for c in log.calls] + [s.logout for s in log.sessions] + [configured])
    if params.until_ts is not None:
        last_event = min(last_event, params.until_ts)
    buffers.add(control_rows(topology, configured, last_event, buffers.seq_current))
    with connect(idb_uri) as conn:
        buffers.write(conn)
    echo(f"wrote {sum(buffers.counts.values())} IDB rows into {len(buffers.counts)} tables")
    files = write_truth(truth_dir, params, topology, log, buffers.counts)
    echo(f"ground truth in {truth_dir}")
    return SimulationResult(topology, log, dict(buffers.counts), files)
