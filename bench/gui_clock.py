"""The UI-thread clock the window benchmarks share.

A 1 ms heartbeat on the UI thread whose gaps are the stalls, waiting in a nested
event loop, and the baseline stall a busy pure-Python thread causes on this machine.
Qt is imported when these are used, not when this module is.
"""

from __future__ import annotations

import threading
import time


class Heartbeat:
    """A precise 1 ms timer on the UI thread; ``gaps`` holds the ms between beats."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.gaps: list[float] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        """Record the gap since the last beat (also callable around work done outside the loop)."""
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def start(self) -> None:
        """Forget the gaps so far and beat from now on."""
        self.gaps.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        """Stop beating (the gaps stay)."""
        self.timer.stop()


def spin_until(cond, timeout_s: float = 60.0) -> None:
    """Run the event loop until ``cond()`` holds; TimeoutError after ``timeout_s``.

    A nested event loop polled by a timer: PySide6 6.12's Python-level
    processEvents() leaks a reference to None per call, which crashes the
    interpreter after ~100k calls.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    end = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: (cond() or time.perf_counter() > end) and loop.quit())
    poll.start()
    if not cond():
        loop.exec()
    poll.stop()
    if not cond():
        raise TimeoutError("benchmark timed out waiting for the window")


def longest_gap(heartbeat: Heartbeat, busy: bool, seconds: float = 1.5) -> float:
    """The longest heartbeat gap in ``seconds`` with the UI idle, and with a pure-Python
    thread holding the GIL as a worker does when ``busy`` (on a loaded machine neither is 0)."""
    stop = threading.Event()

    def spin() -> None:
        numbers = list(range(50_000))
        while not stop.is_set():
            [n + 1 for n in numbers]

    worker = threading.Thread(target=spin, daemon=True)
    if busy:
        worker.start()
    heartbeat.start()
    end = time.perf_counter() + seconds
    spin_until(lambda: time.perf_counter() > end)
    heartbeat.stop()
    stop.set()
    if busy:
        worker.join()
    return max(heartbeat.gaps)
