"""Execution engines: where shard tasks run. One module per engine; ``ENGINES`` names them.

An engine maps :func:`~wikinorm.core.batch.shard.run_shard` over shard tasks
and yields each shard's stats as it finishes; it never decides what goes in a
shard (the plan does), so every engine writes the same files.
"""

from __future__ import annotations

from collections.abc import Callable

from .local import LocalEngine


def _ray(jobs: int | None, address: str | None):
    # Imported on use: Ray is an optional extra, and importing it costs seconds.
    from .ray_engine import RayEngine

    return RayEngine(jobs, address)


ENGINES: dict[str, Callable] = {
    "local": lambda jobs, address: LocalEngine(jobs),
    "ray": _ray,
}


def make_engine(name: str, jobs: int | None = None, address: str | None = None):
    """The engine called ``name`` ("local" or "ray") with ``jobs`` workers (None: one per core)."""
    return ENGINES[name](jobs, address)


__all__ = ["ENGINES", "LocalEngine", "make_engine"]
