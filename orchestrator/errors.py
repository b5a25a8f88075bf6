"""One exception type per failure family; the CLI catches `GimError` once and prints one line."""


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class GimError(Exception):
    """Base class: a failure the administrator can act on, described in one line."""

    exit_code = 1


class ConfigError(GimError):
    """The configuration is invalid; no job may touch data."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        self.problems = problems
        summary = problems[0] if len(problems) == 1 else f"{len(problems)} problems: {problems[0]}"
        super().__init__(f"invalid configuration: {summary}")


class DatabaseError(GimError):
    """A database could not be reached, created or queried."""


class JobAlreadyRunning(GimError):
    """Another instance of the same job holds the job's lock on this Info Mart."""

    exit_code = 3


class JobFailed(GimError):
    """A job ran and failed; its history row says FAILED with the same reason."""


class DbtError(GimError):
    """A dbt invocation failed; the message names the failing node."""


class NotInitialized(GimError):
    """The Info Mart has no control schema yet."""

    def __init__(self) -> None:
        super().__init__("the Info Mart is not initialised: run `gim init` first")


class SchemaOutOfDate(GimError):
    """The Info Mart's schema is not this release's: only Job_MigrateGIM may run (an older one)."""

    exit_code = 5


class IdbOutOfDate(SchemaOutOfDate):
    """An IDB lacks columns the IDB contract reads: older than the minimum IDB schema version."""


class JobStopped(KeyboardInterrupt):
    """The job's process was asked to stop (SIGTERM: `gim stop`, the manager page, the scheduler
    or the server shutting down). A KeyboardInterrupt, so dbt and psycopg cancel their queries as
    they do for Ctrl-C."""

    exit_code = 143

    def __init__(self, reason: str = "stopped (SIGTERM received)") -> None:
        super().__init__(reason)


class ServerRunning(GimError):
    """Another `gim server` serves this Info Mart."""

    exit_code = 4
