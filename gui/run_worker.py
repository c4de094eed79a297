"""The worker that owns the core :class:`Document`; it lives in its own thread.

Only this object touches the Document (created on the first job, in the worker
thread). Results leave through queued signals as immutable payloads, so the UI
thread only ever reads finished objects.
"""

from __future__ import annotations

import dataclasses
import gc
import time
import traceback
from bisect import bisect_left
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from wikinorm.core import Alignment, BlockCache, Change, Config, Document, Result
from wikinorm.core.document import diff_range
from wikinorm.core.inventory import TemplateUse, template_inventory

from .text_positions import Utf16Index


@dataclasses.dataclass(frozen=True)
class RunJob:
    """What to compute: the latest text (or None if unchanged), config and stage."""

    generation: int
    text: str | None
    replace: bool
    config: Config
    stage: str | None
    text_serial: int = 0


@dataclasses.dataclass(frozen=True)
class TextOutput:
    """A finished run: what the right pane shows and how it differs from before.

    ``patch`` is ``(start, old_end, replacement)`` in code points of the
    previously shown text, or None when the pane must be reset.
    """

    generation: int
    result: Result
    stage: str | None
    text: str
    index: Utf16Index
    patch: tuple[int, int, str] | None
    alignment: Alignment
    raw_index: Utf16Index
    seconds: float
    text_serial: int


@dataclasses.dataclass(frozen=True)
class TraceOutput:
    """The raw spans each rule removed or replaced, ready for bisection by raw offset."""

    generation: int
    changes: list[Change]
    starts: list[int]
    max_ends: list[int]
    raw_index: Utf16Index
    text_serial: int

    def overlapping(self, start: int, end: int, limit: int = 4000) -> list[Change]:
        """Changes that overlap raw ``[start, end)`` (or sit at ``start`` when empty)."""
        # max_ends is a running maximum, so it is sorted: the first change that
        # can reach ``start`` is found by bisection even for long spans.
        i = bisect_left(self.max_ends, start)
        found = []
        changes, starts = self.changes, self.starts
        while i < len(changes) and starts[i] <= end and len(found) < limit:
            change = changes[i]
            if change.raw_end > start or change.raw_start >= start:
                found.append(change)
            i += 1
        return found


@dataclasses.dataclass(frozen=True)
class AnalysisOutput:
    """One analysis of a run, from the core: ``kind`` is a key of :data:`ANALYSES`."""

    generation: int
    kind: str
    data: Any


def _explain(result: Result) -> dict[str, Any]:
    # As `wikinorm explain --json`: per-rule report and what rules collected.
    return {"rules": result.explain(examples=3), "metadata": result.metadata}


def _inventory(result: Result) -> list[TemplateUse]:
    return template_inventory(result.raw, result.config)


#: What the views beside the panes can ask about a run; computed on demand,
#: off the UI thread: per-rule explanation, template inventory.
ANALYSES: dict[str, Callable[[Result], Any]] = {"explain": _explain, "inventory": _inventory}


class RunWorker(QObject):
    """Runs jobs from :class:`NormalizerModel` one at a time, in the worker thread."""

    textReady = Signal(object)
    traceReady = Signal(object)
    analysisReady = Signal(object)
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cache = BlockCache()
        self._retired: list[BlockCache] = []
        self._doc: Document | None = None
        self._shown = ""
        self._last: TextOutput | None = None

    @Slot(object)
    def run(self, job: RunJob) -> None:
        """Bring the document up to date with ``job`` and emit :attr:`textReady`."""
        try:
            self.textReady.emit(self._run(job))
        except Exception as exc:  # the app must survive any failure inside a run
            traceback.print_exc()
            self.failed.emit(job.generation, f"{type(exc).__name__}: {exc}")
        finally:
            gc.enable()  # a failed load must not leave the collector off
        self._free_retired()

    def _free_retired(self) -> None:
        """Free retired caches a few hundred blocks at a time, letting the UI thread run between."""
        while self._retired:
            cache = self._retired[-1]
            if not cache.drop_some(300):
                self._retired.pop()
            time.sleep(0)  # hand the GIL over

    def _run(self, job: RunJob) -> TextOutput:
        start = time.perf_counter()
        doc = self._doc
        outcome = None
        config_changed = False
        previous: Result | None = None
        loaded = doc is None or (job.text is not None and job.replace)
        if loaded:
            gc.disable()  # see _freeze_heap
        if doc is None:
            doc = self._doc = Document(job.text or "", job.config, self._cache)
        else:
            previous = doc.result
            if job.config != doc.config:
                doc.set_config(job.config)
                config_changed = True
            if job.text is not None:
                if job.replace:
                    # Another document: the old one's blocks would only fill memory.
                    # Freeing ~100k objects at once holds the GIL (the UI waits), so
                    # the old cache is retired and freed a slice at a time later.
                    self._retired.append(self._cache)
                    self._cache = BlockCache()
                    doc = self._doc = Document(job.text, doc.config, self._cache)
                elif job.text != doc.text:
                    outcome = doc.update(job.text)
        result = doc.result
        if loaded:
            _freeze_heap()
        text = result.text if job.stage is None else result.text_after(job.stage)
        last = self._last
        if (
            outcome is not None
            and last is not None
            and last.result is previous
            and last.stage is None
            and job.stage is None
            and not config_changed
        ):
            # The core already knows which output range the edit touched.
            patch = (outcome.old_start, outcome.old_end, text[outcome.new_start : outcome.new_end])
        else:
            s, old_end, new_end = diff_range(self._shown, text)
            patch = (s, old_end, text[s:new_end])
        if last is None:
            patch = None
        out = TextOutput(
            generation=job.generation,
            result=result,
            stage=job.stage,
            text=text,
            index=Utf16Index(text),
            patch=patch,
            alignment=result.alignment(job.stage),
            raw_index=Utf16Index(result.raw),
            seconds=time.perf_counter() - start,
            text_serial=job.text_serial,
        )
        self._shown = text
        self._last = out
        return out

    @Slot(int)
    def trace(self, generation: int) -> None:
        """Emit :attr:`traceReady` with the changes behind the last shown text."""
        last = self._last
        if last is None:
            return
        try:
            changes = last.result.changes(last.stage)
            starts = [c.raw_start for c in changes]
            max_ends = []
            running = -1
            for c in changes:
                running = max(running, c.raw_end)
                max_ends.append(running)
            self.traceReady.emit(
                TraceOutput(last.generation, changes, starts, max_ends, last.raw_index, last.text_serial)
            )
        except Exception as exc:
            traceback.print_exc()
            self.failed.emit(generation, f"trace: {type(exc).__name__}: {exc}")

    @Slot(str, int)
    def analyze(self, kind: str, generation: int) -> None:
        """Emit :attr:`analysisReady` with analysis ``kind`` of the last run."""
        last = self._last
        if last is None:
            return
        try:
            self.analysisReady.emit(AnalysisOutput(last.generation, kind, ANALYSES[kind](last.result)))
        except Exception as exc:
            traceback.print_exc()
            self.failed.emit(generation, f"{kind}: {type(exc).__name__}: {exc}")


def _freeze_heap() -> None:
    """Hide the long-lived heap (a loaded document's block results) from the collector.

    A collection over a large article's results holds the GIL, pausing the UI
    thread, for 40-70 ms. So the collector is off while a document loads and the
    resulting heap is frozen, never scanned again. Nothing is lost: results hold
    no reference cycles (a core test checks it), so reference counting frees them.
    """
    gc.freeze()
    gc.enable()
