"""The default engine: a pool of worker processes on this machine (no extra dependency).

Workers are started with ``spawn`` (not ``fork``), so they behave the same on
every platform and never inherit the parent's threads or open files; each
keeps its own block cache for the shards it runs. At most two tasks per worker
are in flight, so a reader that hands pages over never runs far ahead of them.
With one job the shards run in this process (no pickling, same output).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..job import ShardFailure
from ..shard import ShardStats, ShardTask, run_shard

IN_FLIGHT_PER_WORKER = 2


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LocalEngine:
    """Runs shards in ``jobs`` worker processes on this machine."""

    name = "local"

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or default_jobs())

    def map(self, tasks: Iterable[ShardTask]) -> Iterator[ShardStats | ShardFailure]:
        """Each task's shard stats (or failure) as it finishes."""
        if self.jobs == 1:
            for task in tasks:
                try:
                    yield run_shard(task)
                except Exception as exc:  # noqa: BLE001 - a damaged part fails its shard, not the job
                    yield ShardFailure(task.shard_id, f"{type(exc).__name__}: {exc}")
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.jobs, mp_context=context) as pool:
            pending: dict[Future, str] = {}
            for task in tasks:
                pending[pool.submit(run_shard, task)] = task.shard_id
                if len(pending) >= self.jobs * IN_FLIGHT_PER_WORKER:
                    yield from _finished(pending, FIRST_COMPLETED)
            while pending:
                yield from _finished(pending, FIRST_COMPLETED)

    def close(self) -> None:
        """Nothing to release: the pool closes when ``map`` ends."""


def _finished(pending: dict[Future, str], when: str) -> Iterator[ShardStats | ShardFailure]:
    done, _ = wait(pending, return_when=when)
    for future in done:
        shard_id = pending.pop(future)
        exc = future.exception()
        if exc is not None:
            yield ShardFailure(shard_id, f"{type(exc).__name__}: {exc}")
        else:
            yield future.result()
