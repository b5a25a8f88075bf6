"""The IDB contract: the committed DDL and docs match the catalogue, which follows the conventions."""

from __future__ import annotations

from orchestrator.idb import render
from orchestrator.idb.catalogue import TABLES
from orchestrator.idb.codes import DOMAIN_BY_NAME
from orchestrator.idb.schema_model import GSYS


def test_committed_ddl_is_what_the_catalogue_renders() -> None:
    assert render.DDL_PATH.read_text(encoding="utf-8") == render.ddl(), (
        "run: python -m orchestrator.idb.render"
    )


def test_committed_docs_hold_what_the_catalogue_renders() -> None:
    current = render.DOC_PATH.read_text(encoding="utf-8")
    assert render.doc_tables() in current, "run: python -m orchestrator.idb.render"


def test_every_code_reference_names_a_documented_domain() -> None:
    missing = [
        f"{table.name}.{column.name}: {column.codes}"
        for table in TABLES
        for column in table.columns
        if column.codes and column.codes not in DOMAIN_BY_NAME
    ]
    assert missing == []


def test_every_table_ends_with_the_system_columns() -> None:
    system = [column.name for column in GSYS]
    assert [t.name for t in TABLES if [c.name for c in t.columns][-len(system) :] != system] == []


def test_every_epoch_column_has_its_timestamp_and_timecode_twins() -> None:
    broken = []
    for table in TABLES:
        names = {column.name for column in table.columns}
        for name in names:
            if name.endswith("_ts") and name != "dsconn_sdsts" and not name.startswith("gsys"):
                moment = name.removesuffix("_ts")
                if moment not in names or f"{moment}_tcode" not in names:
                    broken.append(f"{table.name}.{name}")
    assert broken == []


def test_table_and_column_names_are_unique_and_lower_case() -> None:
    names = [table.name for table in TABLES]
    assert len(names) == len(set(names))
    for table in TABLES:
        columns = [column.name for column in table.columns]
        assert len(columns) == len(set(columns)), table.name
        assert all(c == c.lower() for c in columns), table.name
        assert set(table.primary_key) <= set(columns), table.name
