"""How every benchmark reports: one table row on the terminal and a JSON file in bench/results/."""

from __future__ import annotations

import json
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def report(name: str, result: dict, shown: dict[str, str]) -> Path:
    """Print `shown` (heading: formatted value) as a right-aligned table, write `result` to
    bench/results/<name>.json, and return that path."""
    widths = [max(len(heading), len(value)) for heading, value in shown.items()]
    print(" ".join(f"{h:>{w}}" for h, w in zip(shown, widths, strict=True)))
    print(" ".join(f"{v:>{w}}" for v, w in zip(shown.values(), widths, strict=True)))
    out = BENCH_DIR / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(BENCH_DIR.parent)}")
    return out
