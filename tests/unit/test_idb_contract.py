"""The IDB contract: the committed DDL and docs match the catalogue, which follows the conventions."""

from __future__ import annotations

import csv
import re

import pytest

from orchestrator.gidb.schema import GIDB_TABLES, TRANSFORM_EXPRESSIONS, last_audit_key_sql
from orchestrator.idb import render
from orchestrator.idb.catalogue import TABLES
from orchestrator.idb.codes import (
    DOMAIN_BY_NAME,
    CallResult,
    CampaignGroupState,
    ContactInfoType,
    DialingMode,
    RecordStatus,
    RecordType,
)
from orchestrator.idb.schema_model import GSYS
from orchestrator.paths import PROJECT_DIR


def test_committed_ddl_is_what_the_catalogue_renders() -> None:
    assert render.DDL_PATH.read_text(encoding="utf-8") == render.ddl(), (
        "run: python -m orchestrator.idb.render"
    )


def test_committed_code_macro_is_what_the_codes_render() -> None:
    assert render.CODES_MACRO_PATH.read_text(encoding="utf-8") == render.codes_macro(), (
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


@pytest.mark.parametrize(
    ("codes", "seed"),
    [
        (CallResult, "fixed_call_result"),
        (CampaignGroupState, "fixed_campaign_group_state"),
        (DialingMode, "fixed_dialing_mode"),
        (RecordStatus, "fixed_record_status"),
        (RecordType, "fixed_record_type"),
        (ContactInfoType, "fixed_contact_info_type"),
    ],
)
def test_outbound_codes_are_the_keys_of_their_fixed_dimension(codes, seed: str) -> None:
    """The IDB writes OCS values that the fixed dimensions' keys mirror: they must agree."""
    with (PROJECT_DIR / "seeds" / "fixed" / f"{seed}.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    in_seed = {(int(row[0]), row[-1]) for row in rows if int(row[0]) >= 0}
    assert {(code.value, code.name) for code in codes} == in_seed


def test_every_extracted_table_has_a_natural_key_of_its_own_columns() -> None:
    problems = []
    for table in TABLES:
        if table.provider == "icon":
            continue
        names = {column.name for column in table.columns}
        if not table.natural_key or not set(table.natural_key) <= names:
            problems.append(f"{table.name}: {table.natural_key}")
    assert problems == []


def test_gidb_audit_key_indexes_match_the_staging_expression() -> None:
    """An index is only used when the query's expression is the indexed one (last_audit_key)."""
    macro = (PROJECT_DIR / "macros" / "last_audit_key.sql").read_text(encoding="utf-8")
    expressions = {last_audit_key_sql(table) for table in GIDB_TABLES}
    assert expressions == {"coalesce(update_audit_key, create_audit_key)", "create_audit_key"}
    for expression in expressions:
        assert expression in macro


def test_call_root_index_is_the_interaction_root_macro() -> None:
    """GIDB's calls are indexed on the expression interaction_root() becomes once the staging
    view's renames are undone; a different spelling would scan every call of the history."""
    staging = (PROJECT_DIR / "models" / "staging" / "gidb" / "stg_gidb__g_call.sql").read_text(
        encoding="utf-8"
    )
    raw_of = {new: old for old, new in re.findall(r"^\s+(\w+) as (\w+),$", staging, re.M)}
    macros = (PROJECT_DIR / "macros" / "interaction_keys.sql").read_text(encoding="utf-8")
    body = re.search(r"macro interaction_root\(calls\) -%}\s*(.*?)\s*{%-", macros, re.S)
    assert body is not None
    unrenamed = re.sub(r"{{ calls }}\.(\w+)", lambda column: raw_of[column.group(1)], body.group(1))
    assert {expression for _, expression in TRANSFORM_EXPRESSIONS} == {unrenamed}
