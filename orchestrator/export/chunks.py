"""Which audit keys each export archive covers: the keys committed since the last export, in
chunks of `chunk-size-seconds` of the time their audit rows were opened. Keys only grow, so a
chunk is a range of keys and an archive holds the rows created or updated under them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    #: The audit keys the archive covers, both included.
    first_key: int
    last_key: int
    #: The chunk's time span (UTC epoch seconds, end excluded), aligned on its size.
    start_ts: int
    end_ts: int

    @property
    def name(self) -> str:
        """The archive's name: its keys, which say what it holds and never repeat."""
        return f"gim_export_{self.first_key:012d}_{self.last_key:012d}"


def plan_chunks(audit_rows: Iterable[tuple[int, int]], chunk_seconds: int) -> list[Chunk]:
    """Chunks over `(audit key, opened at)` rows ordered by key: a new chunk starts where a key's
    time falls in another `chunk_seconds` span than the previous key's."""
    chunks: list[Chunk] = []
    for key, opened in audit_rows:
        start = opened - opened % chunk_seconds
        last = chunks[-1] if chunks else None
        if last is not None and last.start_ts == start:
            chunks[-1] = Chunk(last.first_key, key, last.start_ts, last.end_ts)
        else:
            chunks.append(Chunk(key, key, start, start + chunk_seconds))
    return chunks
