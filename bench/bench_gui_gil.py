"""Benchmark: what sharing the GIL with the core costs the UI thread (a design decision, measured).

The same keystroke loop (one letter into the middle of a prose paragraph of a page
of --size, every INTERVAL_MS; the UI waits for the output range and counts) is run
with the core ``Document`` in two places:

- ``thread``: a QThread of this process, as the window does (gui/run_worker.py);
- ``process``: a child process, edits and answers through a pipe (the UI thread
  reads the answer when the pipe is readable; no Python thread shares its GIL).

A 1 ms heartbeat timer on the UI thread records the longest gap between beats.
The baseline, measured in the same run, is the longest gap with a busy pure-Python
thread; on a loaded machine it is far from 0, so the verdict is the ratio to it.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_gui_gil [--size 2MB] [--keys 80]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import statistics
import sys
import time
from typing import NamedTuple

from bench.bench_gui_typing import build_page, parse_size, percentile
from bench.gui_clock import Heartbeat, longest_gap, spin_until
from bench.machine import StealMeter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Answer(NamedTuple):
    """What the UI needs after an edit: the output range that changed and the counts."""

    old_start: int
    old_end: int
    replacement: str
    counts: dict


class Lane(NamedTuple):
    """One placement's figures."""

    name: str
    latency_median: float
    latency_p95: float
    gap_max: float
    gap_p99: float


def typing_offset(text: str) -> int:
    """An offset inside a prose paragraph in the middle of ``text`` (where the GUI bench types)."""
    offset, target = 0, len(text) // 2
    for line in text.split("\n"):
        if offset >= target and len(line) > 200 and line[0].isalpha():
            break
        offset += len(line) + 1
    return offset + 40


def load_document(text: str):
    """The core Document of ``text`` under the reference preset, loaded as the worker loads it."""
    from wikinorm.core import BlockCache, Document, presets

    config = presets.builtin_preset("reference").config
    gc.disable()
    doc = Document(text, config, BlockCache())
    gc.freeze()
    gc.enable()
    return doc


def edit(doc, start: int, end: int, new: str) -> Answer:
    """Apply one edit and answer with the changed output range."""
    outcome = doc.edit(start, end, new)
    result = doc.result
    return Answer(outcome.old_start, outcome.old_end, result.text[outcome.new_start : outcome.new_end], result.counts)


def serve(conn, text: str) -> None:
    """The child process: load ``text``, then answer each edit until None arrives."""
    doc = load_document(text)
    conn.send("ready")
    while (message := conn.recv()) is not None:
        conn.send(edit(doc, *message))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("2MB"))
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--interval", type=int, default=80, help="ms between keystrokes")
    parser.add_argument("--switch-ms", type=float, default=0.1, help="the interpreter's switch interval (the window's)")
    parser.add_argument("--thread-only", action="store_true", help="measure only the core in a thread (e.g. to compare switch intervals)")
    args = parser.parse_args()
    text = build_page(args.size)
    position = typing_offset(text)

    from PySide6.QtCore import QObject, QSocketNotifier, QThread, Signal, Slot
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive)
    sys.setswitchinterval(args.switch_ms / 1000)
    pane = QPlainTextEdit()
    pane.resize(900, 700)
    pane.show()
    pulse = Heartbeat()
    beat, gaps, heartbeat = pulse.clock, pulse.gaps, pulse.timer

    def wait(cond) -> None:
        spin_until(cond, timeout_s=180.0)

    answers: list[float] = []

    def type_keys(send) -> tuple[list[float], list[float]]:
        latencies = []
        gaps.clear()
        beat.start()
        heartbeat.start()
        at = position
        for n in range(args.keys):
            sent = time.perf_counter()
            send((at, at, "abcdefghij klmnopqrst"[n % 21]))
            at += 1
            wait(lambda: len(answers) > n)
            latencies.append((answers[n] - sent) * 1000)
            pause = time.perf_counter() + args.interval / 1000
            wait(lambda: time.perf_counter() > pause)
        heartbeat.stop()
        answers.clear()
        return latencies, list(gaps)

    lanes: list[Lane] = []
    baseline = longest_gap(pulse, busy=True)
    steal = StealMeter()

    # -- the core in a thread of this process ---------------------------------------
    class Worker(QObject):
        done = Signal(object)

        @Slot(object)
        def run(self, message) -> None:
            if message is None:
                self.doc = load_document(text)
                self.done.emit(None)
            else:
                self.done.emit(edit(self.doc, *message))

    class Sender(QObject):
        request = Signal(object)

    ready: list[bool] = []
    thread = QThread()
    worker = Worker()
    worker.moveToThread(thread)
    sender = Sender()
    sender.request.connect(worker.run)
    worker.done.connect(lambda a: ready.append(True) if a is None else answers.append(time.perf_counter()))
    thread.start()
    sender.request.emit(None)
    wait(lambda: bool(ready))
    latencies, lane_gaps = type_keys(sender.request.emit)
    thread.quit()
    thread.wait()
    lanes.append(Lane("thread", statistics.median(latencies), percentile(latencies, 0.95), max(lane_gaps), percentile(lane_gaps, 0.99)))
    del worker

    # -- the core in a child process ---------------------------------------------------
    if not args.thread_only:
        parent_end, child_end = multiprocessing.Pipe()
        child = multiprocessing.get_context("spawn").Process(target=serve, args=(child_end, text), daemon=True)
        child.start()
        ready.clear()

        def readable() -> None:
            while parent_end.poll():
                answer = parent_end.recv()
                if answer == "ready":
                    ready.append(True)
                else:
                    answers.append(time.perf_counter())

        notifier = QSocketNotifier(parent_end.fileno(), QSocketNotifier.Type.Read)
        notifier.activated.connect(readable)
        wait(lambda: bool(ready))
        latencies, lane_gaps = type_keys(parent_end.send)
        parent_end.send(None)
        child.join(10)
        notifier.setEnabled(False)
        lanes.append(Lane("process", statistics.median(latencies), percentile(latencies, 0.95), max(lane_gaps), percentile(lane_gaps, 0.99)))

    print(f"{len(text):,} chars, {args.keys} edits every {args.interval} ms, switch interval {args.switch_ms} ms")
    print(f"baseline: longest gap with a busy pure-Python thread {baseline:.1f} ms")
    for lane in lanes:
        print(f"core in a {lane.name:7}: edit -> answer median {lane.latency_median:.1f} ms, p95 {lane.latency_p95:.1f} ms; "
              f"UI gaps max {lane.gap_max:.1f} ms ({lane.gap_max / max(baseline, 1e-9):.2f}x baseline), p99 {lane.gap_p99:.1f} ms")
    if len(lanes) == 2:
        print(f"longest gap, process / thread: {lanes[1].gap_max / max(lanes[0].gap_max, 1e-9):.2f}x")
    print(steal.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
