"""The dbt project parses for both targets, documents every column and holds its contracts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orchestrator import tables
from orchestrator.dbt_runner import DbtProject

pytestmark = pytest.mark.slow


def test_manifest_has_every_table_python_writes(dbt_project: DbtProject) -> None:
    models = {
        node.name for node in dbt_project.manifest().nodes.values() if node.resource_type == "model"
    }
    expected = {
        *tables.CONTROL_TABLES,
        *tables.ADMIN_VIEWS,
        *tables.FIXED_DIMENSIONS,
        tables.DATE_TIME,
    }
    assert expected <= models


def test_sqlserver_target_parses(tmp_path: Path, uri: str) -> None:
    """Parsing resolves every adapter.dispatch for sqlserver (a missing sqlserver__ macro fails).

    test_sql_lint.py goes further: it compiles every model for sqlserver and lints it as T-SQL.
    """
    project = DbtProject(uri=uri, schema="gim", target="sqlserver", work_dir=tmp_path)
    nodes = project.manifest().nodes
    assert any(node.name == tables.DATE_TIME for node in nodes.values())


def test_docs_generate_succeeds(dbt_project: DbtProject, initialized: str) -> None:
    dbt_project.run("docs generate", "tag:control tag:initialize")
    catalog = dbt_project.work_dir / "target" / "catalog.json"
    assert catalog.exists() and "date_time" in catalog.read_text()


#: Column types that mean the same on PostgreSQL and SQL Server.
PORTABLE_TYPE = re.compile(r"^(smallint|integer|bigint|date|varchar\(\d+\))$")


def _nodes(dbt_project: DbtProject, path_prefix: str, kinds=("model",)) -> list:
    return [
        node
        for node in dbt_project.manifest().nodes.values()
        if node.resource_type in kinds and node.original_file_path.startswith(path_prefix)
    ]


def test_every_column_is_documented_and_every_documented_column_exists(
    dbt_project: DbtProject, conn
) -> None:
    problems = []
    # Job_TransformGIM's models (tag transform) are not documented yet: issue 5 is open.
    nodes = _nodes(dbt_project, "", kinds=("model", "seed"))
    for node in (n for n in nodes if "transform" not in n.tags):
        built = [
            row[0]
            for row in conn.execute(
                "select column_name from information_schema.columns"
                " where table_schema = %s and table_name = %s order by ordinal_position",
                (node.schema, node.name),
            )
        ]
        assert built, f"{node.name} was not built"
        documented = {name: column.description for name, column in node.columns.items()}
        problems += [f"{node.name}.{c}: not documented" for c in built if not documented.get(c)]
        problems += [
            f"{node.name}.{c}: documented, not built" for c in documented if c not in built
        ]
    assert problems == []


def test_public_dimensions_carry_enforced_portable_contracts(dbt_project: DbtProject) -> None:
    dimensions = _nodes(dbt_project, "models/marts/dimensions/")
    assert {node.name for node in dimensions} >= {*tables.FIXED_DIMENSIONS, tables.DATE_TIME}
    for node in dimensions:
        assert node.contract.enforced, node.name
        types = {name: column.data_type for name, column in node.columns.items()}
        assert all(t and PORTABLE_TYPE.match(t) for t in types.values()), (node.name, types)
