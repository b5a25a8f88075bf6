"""Progress bars for long work on a terminal (tqdm): on stderr, and silent when stderr is not a
terminal (a scheduler's log, a test, a pipe)."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


def on_terminal() -> bool:
    return sys.stderr.isatty()


def bar(description: str, total: float | None = None, unit: str = "it") -> tqdm:
    """A bar that clears itself when done; a no-op off a terminal."""
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        leave=False,
        file=sys.stderr,
        disable=not on_terminal(),
        dynamic_ncols=True,
    )


class DbtNodes:
    """A dbt callback advancing a bar by one per node finished (model, test, seed)."""

    def __init__(self, description: str) -> None:
        self.bar = bar(description, unit="node")

    def __call__(self, event: Any) -> None:
        name = event.info.name
        data = event.data
        if name in ("LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult"):
            total = getattr(data, "total", 0)
            if total and self.bar.total != total:
                self.bar.total = total
            self.bar.set_postfix_str(getattr(data, "description", "") or "", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()
