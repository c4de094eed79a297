"""The live-update model: coalesces edits and toggles into runs on a worker thread.

One run is in flight at a time and the latest state wins: while a run is busy,
edits only mark the text dirty; when the run finishes, the model sends the
newest text/config/stage in a single job. The trace (tens of thousands of
spans on big articles) and the explanation are computed after the text, and
only once typing pauses, so they never delay the right pane.
"""

from __future__ import annotations

import sys

import time
from typing import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from wikinorm.core import Config

from .run_worker import ANALYSES, AnalysisOutput, RunJob, RunWorker, TextOutput, TraceOutput

# How long typing must pause before the trace / explanation are recomputed.
TRACE_DELAY_MS = 150
ANALYSIS_DELAY_MS = 400  # explain, inventory: only once typing has paused


_SWITCH_INTERVAL = 0.0001  # seconds


class NormalizerModel(QObject):
    """Owns the worker thread; the window talks to the core only through this."""

    textReady = Signal(object)
    traceReady = Signal(object)
    analysisReady = Signal(object)
    runFailed = Signal(str)
    busyChanged = Signal(bool)
    _runRequested = Signal(object)
    _traceRequested = Signal(int)
    _analysisRequested = Signal(str, int)

    def __init__(self, config: Config, parent: QObject | None = None):
        super().__init__(parent)
        self._config = config
        self._stage: str | None = None
        self._text_source: Callable[[], tuple[str, int]] = lambda: ("", 0)
        self._replace_text: tuple[str, int] | None = None
        self._text_dirty = False
        self._needs_run = False
        self._text_serial = 0  # edit serial of the last text sent to the worker
        self._busy = False
        self._closed = False
        self._generation = 0
        self._shown_generation = -1
        self._trace_generation = -1
        self._analysis_generation = dict.fromkeys(ANALYSES, -1)
        self._last_change = 0.0
        self.trace_enabled = True
        #: Analyses whose views are visible (computed after each run, when quiet).
        self.analyses_enabled: set[str] = set()
        self.last_output: TextOutput | None = None
        self.last_trace: TraceOutput | None = None
        self.last_error: str | None = None

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._pump)

        # The worker's pure-Python runs hold the GIL for the whole switch interval
        # (5 ms by default) before the UI thread may run a Python slot; every
        # highlighter or paint callback would wait that long. Switch more often.
        sys.setswitchinterval(min(sys.getswitchinterval(), _SWITCH_INTERVAL))
        self._thread = QThread()
        self._thread.setObjectName("wikinorm-run-worker")
        self._worker = RunWorker()
        self._worker.moveToThread(self._thread)
        self._runRequested.connect(self._worker.run)
        self._traceRequested.connect(self._worker.trace)
        self._analysisRequested.connect(self._worker.analyze)
        self._worker.textReady.connect(self._on_text)
        self._worker.traceReady.connect(self._on_trace)
        self._worker.analysisReady.connect(self._on_analysis)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    # -- inputs ---------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The config the next run uses."""
        return self._config

    @property
    def stage(self) -> str | None:
        """The rule whose output is shown (None: the final text)."""
        return self._stage

    @property
    def busy(self) -> bool:
        """Whether a job is in flight."""
        return self._busy

    def set_text_source(self, source: Callable[[], tuple[str, int]]) -> None:
        """Where edited text is read from when a run starts: ``() -> (text, serial)``."""
        self._text_source = source

    def set_text(self, text: str, serial: int = 0) -> None:
        """Replace the whole raw text (a newly opened file)."""
        self._replace_text = (text, serial)
        self._text_dirty = False
        self._request()

    def text_edited(self) -> None:
        """The editor's text changed; it is read when the next run starts."""
        self._text_dirty = True
        self._request()

    def set_config(self, config: Config) -> None:
        """Run with ``config`` from now on."""
        if config != self._config:
            self._config = config
            self._request()

    def set_stage(self, rule_id: str | None) -> None:
        """Show the text after ``rule_id`` (None: the final text)."""
        if rule_id != self._stage:
            self._stage = rule_id
            self._request()

    def set_trace_enabled(self, enabled: bool) -> None:
        """Compute the trace (raw spans per rule) after each run, or not."""
        self.trace_enabled = enabled
        self._pump()

    def set_analysis_enabled(self, kind: str, enabled: bool) -> None:
        """Compute analysis ``kind`` (``explain``, ``inventory``) after each run, or not."""
        if enabled:
            self.analyses_enabled.add(kind)
        else:
            self.analyses_enabled.discard(kind)
        self._pump()

    # -- scheduling -----------------------------------------------------------

    def _request(self) -> None:
        self._needs_run = True
        self._last_change = time.monotonic()
        self._pump()

    @Slot()
    def _pump(self) -> None:
        if self._busy or self._closed:
            return
        if self._needs_run:
            self._needs_run = False
            text, replace = None, False
            if self._replace_text is not None:
                (text, self._text_serial), replace = self._replace_text, True
                self._replace_text = None
            elif self._text_dirty:
                text, self._text_serial = self._text_source()
            self._text_dirty = False
            serial = self._text_serial
            self._generation += 1
            self._set_busy(True)
            self._runRequested.emit(RunJob(self._generation, text, replace, self._config, self._stage, serial))
            return
        if self._shown_generation < 0:
            return
        quiet_ms = (time.monotonic() - self._last_change) * 1000
        if self.trace_enabled and self._trace_generation != self._shown_generation:
            if quiet_ms < TRACE_DELAY_MS:
                self._idle.start(int(TRACE_DELAY_MS - quiet_ms) + 1)
                return
            self._set_busy(True)
            self._traceRequested.emit(self._shown_generation)
            return
        for kind in sorted(self.analyses_enabled):
            if self._analysis_generation[kind] == self._shown_generation:
                continue
            if quiet_ms < ANALYSIS_DELAY_MS:
                self._idle.start(int(ANALYSIS_DELAY_MS - quiet_ms) + 1)
                return
            self._set_busy(True)
            self._analysisRequested.emit(kind, self._shown_generation)
            return

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # -- outputs --------------------------------------------------------------

    @Slot(object)
    def _on_text(self, out: TextOutput) -> None:
        self._set_busy(False)
        self._shown_generation = out.generation
        self.last_output = out
        self.last_error = None
        if not self._closed:
            self.textReady.emit(out)
        self._pump()

    @Slot(object)
    def _on_trace(self, out: TraceOutput) -> None:
        self._set_busy(False)
        self._trace_generation = out.generation
        self.last_trace = out
        if not self._closed:
            self.traceReady.emit(out)
        self._pump()

    @Slot(object)
    def _on_analysis(self, out: AnalysisOutput) -> None:
        self._set_busy(False)
        self._analysis_generation[out.kind] = out.generation
        if not self._closed:
            self.analysisReady.emit(out)
        self._pump()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        self._set_busy(False)
        # Do not retry the same failing trace or analysis forever.
        self._trace_generation = max(self._trace_generation, generation)
        for kind in self._analysis_generation:
            self._analysis_generation[kind] = max(self._analysis_generation[kind], generation)
        self.last_error = message
        if not self._closed:
            self.runFailed.emit(message)
        self._pump()

    # -- lifetime -------------------------------------------------------------

    def is_running(self) -> bool:
        """Whether the worker thread or the idle timer is still alive."""
        return self._thread.isRunning() or self._idle.isActive()

    def shutdown(self) -> None:
        """Stop the timer and the worker thread; waits for a run in flight."""
        if self._closed:
            return
        self._closed = True
        self._idle.stop()
        self._thread.quit()
        self._thread.wait()
