"""ETL latency by functional area (the admin_etl_latency view): `gim status`, the manager's ETL
Status view and /metrics read it here, against one clock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

from .db import qualified, relation_exists

LATENCY_VIEW = "admin_etl_latency"


@dataclass(frozen=True)
class AreaLatency:
    area: str
    last_event: datetime | None  # UTC; None: the area has stored nothing yet
    seconds: int | None  # time since last_event

    @property
    def shown(self) -> str:
        """hh:mm:ss, as the original's manager shows it (hours may pass 24)."""
        if self.seconds is None:
            return "no data"
        hours, rest = divmod(max(self.seconds, 0), 3600)
        return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def etl_latency(
    conn: psycopg.Connection, schema: str, now: float | None = None
) -> list[AreaLatency]:
    """Every functional area, in the manager's order; `now` in epoch seconds (default: now)."""
    if not relation_exists(conn, schema, LATENCY_VIEW):
        return []
    clock = time.time() if now is None else now
    rows = conn.execute(
        sql.SQL(
            "select functional_area, last_event_time, last_event_ts from {} order by area_order"
        ).format(qualified(schema, LATENCY_VIEW))
    ).fetchall()
    return [
        AreaLatency(area, last_time, None if last_ts is None else int(clock - last_ts))
        for area, last_time, last_ts in rows
    ]
