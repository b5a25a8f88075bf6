"""How ICON stamps rows: time triples, system columns and the G_PROV_CONTROL sequences."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

Row = dict[str, Any]


@lru_cache(maxsize=65536)
def gmt(epoch: int) -> str:
    """An epoch second as the GMT timestamp text PostgreSQL's COPY reads."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def moment(prefix: str, epoch: int | None) -> Row:
    """`<prefix>` and `<prefix>_ts` for an epoch second (both null when it has not happened)."""
    if epoch is None:
        return {}
    return {prefix: gmt(epoch), f"{prefix}_ts": epoch}


class Sequences:
    """GSYS_SEQ / GSYS_USEQ per provider: increasing with the time ICON wrote the row."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, int], int] = defaultdict(int)
        self.current: dict[str, int] = defaultdict(int)

    def next(self, provider: str, epoch: int) -> int:
        count = self._used[(provider, epoch)]
        self._used[(provider, epoch)] = count + 1
        value = epoch * 10_000 + count
        self.current[provider] = max(self.current[provider], value)
        return value

    def stamp(self, provider: str, domain: int, inserted: int, updated: int | None = None) -> Row:
        """System columns of a row inserted at `inserted` and last updated at `updated`."""
        seq = self.next(provider, inserted)
        useq = seq if updated is None or updated == inserted else self.next(provider, updated)
        return {"gsys_domain": domain, "gsys_seq": seq, "gsys_useq": useq, "gsys_partition": 0}
