"""Benchmark: typing into the live editor on the largest shared corpus article.

Types single characters into the raw editor (real key events, one every
INTERVAL_MS) and measures, for each keystroke, the time until the right pane
shows the output for the text that includes it. A 1 ms heartbeat timer on
the UI thread measures the longest stall (the largest gap between beats).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_gui_typing [--keys N]
Targets: p95 latency <= 50 ms, longest UI stall <= 50 ms (while typing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from bench.machine import StealMeter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_P95_MS = 50.0
TARGET_STALL_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=150, help="keystrokes to type (default 150)")
    parser.add_argument("--interval", type=int, default=80, help="ms between keystrokes (default 80)")
    parser.add_argument("--file", help="article to type into (default: largest in the shared corpus)")
    parser.add_argument("--preset", default="reference")
    args = parser.parse_args()

    if args.file:
        path = Path(args.file)
    else:
        path = corpus.largest_article()
        if path is None:
            print(corpus.missing(corpus.ARTICLES) + "; pass --file", file=sys.stderr)
            return 2

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from wikinorm.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.TemporaryDirectory()
    settings = QSettings(str(Path(tmp.name) / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("presets/folder", str(Path(tmp.name) / "presets"))
    window = MainWindow(settings, preset=args.preset)
    window.resize(1500, 900)
    window.show()

    def spin_until(cond, timeout_s=60.0) -> None:
        # A nested event loop polled by a timer: PySide6 6.12's Python-level
        # processEvents() leaks a reference to None per call, which crashes
        # the interpreter after ~100k calls.
        loop = QEventLoop()
        end = time.perf_counter() + timeout_s
        poll = QTimer()
        poll.setInterval(1)

        def check() -> None:
            if cond() or time.perf_counter() > end:
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        if not cond():
            loop.exec()
        poll.stop()
        if not cond():
            raise TimeoutError("benchmark timed out waiting for the window")

    text = path.read_text("utf-8")
    window.open_file(path, ask_to_save=False)
    spin_until(lambda: window.model.last_output is not None and window.model.last_output.text_serial == window.editor.serial())
    spin_until(lambda: window.model.last_trace is not None)
    print(f"article: {path.name} ({len(text):,} chars), preset {args.preset}, "
          f"{args.keys} keys every {args.interval} ms")

    # Type into the middle of a prose paragraph, so that every key changes the output.
    lines = text.split("\n")
    offset = 0
    target = len(text) // 2
    for line in lines:
        if offset >= target and len(line) > 200 and line[0].isalpha():
            break
        offset += len(line) + 1
    cursor = window.editor.textCursor()
    cursor.setPosition(window.model.last_output.raw_index.to_utf16(offset + 40))
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()

    pending: dict[int, float] = {}
    latencies: list[float] = []

    def on_text(out) -> None:
        now = time.perf_counter()
        for serial in [s for s in pending if s <= out.text_serial]:
            latencies.append((now - pending.pop(serial)) * 1000)

    window.model.textReady.connect(on_text)

    beat = QElapsedTimer()
    gaps: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)

    def on_beat() -> None:
        gaps.append(beat.nsecsElapsed() / 1e6)
        beat.restart()

    heartbeat.timeout.connect(on_beat)
    beat.start()
    heartbeat.start()
    steal = StealMeter()

    letters = "abcdefghij klmnopqrst uvwxyz "
    typed = {"n": 0}
    keytimer = QTimer()
    keytimer.setInterval(args.interval)
    keytimer.setTimerType(Qt.TimerType.PreciseTimer)

    def type_one() -> None:
        if typed["n"] >= args.keys:
            keytimer.stop()
            return
        ch = letters[typed["n"] % len(letters)]
        start = time.perf_counter()
        QTest.keyClick(window.editor, ch)
        pending[window.editor.serial()] = start
        typed["n"] += 1

    keytimer.timeout.connect(type_one)
    keytimer.start()
    spin_until(lambda: typed["n"] >= args.keys and not pending, timeout_s=120)
    heartbeat.stop()
    keytimer.stop()

    final = window.editor.current_text()[0]
    from wikinorm.core import run

    ok_output = window.view.displayed_text() == run(final, window.model.config).text
    window.editor.document().setModified(False)
    window.close()
    window.shutdown()

    median = statistics.median(latencies)
    p95 = percentile(latencies, 0.95)
    stall = max(gaps) if gaps else 0.0
    print(f"keystroke -> updated right pane: median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(latencies):.1f} ms over {len(latencies)} keys")
    print(f"longest UI-thread stall while typing: {stall:.1f} ms (1 ms heartbeat)")
    print(steal.report())
    print(f"right pane equals core output after typing: {ok_output}")
    passed = p95 <= TARGET_P95_MS and stall <= TARGET_STALL_MS and ok_output
    print(f"targets: p95 <= {TARGET_P95_MS:.0f} ms: {'PASS' if p95 <= TARGET_P95_MS else 'FAIL'}; "
          f"stall <= {TARGET_STALL_MS:.0f} ms: {'PASS' if stall <= TARGET_STALL_MS else 'FAIL'}")
    tmp.cleanup()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
