"""Every column the schema notes list for a public fact table exists in its model, or
docs/known-limitations.md lists its omission."""

from __future__ import annotations

import re

import pytest
import yaml
from original_columns import (
    ROOT,
    SHARED_NOTES,
    VENDORED_NOTES,
    notes_text,
    original_columns,
)

LIMITATIONS = ROOT / "docs" / "known-limitations.md"


def model_columns() -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for path in (ROOT / "models").rglob("*.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in document.get("models") or []:
            columns[model["name"]] = [column["name"] for column in model.get("columns", [])]
    return columns


def listed_omissions() -> set[str]:
    """`TABLE.COLUMN` names under the limitations' "Columns of the original not built"."""
    text = LIMITATIONS.read_text(encoding="utf-8")
    section = text.split("### Columns of the original not built", 1)
    if len(section) == 1:
        return set()
    body = section[1].split("\n#", 1)[0]
    return {name.lower() for name in re.findall(r"`([A-Z_]+\.[A-Z0-9_]+)`", body)}


def test_the_vendored_notes_are_the_shared_ones() -> None:
    if not SHARED_NOTES.exists():
        pytest.skip("the shared reference is not beside this checkout")
    assert VENDORED_NOTES.read_text(encoding="utf-8") == SHARED_NOTES.read_text(encoding="utf-8"), (
        f"copy {SHARED_NOTES} to {VENDORED_NOTES}"
    )


def test_the_notes_give_every_table_a_column_list() -> None:
    lists = original_columns()
    assert len(lists["interaction_resource_fact"]) >= 100
    for table, columns in lists.items():
        assert "start_ts" in columns or "start_date_time_key" in columns, table


@pytest.mark.parametrize("table", sorted(original_columns(notes_text())))
def test_every_listed_column_exists_or_its_omission_is_listed(table: str) -> None:
    built = set(model_columns()[table])
    omitted = listed_omissions()
    missing = [
        column
        for column in original_columns()[table]
        if column not in built and f"{table}.{column}" not in omitted
    ]
    assert not missing, f"{table.upper()} lacks {', '.join(c.upper() for c in missing)}"


def test_an_omission_listed_is_a_column_still_missing() -> None:
    built = model_columns()
    stale = [
        name
        for name in listed_omissions()
        if name.split(".")[1] in built.get(name.split(".")[0], [])
    ]
    assert not stale, f"built now, drop from known-limitations: {stale}"
