"""sqlfluff is clean: the sources through the dbt templater, and every compiled model per dialect.

The dbt templater lints what we wrote (layout included) but skips SQL that macros generate, so the
compiled SQL is linted too, for PostgreSQL and for SQL Server (dialect tsql), in both branches of
every incremental model: `offline_is_incremental` (macros/compile/is_incremental.sql) lets
`dbt compile` choose the branch without asking a warehouse, so no SQL Server is needed.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.catalogue import TAG_CONTROL, TAG_INITIALIZE, TAG_TRANSFORM
from orchestrator.config import Config
from orchestrator.dbt_runner import DbtProject, profile_env
from orchestrator.paths import PROJECT_DIR

pytestmark = pytest.mark.slow

SQLFLUFF = str(Path(sys.executable).with_name("sqlfluff"))
SELECTION = f"{TAG_CONTROL} {TAG_INITIALIZE} {TAG_TRANSFORM}"


def _violations(*args: str, env: dict[str, str] | None = None) -> list[str]:
    """Run `sqlfluff lint --format json`; one line per violation (or parse/templating error)."""
    completed = subprocess.run(
        [SQLFLUFF, "lint", "--format", "json", "--nofail", *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.strip(), f"sqlfluff printed nothing: {completed.stderr[-2000:]}"
    report = json.loads(completed.stdout)
    assert report, "sqlfluff linted no file"
    return [
        f"{entry['filepath']}:{violation.get('start_line_no')}: {violation['code']} "
        f"{violation['description']}"
        for entry in report
        for violation in entry["violations"]
    ]


def _compile_offline(project: DbtProject, incremental: bool, into: Path) -> Path:
    """Compile every model without introspection; copy the SQL to `into`."""
    project.run(
        "compile",
        SELECTION,
        variables={"offline_is_incremental": incremental},
        extra=("--no-populate-cache",),
    )
    compiled = project.work_dir / "target" / "compiled"
    # The models' SQL only: data tests compile into folders named after their YAML file.
    shutil.copytree(compiled, into, ignore=shutil.ignore_patterns("*.yml"))
    return into


def _both_branches(project: DbtProject, tmp_path: Path) -> list[Path]:
    """Every model compiled as on a first build and as on an incremental one, each file once:
    a model whose two compilations are the same (any but an incremental one) is left out of the
    second folder, so sqlfluff reads it once."""
    first, second = (
        _compile_offline(project, incremental, tmp_path / f"incremental-{incremental}")
        for incremental in (False, True)
    )
    for path in list(second.rglob("*.sql")):
        twin = first / path.relative_to(second)
        if twin.exists() and twin.read_bytes() == path.read_bytes():
            path.unlink()
    assert any(second.rglob("*.sql")), "no model compiled differently when incremental"
    return [first, second]


def _compiled_sql_config(tmp_path: Path) -> Path:
    """The project's .sqlfluff for already-compiled SQL: raw templater, layout left to the sources."""
    config = configparser.ConfigParser()
    config.read(PROJECT_DIR / ".sqlfluff")
    config["sqlfluff"]["templater"] = "raw"
    # Layout is linted on the sources; the quotes around relation names are dbt's, not ours.
    config["sqlfluff"]["exclude_rules"] = ", ".join(
        ("layout", "references.quoting", config["sqlfluff"]["exclude_rules"])
    )
    config.remove_section("sqlfluff:templater:dbt")
    path = tmp_path / "compiled.sqlfluff"
    with path.open("w") as handle:
        config.write(handle)
    return path


def test_sources_lint_clean_through_the_dbt_templater(
    uri: str, config: Config, initialized: str
) -> None:
    env = profile_env(uri, config.infomart.schema, "embedded")
    assert _violations("--processes", "2", "models", env=env) == []


def test_compiled_postgres_sql_lints_clean(
    dbt_project: DbtProject, initialized: str, tmp_path: Path
) -> None:
    dirs = _both_branches(dbt_project, tmp_path)
    config = _compiled_sql_config(tmp_path)
    args = ["--dialect", "postgres", "--config", str(config), "--processes", "2"]
    assert _violations(*args, *map(str, dirs)) == []


def test_compiled_sqlserver_sql_lints_clean_as_tsql(
    uri: str, config: Config, tmp_path: Path
) -> None:
    project = DbtProject(
        uri=uri, schema=config.infomart.schema, target="sqlserver", work_dir=tmp_path / "dbt"
    )
    dirs = _both_branches(project, tmp_path)
    date_time = dirs[0] / "infomart" / "models" / "marts" / "dimensions" / "fixed" / "date_time.sql"
    assert "at time zone" in date_time.read_text(), "not the SQL Server rendering"
    config = _compiled_sql_config(tmp_path)
    args = ["--dialect", "tsql", "--config", str(config), "--processes", "2"]
    assert _violations(*args, *map(str, dirs)) == []
