"""Opening a dump in the window: when the first pages are listed, when all are, and the longest UI stall.

Baselines (same run): reading the same dump headless with ``wikinorm.core.sources``
(time to its first page, and to its end), and the longest gap of the heartbeat in
the same window left idle for as long (what the machine's load alone costs). The window is measured from the call
that opens the dump to the first row in the Pages panel and to the end of the
listing, with a 1 ms heartbeat timer on the UI thread recording the longest gap
(the first page is loaded and normalized meanwhile, as a user sees it).
Targets: first pages listed within 1 s; no stall over 50 ms.

Usage: QT_QPA_PLATFORM=offscreen python -m bench.bench_gui_dump [--runs 5] [DUMP]
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

FIRST_TARGET_S = 1.0
STALL_TARGET_MS = 50.0


def headless(path: Path) -> tuple[float, float]:
    """Seconds to the first page and to the end, reading every page with the engine's reader."""
    from wikinorm.core.sources import SourceOptions, open_source

    started = time.perf_counter()
    first = None
    for _ in open_source(path, SourceOptions().everything()):
        if first is None:
            first = time.perf_counter() - started
    return first or 0.0, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", help="dump to open (default: the largest shared corpus dump)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.dump:
        path = Path(args.dump)
    else:
        dumps = sorted(corpus.DUMPS.glob("*.bz2"), key=lambda p: p.stat().st_size) if corpus.DUMPS.is_dir() else []
        if not dumps:
            print(corpus.missing(corpus.DUMPS), file=sys.stderr)
            return 2
        path = dumps[-1]

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from wikinorm.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    steal = StealMeter()
    base_first, base_all, firsts, alls, stalls, idle, busy = [], [], [], [], [], [], []
    for _ in range(args.runs):
        first, whole = headless(path)
        base_first.append(first)
        base_all.append(whole)
        with tempfile.TemporaryDirectory() as folder:
            settings = QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings, preset="reference")
            window.resize(1400, 900)
            window.show()
            settle = time.perf_counter() + 0.5
            while time.perf_counter() < settle:  # the window's own first layout is not measured
                app.processEvents()
            gaps: list[float] = []
            cpu: list[float] = []  # the UI thread's own CPU time in each gap
            beat = QElapsedTimer()
            heartbeat = QTimer()
            heartbeat.setInterval(1)
            heartbeat.setTimerType(Qt.TimerType.PreciseTimer)

            clock = [time.thread_time()]

            def on_beat() -> None:
                gaps.append(beat.nsecsElapsed() / 1e6)
                beat.restart()
                now = time.thread_time()
                cpu.append((now - clock[0]) * 1000)
                clock[0] = now

            heartbeat.timeout.connect(on_beat)
            seen: list[float] = []
            model = window.dumps.panel.model
            model.rowsInserted.connect(lambda *_: seen or seen.append(time.perf_counter()))
            # Baseline stall: the same window, idle, for as long as reading the dump headless took.
            beat.start()
            heartbeat.start()
            quiet_end = time.perf_counter() + whole
            while time.perf_counter() < quiet_end:
                app.processEvents()
                time.sleep(0.0005)
            idle.append(max(gaps[1:], default=0.0))
            gaps.clear()
            cpu.clear()
            started = time.perf_counter()
            beat.restart()
            window.open_file(path, ask_to_save=False)
            while window.dumps.panel.is_listing() and time.perf_counter() - started < 300:
                app.processEvents()
                time.sleep(0.0005)
            ended = time.perf_counter()
            heartbeat.stop()
            firsts.append(seen[0] - started if seen else float("inf"))
            alls.append(ended - started)
            stalls.append(max(gaps[1:], default=0.0))
            worst = max(range(1, len(gaps)), key=gaps.__getitem__, default=0)
            busy.append(cpu[worst] if cpu else 0.0)
            window.editor.document().setModified(False)
            window.close()
            window.shutdown()
            del settings

    med = statistics.median
    print(f"{path.name} ({path.stat().st_size / 1e6:.1f} MB), {args.runs} runs, medians:")
    print(f"  baseline, headless reader: first page {med(base_first) * 1000:.0f} ms, all pages {med(base_all):.2f} s")
    print(f"  window, Pages panel:       first rows {med(firsts) * 1000:.0f} ms "
          f"({med(firsts) / max(med(base_first), 1e-9):.2f}x baseline), "
          f"all listed {med(alls):.2f} s ({med(alls) / max(med(base_all), 1e-9):.2f}x baseline)")
    print(f"  longest UI-thread stall, idle window (baseline): median {med(idle):.1f} ms, max {max(idle):.1f} ms")
    print(f"  longest UI-thread stall while listing: median {med(stalls):.1f} ms, max {max(stalls):.1f} ms "
          f"({med(stalls) / max(med(idle), 1e-9):.2f}x baseline); the UI thread's own CPU in that gap: "
          f"median {med(busy):.1f} ms (the rest it waited for the CPU or the GIL)")
    print(steal.report())
    ok = med(firsts) <= FIRST_TARGET_S and med(stalls) <= STALL_TARGET_MS
    print(f"targets: first rows within {FIRST_TARGET_S:.0f} s, no stall over {STALL_TARGET_MS:.0f} ms: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
