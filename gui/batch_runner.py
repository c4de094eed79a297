"""Runs a batch job in a child process (gui/batch_process.py) and turns its messages into signals."""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import NamedTuple

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from wikinorm.core.batch import Progress

from .batch_process import BatchRequest, FailedPage


class BatchOutcome(NamedTuple):
    """How a job ended."""

    exit_code: int
    cancelled: bool
    summary: str  # the same table `wikinorm batch` prints ("" if the job never ran)
    failed: list[FailedPage]
    failed_shards: list[dict]
    error: str | None  # why the job could not start or stopped (one line), else None
    resumed_shards: int


class BatchRunner(QObject):
    """One job at a time; :attr:`progressed` with each :class:`Progress`, :attr:`finished` with the outcome."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # BatchOutcome

    def __init__(self, parent: QObject | None = None, environment: dict[str, str] | None = None):
        super().__init__(parent)
        self.environment = environment or {}
        self._process: QProcess | None = None
        self._cancelled = False
        self._done: dict | None = None
        self._error: str | None = None
        self._resumed = 0
        self._buffer = b""

    def start(self, request: BatchRequest) -> None:
        """Start ``request`` (a job must not be running)."""
        assert not self.is_running()
        self._cancelled, self._done, self._error, self._resumed, self._buffer = False, None, None, 0, b""
        process = self._process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        for key, value in self.environment.items():
            env.insert(key, value)
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._ended)
        process.start(sys.executable, ["-m", "wikinorm.gui.batch_process"])
        process.write(request.to_json().encode("utf-8"))
        process.closeWriteChannel()

    def is_running(self) -> bool:
        """Whether a job's process is alive."""
        return self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """End the job and its workers now; finished shards stay, and ``resume`` continues it."""
        if not self.is_running():
            return
        self._cancelled = True
        pid = self._process.processId()
        if hasattr(os, "killpg") and pid > 0:
            try:
                os.killpg(pid, signal.SIGTERM)  # the child leads its own group (batch_process.main)
                return
            except OSError:  # not yet its own group leader: end the child alone
                pass
        self._process.kill()

    def wait(self, ms: int = 30_000) -> None:
        """Block until the process has ended (closing the window)."""
        if self._process is not None:
            self._process.waitForFinished(ms)

    def _read(self) -> None:
        self._buffer += bytes(self._process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue  # not ours (a library printing): ignored
            if "progress" in message:
                self.progressed.emit(Progress(**message["progress"]))
            elif "planned" in message:
                self._resumed = message["planned"]["resumed_shards"]
            elif "done" in message:
                self._done = message["done"]
            elif "error" in message:
                self._error = message["error"]

    def _ended(self, exit_code: int, _status) -> None:
        self._read()
        done = self._done or {}
        error = self._error
        if error is None and not done and not self._cancelled:
            lines = bytes(self._process.readAllStandardError()).decode("utf-8", "replace").strip().splitlines()
            error = lines[-1] if lines else f"the batch process ended with code {exit_code}"
        failed = [FailedPage(f["title"], f["page_id"], f["error"]) for f in done.get("failed", [])]
        self.finished.emit(BatchOutcome(exit_code, self._cancelled, done.get("summary", ""), failed,
                                        done.get("failed_shards", []), error, self._resumed))
