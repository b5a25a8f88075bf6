"""How every benchmark reports: one table row on the terminal and a JSON file in bench/results/."""

from __future__ import annotations

import json
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def report(name: str, result: dict, shown: dict[str, str], *more: dict[str, str]) -> Path:
    """Print `shown` (heading: formatted value), and any `more` rows of the same headings, as a
    right-aligned table, write `result` to bench/results/<name>.json, and return that path."""
    rows = [shown, *more]
    widths = [max(len(h), *(len(row[h]) for row in rows)) for h in shown]
    print(" ".join(f"{h:>{w}}" for h, w in zip(shown, widths, strict=True)))
    for row in rows:
        print(" ".join(f"{row[h]:>{w}}" for h, w in zip(shown, widths, strict=True)))
    out = BENCH_DIR / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(BENCH_DIR.parent)}")
    return out
