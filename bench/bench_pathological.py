"""Pathological wikitext: time and peak memory at sizes n, 2n, 4n, against the targets.

Each case runs in a subprocess with a time limit, so a regression shows as a row
marked TIMEOUT instead of a hang. Targets (issue 8 §1): at most 2 s at size n;
time at 4n at most 4.5 × the time at n (the baseline of each row is its own size-n
time, measured in the same run); peak memory growth at most 20 × the input's bytes.
Times are medians of the CPU time of ``run()`` (the machine is shared: wall time
also counts other processes; the slowest median wall time is printed at the end).

    python bench/bench_pathological.py [--limit SECONDS] [--repeat K] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import NamedTuple


class Case(NamedTuple):
    """A shape of broken wikitext: its name, Python expression in ``n``, and the size n."""

    name: str
    expression: str
    n: int


CASES = (
    Case("ref", '"<ref>" * n', 25_000),
    Case("ref-lines", '"<ref>x\\n" * n', 25_000),
    Case("ext-link", '"[http://x.org " * n', 25_000),
    Case("mixed-openers", "\"{{[[<ref>'''{|<!--\" * n", 10_000),
    Case("ref-comment", '"<ref><!--" * n', 2_000),
    Case("list-run", '"*#:;" * n', 100_000),
    Case("big-table", '"{|\\n" + "|-\\n| a || b || c\\n" * n + "|}\\n"', 40_000),
)
PRESETS = ("plain", "reference")
SCALES = (1, 2, 4)
MAX_SECONDS = 2.0
MAX_GROWTH = 4.5
MAX_MEMORY = 20.0

_CHILD = r"""
import json, statistics, sys, time
from wikinorm.core import run
from wikinorm.core.presets import load_preset

def rss(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0

expression, n, preset, repeat = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
config = load_preset(preset).config
# One-time costs (caches, regular expressions compiled on first use) are no
# function of the input: a small copy of the case pays them first.
run(eval(expression, {"n": max(1, n // 100)}), config)
text = eval(expression, {"n": n})
size = len(text.encode("utf-8"))
before = rss("VmRSS:")
try:  # reset the peak so it measures this run only
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
except OSError:
    pass
result = run(text, config)
peak = rss("VmHWM:") - before
fallback = len(result.fallback_blocks)
times = []
walls = []
for _ in range(repeat):
    result = None
    t0, w0 = time.process_time(), time.perf_counter()
    result = run(text, config)
    times.append(time.process_time() - t0)
    walls.append(time.perf_counter() - w0)
print(json.dumps({"size": size, "seconds": statistics.median(times), "wall": statistics.median(walls), "peak": peak,
                  "fallback": fallback}))
"""


class Row(NamedTuple):
    """One measured size of one case."""

    size: int
    seconds: float | None  # None: timed out or failed
    wall: float
    peak: int
    fallback: int


def measure(case: Case, preset: str, scale: int, limit: float, repeat: int) -> Row:
    """Run one case at ``scale`` × n in a subprocess; a timeout gives a row with no time."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, case.expression, str(case.n * scale), preset, str(repeat)],
            capture_output=True, text=True, timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return Row(0, None, 0.0, 0, 0)
    if done.returncode:
        sys.stderr.write(done.stderr[-2000:])
        return Row(0, None, 0.0, 0, 0)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Row(data["size"], data["seconds"], data["wall"], data["peak"], data["fallback"])


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 if any target fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per subprocess (default 60)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per size; the median is shown (default 3)")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    args = parser.parse_args(argv)
    print(f"targets: time(n) <= {MAX_SECONDS} s; time(4n)/time(n) <= {MAX_GROWTH}; peak growth <= {MAX_MEMORY:.0f} x input bytes")
    header = f"{'case':<14} {'preset':<9} " + "  ".join(f"{f'{s}n KB':>7} {'s':>6} {'MB':>6} {'mem x':>5}" for s in SCALES)
    print(header + f"  {'4n/n':>5}  verdict")
    failures = 0
    slowest_wall = 0.0
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        for preset in PRESETS:
            rows = [measure(case, preset, scale, args.limit, args.repeat) for scale in SCALES]
            slowest_wall = max([slowest_wall] + [row.wall for row in rows])
            cells = []
            problems = []
            for scale, row in zip(SCALES, rows):
                if row.seconds is None:
                    cells.append(f"{'':>7} {'TIMEOUT':>20}")
                    problems.append(f"{scale}n timed out")
                    continue
                ratio = row.peak / row.size
                cells.append(f"{row.size / 1e3:7.0f} {row.seconds:6.2f} {row.peak / 1e6:6.1f} {ratio:5.1f}")
                if ratio > MAX_MEMORY:
                    problems.append(f"memory {ratio:.1f}x at {scale}n")
            first, last = rows[0].seconds, rows[-1].seconds
            growth = last / first if first and last else float("nan")
            if first is not None and first > MAX_SECONDS:
                problems.append(f"{first:.2f} s at n")
            if growth == growth and growth > MAX_GROWTH:
                problems.append(f"4n/n = {growth:.2f}")
            verdict = "PASS" if not problems else "FAIL (" + "; ".join(problems) + ")"
            failures += bool(problems)
            print(f"{case.name:<14} {preset:<9} " + "  ".join(cells) + f"  {growth:5.2f}  {verdict}", flush=True)
    print("all targets met" if not failures else f"{failures} rows missed a target")
    print(f"slowest median wall time of one run: {slowest_wall:.2f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - start:.0f} s)")
    sys.exit(code)
