"""Delayed and stuck data sources are named, each once, judged in data time."""

from __future__ import annotations

from orchestrator.extract.lag import ReadSource, lag_warnings
from orchestrator.extract.window import DataSource


def _read(
    idb: str, provider: str, dbid: int, horizon: int, active: bool = True, kind: int = 1
) -> ReadSource:
    source = DataSource(dbid, kind, 1, (dbid,), horizon, active)
    return ReadSource(idb, provider, source, (f"g_{provider}_a", f"g_{provider}_b"))


def test_a_source_on_time_raises_nothing() -> None:
    assert lag_warnings([_read("i", "gcc", 1, 1000), _read("i", "gcc", 2, 950)], 60, 600) == []


def test_a_lagging_source_is_delayed_then_stuck_named_once_with_its_tables() -> None:
    read = [
        _read("i", "gcc", 1, 10_000),
        _read("i", "gcc", 2, 9_000),
        _read("i", "gls", 2, 8_000),
    ]
    [delayed] = lag_warnings(read, 900, 5_000)
    assert delayed == (
        "WARNING: IDB i, T-SERVER 2: no data for 2000 s in G_GCC_A, G_GCC_B, G_GLS_A, G_GLS_B:"
        " delayed (delayed-data-threshold 900 s)"
    )
    [stuck] = lag_warnings(read, 900, 1_500)
    assert "stuck (extract-data-stuck-threshold 1500 s)" in stuck


def test_closed_sources_other_kinds_and_other_idbs_are_not_compared() -> None:
    read = [
        _read("i", "gcc", 1, 10_000),
        _read("i", "gcc", 2, 1_000, active=False),
        _read("i", "gos", 4, 1_000, kind=3),
        _read("j", "gcc", 3, 2_000),
    ]
    assert lag_warnings(read, 60, 600) == []
