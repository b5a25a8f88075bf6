"""Job_ExportGIM's archives and chunks, on real files: an archive appears whole or not at all,
its CSV is re-encoded as asked, old archives and half-written ones go."""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from orchestrator.export.archive import (
    METADATA,
    add_csv,
    add_metadata,
    archive,
    codec_name,
    remove_old,
    remove_partials,
    spool,
    spool_csv,
)
from orchestrator.export.chunks import Chunk, plan_chunks

HOUR = 3600


def test_chunks_follow_the_time_their_audit_keys_were_opened() -> None:
    rows = [(10, 7 * HOUR + 5), (11, 7 * HOUR + 3000), (12, 8 * HOUR), (15, 10 * HOUR + 1)]
    assert plan_chunks(rows, HOUR) == [
        Chunk(10, 11, 7 * HOUR, 8 * HOUR),
        Chunk(12, 12, 8 * HOUR, 9 * HOUR),
        Chunk(15, 15, 10 * HOUR, 11 * HOUR),
    ]
    assert plan_chunks([], HOUR) == []
    assert Chunk(10, 11, 0, HOUR).name == "gim_export_000000000010_000000000011"


def _spooled(folder: Path, *rows: str, encoding: str = "utf8") -> Path:
    """A CSV file spooled as the export spools a COPY's output (rows given as text)."""
    path = folder / "t.csv"

    def copy_out(write) -> None:
        for row in rows:
            write(row.encode("utf-8"))

    spool_csv(path, copy_out, encoding)
    return path


def test_an_archive_holds_one_csv_per_table_and_its_metadata(tmp_path: Path) -> None:
    with spool(tmp_path, "gim_export_1_2") as folder, archive(tmp_path, "gim_export_1_2") as zipped:
        assert folder.name == "gim_export_1_2.spool.partial"
        add_csv(zipped, "resource_", _spooled(folder, "resource_key,resource_name\n", "1,Zoë\n"))
        add_metadata(zipped, {"tables": {"resource_": {"rows": 1}}})
        assert not (tmp_path / "gim_export_1_2.zip").exists()  # not before it is whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gim_export_1_2.zip"]
    with zipfile.ZipFile(tmp_path / "gim_export_1_2.zip") as zipped:
        assert zipped.read("resource_.csv").decode("utf-8") == "resource_key,resource_name\n1,Zoë\n"
        assert json.loads(zipped.read(METADATA))["tables"] == {"resource_": {"rows": 1}}


def test_a_failed_archive_leaves_nothing(tmp_path: Path) -> None:
    with (
        pytest.raises(RuntimeError),
        spool(tmp_path, "gim_export_1_2") as folder,
        archive(tmp_path, "gim_export_1_2") as zipped,
    ):
        add_csv(zipped, "resource_", _spooled(folder, "resource_key\n", "1\n"))
        raise RuntimeError("the database went away")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["latin1", "UTF-16", "cp1252"])
def test_csv_files_are_written_in_the_configured_encoding(tmp_path: Path, option: str) -> None:
    # A character split across two COPY chunks is still decoded whole.
    halves = (b"name\nZo", "ë".encode()[:1], "ë".encode()[1:] + b"\n")
    spooled = tmp_path / "t.csv"
    spool_csv(spooled, lambda write: [write(part) for part in halves], option)
    with archive(tmp_path, "a") as zipped:
        add_csv(zipped, "t", spooled)
    with zipfile.ZipFile(tmp_path / "a.zip") as zipped:
        assert zipped.read("t.csv").decode(codec_name(option)) == "name\nZoë\n"


def test_old_and_half_written_archives_are_removed(tmp_path: Path) -> None:
    now = time.time()
    for name, age_days in (("gim_export_1_1.zip", 15), ("gim_export_2_2.zip", 13)):
        path = tmp_path / name
        path.write_bytes(b"")
        os.utime(path, (now - age_days * 86_400, now - age_days * 86_400))
    (tmp_path / "gim_export_3_3.zip.partial").write_bytes(b"")
    (tmp_path / "gim_export_3_3.spool.partial").mkdir()
    (tmp_path / "gim_export_3_3.spool.partial" / "resource_.csv").write_bytes(b"")
    (tmp_path / "notes.zip").write_bytes(b"")
    os.utime(tmp_path / "notes.zip", (0, 0))
    assert remove_old(tmp_path, 14, now) == ["gim_export_1_1.zip"]
    assert remove_partials(tmp_path) == [
        "gim_export_3_3.spool.partial",
        "gim_export_3_3.zip.partial",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gim_export_2_2.zip", "notes.zip"]
