"""The plan of a batch job: inputs → work units → shards, and the loop that runs it on an engine.

Shards are fixed by the inputs and the sharding settings alone, never by the
engine or the number of workers, so every engine writes the same files:

- a splittable input (multistream dump, JSON lines, folder of ``.wiki`` files)
  is cut by :meth:`Source.parts` into byte ranges a worker reads on its own;
  each part is one shard;
- any other input (a plain ``.xml.bz2``) is read by one reader here, which
  hands the pages on in batches of ``shard_pages``; each batch is one shard;
- with ``limit``, every input is read here (the limit counts pages in input order).

Shard ids are ``INPUT-UNIT`` (``003-000017``), in input order. A resumed job
recomputes the same plan and skips the shards whose stats file exists.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, Protocol

from ..config import Config
from ..presets import Preset
from ..rules.links import CategoryMode
from ..sources import DEFAULT_PART_BYTES, Source, SourceError, SourceOptions, SourceStats, open_source
from .manifest import InputInfo, Manifest, Settings, file_sha256, load_manifest, write_errors, write_manifest
from .shard import STATS_SUFFIX, TEMP_PATTERN, ShardStats, ShardTask, shard_file_name
from .writers import OutputSpec

DEFAULT_SHARD_PAGES = 1000


class JobError(ValueError):
    """A job that cannot start as asked (output folder in use, resume of another job): one line."""


@dataclass(frozen=True)
class JobSpec:
    """Everything a batch job is asked to do; plain data."""

    inputs: tuple[Path, ...]
    out_dir: Path
    preset: Preset
    output: OutputSpec = OutputSpec()
    source_options: SourceOptions = SourceOptions()
    limit: int | None = None
    shard_pages: int = DEFAULT_SHARD_PAGES
    part_bytes: int = DEFAULT_PART_BYTES
    resume: bool = False

    def settings(self) -> Settings:
        """What must match for ``--resume`` to continue a job: everything that shapes the shards."""
        options = self.source_options
        return Settings(
            format=self.output.format.value,
            compression=self.output.compression.value,
            namespaces=sorted(options.namespaces) if options.namespaces is not None else None,
            redirects=options.redirects,
            limit=self.limit,
            shard_pages=self.shard_pages,
            part_bytes=self.part_bytes,
        )


def collects_categories(config: Config) -> bool:
    """Whether the config keeps category names (the links rule in ``collect`` mode)."""
    return config.is_enabled("links") and config.options_for("links").categories is CategoryMode.COLLECT


class Progress(NamedTuple):
    """Where a running job is; handed to the front after every finished shard and read batch."""

    pages_done: int  # pages read and finished (records + errors + skipped)
    records: int
    errors: int
    input_bytes_done: int
    input_bytes_total: int
    shards_done: int
    elapsed: float


class Engine(Protocol):
    """Runs shard tasks somewhere; yields each shard's stats as it finishes (any order)."""

    name: str

    def map(self, tasks: Iterable[ShardTask]) -> Iterator[ShardStats]:
        """Run ``run_shard`` on each task; a shard that fails yields a :class:`ShardFailure`."""

    def close(self) -> None:
        """Release workers (and a Ray instance this engine started)."""


class ShardFailure(NamedTuple):
    """A shard whose unit could not be read (a damaged part); its pages are not in the output."""

    shard_id: str
    error: str


@dataclass
class Job:
    """A planned job: opened inputs and the manifest it keeps in the output folder."""

    spec: JobSpec
    sources: list[Source]
    manifest: Manifest
    done: dict[str, ShardStats] = field(default_factory=dict)  # finished before this run (resume)
    read_failures: list[ShardFailure] = field(default_factory=list)  # inputs that broke while read here

    @property
    def collect_categories(self) -> bool:
        """Whether records carry categories."""
        return collects_categories(self.spec.preset.config)

    def _task(self, shard_id: str, **unit) -> ShardTask:
        spec = self.spec
        return ShardTask(shard_id, str(spec.out_dir), spec.preset.config, spec.output, self.collect_categories, **unit)

    def tasks(self) -> Iterator[ShardTask]:
        """The shard tasks not yet done, in plan order; reads batched inputs lazily."""
        spec = self.spec
        left = spec.limit
        for number, source in enumerate(self.sources):
            if left is None and source.splittable:
                for unit, part in enumerate(source.parts(spec.part_bytes)):
                    shard_id = f"{number:03d}-{unit:06d}"
                    if shard_id not in self.done:
                        yield self._task(shard_id, source=part)
                continue
            unit = 0
            batches = _batches(source, spec.shard_pages, left)
            while True:
                shard_id = f"{number:03d}-{unit:06d}"
                try:
                    pages, read = next(batches)
                except StopIteration:
                    break
                except SourceError as exc:
                    # The pages before the damage are in earlier shards; the rest of this
                    # input is lost, the other inputs go on.
                    self.read_failures.append(ShardFailure(shard_id, f"{type(exc).__name__}: {exc}"))
                    break
                unit += 1
                if left is not None:
                    left -= len(pages)
                if shard_id not in self.done:
                    yield self._task(shard_id, pages=tuple(pages), read_stats=read)
            if left is not None and left <= 0:
                break


