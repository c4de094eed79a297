"""The worker that owns the core :class:`Document`; it lives in its own thread.

Only this object touches the Document (created on the first job, in the worker
thread). Results leave through queued signals as immutable payloads, so the UI
thread only ever reads finished objects.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import sys
import time
import traceback
from bisect import bisect_left
from typing import Any, Callable, Mapping

from PySide6.QtCore import QObject, Signal, Slot

from wikinorm.core import Alignment, BlockCache, Change, Config, Document, FallbackBlock, Result, diff_range

from wikinorm.core.blocks import boundaries

from .text_positions import TextEdit, Utf16Index


@dataclasses.dataclass(frozen=True)
class RunJob:
    """What to compute: the latest config and stage, and how the text changed.

    ``edit`` (code points) applies to the text of the previous job; else ``text``
    is the whole new text (None: unchanged). ``replace`` starts another document.
    """

    generation: int
    text: str | None
    edit: TextEdit | None
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
    raw_index: Utf16Index
    seconds: float
    text_serial: int
    #: Blocks that skipped the parser (the status bar names them); found here,
    #: off the UI thread, as finding them walks every block.
    fallback_blocks: tuple[FallbackBlock, ...] = ()
    #: The output of a block-aligned prefix of the text (the first screen of a
    #: large document), shown while the whole text is still being run.
    partial: bool = False

    @functools.cached_property
    def alignment(self) -> Alignment:
        """Spans between this output and the raw text (built on first use).

        Building it walks every block, so a keystroke's run leaves it to the side
        worker's trace (which builds it once typing pauses) or to the first click.
        """
        return self.result.alignment(self.stage)


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
    """One analysis of a run: ``kind`` is the id of the panel that shows it (gui/panels.py)."""

    generation: int
    kind: str
    data: Any


#: The interpreter's switch interval while a newly opened document is run whole
#: (the first screen is shown by then, and the pane waits for this run). The
#: window's own, far shorter (gui/normalizer_model.py SWITCH_INTERVAL), keeps the
#: UI thread's slots quick while typing, but during an opening every forced
#: hand-over of the GIL (a 1 ms timer on the UI thread is enough) made the run
#: 1.5x longer; a slot now waits at most this long for the GIL.
OPENING_SWITCH_INTERVAL = 0.001


@contextlib.contextmanager
def _switch_interval(seconds: float):
    """Run the body with the interpreter's switch interval at ``seconds``, then put it back."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(max(seconds, before))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


#: A new document longer than this is first run on a block-aligned prefix of
#: about FIRST_SCREEN characters, whose output fills the first screen at once.
PREFIX_ABOVE = 200_000
FIRST_SCREEN = 20_000


def first_screen_end(text: str) -> int | None:
    """Where the block-aligned prefix that fills the first screen ends, or None (no prefix run).

    The prefix ends at a block boundary of the core's splitter, so its blocks are
    the whole text's first blocks: the whole run takes them from the cache.
    """
    if len(text) <= PREFIX_ABOVE:
        return None
    for newline in boundaries(text, 0):
        if newline >= FIRST_SCREEN:
            return newline + 1 if newline + 1 < len(text) // 2 else None
    return None


