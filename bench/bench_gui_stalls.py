"""UI-thread stalls while opening every shared corpus article and toggling rules (a report).

For each article: open it in the window, wait for the output and trace, then switch
a few rules off and on again, waiting for each run. A 1 ms heartbeat timer on the UI
thread records the longest gap between beats. Target: no stall over 50 ms.

Usage: QT_QPA_PLATFORM=offscreen python bench/bench_gui_stalls.py [--limit N] [--preset NAME]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

from bench import corpus
from bench.machine import StealMeter

TARGET_MS = 50.0
TOGGLED = ("lowercase", "templates", "tokenize")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the N largest articles (0: all)")
    parser.add_argument("--preset", default="reference")
    args = parser.parse_args()
    paths = sorted(corpus.articles(), key=lambda p: -p.stat().st_size)
    if not paths:
        print(corpus.missing(corpus.ARTICLES), file=sys.stderr)
        return 2
    if args.limit:
        paths = paths[: args.limit]

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from wikinorm.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.TemporaryDirectory()
    settings = QSettings(os.path.join(tmp.name, "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, preset=args.preset)
    window.resize(1400, 900)
    window.show()

    def spin_until(cond, timeout_s: float = 60.0) -> None:
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: cond() and loop.quit())
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(int(timeout_s * 1000))
        poll.start()
        if not cond():
            loop.exec()
        poll.stop()
        deadline.stop()

    def settled() -> bool:
        model = window.model
        out = model.last_output
        return (
            out is not None
            and not model.busy
            and out.text_serial == window.editor.serial()
            and out.result.config == model.config
            and not window.editor.is_busy()
        )

    spin_until(settled)
    steal = StealMeter()
    worst: dict[str, tuple[float, str]] = {}
    beat = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(1)
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    current = {"key": ""}

    def on_beat() -> None:
        gap = beat.nsecsElapsed() / 1e6
        beat.restart()
        key = current["key"]
        if gap > worst.get(key, (0.0, ""))[0]:
            worst[key] = (gap, key)

    heartbeat.timeout.connect(on_beat)
    beat.start()
    heartbeat.start()
    per_article = []
    for path in paths:
        current["key"] = f"{path.stem}: open"
        window.open_file(path, ask_to_save=False)
        spin_until(settled)
        for rule_id in TOGGLED:
            for _ in range(2):
                current["key"] = f"{path.stem}: toggle {rule_id}"
                window.rules.checkbox(rule_id).click()
                spin_until(settled)
        per_article.append(max(v[0] for k, v in worst.items() if k.startswith(f"{path.stem}:")))
    heartbeat.stop()
    window.editor.document().setModified(False)
    window.close()
    window.shutdown()
    tmp.cleanup()

    ranked = sorted(worst.values(), reverse=True)
    print(f"{len(paths)} articles, preset {args.preset}: open, then toggle {', '.join(TOGGLED)} off and on")
    print(f"longest UI-thread stall per article: median {statistics.median(per_article):.1f} ms, "
          f"max {max(per_article):.1f} ms (1 ms heartbeat)")
    print("worst moments:")
    for gap, key in ranked[:5]:
        print(f"  {gap:6.1f} ms  {key}")
    print(steal.report())
    ok = max(per_article) <= TARGET_MS
    print(f"target: no stall over {TARGET_MS:.0f} ms: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
