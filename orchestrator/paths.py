"""Where things live: the dbt project, the state folder `.gim/` and the configuration file."""

import os
from pathlib import Path

#: The dbt project (dbt_project.yml) is the repository root, one level above this package.
PROJECT_DIR = Path(__file__).resolve().parent.parent
PROFILES_DIR = PROJECT_DIR / "profiles"
DEFAULT_CONFIG_NAME = "gim.yml"


def state_dir() -> Path:
    """The folder holding the embedded database and dbt artefacts (`GIM_HOME`, else ./.gim)."""
    return Path(os.environ.get("GIM_HOME") or Path.cwd() / ".gim").resolve()


def default_config_path() -> Path:
    """`GIM_CONFIG` if set, else gim.yml in the working folder."""
    return Path(os.environ.get("GIM_CONFIG") or Path.cwd() / DEFAULT_CONFIG_NAME)
