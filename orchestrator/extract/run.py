"""Extraction: copy new and changed IDB rows into GIDB, per data source, chunk by chunk.

Each (GIDB table, IDB, data source) has a high-water mark in CTL_EXTRACT_HISTORY: the latest
write time copied. A run reads from the mark up to the source's horizon (its latest event in the
session tables), held back before any row whose GSYS_USEQ is above G_PROV_CONTROL.SEQCURRENT (ICON
may still be writing it), in chunks of extract-data-chunk-size seconds that hold rows. Each chunk
is one transaction: its rows, its CTL_AUDIT_LOG row and its mark commit together, so a run killed
anywhere is resumed by the next without gaps, and re-read rows replace their copies.

Redundant IDBs (one HA group) share one data source key: both are read, and of two copies of a
row the one written later wins, so a gap in one IDB is filled from its partner.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from ..control import episodes, history
from ..control.episodes import Episode
from ..control.extracts import (
    data_source_key,
    has_data_sources,
    newest_mark,
    provider_mark,
    record_extract,
    voice_clock,
)
from ..db import connect, idb_uri
from ..errors import GimError, first_line
from ..gidb.schema import GIDB_BY_NAME, GidbTable, create_statements
from ..idb.codes import DataSourceType
from ..job_runner import JobContext
from ..maintain.statistics import analyze_stale
from ..progress import bar
from .contract import refuse_unfit_idb
from .copy import Backlog, written_sql
from .delays import delayed_data_events
from .indexes import ensure_indexes
from .lag import ReadSource, lag_warnings
from .merge import merge_voice
from .outages import STUCK, Verdict, judge_unreachable, skipped_range
from .sources import PROVIDER_TAGS, ROLES, gidb_tables_for, read_sources, seq_current
from .window import DataSource


@dataclass(frozen=True)
class _IdbRun:
    """One enabled IDB as this run reads it: its connection, the Info Mart's, and its key.
    `returning`: the UNREACHABLE episode it comes back from, when that passed the threshold."""

    ctx: JobContext
    idb: psycopg.Connection
    mart: psycopg.Connection
    name: str
    data_source_key: int
    returning: Episode | None = None


def _shown(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


def extract_all(ctx: JobContext) -> None:
    """Copy every enabled IDB's new rows into GIDB, then merge the voice calls; the job's summary
    lines go to `ctx.summary`."""
    _Extraction().run(ctx)


def _voice_horizon(read: list[ReadSource]) -> int:
    """The newest horizon of the T-Servers read for voice interactions this run (0: none)."""
    return max(
        (
            min(item.source.horizon, int(time.time()))
            for item in read
            if item.provider == "gcc" and item.source.data_source_type == DataSourceType.T_SERVER
        ),
        default=0,
    )


class _Extraction:
    def run(self, ctx: JobContext) -> None:
        if not has_data_sources(ctx.conn, ctx.schema):
            raise GimError("the Info Mart predates CTL_DS: run `gim init` first")
        for statement in create_statements(ctx.schema):
            ctx.conn.execute(statement)
        enabled = [idb for idb in ctx.config.idbs if idb.enabled]
        ctx.summary += [
            f"IDB {idb.name} is disabled in the configuration: skipped"
            for idb in ctx.config.idbs
            if not idb.enabled
        ]
        idbs: dict[str, psycopg.Connection] = {}
        unreachable: dict[str, str] = {}
        for idb in enabled:
            try:
                idbs[idb.name] = self._open(ctx, idb.name)
            except GimError as exc:
                unreachable[idb.name] = first_line(exc)
        totals: dict[str, int] = {}
        verdicts: list[Verdict] = []
        try:
            for idb in enabled:
                if idb.name in idbs:
                    refuse_unfit_idb(idbs[idb.name], idb.name, idb.roles)
            # Autocommit, so that each `mart.transaction()` is a real transaction, not a savepoint.
            with connect(ctx.uri, autocommit=True) as mart:
                # Rows and marks commit together, so a server crash can only lose both: the next
                # run re-reads those windows. Waiting for each commit's fsync buys nothing.
                mart.execute("set synchronous_commit = off")
                tracked = episodes.has_episodes(mart, ctx.schema)
                away = {
                    episode.idb_name: episode
                    for episode in (
                        episodes.open_episodes(mart, ctx.schema, episodes.UNREACHABLE)
                        if tracked
                        else []
                    )
                }
                read: list[ReadSource] = []
                for idb in enabled:
                    if idb.name not in idbs:
                        continue
                    key = data_source_key(mart, ctx.schema, idb)
                    back = away.get(idb.name)
                    run = _IdbRun(
                        ctx,
                        idbs[idb.name],
                        mart,
                        idb.name,
                        key,
                        back if back is not None and back.stuck_ts is not None else None,
                    )
                    for role in idb.roles:
                        providers, source_type, medium = ROLES[role]
                        for provider in providers:
                            self._extract_provider(run, provider, source_type, medium, totals, read)
                    if back is not None:
                        episodes.end_episode(mart, ctx.schema, back.episode_id)
                        ctx.summary.append(f"IDB {idb.name} answers again")
                if any("ICON_CORE" in idb.roles for idb in enabled if idb.name in idbs):
                    self._merge(ctx, mart, _voice_horizon(read))
                # Job_TransformGIM joins into these seconds from now: a first load planned before
                # autovacuum analysed them ran int_agent_parties_routed for over ten minutes.
                analysed = analyze_stale(mart, ctx.schema, GIDB_BY_NAME.keys())
                if analysed:
                    ctx.summary.append(f"statistics refreshed: {len(analysed)} GIDB tables")
                delayed_after = ctx.config["gim-etl.delayed-data-threshold"]
                stuck_after = ctx.config["gim-etl.extract-data-stuck-threshold"]
                ctx.summary += lag_warnings(read, delayed_after, stuck_after)
                if tracked:
                    ctx.summary += delayed_data_events(mart, ctx, read, delayed_after)
                verdicts = self._judge_unreachable(
                    mart, ctx, enabled, unreachable, away, read, stuck_after, tracked
                )
                ctx.summary += [verdict.line for verdict in verdicts]
        finally:
            for conn in idbs.values():
                conn.close()
        failing = [verdict for verdict in verdicts if verdict.fails_the_job]
        if failing:
            copied = sum(totals.values())
            raise GimError(
                "; ".join(verdict.line for verdict in failing)
                + f" ({copied} rows copied from the others)"
            )
        copied = sum(totals.values())
        ctx.summary.insert(0, f"{copied} rows copied into {len(totals)} GIDB or Merge tables")
        ctx.summary += [f"{name}: {rows}" for name, rows in sorted(totals.items()) if rows]

    def _merge(self, ctx: JobContext, mart: psycopg.Connection, voice_horizon: int) -> None:
        """Merge the voice calls extracted so far and move the complete ones to GIDB, in one
        transaction (a run killed here merges them next time). The merge's clock is how far the
        voice data is known complete: the newest T-Server horizon read, or the newest voice row
        extracted, so what waits for a partner stops waiting even when no new call comes."""
        with mart.transaction():
            audit_key = history.open_audit(mart, ctx.schema, ctx.job_id)
            result = merge_voice(
                mart,
                ctx.schema,
                wait_seconds=ctx.config["gim-etl.merge-wait-threshold"],
                data_clock=max(voice_clock(mart, ctx.schema), voice_horizon),
                job_id=ctx.job_id,
                audit_key=audit_key,
            )
            history.close_audit(
                mart, ctx.schema, audit_key, sum(result.rows.values()), *result.start_keys
            )
        ctx.summary.append(
            f"merge: {result.moved_calls} calls moved to GIDB, {result.waiting_calls} waiting"
            f" (active, or a linked partner not yet extracted), {result.unpaired_links} links"
            f" moved without their partner, {result.fk_violations} rows with a missing call"
            " or party (STG_IDB_FK_VIOLATION)"
        )

    @staticmethod
    def _open(ctx: JobContext, name: str) -> psycopg.Connection:
        return connect(idb_uri(ctx.config, name), autocommit=True)

    @staticmethod
    def _judge_unreachable(
        mart: psycopg.Connection,
        ctx: JobContext,
        enabled: list[Any],
        unreachable: dict[str, str],
        away: dict[str, Episode],
        read: list[ReadSource],
        threshold: int,
        tracked: bool,
    ) -> list[Verdict]:
        """The guide's rule for each IDB that did not answer (outages.py), its episode kept."""
        clock = min(
            max((item.source.horizon for item in read), default=int(time.time())),
            int(time.time()),
        )
        verdicts = []
        for idb in enabled:
            if idb.name not in unreachable:
                continue
            partners = [
                other.name
                for other in enabled
                if idb.ha_group and other.ha_group == idb.ha_group and other.name not in unreachable
            ]
            verdict = judge_unreachable(
                idb.name,
                unreachable[idb.name],
                partners,
                newest_mark(mart, ctx.schema, idb.name),
                clock,
                threshold,
            )
            verdicts.append(verdict)
            if not tracked:
                continue
            episode = away.get(idb.name)
            if episode is None:
                episode = episodes.open_episode(
                    mart,
                    ctx.schema,
                    episodes.UNREACHABLE,
                    idb.name,
                    unreachable[idb.name],
                    ctx.job_id,
                )
            episodes.see_episode(
                mart,
                ctx.schema,
                episode.episode_id,
                unreachable[idb.name],
                stuck=verdict.kind == STUCK,
            )
        return verdicts

    def _extract_provider(
        self,
        run: _IdbRun,
        provider: str,
        source_type: int,
        medium: str | None,
        totals: dict[str, int],
        read: list[ReadSource],
    ) -> None:
        sources = [s for s in read_sources(run.idb, provider) if s.data_source_type == source_type]
        current = seq_current(run.idb, provider)
        provider_tables = gidb_tables_for(provider, medium)
        ensure_indexes(run.idb, provider_tables)
        for table in provider_tables:
            totals.setdefault(table.name, 0)
        names = tuple(table.source.name for table in provider_tables)
        for source in sources:
            read.append(ReadSource(run.name, provider, source, names))
            copied = self._extract(run, provider, provider_tables, source, current)
            for name, rows in copied.items():
                totals[name] += rows

    def _extract(
        self,
        run: _IdbRun,
        provider: str,
        provider_tables: list[GidbTable],
        source: DataSource,
        current_seq: int | None,
    ) -> dict[str, int]:
        """Copy one data source's new rows of one provider's tables, one window at a time: every
        table of the window in one transaction, with one audit row (the original's chunk)."""
        ctx, idb, mart, key = run.ctx, run.idb, run.mart, run.data_source_key
        chunk_seconds = ctx.config["gim-etl.extract-data-chunk-size"]
        mark = provider_mark(mart, ctx.schema, PROVIDER_TAGS[provider], key, run.name, source)
        if run.returning is not None:
            mark = self._leave_behind(run, provider, provider_tables, source, mark)
        # A session whose latest event lies ahead of the Info Mart's clock must not carry the
        # mark past rows ICON has yet to write.
        horizon = min(
            int(time.time()),
            *(self._horizon(idb, table, source, mark, current_seq) for table in provider_tables),
        )
        copied = dict.fromkeys((table.name for table in provider_tables), 0)
        backlog = Backlog(idb, mart, ctx.schema, provider_tables, source)
        kind = DataSourceType(source.data_source_type).name.replace("_", "-")
        progress = bar(
            f"extract {run.name} {provider} {kind} {source.data_source}",
            total=max(horizon - mark, 0) / 3600,
            unit="h of data",
        )
        try:
            if mark < horizon:
                progress.set_postfix_str("reading the IDB")
                backlog.load(mark, horizon)
            while mark < horizon:
                nexts = backlog.next_writes(mark)
                if not nexts:
                    break
                first = min(nexts.values())
                window = (first - 1, min(first - 1 + chunk_seconds, horizon))
                due = [t for t in provider_tables if nexts.get(t.name, horizon + 1) <= window[1]]
                started = datetime.now(UTC).replace(tzinfo=None)
                with mart.transaction():
                    audit_key = history.open_audit(mart, ctx.schema, ctx.job_id)
                    results = {
                        table.name: backlog.move(table, window, key, audit_key, ctx.job_id)
                        for table in due
                    }
                    rows = sum(result.rows for result in results.values())
                    keys = [r for r in results.values() if r.rows]
                    history.close_audit(
                        mart,
                        ctx.schema,
                        audit_key,
                        rows,
                        min((r.min_start_key for r in keys), default=0),
                        max((r.max_start_key for r in keys), default=0),
                        max_chunk_ts=window[1],
                        data_source_key=key,
                    )
                    # A row per table that received rows (ADMIN_EXTRACT_HISTORY), and at least
                    # one, so the mark moves even when every row of the window was discarded.
                    recorded = [t for t in due if results[t.name].rows] or due[:1]
                    record_extract(
                        mart,
                        ctx.schema,
                        counts={table.name: results[table.name].rows for table in recorded},
                        data_source_key=key,
                        idb_name=run.name,
                        source=source,
                        provider_tag=PROVIDER_TAGS[provider],
                        mark=window[1],
                        started=started,
                        job_id=ctx.job_id,
                        job_name=ctx.job_name,
                        audit_key=audit_key if rows else None,
                    )
                for name, result in results.items():
                    copied[name] += result.rows
                progress.set_postfix_str(f"{sum(copied.values())} rows", refresh=False)
                progress.update((window[1] - mark) / 3600)
                mark = window[1]
        finally:
            progress.close()
            backlog.drop()
        return copied

    @staticmethod
    def _leave_behind(
        run: _IdbRun,
        provider: str,
        provider_tables: list[GidbTable],
        source: DataSource,
        mark: int,
    ) -> int:
        """An IDB back from past the stuck threshold: its source is read from the threshold
        before its newest data; the range before is recorded and the mark moved past it."""
        ctx, mart = run.ctx, run.mart
        threshold = ctx.config["gim-etl.extract-data-stuck-threshold"]
        skipped = skipped_range(mark, source.horizon, threshold)
        if skipped is None or run.returning is None:
            return mark
        with mart.transaction():
            episodes.record_gap(
                mart,
                ctx.schema,
                idb_name=run.name,
                data_source_key=run.data_source_key,
                data_source_type=source.data_source_type,
                dss_id=source.data_source,
                providertag=PROVIDER_TAGS[provider],
                gap=skipped,
                episode_id=run.returning.episode_id,
                job_id=ctx.job_id,
            )
            record_extract(
                mart,
                ctx.schema,
                counts={provider_tables[0].name: 0},
                data_source_key=run.data_source_key,
                idb_name=run.name,
                source=source,
                provider_tag=PROVIDER_TAGS[provider],
                mark=skipped[1],
                started=datetime.now(UTC).replace(tzinfo=None),
                job_id=ctx.job_id,
                job_name=ctx.job_name,
                audit_key=None,
            )
        kind = DataSourceType(source.data_source_type).name.replace("_", "-")
        ctx.summary.append(
            f"WARNING: IDB {run.name}, {kind} {source.data_source}, {provider}: rows written from"
            f" {_shown(skipped[0])} to {_shown(skipped[1])} left behind (it was unreachable past"
            " extract-data-stuck-threshold; CTL_EXTRACT_GAP)"
        )
        return skipped[1]

    @staticmethod
    def _horizon(
        idb: psycopg.Connection,
        table: GidbTable,
        source: DataSource,
        mark: int,
        current_seq: int | None,
    ) -> int:
        """The source's horizon, held back before the first row ICON may still be writing."""
        if current_seq is None:
            return source.horizon
        written = written_sql(table)
        unsettled = idb.execute(
            sql.SQL(
                "select min({written}) from {table} as t where t.gsys_domain = any(%s)"
                " and t.gsys_useq > %s and {written} > %s"
            ).format(written=written, table=sql.Identifier(table.source.name)),
            (list(source.dss_ids), current_seq, mark),
        ).fetchone()[0]
        return source.horizon if unsettled is None else min(source.horizon, unsettled - 1)
