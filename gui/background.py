"""Run engine calls off the UI thread and deliver only the latest answer.

The Compare view, pin checks and step changes call the engine (which may take
seconds on a long page); each asks through a :class:`Background` of its own.
A newer request makes older answers stale: they are dropped, never shown.
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(int, object, str)  # serial, value, error message ("" if none)


class _Job(QRunnable):
    def __init__(self, serial: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._serial, self._fn, self._relay = serial, fn, relay

    def run(self) -> None:  # noqa: D102 (runs in a pool thread)
        try:
            value, error = self._fn(), ""
        except Exception as exc:  # shown to the user; the window must survive it
            traceback.print_exc()
            value, error = None, f"{type(exc).__name__}: {exc}"
        self._relay.finished.emit(self._serial, value, error)


class Background(QObject):
    """Calls a function in a pool thread; :attr:`done` or :attr:`failed` carries the latest answer."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._serial = 0
        self._busy = 0
        # One thread: answers come in request order, and two helpers never share one engine cache.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)

    def submit(self, fn: Callable[[], Any]) -> None:
        """Call ``fn()`` in the background; earlier requests' answers will be dropped."""
        self._serial += 1
        self._busy += 1
        self._pool.start(_Job(self._serial, fn, self._relay))

    def busy(self) -> bool:
        """Whether a request is still running or queued."""
        return self._busy > 0

    def cancel(self) -> None:
        """Drop the answers of every request made so far."""
        self._serial += 1

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _finished(self, serial: int, value: object, error: str) -> None:
        self._busy -= 1
        if serial != self._serial:
            return
        if error:
            self.failed.emit(error)
        else:
            self.done.emit(value)
