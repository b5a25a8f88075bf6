"""Export archives on disk: one `.zip` per chunk, one `.csv` per table and `metadata.json`; the
CSV files are spooled to a folder beside it first (they are read in parallel), and the archive is
written under a temporary name and renamed once complete, so a reader (or the next run) never
sees half an archive; old archives go after `days-to-keep-output-files`."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: An archive being written; a leftover one (the run was killed) is removed by the next run.
PARTIAL_SUFFIX = ".zip.partial"
SPOOL_SUFFIX = ".spool.partial"
ARCHIVE_GLOB = "gim_export_*.zip"
METADATA = "metadata.json"
#: The option's spellings, as Python names the codecs.
ENCODINGS = {"utf8": "utf-8", "utf16": "utf-16", "latin1": "latin-1", "ascii": "ascii"}


def codec_name(option: str) -> str:
    """Python's codec for an `output-files-encoding` value (utf8, UTF-8, cp1252, ...)."""
    spelled = option.lower().replace("-", "")
    return ENCODINGS.get(spelled, spelled)


@contextmanager
def archive(directory: Path, name: str) -> Iterator[zipfile.ZipFile]:
    """An archive open for writing; `<name>.zip` appears only when the block ends without error
    (a failure leaves nothing behind)."""
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f"{name}{PARTIAL_SUFFIX}"
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            yield zipped
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(directory / f"{name}.zip")
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def spool(directory: Path, name: str) -> Iterator[Path]:
    """A folder for one archive's CSV files while they are read (in parallel), removed after;
    a killed run's is removed by the next (remove_partials)."""
    folder = directory / f"{name}{SPOOL_SUFFIX}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def spool_csv(
    path: Path, copy_out: Callable[[Callable[[bytes], None]], None], encoding: str
) -> None:
    """A CSV file from a COPY ... TO STDOUT (CSV, header, UTF-8) that `copy_out` feeds to the
    writer it is given, re-encoded to `encoding` on the way."""
    with path.open("wb") as file:
        write = _encoder(file, encoding)
        copy_out(write)
        write(b"", final=True)


def add_csv(zipped: zipfile.ZipFile, table: str, spooled: Path) -> None:
    """`<table>.csv`, compressed from its spooled file."""
    zipped.write(spooled, f"{table}.csv")


def _encoder(entry: IO[bytes], encoding: str) -> Callable[..., None]:
    codec = codec_name(encoding)
    if codecs.lookup(codec).name == "utf-8":
        return lambda data, final=False: entry.write(data)
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoder = codecs.getincrementalencoder(codec)()

    def write(data: bytes, final: bool = False) -> None:
        entry.write(encoder.encode(decoder.decode(data, final), final))

    return write


def add_metadata(zipped: zipfile.ZipFile, metadata: dict[str, Any]) -> None:
    zipped.writestr(METADATA, json.dumps(metadata, indent=1, sort_keys=True) + "\n")


def remove_partials(directory: Path) -> list[str]:
    """Archives and spool folders a killed run left half-written: removed (the run that finds
    them redoes them)."""
    removed = []
    for path in sorted(directory.glob("*.partial")):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def remove_old(directory: Path, days: int, now: float | None = None) -> list[str]:
    """Archives written more than `days` days ago: removed; their names."""
    cutoff = (now if now is not None else time.time()) - days * 86_400
    removed = []
    for path in sorted(directory.glob(ARCHIVE_GLOB)):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
