"""The delayed-data alarm: a data source more than delayed-data-threshold behind the newest of its
kind raises the original's log event 55-20110 once per episode (CTL_SOURCE_EPISODE, kind
DELAYED); the episode ends when its data catches up."""

from __future__ import annotations

import psycopg

from ..control import episodes
from ..idb.codes import DataSourceType
from ..job_runner import JobContext
from .lag import ReadSource, delayed_sources

#: The original's message number for delayed data.
DELAYED_DATA_EVENT = "55-20110"


def delayed_data_events(
    mart: psycopg.Connection, ctx: JobContext, read: list[ReadSource], delayed_after: int
) -> list[str]:
    """The 55-20110 lines of episodes that begin now; the open ones kept or ended."""
    opened = {
        (episode.idb_name, episode.data_source): episode
        for episode in episodes.open_episodes(mart, ctx.schema, episodes.DELAYED)
    }
    lines = []
    now_delayed = set()
    read_idbs = {item.idb for item in read}
    for item, lag in delayed_sources(read, delayed_after):
        key = (item.idb, item.source.data_source)
        now_delayed.add(key)
        kind = DataSourceType(item.source.data_source_type).name.replace("_", "-")
        detail = f"{lag} s behind the newest {kind} of IDB {item.idb}"
        episode = opened.get(key)
        if episode is not None:
            episodes.see_episode(mart, ctx.schema, episode.episode_id, detail)
            continue
        episodes.open_episode(
            mart,
            ctx.schema,
            episodes.DELAYED,
            item.idb,
            detail,
            ctx.job_id,
            item.source.data_source_type,
            item.source.data_source,
        )
        lines.append(
            f"ALARM {DELAYED_DATA_EVENT}: data delayed: IDB {item.idb}, {kind}"
            f" {item.source.data_source}: {detail} (delayed-data-threshold {delayed_after} s)"
        )
    for key, episode in opened.items():
        if key not in now_delayed and key[0] in read_idbs:
            episodes.end_episode(mart, ctx.schema, episode.episode_id)
    return lines
