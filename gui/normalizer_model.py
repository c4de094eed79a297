"""The live-update model: carries out :class:`RunScheduler`'s decisions on a worker thread.

The scheduler (Qt-free, gui/run_scheduler.py) decides when to run what; this
object turns its steps into jobs for the :class:`RunWorker` in its own thread,
reads the editor's text or its one edit when a run starts, and passes results
that are not stale on to the window.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Mapping, Protocol

from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer, Signal, Slot

from wikinorm.core import Config, Result

from .run_scheduler import RunScheduler, StartAnalysis, StartRun, StartTrace, WaitFor
from .run_worker import AnalysisOutput, RunJob, RunWorker, SideWorker, TextOutput, TraceOutput
from .text_positions import TextEdit, Utf16Edit, to_code_points

SWITCH_INTERVAL = 0.0001  # seconds


class TextSource(Protocol):
    """Where the model reads edited text when a run starts (the raw editor)."""

    def current_text(self) -> tuple[str, int]:
        """The whole text and its edit serial."""

    def serial(self) -> int:
        """The serial of the text as it is now."""

    def edit_since(self, serial: int) -> Utf16Edit | None:
        """The edits made since ``serial`` as one edit, or None (none, or not all known)."""


class _NoText:
    def current_text(self) -> tuple[str, int]:
        return "", 0

    def serial(self) -> int:
        return 0

    def edit_since(self, serial: int) -> Utf16Edit | None:
        return None


class RunFailedError(RuntimeError):
    """The worker could not produce the output that was waited for."""


class NormalizerModel(QObject):
    """Owns the worker thread; the window talks to the core only through this.

    ``analyses`` maps each analysis kind (a panel id) to the function the worker
    runs on a result to compute it.
    """

    textReady = Signal(object)
    #: The output of the first screen of a long new document, before the whole
    #: (a TextOutput with ``partial`` set; it never becomes :attr:`last_output`).
    partialReady = Signal(object)
    traceReady = Signal(object)
    analysisReady = Signal(object)
    runFailed = Signal(str)
    #: A run was sent to the worker (True: of a new document); the right pane is out of date until it ends.
    runStarted = Signal(bool)
    _runRequested = Signal(object)
    _traceRequested = Signal(object)
    _analysisRequested = Signal(str, object)

    def __init__(
        self,
        config: Config,
        analyses: Mapping[str, Callable[[Result], Any]] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        analyses = analyses or {}
        self._scheduler: RunScheduler[Config] = RunScheduler(config, analyses)
        self._source: TextSource = _NoText()
        self._sent_serial = 0  # edit serial of the last text sent to the worker
        self._closed = False
        self.last_output: TextOutput | None = None
        self.last_trace: TraceOutput | None = None

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._pump)

        # The worker's pure-Python runs hold the GIL for the whole switch interval
        # (5 ms by default) before the UI thread may run a Python slot; every
        # highlighter or paint callback would wait that long. Switch more often.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._thread = QThread()
        self._thread.setObjectName("wikinorm-run-worker")
        self._worker = RunWorker()
        self._worker.moveToThread(self._thread)
        self._runRequested.connect(self._worker.run)
        self._worker.textReady.connect(self._on_text)
        self._worker.partialReady.connect(self._on_partial)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        # Traces and analyses take seconds on a 2 MB page: a thread of their own,
        # so the next keystroke's run never waits behind one.
        self._side_thread = QThread()
        self._side_thread.setObjectName("wikinorm-side-worker")
        self._side = SideWorker(analyses)
        self._side.moveToThread(self._side_thread)
        self._traceRequested.connect(self._side.trace)
        self._analysisRequested.connect(self._side.analyze)
        self._side.traceReady.connect(self._on_trace)
        self._side.analysisReady.connect(self._on_analysis)
        self._side.failed.connect(self._on_side_failed)
        self._side_thread.finished.connect(self._side.deleteLater)
        self._thread.start()
        self._side_thread.start()

    # -- inputs ---------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The config the next run uses."""
        return self._scheduler.config

    @property
    def stage(self) -> str | None:
        """The rule whose output is shown (None: the final text)."""
        return self._scheduler.stage

    @property
    def busy(self) -> bool:
        """Whether a job (a run, a trace or an analysis) is in flight."""
        return self._scheduler.busy or self._scheduler.side_busy

    @property
    def run_in_flight(self) -> bool:
        """Whether a text run is in flight (a trace or an analysis aside)."""
        return self._scheduler.busy

    def set_text_source(self, source: TextSource) -> None:
        """Where edited text is read from when a run starts."""
        self._source = source

    def set_text(self, text: str, serial: int = 0) -> None:
        """Replace the whole raw text (a newly opened file)."""
        self._scheduler.replace_text(text, serial, time.monotonic())
        self._pump()

    def text_edited(self) -> None:
        """The editor's text changed; it is read when the next run starts."""
        self._scheduler.text_edited(time.monotonic())
        self._pump()

    def set_config(self, config: Config) -> None:
        """Run with ``config`` from now on."""
        if self._scheduler.set_config(config, time.monotonic()):
            self._pump()

    def set_stage(self, rule_id: str | None) -> None:
        """Show the text after ``rule_id`` (None: the final text)."""
        if self._scheduler.set_stage(rule_id, time.monotonic()):
            self._pump()

    def set_trace_enabled(self, enabled: bool) -> None:
        """Compute the trace (raw spans per rule) after each run, or not."""
        self._scheduler.trace_enabled = enabled
        self._pump()

    def set_analysis_enabled(self, kind: str, enabled: bool) -> None:
        """Compute analysis ``kind`` (a panel id) after each run, or not."""
        self._scheduler.set_analysis_enabled(kind, enabled)
        self._pump()

    # -- carrying out the scheduler's steps -------------------------------------

    @Slot()
    def _pump(self) -> None:
        if self._closed:
            return
        step = self._scheduler.next_step(time.monotonic())
        if isinstance(step, StartRun):
            job = self._job(step)
            self.runStarted.emit(step.replace is not None)
            self._runRequested.emit(job)
        elif isinstance(step, StartTrace):
            self._traceRequested.emit(self.last_output)  # the run the scheduler last showed
        elif isinstance(step, StartAnalysis):
            self._analysisRequested.emit(step.kind, self.last_output)
        elif isinstance(step, WaitFor):
            self._idle.start(step.ms)

    def _job(self, step: StartRun) -> RunJob:
        text, edit, serial = None, None, self._sent_serial
        if step.replace is not None:
            # Edits made since the new text was set are in the editor already.
            text, serial = self._source.current_text() if step.text_changed else step.replace
        elif step.text_changed:
            edit = None if step.full_text else self._edit_since_last_run()
            if edit is None:
                text, serial = self._source.current_text()
            else:
                serial = self._source.serial()
        self._sent_serial = serial
        return RunJob(step.generation, text, edit, step.replace is not None, step.config, step.stage, serial)

    def _edit_since_last_run(self) -> TextEdit | None:
        """The editor's edits since the last run as one edit, in the worker document's code points."""
        base = self.last_output
        if base is None or base.text_serial != self._sent_serial:
            return None
        edit = self._source.edit_since(self._sent_serial)
        return None if edit is None else to_code_points(edit, base.raw_index)

    # -- outputs --------------------------------------------------------------

    @Slot(object)
    def _on_text(self, out: TextOutput) -> None:
        if self._scheduler.text_done(out.generation):
            self.last_output = out
            if not self._closed:
                self.textReady.emit(out)
        self._pump()

    @Slot(object)
    def _on_partial(self, out: TextOutput) -> None:
        if self._scheduler.partial_ok(out.generation) and not self._closed:
            self.partialReady.emit(out)

    @Slot(object)
    def _on_trace(self, out: TraceOutput) -> None:
        if self._scheduler.trace_done(out.generation):
            self.last_trace = out
            if not self._closed:
                self.traceReady.emit(out)
        self._pump()

    @Slot(object)
    def _on_analysis(self, out: AnalysisOutput) -> None:
        if self._scheduler.analysis_done(out.kind, out.generation) and not self._closed:
            self.analysisReady.emit(out)
        self._pump()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        self._report_failure(generation, message, side=False)

    @Slot(int, str)
    def _on_side_failed(self, generation: int, message: str) -> None:
        self._report_failure(generation, message, side=True)

    def _report_failure(self, generation: int, message: str, side: bool) -> None:
        report = self._scheduler.failed(generation, side) and not self._closed
        # The next job starts first, so a listener sees whether more is on its way.
        self._pump()
        if report:
            self.runFailed.emit(message)

    def is_current(self, serial: int) -> bool:
        """Whether the last output shown is of the editor's text ``serial`` under the current config and stage."""
        out = self.last_output
        return out is not None and out.text_serial == serial and out.stage == self.stage and out.result.config == self.config

    # -- waiting for a result -------------------------------------------------

    def output_for(self, serial: int, timeout_ms: int = 120_000) -> TextOutput:
        """The output for the editor's text ``serial`` under the current config.

        Returns the last output when it is current; else waits for the worker,
        running the event loop (the pipeline never runs on the UI thread).
        Raises :class:`RunFailedError` if the run fails or takes too long.
        """
        failures: list[str] = []

        def current() -> bool:
            out = self.last_output
            return out is not None and out.text_serial == serial and out.result.config == self.config

        if current():
            return self.last_output
        if not self._scheduler.busy:
            # No run in flight will bring it (e.g. the last run failed): ask again.
            self._scheduler.request_run(time.monotonic())
            self._pump()
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def woke(*_: object) -> None:
            if current() or not self._scheduler.busy:
                loop.quit()

        self.textReady.connect(woke)
        self.runFailed.connect(woke)
        self.runFailed.connect(failures.append)
        timer.start(timeout_ms)
        try:
            while not current() and timer.isActive() and (self._scheduler.busy or not failures):
                loop.exec()
        finally:
            timer.stop()
            self.textReady.disconnect(woke)
            self.runFailed.disconnect(woke)
            self.runFailed.disconnect(failures.append)
        if not current():
            raise RunFailedError(failures[-1] if failures else "the normalizer did not answer in time")
        return self.last_output

    # -- lifetime -------------------------------------------------------------

    def is_running(self) -> bool:
        """Whether a worker thread or the idle timer is still alive."""
        return self._thread.isRunning() or self._side_thread.isRunning() or self._idle.isActive()

    def shutdown(self) -> None:
        """Stop the timer and the worker thread; waits for a run in flight."""
        if self._closed:
            return
        self._closed = True
        self._idle.stop()
        self._thread.quit()
        self._side_thread.quit()
        self._thread.wait()
        self._side_thread.wait()
