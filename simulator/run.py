"""`gim simulate`: build the contact center, run it, write each IDB and the ground truth."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from orchestrator.db import connect

from .engine import simulate
from .identity import mark
from .model import EventLog
from .params import SimulationParams
from .rows_agents import AgentRows
from .rows_calls import CallRows
from .rows_config import config_rows
from .rows_control import control_rows
from .stamps import Row, Sequences
from .targets import IdbTarget
from .topology import Topology, build_topology
from .truth import write_truth
from .writer import TableBuffers

#: Configuration objects exist this long before the simulated period starts.
CONFIGURED_BEFORE = 30 * 86400


@dataclass(frozen=True)
class SimulationResult:
    topology: Topology
    log: EventLog
    #: Rows written per IDB and table.
    row_counts: dict[str, dict[str, int]]
    truth_files: dict[str, Path]


def prepare(params: SimulationParams) -> tuple[Topology, EventLog]:
    """The topology and the event log: everything random happens here, from the seed."""
    rng = random.Random(params.seed)
    topology = build_topology(params.agents, params.sites, rng, params.media)
    return topology, simulate(params, topology, rng)


def _all_rows(
    params: SimulationParams, topology: Topology, log: EventLog
) -> Iterator[tuple[str, Row]]:
    sequences = Sequences()
    configured = params.start_ts - CONFIGURED_BEFORE
    yield from config_rows(topology, configured, sequences)
    call_rows = CallRows(topology, sequences)
    yield from call_rows.campaign_config_rows(log.campaigns, configured)
    for call in log.calls:
        yield from call_rows.rows(call)
    for run in log.campaigns:
        yield from call_rows.campaign_rows(run)
    agent_rows = AgentRows(topology, log, sequences)
    for session in log.sessions:
        yield from agent_rows.rows(session)


def run_simulation(
    params: SimulationParams,
    targets: list[IdbTarget],
    truth_dir: Path,
    echo: Callable[[str], None] = print,
    prepared: tuple[Topology, EventLog] | None = None,
) -> SimulationResult:
    topology, log = prepared or prepare(params)
    echo(f"simulated {len(log.calls)} calls and {len(log.sessions)} agent sessions")
    configured = params.start_ts - CONFIGURED_BEFORE
    # The IDB as it stood once everything but the e-mails no one took had ended: those are still
    # in their queues then.
    ends = [c.end for c in log.calls if not c.waiting] + [s.logout for s in log.sessions]
    ends += [run.unloaded for run in log.campaigns] + [configured]
    last_event = max(ends)
    if params.until_ts is not None:
        last_event = min(last_event, params.until_ts)
    buffers = [TableBuffers(target, clock=last_event) for target in targets]
    for table, row in _all_rows(params, topology, log):
        for buffer in buffers:
            buffer.add_row(table, row)
    counts = {}
    for buffer in buffers:
        target = buffer.target
        buffer.add(
            control_rows(
                topology, target, configured, last_event, buffer.seq_current, buffer.last_write
            )
        )
        with connect(target.uri) as conn:
            buffer.write(conn)
            mark(conn, params)
        counts[target.name] = dict(buffer.counts)
        outage = " (with its HA outage)" if target.outage else ""
        echo(f"wrote {sum(buffer.counts.values())} rows into IDB {target.name}{outage}")
    files = write_truth(truth_dir, params, topology, log, counts)
    echo(f"ground truth in {truth_dir}")
    return SimulationResult(topology, log, counts, files)
