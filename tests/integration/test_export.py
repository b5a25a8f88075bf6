"""Job_ExportGIM on a copy of the aggregation suite's simulated week: the archives, loaded into a
fresh database with `gim export target-script`'s DDL and each archive's load.sql (psql), equal
the Info Mart's tables row for row; a second export holds only the rows changed since; a run
killed midway leaves no partial archive and the next one completes it; export views keep the
column list they froze after a migration adds a column."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import psycopg
import pytest
from aggregated_day import CALENDAR, WEEK_SCHEMA, copy_tables, digest, run

from orchestrator import embedded
from orchestrator.config import Config, validate
from orchestrator.control import history
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.errors import GimError
from orchestrator.export.scripts import target_script

pytestmark = pytest.mark.slow

SCHEMA = "gim_export"
TARGET_DATABASE = "export_target"
TARGET_SCHEMA = "warehouse"
#: The copied week's audit keys, spread as if opened ten minutes apart from its first day.
SPREAD = "update {}.ctl_audit_log set created_ts = 1772928000 + audit_key * 600"


def _psql() -> str:
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql")


def exporting(folder: Path, use_export_views: bool = False) -> Config:
    raw = {
        "infomart": {"schema": SCHEMA},
        "date-time": CALENDAR,
        "gim-export": {
            "output-directory": str(folder),
            "chunk-size-seconds": 86400,
            "use-export-views": use_export_views,
        },
    }
    return validate(raw, source=None)


@pytest.fixture(scope="module")
def source(aggregated_week, uri: str, tmp_path_factory) -> dict:
    """gim_export: the week's Info Mart copied; its project and export folder."""
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"drop schema if exists {SCHEMA} cascade")  # a reused test home's
    folder = tmp_path_factory.mktemp("export")
    config = exporting(folder)
    project = DbtProject(uri=infomart_uri(config), schema=SCHEMA)
    project.manifest()
    run("Job_InitializeGIM", config, project)
    with psycopg.connect(uri, autocommit=True) as conn:
        copy_tables(conn, WEEK_SCHEMA, SCHEMA)
        conn.execute(SPREAD.format(SCHEMA))  # else every key is today's: one chunk
    return {"config": config, "project": project, "folder": folder}


@pytest.fixture(scope="module")
def target(uri: str, source: dict) -> str:
    """A fresh database, the target DDL run in it by psql."""
    target_uri = embedded.server_uri(TARGET_DATABASE)
    with psycopg.connect(target_uri, autocommit=True) as conn:
        conn.execute(f"drop schema if exists {TARGET_SCHEMA} cascade")
    with psycopg.connect(uri, autocommit=True) as conn:
        exported = source["project"].catalogue().exported_tables
        script = target_script(conn, SCHEMA, exported)
    path = source["folder"].parent / "target.sql"
    path.write_text(script)
    _run_psql(target_uri, path, path.parent)
    return target_uri


def _run_psql(target_uri: str, script: Path, cwd: Path) -> None:
    completed = subprocess.run(
        [_psql(), "-q", "-v", f"schema={TARGET_SCHEMA}", "-f", str(script), target_uri],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]


def _load(target_uri: str, archive: Path, into: Path) -> None:
    folder = into / archive.stem
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    _run_psql(target_uri, folder / "load.sql", folder)


def _archives(folder: Path) -> list[Path]:
    return sorted(folder.glob("gim_export_*.zip"))


def _unequal(uri: str, target_uri: str, tables: list[str]) -> list[str]:
    with psycopg.connect(uri) as mart, psycopg.connect(target_uri) as warehouse:
        return [
            table
            for table in tables
            if digest(mart, SCHEMA, table) != digest(warehouse, TARGET_SCHEMA, table)
        ]


@pytest.fixture(scope="module")
def first(source: dict) -> list[str]:
    return run("Job_ExportGIM", source["config"], source["project"])


