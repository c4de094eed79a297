"""Core speed benchmark: prints medians and ratios (a report, not a test).

(a) A full `reference` run over every shared corpus article against bare
    ``mwparserfromhell.parse`` on the same pages. Ratio = parse time / our time
    (throughput relative to parsing alone); target >= 0.75.
(b) One-character edits (insertions and deletions, alternately) at random
    positions in the largest corpus article via the incremental Document, against
    a full run of that article. Each edit is undone, unmeasured, before the next.
    Targets: median <= 5 ms and median <= 0.05 x the full run.

Usage: python bench/bench_core.py [--repeat 3] [--edits 300] [--check]
(--check exits 1 when a target is missed.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time

import mwparserfromhell

from bench import corpus
from wikinorm.core import BlockCache, Document, run
from wikinorm.core.presets import builtin_preset



def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def full_corpus(texts: list[str], repeat: int) -> bool:
    config = builtin_preset("reference").config
    ours, parse = [], []
    per_page_ratio = []
    for _ in range(repeat):
        # Interleave so both see the same machine load.
        page_ours, page_parse = [], []
        for text in texts:
            page_parse.append(_timed(lambda: mwparserfromhell.parse(text)))
            page_ours.append(_timed(lambda: run(text, config)))
        ours.append(sum(page_ours))
        parse.append(sum(page_parse))
        per_page_ratio.append(statistics.median(p / o for p, o in zip(page_parse, page_ours)))
    m_ours, m_parse = statistics.median(ours), statistics.median(parse)
    ratio = m_parse / m_ours
    total_mb = sum(len(t) for t in texts) / 1e6
    print(f"(a) full `reference` run, {len(texts)} articles, {total_mb:.1f} M chars, median of {repeat}:")
    print(f"    mwparserfromhell.parse  {m_parse:7.2f} s")
    print(f"    wikinorm reference run  {m_ours:7.2f} s   ({total_mb / m_ours:.2f} M chars/s)")
    print(f"    ratio parse/ours (corpus)      {ratio:.2f}x   target >= 0.75x  {'PASS' if ratio >= 0.75 else 'FAIL'}")
    print(f"    ratio parse/ours (median page) {statistics.median(per_page_ratio):.2f}x")
    return ratio >= 0.75


def typing(text: str, edits: int) -> bool:
    config = builtin_preset("reference").config
    full_times = [_timed(lambda: run(text, config)) for _ in range(5)]
    full = statistics.median(full_times)
    document = Document(text, config, BlockCache())
    rng = random.Random(1)
    alphabet = string.ascii_letters + "     .,'"
    times = []
    # Each edit is measured on the article as it is, then undone (not measured):
    # random damage must not pile up (a deleted "}" left in place would make
    # every later edit re-read the unclosed template to the end of the page).
    for i in range(edits):
        pos = rng.randrange(len(text))
        if i % 2 == 0:
            times.append(_timed(lambda: document.edit(pos, pos, rng.choice(alphabet))))
            document.edit(pos, pos + 1, "")
        else:
            removed = text[pos]
            times.append(_timed(lambda: document.edit(pos, pos + 1, "")))
            document.edit(pos, pos, removed)
        assert document.text == text
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    ratio = median / full
    ok = median <= 0.005 and ratio <= 0.05
    print(f"(b) one-character edits in the largest article ({len(text) / 1000:.0f} K chars), {edits} edits:")
    print(f"    full run median         {full * 1000:8.1f} ms")
    print(f"    incremental edit median {median * 1000:8.2f} ms   target <= 5 ms")
    print(f"    incremental edit p95    {p95 * 1000:8.2f} ms   max {max(times) * 1000:.1f} ms")
    print(f"    ratio edit/full         {ratio:8.3f}x   target <= 0.05x  {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    paths = corpus.articles()
    if not paths:
        print(corpus.missing(corpus.ARTICLES), file=sys.stderr)
        return 2
    texts = [corpus.read(p) for p in paths]
    ok_a = full_corpus(texts, args.repeat)
    ok_b = typing(max(texts, key=len), args.edits)
    return 0 if (ok_a and ok_b) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