def _batches(source: Source, size: int, limit: int | None) -> Iterator[tuple[list, SourceStats]]:
    """Pages of ``source`` in lists of ``size``, each with what reading it saw since the last.

    A batch is handed on only once the next page exists (or the input ended), so
    pages skipped after the last one passed on are counted in the last batch;
    an input that passes nothing on still gives one empty batch carrying its counts.
    """
    before = SourceStats()
    batch: list = []
    pending: tuple[list, SourceStats] | None = None
    taken = 0
    iterator = iter(source)
    for page in iterator:
        if pending is not None:
            yield pending
            pending = None
        batch.append(page)
        taken += 1
        if len(batch) >= size or (limit is not None and taken >= limit):
            now = _copy(source.stats)
            pending = (batch, _difference(now, before))
            before, batch = now, []
            if limit is not None and taken >= limit:
                break
    now = _copy(source.stats)
    tail = _difference(now, before)
    if pending is not None:
        pages, read = pending
        yield pages, read.merge(tail)
    elif batch or tail.pages_seen or not taken:
        yield batch, tail


def _copy(stats: SourceStats) -> SourceStats:
    return SourceStats().merge(stats)


def _difference(now: SourceStats, before: SourceStats) -> SourceStats:
    skipped = {r: n - before.skipped.get(r, 0) for r, n in now.skipped.items() if n - before.skipped.get(r, 0)}
    models = {m: n - before.skipped_models.get(m, 0) for m, n in now.skipped_models.items() if n - before.skipped_models.get(m, 0)}
    return SourceStats(
        now.pages_seen - before.pages_seen,
        now.pages_emitted - before.pages_emitted,
        skipped,
        models,
        now.bytes_read - before.bytes_read,
    )


def open_inputs(paths: Iterable[Path], options: SourceOptions) -> list[Source]:
    """A source per input, each checked to read (its first page) so bad input fails before anything is written."""
    sources = []
    for path in paths:
        source = open_source(path, options)
        check = open_source(path, replace(options, namespaces=None, redirects=True, models=None, skip_empty=False))
        for _ in check:  # an XML error in the first bytes shows here, not half-way through a job
            break
        sources.append(source)
    return sources


def plan(spec: JobSpec) -> Job:
    """Open the inputs and the output folder; raise SourceError/JobError before writing anything."""
    spec.output.check()
    sources = open_inputs(spec.inputs, spec.source_options)
    out = spec.out_dir
    if out.exists() and not out.is_dir():
        raise JobError(f"{out}: exists and is not a folder")
    existing = out.is_dir() and any(out.iterdir())
    inputs = [InputInfo(str(p), source.size_bytes(), _input_sha256(p)) for p, source in zip(spec.inputs, sources)]
    fresh = Manifest.start(inputs, spec.preset.to_toml(), spec.settings())
    done: dict[str, ShardStats] = {}
    if existing and not spec.resume:
        raise JobError(f"{out}: output folder is not empty (use --resume to continue a job there, or another folder)")
    if existing:
        previous = load_manifest(out)
        if previous is None:
            raise JobError(f"{out}: not empty and holds no batch manifest to resume")
        mismatch = previous.differs_from(fresh)
        if mismatch:
            raise JobError(f"{out}: cannot resume: {mismatch} differ from the job there")
        done = finished_shards(out, spec.output)
        fresh = replace(fresh, started=previous.started)
    out.mkdir(parents=True, exist_ok=True)
    for leftover in out.glob(TEMP_PATTERN):  # half shards and stats of a killed run
        leftover.unlink()
    write_manifest(out, fresh)
    return Job(spec, sources, fresh, done)


def finished_shards(out: Path, output: OutputSpec) -> dict[str, ShardStats]:
    """Shards whose file and stats file are both there, by id."""
    found = {}
    for stats_file in out.glob("part-*" + STATS_SUFFIX):
        stats = ShardStats.from_json(stats_file.read_text("utf-8"))
        if stats.file == shard_file_name(stats.shard_id, output) and (out / stats.file).is_file():
            found[stats.shard_id] = stats
    return found


def _input_sha256(path: Path) -> str:
    if path.is_file():
        return file_sha256(path)
    digest = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file():
            digest.update(str(p.relative_to(path)).encode() + b"\0" + file_sha256(p).encode())
    return digest.hexdigest()


def run(job: Job, engine: Engine, on_progress: Callable[[Progress], None] | None = None) -> Manifest:
    """Run the job's remaining shards on ``engine``; write and return the final manifest."""
    started = time.perf_counter()
    total = sum(info.bytes for info in job.manifest.inputs)
    results: dict[str, ShardStats] = dict(job.done)
    failures: list[ShardFailure] = []

    def report() -> None:
        if on_progress is None:
            return
        done = list(results.values())
        records = sum(s.records for s in done)
        errors = sum(len(s.errors) for s in done)
        finished = sum(s.input_bytes for s in done)
        on_progress(
            Progress(
                sum(s.pages_seen for s in done), records, errors, min(finished, total), total,
                len(done), time.perf_counter() - started,
            )
        )

    report()  # at the start too: the front's clock (rate, ETA) starts with the job
    try:
        for outcome in engine.map(job.tasks()):
            if isinstance(outcome, ShardFailure):
                failures.append(outcome)
            else:
                results[outcome.shard_id] = outcome
            report()
    finally:
        engine.close()
    failures.extend(job.read_failures)
    shards = [results[k] for k in sorted(results)]
    write_errors(job.spec.out_dir, shards)
    manifest = job.manifest.finish(shards, failures, time.perf_counter() - started, engine.name)
    write_manifest(job.spec.out_dir, manifest)
    return manifest


__all__ = [
    "DEFAULT_SHARD_PAGES",
    "Engine",
    "Job",
    "JobError",
    "JobSpec",
    "Progress",
    "ShardFailure",
    "collects_categories",
    "finished_shards",
    "open_inputs",
    "plan",
    "run",
]
