"""Run dbt in-process through dbtRunner, one invocation at a time, parsing the project once."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from .catalogue import Catalogue
from .errors import DbtError
from .paths import PROFILES_DIR, PROJECT_DIR, state_dir
from .progress import DbtNodes, on_terminal

#: dbt-core keeps global state: never run two invocations at once in one process.
_INVOCATION_LOCK = threading.Lock()


@dataclass(frozen=True)
class NodeResult:
    """What one model, seed or test did."""

    unique_id: str
    name: str
    resource_type: str
    status: str
    rows_affected: int | None
    execution_time: float
    message: str | None


def profile_env(uri: str, schema: str, target: str) -> dict[str, str]:
    """Environment variables profiles/profiles.yml reads, from a libpq URI."""
    info = psycopg.conninfo.conninfo_to_dict(uri)
    return {
        "GIM_DBT_TARGET": target,
        "GIM_PG_HOST": str(info.get("host") or "localhost"),
        "GIM_PG_PORT": str(info.get("port") or 5432),
        "GIM_PG_USER": str(info.get("user") or os.environ.get("USER", "postgres")),
        "GIM_PG_PASSWORD": str(info.get("password") or ""),
        "GIM_PG_DBNAME": str(info.get("dbname") or "infomart"),
        "GIM_SCHEMA": schema,
    }


@dataclass
class DbtProject:
    """The dbt project bound to one Info Mart connection; `run` raises DbtError on failure."""

    uri: str
    schema: str
    target: str = "embedded"
    work_dir: Path = field(default_factory=lambda: state_dir() / "dbt")
    #: dbt's own console output: none by default (a failure is raised as one line; dbt's account
    #: of it is in its log file, `log_file`), info for --debug and `gim dbt`.
    log_level: str = "none"
    _manifest: Any = None
    _catalogue: Catalogue | None = None

    def __post_init__(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        os.environ.update(profile_env(self.uri, self.schema, self.target))

    def _common_args(self) -> list[str]:
        return [
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROFILES_DIR),
            "--target",
            self.target,
            "--target-path",
            str(self.work_dir / "target"),
            "--log-path",
            str(self.work_dir / "logs"),
        ]

    @property
    def log_file(self) -> Path:
        """dbt's log of every invocation, at debug level."""
        return self.work_dir / "logs" / "dbt.log"

    def _invoke(self, command: list[str]) -> Any:
        from dbt.cli.main import dbtRunner

        args = [
            *command,
            *self._common_args(),
            "--log-level",
            self.log_level,
            "--no-use-colors",
            "--no-send-anonymous-usage-stats",
        ]
        nodes = (
            DbtNodes(f"dbt {command[0]}") if on_terminal() and self.log_level == "none" else None
        )
        try:
            with _INVOCATION_LOCK:
                result = dbtRunner(
                    manifest=self._manifest, callbacks=[nodes] if nodes else []
                ).invoke(args)
            if isinstance(result.exception, KeyboardInterrupt):
                raise result.exception  # Ctrl-C or a stop: dbt cancelled its queries
            return result
        finally:
            if nodes:
                nodes.close()

    def invoke(self, arguments: list[str]) -> bool:
        """dbt as an analyst runs it (`dbt source freshness`), its output on the terminal, on this
        Info Mart's connection; whether it succeeded. dbt refusing the command itself (an unknown
        option, say) raises DbtError naming why, since dbt then prints nothing."""
        result = self._invoke(arguments)
        if result.exception is not None:
            raise DbtError(f"dbt {' '.join(arguments)}: {_exception_line(result)}")
        return bool(result.success)

    def manifest(self) -> Any:
        """Parse once; later invocations reuse the manifest (no re-parse per command)."""
        if self._manifest is None:
            result = self._invoke(["parse"])
            if not result.success:
                raise DbtError(f"dbt parse failed: {_exception_line(result)}")
            self._manifest = result.result
        return self._manifest

    def catalogue(self) -> Catalogue:
        """Which models each job builds, from the parsed manifest."""
        if self._catalogue is None:
            self._catalogue = Catalogue(self.manifest())
        return self._catalogue

    def run(
        self,
        command: str,
        select: str,
        variables: dict[str, Any] | None = None,
        extra: tuple[str, ...] = (),
    ) -> list[NodeResult]:
        """`dbt <command> --select <select>`; return per-node results, raise on any failure."""
        self.manifest()
        args = [*command.split(), "--select", select, *extra]
        if variables:
            args += ["--vars", json.dumps(variables)]
        result = self._invoke(args)
        nodes = [_node_result(r) for r in getattr(result.result, "results", None) or []]
        failed = [n for n in nodes if n.status in ("error", "fail", "runtime error")]
        if failed or not result.success:
            if failed:
                first = failed[0]
                detail = (first.message or "").strip().splitlines()
                raise DbtError(
                    f"dbt {command}: {first.resource_type} {first.name} {first.status}"
                    f"{': ' + detail[0] if detail else ''}"
                    + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else "")
                )
            raise DbtError(f"dbt {command} failed: {_exception_line(result)}")
        return nodes


def _node_result(result: Any) -> NodeResult:
    node = result.node
    response = getattr(result, "adapter_response", None) or {}
    return NodeResult(
        unique_id=node.unique_id,
        name=node.name,
        resource_type=str(node.resource_type),
        status=str(result.status),
        rows_affected=response.get("rows_affected") if isinstance(response, dict) else None,
        execution_time=float(result.execution_time or 0.0),
        message=result.message,
    )


def _exception_line(result: Any) -> str:
    """dbt's exception in one line: its kind ("Database Error") and the first line of detail."""
    if result.exception is not None:
        lines = [line.strip() for line in str(result.exception).splitlines() if line.strip()]
        return ": ".join(lines[:2]) if lines else type(result.exception).__name__
    return "see the dbt log under .gim/dbt/logs"
