"""Which simulated contact center an IDB holds, kept as its database's comment: a later run may
grow the same one (a later --until), never write another over it unnoticed."""

from __future__ import annotations

from contextlib import suppress

import psycopg
from psycopg import sql

from .params import SimulationParams

PREFIX = "gim simulate: "


def identity(params: SimulationParams) -> str:
    """The parameters that make a different contact center (not how far it is written)."""
    media = ",".join(params.media)
    outbound = " outbound" if params.outbound else ""
    outbound += " understaffed" if params.understaffed else ""
    return (
        f"seed {params.seed}, {params.agents} agents, {params.sites} sites, {media}{outbound},"
        f" {params.days} days from {params.start}"
    )


def mark(conn: psycopg.Connection, params: SimulationParams) -> None:
    """Record the simulation on the IDB's database (skipped where the user may not comment)."""
    with suppress(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            sql.SQL("comment on database {} is {}").format(
                sql.Identifier(conn.info.dbname), sql.Literal(PREFIX + identity(params))
            )
        )
        conn.commit()


def recorded(conn: psycopg.Connection) -> str | None:
    """The simulation the IDB holds, or None (never simulated into, or a real IDB)."""
    row = conn.execute(
        "select shobj_description(oid, 'pg_database') from pg_database"
        " where datname = current_database()"
    ).fetchone()
    text = row[0] if row else None
    return text.removeprefix(PREFIX) if text and text.startswith(PREFIX) else None
