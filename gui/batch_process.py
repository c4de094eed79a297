"""The batch job the window starts: ``python -m wikinorm.gui.batch_process``, no Qt.

It runs what ``wikinorm batch`` runs (``core.batch`` ``plan`` and ``run`` on the
local engine, the CLI front's summary table) in a process of its own. The window
writes a :class:`BatchRequest` as JSON on stdin and reads one JSON message a
line on stdout: ``{"planned": …}``, ``{"progress": …}`` (a :class:`Progress`, at
most every :data:`PROGRESS_EVERY_S`), then ``{"done": …}`` or ``{"error": "…"}``.

Why a process and not a thread: normalizing is pure Python, and in the window's
process even one in-process job would hold the GIL the UI thread needs; and a
running shard cannot be interrupted in a thread (the parser's C tokenizer), but
a process group can be ended at once. Cancel ends the group; shards are written
under temporary names and renamed when complete, so the finished ones stay and
``resume`` continues the job.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROGRESS_EVERY_S = 0.2


@dataclass(frozen=True)
class BatchRequest:
    """What the dialog asks for; plain data, sent as JSON."""

    inputs: tuple[str, ...]
    out_dir: str
    preset_toml: str
    format: str = "jsonl"
    compression: str = "gzip"
    jobs: int = 1
    shard_pages: int = 1000
    resume: bool = False

    def to_json(self) -> str:
        """The request as one JSON text."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> BatchRequest:
        """Read a request written by :meth:`to_json`."""
        data = json.loads(text)
        data["inputs"] = tuple(data["inputs"])
        return cls(**data)


@dataclass(frozen=True)
class FailedPage:
    """A page whose normalization raised (a line of the job's ``errors.jsonl``)."""

    title: str
    page_id: int | None
    error: str


def _say(kind: str, value) -> None:
    print(json.dumps({kind: value}, ensure_ascii=False), flush=True)


def run_request(request: BatchRequest) -> int:
    """Plan and run the job, reporting on stdout; the exit code as ``wikinorm batch``'s."""
    from wikinorm.batch_front import summary_table
    from wikinorm.core.batch import Compression, JobError, JobSpec, OutputFormat, OutputSpec, make_engine, plan, run
    from wikinorm.core.files import FileError
    from wikinorm.core.presets import Preset

    try:
        spec = JobSpec(
            inputs=tuple(Path(p) for p in request.inputs),
            out_dir=Path(request.out_dir),
            preset=Preset.from_toml(request.preset_toml, "the window's settings"),
            output=OutputSpec(OutputFormat(request.format), Compression(request.compression)),
            shard_pages=max(1, request.shard_pages),
            resume=request.resume,
        )
        job = plan(spec)
    except (JobError, FileError, ValueError) as exc:
        _say("error", str(exc))
        return 2
    _say("planned", {"resumed_shards": len(job.done)})
    last = [0.0]

    def progress(p) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or p.input_bytes_done >= p.input_bytes_total:
            last[0] = now
            _say("progress", p._asdict())

    manifest = run(job, make_engine("local", request.jobs), progress)
    failed = []
    errors_file = Path(request.out_dir) / (manifest.errors_file or "")
    if manifest.errors_file and errors_file.is_file():
        for line in errors_file.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            failed.append(dataclasses.asdict(FailedPage(item["title"], item.get("id"), item["error"])))
    _say("done", {"summary": summary_table(manifest, len(job.done)), "failed": failed,
                  "failed_shards": manifest.failed_shards})
    return 1 if manifest.totals.errors or manifest.failed_shards else 0


def main() -> int:
    """Read the request on stdin and run it, in a process group of its own (so Cancel ends the workers too)."""
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    return run_request(BatchRequest.from_json(sys.stdin.read()))


if __name__ == "__main__":
    sys.exit(main())