def test_the_archives_loaded_elsewhere_equal_the_info_mart(
    uri, source, target, first, tmp_path
) -> None:
    archives = _archives(source["folder"])
    assert first[0].startswith(f"{len(archives)} archives of ")
    assert len(archives) >= 2
    for archive in archives:
        _load(target, archive, tmp_path)
    tables = [name for name, _ in source["project"].catalogue().exported_tables]
    assert len(tables) > 30
    assert _unequal(uri, target, tables) == []
    with zipfile.ZipFile(archives[0]) as zipped:
        metadata = json.loads(zipped.read("metadata.json"))
        assert {"interaction_resource_fact.csv", "load.sql"} <= set(zipped.namelist())
    assert metadata["schema_version"] and metadata["audit_keys"][0] <= metadata["audit_keys"][1]
    assert metadata["tables"]["interaction_resource_fact"]["key"] == ["interaction_id"]


def test_a_second_export_holds_only_the_changed_rows(uri, source, target, first, tmp_path) -> None:
    before = set(_archives(source["folder"]))
    with psycopg.connect(uri, autocommit=True) as conn:
        job = "test-change"
        key = history.open_audit(conn, SCHEMA, job)
        changed = conn.execute(
            f"update {SCHEMA}.interaction_fact set update_audit_key = %s, subject = 'changed'"
            f" where interaction_id in (select interaction_id from {SCHEMA}.interaction_fact"
            " order by interaction_id limit 3)",
            (key,),
        ).rowcount
        history.close_audit(conn, SCHEMA, key, changed)
    summary = run("Job_ExportGIM", source["config"], source["project"])
    (new,) = set(_archives(source["folder"])) - before
    with zipfile.ZipFile(new) as zipped:
        counts = {
            t: v["rows"] for t, v in json.loads(zipped.read("metadata.json"))["tables"].items()
        }
    assert {t: n for t, n in counts.items() if n} == {"interaction_fact": 3}
    assert summary[0].startswith("1 archives of 1 chunks, 3 rows")
    _load(target, new, tmp_path)
    assert _unequal(uri, target, ["interaction_fact"]) == []


def test_a_killed_export_leaves_no_partial_archive_and_is_completed(uri, source, first) -> None:
    folder = source["folder"]
    last = _archives(folder)[-1]
    last_key = int(last.stem.rsplit("_", 1)[1])
    # As a run killed while writing the last archive leaves it: a partial file, no marks.
    last.replace(folder / f"{last.stem}.zip.partial")
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(
            f"delete from {SCHEMA}.ctl_transform_history where job_name = 'Job_ExportGIM'"
            " and max_source_audit_key = %s",
            (last_key,),
        )
    summary = run("Job_ExportGIM", source["config"], source["project"])
    assert "1 half-written archives of a stopped run removed" in summary
    assert not list(folder.glob("*.partial"))
    assert last.exists()


def test_export_views_keep_the_columns_they_froze(uri, source, first) -> None:
    with pytest.raises(GimError, match="unknown parameter '-bogus'"):
        run("Job_MigrateGIM", source["config"], source["project"], "-bogus")
    made = run("Job_MigrateGIM", source["config"], source["project"], "-make-export-views")
    assert made[0].startswith("export views made: ")
    with psycopg.connect(uri, autocommit=True) as conn:
        frozen = [
            row[0]
            for row in conn.execute(
                "select column_name from information_schema.columns where table_schema = %s"
                " and table_name = 'interaction_fact' order by ordinal_position",
                (SCHEMA,),
            )
        ]
        # What a later migration does: a new column, and rows changed since.
        conn.execute(f"alter table {SCHEMA}.interaction_fact add column added_later int default 7")
        key = history.open_audit(conn, SCHEMA, "test-migration")
        conn.execute(
            f"update {SCHEMA}.interaction_fact set update_audit_key = %s"
            f" where interaction_id in (select interaction_id from {SCHEMA}.interaction_fact"
            " order by interaction_id desc limit 2)",
            (key,),
        )
        history.close_audit(conn, SCHEMA, key, 2)
    before = set(_archives(source["folder"]))
    views = exporting(source["folder"], use_export_views=True)
    run("Job_ExportGIM", views, source["project"])
    (new,) = set(_archives(source["folder"])) - before
    with zipfile.ZipFile(new) as zipped:
        header = zipped.read("interaction_fact.csv").decode().splitlines()[0].split(",")
        listed = json.loads(zipped.read("metadata.json"))["tables"]["interaction_fact"]["columns"]
    assert header == listed == frozen
    assert "added_later" not in header
