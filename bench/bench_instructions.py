"""Instructions of full runs over the shared corpus, counted by valgrind: a report, not a test.

Seconds on a shared 2-core machine swing by a third within minutes; instruction
counts do not (the same total twice, whatever else the machine is doing). This
counts the instructions of ``run(text, preset)`` over every ``--step``-th corpus
article: valgrind's callgrind runs this module twice in a child process, once
loading everything and running a warm-up page, once doing that and then the
pages; the difference is the pages' cost.

``--baseline PYTHON`` counts the same with another checkout's Python (a venv
with ``pip install -e OLD_CHECKOUT``) in the same run and prints the ratio.

Usage: python -m bench.bench_instructions [--preset plain] [--step 1] [--baseline PYTHON]
(needs valgrind; a whole-corpus count takes about 3 minutes per preset and Python.)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _child(preset: str, step: int, pages: bool) -> None:
    """What valgrind runs: the corpus read and a warm-up page, then (if ``pages``) every step-th article."""
    from bench import corpus
    from wikinorm.core import run
    from wikinorm.core.presets import builtin_preset

    config = builtin_preset(preset).config
    texts = [corpus.read(path) for path in corpus.articles()[::step]]
    run("x [[a|b]] {{c}} ''d''<ref>e</ref>", config)  # one-time costs: imports, compiled patterns, plans
    if pages:
        for text in texts:
            run(text, config)


def count(python: str, preset: str, step: int) -> int:
    """Instructions of the pages alone, with ``python`` (the same code either way, this repo's harness)."""

    def total(pages: bool) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "-m",
                   "bench.bench_instructions", "--child", preset, str(step), "1" if pages else "0"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if done.returncode != 0 or found is None:
            raise SystemExit(f"valgrind failed with {python}: {done.stderr.strip().splitlines()[-1:]}")
        return int(found.group(1))

    return total(True) - total(False)


def main(argv: list[str] | None = None) -> int:
    """Print the instruction counts (and the ratio to ``--baseline``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="plain")
    parser.add_argument("--step", type=int, default=1, help="every step-th article (default 1: all)")
    parser.add_argument("--baseline", help="another checkout's Python, counted in the same run")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        preset, step, pages = args.child
        _child(preset, int(step), pages == "1")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    from bench import corpus

    if not corpus.articles():
        print(corpus.missing(corpus.ARTICLES), file=sys.stderr)
        return 2
    pages = len(corpus.articles()[:: args.step])
    here = count(sys.executable, args.preset, args.step)
    print(f"{args.preset}, {pages} articles: {here / 1e6:,.0f} M instructions (this checkout)")
    if args.baseline:
        base = count(args.baseline, args.preset, args.step)
        print(f"{args.preset}, {pages} articles: {base / 1e6:,.0f} M instructions (baseline {args.baseline})")
        print(f"this / baseline: {here / base:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
