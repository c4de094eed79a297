"""The shard function: one work unit in, one finished shard file and its stats out.

:func:`run_shard` is what every engine runs, in whatever process or machine:
read the unit's pages (a part of a dump it opens itself, or pages the reader
handed over), normalize each with the job's config, write the shard under a
temporary name and rename it when complete, then write the shard's stats
beside it. The stats file is the mark of a finished shard: a run killed at
any moment leaves either no trace of a shard, a temporary file (removed on
resume), or a complete shard whose stats say so. A page whose normalization
raises becomes a :class:`PageError` in the stats, and the shard goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..config import Config
from ..block_cache import BlockCache
from ..document import Document
from ..files import atomic_write_text
from ..sources import Page, Source, SourceStats
from .writers import OutputSpec, Record, ShardWriter

STATS_SUFFIX = ".done.json"
# Hidden and ending in .tmp, like core/files.py's atomic writes: every file of the
# output folder named so is a leftover of a killed run.
TEMP_PATTERN = ".*.tmp"

# One block cache per worker process, kept across the shards it runs: templates,
# navboxes and boilerplate repeat across pages.
_CACHE = BlockCache()


@dataclass(frozen=True)
class PageRef:
    """Which page: enough to find it again in the input."""

    id: int | None
    title: str


@dataclass(frozen=True)
class PageError:
    """A page whose normalization raised; the batch went on without it."""

    id: int | None
    title: str
    error: str  # "ExceptionType: message"


@dataclass(frozen=True)
class ShardTask:
    """One work unit: either a source part to read, or pages the reader already read.

    ``read_stats`` goes with ``pages``: what the reader saw (and skipped) while
    collecting them, so every shard accounts for its share of the input.
    """

    shard_id: str
    out_dir: str
    config: Config
    output: OutputSpec
    collect_categories: bool
    source: Source | None = None
    pages: tuple[Page, ...] = ()
    read_stats: SourceStats | None = None

    def file_name(self) -> str:
        """The finished shard's file name, e.g. ``part-000-000003.jsonl.gz``."""
        return shard_file_name(self.shard_id, self.output)


def shard_file_name(shard_id: str, output: OutputSpec) -> str:
    """The file name of shard ``shard_id``."""
    return f"part-{shard_id}{output.suffix()}"


@dataclass
class ShardStats:
    """What a finished shard holds and what making it saw; stored beside it as JSON."""

    shard_id: str
    file: str
    records: int = 0
    bytes: int = 0
    sha256: str = ""
    pages_seen: int = 0
    input_bytes: int = 0  # bytes of the input this unit covered (progress, throughput)
    skipped: dict[str, int] = field(default_factory=dict)  # by SkipReason value
    edits: dict[str, int] = field(default_factory=dict)  # by rule id
    errors: list[PageError] = field(default_factory=list)
    fallbacks: list[PageRef] = field(default_factory=list)  # pages with blocks that skipped the parser
    seconds: float = 0.0

    def to_json(self) -> str:
        """The stats as JSON text (the stats file)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ShardStats:
        """Read a stats file's text."""
        data = json.loads(text)
        data["errors"] = [PageError(**e) for e in data["errors"]]
        data["fallbacks"] = [PageRef(**f) for f in data["fallbacks"]]
        return cls(**data)


def normalize_page(page: Page, config: Config, collect_categories: bool, cache: BlockCache | None = None) -> tuple[Record, bool]:
    """The record for ``page`` under ``config``, and whether any block hit the fallback."""
    result = Document(page.text, config, cache if cache is not None else _CACHE).result
    categories = None
    if collect_categories:
        categories = [str(name) for name in result.metadata.get("categories", [])]
    record = Record(
        page.id, page.title, page.namespace, page.revision_id, page.timestamp, result.text, dict(result.counts), categories
    )
    return record, bool(result.fallback_blocks)


def run_shard(task: ShardTask) -> ShardStats:
    """Normalize the task's pages into its shard file; return (and store) the shard's stats."""
    started = time.perf_counter()
    out_dir = Path(task.out_dir)
    name = task.file_name()
    stats = ShardStats(task.shard_id, name)
    temporary = out_dir / f".{name}.{os.getpid()}.tmp"
    try:
        writer = _write_pages(task, temporary, stats)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a unit that cannot be read leaves nothing behind
        raise
    read = task.source.stats if task.source is not None else (task.read_stats or SourceStats())
    stats.records = writer.records
    stats.pages_seen = read.pages_seen
    stats.skipped = {reason.value: n for reason, n in sorted(read.skipped.items(), key=lambda item: item[0].value)}
    stats.input_bytes = task.source.size_bytes() if task.source is not None else read.bytes_read
    stats.bytes = temporary.stat().st_size
    stats.sha256 = file_sha256(temporary)
    final = out_dir / name
    os.replace(temporary, final)
    stats.seconds = round(time.perf_counter() - started, 3)
    atomic_write_text(out_dir / (name + STATS_SUFFIX), stats.to_json())
    return stats


def _write_pages(task: ShardTask, temporary: Path, stats: ShardStats) -> ShardWriter:
    pages = task.source if task.source is not None else task.pages
    with ShardWriter(temporary, task.output) as writer:
        for page in pages:
            try:
                record, fell_back = normalize_page(page, task.config, task.collect_categories)
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
                stats.errors.append(PageError(page.id, page.title, f"{type(exc).__name__}: {exc}"))
                continue
            writer.write(record)
            for rule_id, n in record.edits.items():
                stats.edits[rule_id] = stats.edits.get(rule_id, 0) + n
            if fell_back:
                stats.fallbacks.append(PageRef(page.id, page.title))
    return writer


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
