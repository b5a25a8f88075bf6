"""/metrics for Prometheus (prometheus_client's exposition): jobs running, each job's last
success and failure, ETL latency by functional area, rows extracted, transformed and discarded,
ETL cycles the server completed. Read from the Info Mart at each scrape."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from psycopg import sql

from .. import RELEASE
from ..continuity import continuity
from ..control.gdpr import request_outcomes
from ..control.names import ADMIN_ETL_JOB_HISTORY
from ..control.totals import row_totals
from ..db import connect, infomart_uri, qualified, relation_exists
from ..latency import etl_latency


class InfoMartCollector:
    """One scrape: one connection, a few aggregate queries over the admin views."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Any]:
        engine = self.engine
        schema = engine.schema
        info = GaugeMetricFamily("gim_server_info", "The server's release.", labels=["release"])
        info.add_metric([RELEASE], 1)
        yield info
        cycles = CounterMetricFamily(
            "gim_etl_cycles_completed", "ETL cycles this server completed since it started."
        )
        cycles.add_metric([], engine.cycles_completed)
        yield cycles
        with connect(infomart_uri(engine.config), autocommit=True) as conn:
            if not relation_exists(conn, schema, ADMIN_ETL_JOB_HISTORY):
                return
            yield from _jobs(conn, schema)
            latency = GaugeMetricFamily(
                "gim_etl_latency_seconds",
                "Time since the newest contact-center event each functional area has stored.",
                labels=["area"],
            )
            now = time.time()
            for area in etl_latency(conn, schema, now):
                if area.seconds is not None:
                    latency.add_metric([area.area], area.seconds)
            yield latency
            yield from _rows(conn, schema)
            yield from continuity_families(conn, schema)
            yield from _gdpr(conn, schema)


def _jobs(conn: Any, schema: str) -> Iterator[Any]:
    running = GaugeMetricFamily("gim_jobs_running", "Jobs running now.", labels=["job"])
    success = GaugeMetricFamily(
        "gim_job_last_success_timestamp_seconds",
        "End of the job's last COMPLETE run.",
        labels=["job"],
    )
    failure = GaugeMetricFamily(
        "gim_job_last_failure_timestamp_seconds",
        "End of the job's last FAILED run.",
        labels=["job"],
    )
    duration = GaugeMetricFamily(
        "gim_job_last_duration_seconds", "Duration of the job's last finished run.", labels=["job"]
    )
    rows = conn.execute(
        sql.SQL(
            "select job_name,"
            " count(*) filter (where status = 'RUNNING'),"
            " extract(epoch from max(end_time) filter (where status = 'COMPLETE')),"
            " extract(epoch from max(end_time) filter (where status = 'FAILED')),"
            " (array_agg(duration order by end_time desc)"
            "  filter (where end_time is not null))[1]"
            " from {} group by job_name order by job_name"
        ).format(qualified(schema, ADMIN_ETL_JOB_HISTORY))
    ).fetchall()
    for name, now_running, last_success, last_failure, last_duration in rows:
        running.add_metric([name], now_running)
        if last_success is not None:
            success.add_metric([name], float(last_success))
        if last_failure is not None:
            failure.add_metric([name], float(last_failure))
        if last_duration is not None:
            duration.add_metric([name], float(last_duration))
    yield from (running, success, failure, duration)


def _rows(conn: Any, schema: str) -> Iterator[Any]:
    """Row counts over the history the Info Mart keeps (a purge lowers them: gauges)."""
    extracted, transformed, discarded = row_totals(conn, schema)
    for name, value, what in (
        ("gim_rows_extracted", extracted, "IDB rows copied into GIDB"),
        ("gim_rows_transformed", transformed, "Rows Job_TransformGIM wrote into the facts"),
        ("gim_rows_discarded", discarded, "Rows in STG_TRANSFORM_DISCARDS"),
    ):
        gauge = GaugeMetricFamily(name, f"{what}, over the history kept.")
        gauge.add_metric([], float(value))
        yield gauge


def _gdpr(conn: Any, schema: str) -> Iterator[Any]:
    """GDPR request files on record by outcome, and when each outcome last happened: alert when
    the last FAILED or NO_MATCH is newer than the last DONE (the original's GIM_ETL_GDPR_ERROR,
    cancelled by GIM_ETL_GDPR_SUCCESS)."""
    files = GaugeMetricFamily(
        "gim_gdpr_requests",
        "GDPR request files on record (CTL_GDPR_REQUEST), by outcome.",
        labels=["status"],
    )
    last = GaugeMetricFamily(
        "gim_gdpr_request_last_timestamp_seconds",
        "When a GDPR request file last had this outcome.",
        labels=["status"],
    )
    for status, count, newest in request_outcomes(conn, schema):
        files.add_metric([status], float(count))
        if newest is not None:
            last.add_metric([status], float(newest))
    yield from (files, last)


def continuity_families(conn: Any, schema: str) -> Iterator[Any]:
    """Unreachable IDBs, delayed data sources and the data left behind."""
    troubles = continuity(conn, schema)
    unreachable = GaugeMetricFamily(
        "gim_idb_unreachable",
        "1 for each IDB extraction cannot reach; stuck: past extract-data-stuck-threshold.",
        labels=["idb", "stuck"],
    )
    for episode in troubles.unreachable:
        unreachable.add_metric([episode.idb_name, str(episode.stuck_ts is not None).lower()], 1)
    yield unreachable
    delayed = GaugeMetricFamily(
        "gim_data_delayed",
        "1 for each data source whose data is delayed (the 55-20110 event).",
        labels=["idb", "data_source"],
    )
    for episode in troubles.delayed:
        delayed.add_metric([episode.idb_name, str(episode.data_source)], 1)
    yield delayed
    gaps = GaugeMetricFamily(
        "gim_extract_gap_seconds",
        "Seconds of IDB data left behind (an IDB unreachable past the stuck threshold).",
        labels=["idb", "data_source", "provider"],
    )
    left: dict[tuple[str, str, str], int] = {}
    for gap in troubles.gaps:
        key = (gap.dap_name, str(gap.dss_id), str(gap.providertag))
        left[key] = left.get(key, 0) + gap.gap_end_ts - gap.gap_start_ts
    for labels, seconds in sorted(left.items()):
        gaps.add_metric(list(labels), float(seconds))
    yield gaps


def exposition(engine: Any) -> tuple[bytes, str]:
    """The text Prometheus scrapes, and its content type."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(InfoMartCollector(engine))
    return generate_latest(registry), CONTENT_TYPE_LATEST
