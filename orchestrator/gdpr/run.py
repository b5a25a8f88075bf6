"""Job_MaintainGIM's GDPR step: every request file of gdpr-requests-directory not read before
(by name and content), one transaction each, with Job_ExtractICON, Job_TransformGIM and
Job_AggregateGIM kept out meanwhile (they would write back what a forget redacts)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Catalogue
from ..config import Config
from ..control import gdpr as records
from ..control import history
from ..db import jobs_kept_out
from ..job_runner import JobContext
from .export import export
from .forget import forget
from .requests import FORGET, RequestError, file_hash, read_request
from .subjects import identifiers

OPTION = "gim-etl.gdpr-requests-directory"
#: The log and alarm message of a request file that could not be processed (the original's).
ERROR_MESSAGE = "GIM_ETL_GDPR_ERROR"
SUCCESS_MESSAGE = "GIM_ETL_GDPR_SUCCESS"
KEPT_OUT = ("Job_ExtractICON", "Job_TransformGIM", "Job_AggregateGIM")
#: How long the step waits for a running ETL job to end before leaving the files for next time.
WAIT_SECONDS = 600


@dataclass
class Outcome:
    processed: dict[str, int] = field(default_factory=dict)  # status -> files
    errors: list[str] = field(default_factory=list)  # "file: reason"


def requests_directory(config: Config) -> Path:
    """The option's folder: relative to the configuration file's folder, else the working one."""
    return config.folder(OPTION)


def pending_files(ctx: JobContext, directory: Path) -> list[tuple[Path, str]]:
    """The request files not read before, by name and SHA-256, in name order."""
    if not directory.is_dir():
        return []
    seen = records.processed_files(ctx.conn, ctx.schema)
    pending = [(path, file_hash(path)) for path in sorted(directory.glob("*.json"))]
    return [(path, digest) for path, digest in pending if (path.name, digest) not in seen]


def process_requests(
    ctx: JobContext,
    on_table: Callable[[str], None] = lambda _: None,
    wait_seconds: float = WAIT_SECONDS,
) -> Outcome:
    """Process the pending request files; what came of each (the errors named, never a value)."""
    directory = requests_directory(ctx.config)
    pending = pending_files(ctx, directory)
    outcome = Outcome()
    if not pending:
        return outcome
    why = "GDPR requests are processed while nothing extracts, transforms or aggregates"
    with jobs_kept_out(ctx.uri, KEPT_OUT, why, wait_seconds=wait_seconds):
        catalogue = ctx.dbt.catalogue()
        for path, digest in pending:
            status, error = _process(ctx, directory, path, digest, catalogue, on_table)
            outcome.processed[status] = outcome.processed.get(status, 0) + 1
            if error:
                outcome.errors.append(f"{path.name}: {error}")
                ctx.echo(f"{ERROR_MESSAGE} {path.name}: {error}")
            else:
                ctx.echo(f"{SUCCESS_MESSAGE} {path.name}: {status}")
    return outcome


def _process(
    ctx: JobContext,
    directory: Path,
    path: Path,
    digest: str,
    catalogue: Catalogue,
    on_table: Callable[[str], None],
) -> tuple[str, str | None]:
    """One file, in one transaction with its CTL_GDPR_REQUEST row: (status, error or None)."""
    conn, schema = ctx.conn, ctx.schema
    try:
        request = read_request(path)
    except (RequestError, OSError) as error:
        reason = str(error) if isinstance(error, RequestError) else error.strerror
        records.record_request(
            conn, schema, ctx.job_id, path.name, digest, records.FAILED, error=reason
        )
        return records.FAILED, reason
    processing = records.Processing(
        job_id=ctx.job_id,
        request_id=request.request_id,
        request_type=request.request_type,
        request_file=request.file,
        subject_type=request.subject_type,
        processed_ts=int(time.time()),
    )
    with conn.transaction():
        values = identifiers(conn, schema, request)
        output = None
        if request.request_type == FORGET:
            audit_key = history.open_audit(conn, schema, ctx.job_id)
            found = forget(conn, schema, processing, values, catalogue, on_table, audit_key)
            history.close_audit(conn, schema, audit_key, found)
        else:
            found, output = export(conn, schema, processing, values, catalogue, directory)
        status = records.DONE if found else records.NO_MATCH
        records.record_request(
            conn,
            schema,
            ctx.job_id,
            path.name,
            digest,
            status,
            processing=processing,
            rows_matched=found,
            output_file=str(output) if output else None,
        )
    if status == records.NO_MATCH:
        return status, (
            "matched nothing in the Info Mart (check the values' spelling; a FORGET still"
            " redacts them in rows extracted later)"
        )
    return status, None