class RunWorker(QObject):
    """Runs text jobs from :class:`NormalizerModel` one at a time, in the worker thread."""

    textReady = Signal(object)
    partialReady = Signal(object)
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cache = BlockCache()
        self._retired: list[BlockCache] = []
        self._doc: Document | None = None
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
            if doc is not None:
                # Another document: the old one's blocks would only fill memory.
                # Freeing ~100k objects at once holds the GIL (the UI waits), so
                # the old cache is retired and freed a slice at a time later.
                self._retired.append(self._cache)
                self._cache = BlockCache()
            self._first_screen(job)
            with _switch_interval(OPENING_SWITCH_INTERVAL):
                doc = self._doc = Document(job.text or "", job.config, self._cache)
        else:
            previous = doc.result
            if job.config != doc.config:
                doc.set_config(job.config)
                config_changed = True
            if job.text is not None:
                if job.text != doc.text:
                    outcome = doc.update(job.text)
            elif job.edit is not None:
                # The editor reported this edit: no need to diff the whole text.
                outcome = doc.edit(*job.edit)
        result = doc.result
        if loaded:
            _freeze_heap()
        text = result.text if job.stage is None else result.text_after(job.stage)
        last = self._last
        if last is None or loaded:
            # A new document: the pane starts afresh (the model may have dropped
            # results of the old one, so they are no base for a patch).
            patch = None
        elif (
            outcome is not None
            and last.result is previous
            and last.stage is None
            and job.stage is None
            and not config_changed
        ):
            # The core already knows which output range the edit touched.
            patch = (outcome.old_start, outcome.old_end, text[outcome.new_start : outcome.new_end])
        else:
            s, old_end, new_end = diff_range(last.text, text)
            patch = (s, old_end, text[s:new_end])
        # Indexes are carried through the edit: building them anew costs the whole text.
        if patch is not None and last is not None:
            index = last.index.patched(*patch)
        else:
            index = Utf16Index(text)
        if job.edit is not None and last is not None and last.result is previous and not loaded:
            raw_index = last.raw_index.patched(*job.edit)
        else:
            raw_index = Utf16Index(result.raw)
        out = TextOutput(
            generation=job.generation,
            result=result,
            stage=job.stage,
            text=text,
            index=index,
            patch=patch,
            raw_index=raw_index,
            seconds=time.perf_counter() - start,
            text_serial=job.text_serial,
            fallback_blocks=result.fallback_blocks,
        )
        self._last = out
        return out

    def _first_screen(self, job: RunJob) -> None:
        """Emit :attr:`partialReady` with the output of the first screen of a long new text."""
        text = job.text or ""
        end = first_screen_end(text)
        if end is None:
            return
        start = time.perf_counter()
        result = Document(text[:end], job.config, self._cache).result
        out_text = result.text if job.stage is None else result.text_after(job.stage)
        self.partialReady.emit(
            TextOutput(
                generation=job.generation,
                result=result,
                stage=job.stage,
                text=out_text,
                index=Utf16Index(out_text),
                patch=None,
                raw_index=Utf16Index(result.raw),
                seconds=time.perf_counter() - start,
                text_serial=job.text_serial,
                partial=True,
            )
        )



class SideWorker(QObject):
    """Computes traces and analyses of finished runs, in a thread of its own.

    It only reads the immutable :class:`~wikinorm.core.Result` of a run (the
    core's ``Document.edit`` builds a new one and never changes an old one), so
    the run worker goes on with the next keystroke meanwhile.
    """

    traceReady = Signal(object)
    analysisReady = Signal(object)
    failed = Signal(int, str)

    def __init__(self, analyses: Mapping[str, Callable[[Result], Any]]) -> None:
        super().__init__()
        self._analyses = dict(analyses)

    @Slot(object)
    def trace(self, last: TextOutput) -> None:
        """Emit :attr:`traceReady` with the changes behind the output ``last``."""
        try:
            changes = last.alignment.changes()  # kept on the output for the UI's clicks
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
            self.failed.emit(last.generation, f"trace: {type(exc).__name__}: {exc}")

    @Slot(str, object)
    def analyze(self, kind: str, last: TextOutput) -> None:
        """Emit :attr:`analysisReady` with analysis ``kind`` of the output ``last``."""
        try:
            self.analysisReady.emit(AnalysisOutput(last.generation, kind, self._analyses[kind](last.result)))
        except Exception as exc:
            traceback.print_exc()
            self.failed.emit(last.generation, f"{kind}: {type(exc).__name__}: {exc}")


def _freeze_heap() -> None:
    """Hide the long-lived heap (a loaded document's block results) from the collector.

    A collection over a large article's results holds the GIL, pausing the UI
    thread, for 40-70 ms. So the collector is off while a document loads and the
    resulting heap is frozen, never scanned again. Nothing is lost: results hold
    no reference cycles (a core test checks it), so reference counting frees them.
    """
    gc.freeze()
    gc.enable()
