"""The manifest a batch job keeps in its output folder (``manifest.json``), and its errors file.

Written when the job starts (``status = "running"``: inputs, preset, settings)
and again when it ends (``"complete"``, with every shard's count and checksum
and the totals). ``--resume`` reads it to check that it continues the same job.
Pages whose normalization raised are listed one per line in ``errors.jsonl``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_write_text
from .shard import PageRef, ShardStats, file_sha256

if TYPE_CHECKING:
    from .job import ShardFailure

MANIFEST_NAME = "manifest.json"
ERRORS_NAME = "errors.jsonl"


def wikinorm_version() -> str:
    """The installed wikinorm's version ("0+unknown" from a source tree never installed)."""
    try:
        return version("wikinorm")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class InputInfo:
    """One input as it was when the job started."""

    path: str
    bytes: int
    sha256: str  # of the file; of the names and checksums of its files for a folder


@dataclass(frozen=True)
class Settings:
    """The options that shape the shards (a resumed job must have the same)."""

    format: str
    compression: str
    namespaces: list[int] | None
    redirects: bool
    limit: int | None
    shard_pages: int
    part_bytes: int


@dataclass(frozen=True)
class ShardInfo:
    """One finished shard file."""

    id: str
    file: str
    records: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Totals:
    """What the whole job read and wrote."""

    pages_seen: int = 0
    records: int = 0
    errors: int = 0
    failed_shards: int = 0
    input_bytes: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # by reason
    edits: dict[str, int] = field(default_factory=dict)  # by rule id
    fallback_pages: int = 0


@dataclass(frozen=True)
class Manifest:
    """Everything needed to know what a batch output folder holds and how it was made."""

    wikinorm_version: str
    status: str  # "running" or "complete"
    started: str
    settings: Settings
    preset_toml: str
    inputs: list[InputInfo]
    shards: list[ShardInfo] = field(default_factory=list)
    totals: Totals = Totals()
    fallbacks: list[PageRef] = field(default_factory=list)
    failed_shards: list[dict] = field(default_factory=list)  # {"shard_id", "error"}
    errors_file: str | None = None
    engine: str | None = None
    wall_seconds: float | None = None
    finished: str | None = None

    @classmethod
    def start(cls, inputs: list[InputInfo], preset_toml: str, settings: Settings) -> Manifest:
        """The manifest of a job that is starting."""
        return cls(wikinorm_version(), "running", _now(), settings, preset_toml, inputs)

    def differs_from(self, other: Manifest) -> str:
        """What keeps ``other`` from continuing this job ("" if nothing), e.g. ``"the preset"``."""
        if self.inputs != other.inputs:
            return "the inputs (paths, sizes or checksums)"
        if self.preset_toml != other.preset_toml:
            return "the preset"
        if self.settings != other.settings:
            return "the output settings"
        if self.wikinorm_version != other.wikinorm_version:
            return "the wikinorm versions"
        return ""

    def finish(self, shards: list[ShardStats], failures: list[ShardFailure], seconds: float, engine: str) -> Manifest:
        """This manifest completed with the stats of every shard (in shard order)."""
        skipped: dict[str, int] = {}
        edits: dict[str, int] = {}
        for s in shards:
            for reason, n in s.skipped.items():
                skipped[reason] = skipped.get(reason, 0) + n
            for rule_id, n in s.edits.items():
                edits[rule_id] = edits.get(rule_id, 0) + n
        fallbacks = [ref for s in shards for ref in s.fallbacks]
        errors = sum(len(s.errors) for s in shards)
        totals = Totals(
            sum(s.pages_seen for s in shards),
            sum(s.records for s in shards),
            errors,
            len(failures),
            sum(s.input_bytes for s in shards),
            dict(sorted(skipped.items())),
            dict(sorted(edits.items())),
            len(fallbacks),
        )
        return replace(
            self,
            status="complete" if not failures else "incomplete",
            shards=[ShardInfo(s.shard_id, s.file, s.records, s.bytes, s.sha256) for s in shards],
            totals=totals,
            fallbacks=fallbacks,
            failed_shards=[{"shard_id": f.shard_id, "error": f.error} for f in failures],
            errors_file=ERRORS_NAME if errors else None,
            engine=engine,
            wall_seconds=round(seconds, 3),
            finished=_now(),
        )

    def to_json(self) -> str:
        """The manifest as JSON text."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest's text."""
        data = json.loads(text)
        data["settings"] = Settings(**data["settings"])
        data["inputs"] = [InputInfo(**i) for i in data["inputs"]]
        data["shards"] = [ShardInfo(**s) for s in data["shards"]]
        data["totals"] = Totals(**data["totals"])
        data["fallbacks"] = [PageRef(**f) for f in data["fallbacks"]]
        return cls(**data)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_manifest(out: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` (atomically)."""
    atomic_write_text(out / MANIFEST_NAME, manifest.to_json())


def load_manifest(out: Path) -> Manifest | None:
    """The manifest in ``out``, or None if there is none."""
    path = out / MANIFEST_NAME
    if not path.is_file():
        return None
    return Manifest.from_json(path.read_text("utf-8"))


def write_errors(out: Path, shards: list[ShardStats]) -> None:
    """``errors.jsonl``: one line per page that raised (title, id, error, shard), in shard order."""
    lines = [
        json.dumps({"title": e.title, "id": e.id, "error": e.error, "shard": s.shard_id}, ensure_ascii=False)
        for s in shards
        for e in s.errors
    ]
    path = out / ERRORS_NAME
    if lines:
        atomic_write_text(path, "\n".join(lines) + "\n")
    elif path.exists():
        path.unlink()


__all__ = [
    "ERRORS_NAME",
    "InputInfo",
    "MANIFEST_NAME",
    "Manifest",
    "Settings",
    "ShardInfo",
    "Totals",
    "file_sha256",
    "load_manifest",
    "write_errors",
    "write_manifest",
]
