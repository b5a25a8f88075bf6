"""Fixtures the integration suites share (the session-wide ones are in tests/conftest.py)."""

from aggregated_day import aggregated, aggregated_week  # noqa: F401 (fixtures, found by name)
from transformed_day import transformed  # noqa: F401 (a fixture, found by name)
