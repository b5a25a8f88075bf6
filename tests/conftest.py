"""Session fixtures: one embedded PostgreSQL, one parsed dbt manifest, one initialised Info Mart."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from orchestrator import embedded
from orchestrator.catalogue import Catalogue
from orchestrator.config import Config, load_config
from orchestrator.db import infomart_uri
from orchestrator.dbt_runner import DbtProject
from orchestrator.jobs import job_named, run_job

#: The calendar in a zone with daylight saving, starting this year to keep the session fast.
SESSION_CONFIG = f"""\
date-time:
  date-time-tz: America/New_York
  date-time-start-year: {datetime.now(UTC).year}
  date-time-max-days-ahead: 400
"""


@pytest.fixture(scope="session")
def gim_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's home, whose embedded server is stopped when the session ends (a test run
    leaves no server behind)."""
    home = Path(os.environ.get("GIM_TEST_HOME") or tmp_path_factory.mktemp("gim-home"))
    os.environ["GIM_HOME"] = str(home)
    yield home
    embedded.stop()


@pytest.fixture(scope="session")
def config_file(gim_home: Path) -> Path:
    path = gim_home / "gim.yml"
    path.write_text(SESSION_CONFIG)
    return path


@pytest.fixture(scope="session")
def config(config_file: Path) -> Config:
    return load_config(config_file)


@pytest.fixture(scope="session")
def uri(config: Config) -> str:
    return infomart_uri(config)


@pytest.fixture(scope="session")
def dbt_project(config: Config, uri: str) -> DbtProject:
    project = DbtProject(uri=uri, schema=config.infomart.schema)
    project.manifest()
    return project


@pytest.fixture(scope="session")
def catalogue(dbt_project: DbtProject) -> Catalogue:
    """Which models each job builds, as the session's parsed manifest declares them."""
    return dbt_project.catalogue()


@pytest.fixture(scope="session")
def initialized(config: Config, dbt_project: DbtProject) -> str:
    """Run Job_InitializeGIM once for the session; returns its JOB_ID."""
    return run_job(
        job_named("Job_InitializeGIM"), config, dbt=dbt_project, echo=lambda _: None
    ).job_id


@pytest.fixture
def conn(uri: str, initialized: str):
    with psycopg.connect(uri, autocommit=True) as connection:
        yield connection
