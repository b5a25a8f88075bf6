"""A simulated IDB that moves forward in time, as ICON writes it while the contact center works.

`LiveIdb.start(clock)` writes the IDB as ICON had it at `clock` (as `gim simulate --until` does)
and keeps the rows that change later, up to a horizon. `advance(clock)` then writes only what
changed since: rows inserted (in their active version if not ended yet) or updated, and ICON's
control rows (sessions' latest events, provider counters), each replacing its earlier version by
primary key. An IDB advanced from one clock to another holds what one written at the later clock
holds, at the cost of the changes alone: what a real-time benchmark needs.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from orchestrator.db import connect

from .params import SimulationParams
from .rows_control import control_rows
from .run import CONFIGURED_BEFORE, _all_rows, prepare
from .stamps import Row
from .targets import IdbTarget
from .writer import TableBuffers


@dataclass
class LiveIdb:
    """One IDB of a simulated contact center, written up to a clock that only moves forward."""

    params: SimulationParams
    target: IdbTarget
    clock: int = 0
    #: Changes after the clock: (when, order, table, row), a heap.
    _changes: list[tuple[int, int, str, Row]] = field(default_factory=list)
    _seq_current: dict[str, int] = field(default_factory=dict)
    _last_write: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._topology, self._log = prepare(self.params)

    @property
    def configured(self) -> int:
        return self.params.start_ts - CONFIGURED_BEFORE

    def start(self, clock: int, horizon: int) -> int:
        """Replace the IDB with its state at `clock`; keep the changes up to `horizon` for
        `advance`. Returns the rows written."""
        buffer = TableBuffers(self.target, clock=clock)
        order = 0
        for table, row in _all_rows(self.params, self._topology, self._log):
            buffer.add_row(table, row)
            for moment in (row.get("_inserted"), row.get("_updated")):
                if moment is not None and clock < moment <= horizon:
                    order += 1
                    heapq.heappush(self._changes, (moment, order, table, row))
        self.clock = clock
        return self._write(buffer, replace_all=True)

    def advance(self, clock: int) -> int:
        """Write what changed after the current clock up to `clock`; the rows written."""
        if clock < self.clock:
            raise ValueError(f"the clock only moves forward: {clock} < {self.clock}")
        buffer = TableBuffers(self.target, clock=clock)
        changed: dict[int, tuple[str, Row]] = {}
        while self._changes and self._changes[0][0] <= clock:
            _, _, table, row = heapq.heappop(self._changes)
            changed[id(row)] = (table, row)  # a row inserted and updated meanwhile: once
        for table, row in changed.values():
            buffer.add_row(table, row)
        self.clock = clock
        return self._write(buffer, replace_all=False)

    def _write(self, buffer: TableBuffers, replace_all: bool) -> int:
        for provider, sequence in buffer.seq_current.items():
            self._seq_current[provider] = max(sequence, self._seq_current.get(provider, 0))
        for domain, written in buffer.last_write.items():
            self._last_write[domain] = max(written, self._last_write.get(domain, 0))
        last_event = self.clock
        buffer.add(
            control_rows(
                self._topology,
                self.target,
                self.configured,
                last_event,
                self._seq_current,
                self._last_write,
            )
        )
        rows = sum(buffer.counts.values())
        with connect(self.target.uri) as conn:
            if replace_all:
                buffer.write(conn)
            else:
                buffer.replace_rows(conn)
        return rows
