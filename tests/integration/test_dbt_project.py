"""The dbt project parses for both targets, documents every column and holds its contracts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orchestrator.catalogue import (
    DATE_TIME,
    TAG_AGGREGATE,
    TAG_CONTROL,
    TAG_INITIALIZE,
    TAG_TRANSFORM,
)
from orchestrator.control import names
from orchestrator.dbt_runner import DbtProject

pytestmark = pytest.mark.slow


def test_manifest_has_every_table_python_writes(dbt_project: DbtProject) -> None:
    models = {
        node.name for node in dbt_project.manifest().nodes.values() if node.resource_type == "model"
    }
    expected = {
        *(value for name, value in vars(names).items() if name.startswith(("CTL_", "STG_"))),
        names.ADMIN_ETL_JOB_HISTORY,
        DATE_TIME,
    }
    assert expected <= models


def test_sqlserver_target_parses(tmp_path: Path, uri: str) -> None:
    """Parsing resolves every adapter.dispatch for sqlserver (a missing sqlserver__ macro fails).

    test_sql_lint.py goes further: it compiles every model for sqlserver and lints it as T-SQL.
    """
    project = DbtProject(uri=uri, schema="gim", target="sqlserver", work_dir=tmp_path)
    nodes = project.manifest().nodes
    assert any(node.name == DATE_TIME for node in nodes.values())


def test_docs_generate_succeeds(dbt_project: DbtProject, initialized: str) -> None:
    selection = f"{TAG_CONTROL} {TAG_INITIALIZE} {TAG_TRANSFORM}"
    dbt_project.run("docs generate", selection)
    catalog = dbt_project.work_dir / "target" / "catalog.json"
    assert catalog.exists() and "date_time" in catalog.read_text()
    manifest = (dbt_project.work_dir / "target" / "manifest.json").read_text()
    assert "One row per customer interaction" in manifest  # the facts' documentation


#: Column types that mean the same on PostgreSQL and SQL Server.
PORTABLE_TYPE = re.compile(r"^(smallint|integer|bigint|date|varchar\(\d+\)|numeric\(\d+\))$")


def _nodes(dbt_project: DbtProject, path_prefix: str, kinds=("model",)) -> list:
    return [
        node
        for node in dbt_project.manifest().nodes.values()
        if node.resource_type in kinds and node.original_file_path.startswith(path_prefix)
    ]


def test_every_column_is_documented_and_every_documented_column_exists(
    dbt_project: DbtProject, conn
) -> None:
    """Against the tables `gim init` built; Job_TransformGIM's are checked by their contracts,
    Job_AggregateGIM's in test_aggregate.py (where they are built)."""
    problems = []
    nodes = _nodes(dbt_project, "", kinds=("model", "seed"))
    built_later = {tag.removeprefix("tag:") for tag in (TAG_TRANSFORM, TAG_AGGREGATE)}
    for node in (n for n in nodes if not built_later & set(n.tags)):
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


def test_public_tables_carry_enforced_portable_documented_contracts(
    dbt_project: DbtProject, catalogue
) -> None:
    public = _nodes(dbt_project, "models/marts/dimensions/") + _nodes(
        dbt_project, "models/marts/facts/"
    )
    assert {node.name for node in public} >= {
        *catalogue.fixed_dimensions,
        DATE_TIME,
        *catalogue.transform_tables,
    }
    for node in public:
        assert node.contract.enforced, node.name
        assert node.description, node.name
        types = {name: column.data_type for name, column in node.columns.items()}
        assert all(t and PORTABLE_TYPE.match(t) for t in types.values()), (node.name, types)
        undocumented = [name for name, column in node.columns.items() if not column.description]
        assert undocumented == [], node.name


def test_every_internal_model_says_what_it_holds(dbt_project: DbtProject) -> None:
    internal = _nodes(dbt_project, "models/staging/") + _nodes(dbt_project, "models/intermediate/")
    assert len(internal) >= 10
    assert [node.name for node in internal if not node.description] == []


def test_each_aggregate_level_is_summed_from_the_level_job_aggregategim_rebuilds_with_it(
    dbt_project: DbtProject, catalogue
) -> None:
    """-insertPendingAgg rebuilds a level with the levels it sums from (each model's meta, read
    through the catalogue): the models' refs must say the same."""
    nodes = {node.name: node for node in dbt_project.manifest().nodes.values()}
    assert len(catalogue.aggregate_hierarchies) == 13
    assert catalogue.aggregate_levels == ("subhr", "hour", "day", "month", "qrtr", "year")
    summed = [aggregate for aggregate in catalogue.aggregates if aggregate.summed_from]
    assert len(summed) == 13 * 5
    for aggregate in summed:
        parents = {
            dependency.split(".")[-1] for dependency in nodes[aggregate.name].depends_on.nodes
        }
        assert {name for name in parents if name.startswith("ag2_")} == {
            f"ag2_{aggregate.hierarchy}_{aggregate.summed_from}"
        }, aggregate


def test_the_docs_site_opens_on_the_project_overview(dbt_project: DbtProject) -> None:
    """dbt docs shows the project's __overview__ block instead of its generic welcome page."""
    overview = dbt_project.manifest().docs["doc.infomart.__overview__"]
    assert "## The layers" in overview.block_contents
    assert "models/marts/aggregates/" in overview.block_contents


def test_the_purge_covers_the_guide_s_tables_and_never_an_aggregate_or_a_dimension(
    catalogue,
) -> None:
    """Job_MaintainGIM's rules come from `meta.purge`: every event fact and configuration fact,
    the discard and history tables the guide lists, and nothing else."""
    rules = {rule.table: rule for rule in catalogue.purge_rules}
    facts = set(catalogue.transform_facts) | {
        "place_group_fact_",
        "resource_group_fact_",
        "resource_skill_fact_",
    }
    control = {
        "stg_transform_discards",
        "stg_idb_fk_violation",
        "ctl_audit_log",
        "ctl_etl_history",
        "ctl_extract_history",
        "ctl_purge_history",
        "ctl_transform_history",
        "ctl_gdpr_history",
        "ctl_gdpr_request",
    }
    assert set(rules) == facts | control
    assert not set(rules) & set(catalogue.aggregate_tables)
    assert not set(rules) & set(catalogue.fixed_dimensions)
    options = {rule.option for rule in rules.values()}
    assert options == {
        "days-to-keep-gim-facts",
        "days-to-keep-cfg-facts",
        "days-to-keep-discards-and-job-history",
        "days-to-keep-gdpr-history",
    }
    order = [rule.table for rule in catalogue.purge_rules]
    for rule in catalogue.purge_rules:
        if rule.follows:
            assert order.index(rule.follows[0]) < order.index(rule.table)
    assert order[-1] == "ctl_audit_log"
