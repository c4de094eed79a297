"""The Ray engine: the same shard function on a Ray cluster (``pip install 'wikinorm[ray]'``).

``address`` None starts a local Ray instance (with ``jobs`` CPUs, default all);
``"auto"`` or ``"ray://host:port"`` / ``"host:port"`` joins a running cluster.
If this process already has Ray initialized (a library user, the tests), that
instance is used and left running. Inputs and the output folder must be paths
every node can read and write (a shared file system), since workers open the
parts and write the shards themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..job import ShardFailure
from ..shard import ShardStats, ShardTask, run_shard
from ..writers import MissingExtra

IN_FLIGHT_PER_CPU = 2


def import_ray():
    """The ``ray`` module, or a one-line :class:`MissingExtra` saying how to install it."""
    try:
        import ray
    except ImportError:
        raise MissingExtra("--engine ray needs Ray: pip install 'wikinorm[ray]'") from None
    return ray


class RayEngine:
    """Runs shards as Ray tasks, one CPU each."""

    name = "ray"

    def __init__(self, jobs: int | None = None, address: str | None = None):
        ray = self._ray = import_ray()
        self._owned = not ray.is_initialized()
        if self._owned:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                # "local": a new instance even when a `ray start` cluster runs on this node
                # (plain ray.init() would join it, and refuse num_cpus).
                ray.init(address="local", num_cpus=jobs, include_dashboard=False, log_to_driver=False)
        self.cpus = max(1, int(jobs or ray.cluster_resources().get("CPU", 1)))

    def map(self, tasks: Iterable[ShardTask]) -> Iterator[ShardStats | ShardFailure]:
        """Each task's shard stats (or failure) as it finishes."""
        ray = self._ray
        remote = ray.remote(num_cpus=1, max_retries=0)(run_shard)
        pending: dict = {}
        for task in tasks:
            pending[remote.remote(task)] = task.shard_id
            if len(pending) >= self.cpus * IN_FLIGHT_PER_CPU:
                yield from self._finished(pending)
        while pending:
            yield from self._finished(pending)

    def _finished(self, pending: dict) -> Iterator[ShardStats | ShardFailure]:
        ray = self._ray
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            shard_id = pending.pop(ref)
            try:
                yield ray.get(ref)
            except Exception as exc:  # noqa: BLE001 - RayTaskError wraps the worker's exception
                cause = getattr(exc, "cause", None) or exc
                yield ShardFailure(shard_id, f"{type(cause).__name__}: {cause}")

    def close(self) -> None:
        """Shut down the Ray instance this engine started (not one it joined)."""
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()
