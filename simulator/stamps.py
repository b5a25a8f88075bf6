"""How ICON stamps rows: time triples, system columns and the G_PROV_CONTROL sequences."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

Row = dict[str, Any]

#: GSYS_DOMAIN (= DSS_ID) of each provider's data-source session: base + switch (cfg: one, 1).
DOMAIN_BASE = {"cfg": 0, "gcc": 100, "gls": 200, "gud": 300, "gos": 400}


def domain_of(provider: str, switch_id: int = 1) -> int:
    return DOMAIN_BASE[provider] + switch_id


#: Added to a DSS_ID for the session that begins when ICON reconnects after an outage.
RECONNECT_OFFSET = 1000


def provider_of(domain: int) -> str:
    domain %= RECONNECT_OFFSET
    return next(p for p, base in DOMAIN_BASE.items() if base < domain <= base + 99)


def switch_of(domain: int) -> int:
    return domain % RECONNECT_OFFSET % 100


@lru_cache(maxsize=65536)
def gmt(epoch: int) -> str:
    """An epoch second as the GMT timestamp text PostgreSQL's COPY reads."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def moment(prefix: str, epoch: int | None) -> Row:
    """`<prefix>` and `<prefix>_ts` for an epoch second (both null when it has not happened)."""
    if epoch is None:
        return {}
    return {prefix: gmt(epoch), f"{prefix}_ts": epoch}


#: GSYS_SEQ / GSYS_USEQ are the write time's epoch second times this, plus a counter.
SEQ_PER_SECOND = 10_000


def written_at(sequence: int) -> int:
    """The epoch second a GSYS_SEQ / GSYS_USEQ value was handed out at."""
    return sequence // SEQ_PER_SECOND


class Sequences:
    """GSYS_SEQ / GSYS_USEQ per provider: increasing with the time ICON wrote the row."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, int], int] = defaultdict(int)

    def next(self, provider: str, epoch: int) -> int:
        count = self._used[(provider, epoch)]
        self._used[(provider, epoch)] = count + 1
        return epoch * SEQ_PER_SECOND + count

    def stamp(self, provider: str, domain: int, inserted: int, updated: int | None = None) -> Row:
        """System columns of a row inserted at `inserted` and last updated at `updated`.

        `_inserted` and `_updated` are not columns: the writer reads them to show the row as it
        was at a given clock (absent before `_inserted`, its `_active` version before `_updated`).
        """
        seq = self.next(provider, inserted)
        if updated is None or updated == inserted:
            useq, updated = seq, None
        else:
            useq = self.next(provider, updated)
        return {
            "gsys_domain": domain,
            "gsys_seq": seq,
            "gsys_useq": useq,
            "gsys_partition": 0,
            "_inserted": inserted,
            "_updated": updated,
        }
