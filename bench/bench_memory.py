"""Memory benchmark: resident memory while a long edit session runs on the largest article.

A Document of the largest shared corpus article (``reference`` preset) takes
``--warmup`` random edits, then ``--edits`` more (default 2,000: one-character
insertions and deletions, and markup tokens such as ``{{`` or ``<ref>``, at random
positions, as typing does). Resident memory (after a collection) is printed
after the warm-up and after the edits; target: growth <= 50 MB. The block cache
is bounded by bytes (least recently used blocks go first).

Baseline, in the same run: the same edits through a cache without a byte bound
(``--baseline-edits`` of them, default 300, so the run stays short and small;
the growth per edit is what compares).

Usage: python bench/bench_memory.py [--edits 2000] [--warmup 200] [--baseline-edits 300] [--seed 0] [--check]
(--check exits 1 when the target is missed.)
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from bench import corpus  # noqa: E402
from wikinorm.core import BlockCache, Document  # noqa: E402
from wikinorm.core.presets import builtin_preset  # noqa: E402

TARGET_MB = 50.0
TOKENS = ["{{", "}}", "<ref>", "</ref>", "[[", "]]", "\n", "|", "'''", "<!--", "-->", "{|", "|}"]
LETTERS = "abcdefghijklmnopqrstuvwxyz .,"


def resident_mb() -> float:
    """Resident memory of this process in MB, after a full collection."""
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def random_edits(text_length: int, count: int, seed: int) -> list[tuple[float, int, str]]:
    """``count`` edits as (position fraction, characters removed, text inserted)."""
    rng = random.Random(seed)
    edits = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.45:
            edits.append((rng.random(), 0, rng.choice(LETTERS)))
        elif roll < 0.85:
            edits.append((rng.random(), 1, ""))
        else:
            edits.append((rng.random(), 0, rng.choice(TOKENS)))
    return edits


def session(document: Document, edits: list[tuple[float, int, str]]) -> None:
    """Apply ``edits`` to ``document`` in order."""
    for at, remove, insert in edits:
        n = len(document.text)
        start = int(at * n)
        document.edit(start, min(n, start + remove), insert)


def measure(text: str, cache: BlockCache, warmup: list, edits: list) -> tuple[float, float, int, float]:
    """(resident MB after the warm-up, resident MB after the edits, number of edits, cache MB after the warm-up)."""
    document = Document(text, builtin_preset("reference").config, cache)
    session(document, warmup)
    before = resident_mb()
    warm_cache = cache.bytes / 1e6
    session(document, edits)
    after = resident_mb()
    return before, after, len(edits), warm_cache


def main(argv: list[str] | None = None) -> int:
    """Run the session with the bounded cache, then the unbounded baseline; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--baseline-edits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    path = corpus.largest_article()
    if path is None:
        print(f"bench_memory: {corpus.missing(corpus.ARTICLES)}", file=sys.stderr)
        return 2
    text = corpus.read(path)
    warmup = random_edits(len(text), args.warmup, args.seed)
    edits = random_edits(len(text), args.edits, args.seed + 1)
    print(f"{path.name}: {len(text):,} characters, `reference` preset, {args.warmup} warm-up edits")
    start_mb = resident_mb()

    cache = BlockCache()
    before, after, count, warm_cache = measure(text, cache, warmup, edits)
    growth = after - before
    ok = growth <= TARGET_MB
    print(f"bounded cache ({cache.max_bytes / 1e6:.0f} MB budget + {cache.floor / 1e6:.0f} MB for the document):")
    print(f"    resident after warm-up   {before:8.1f} MB   (process start {start_mb:.1f} MB)")
    print(f"    resident after {count:,} edits {after:8.1f} MB")
    print(f"    growth                   {growth:8.1f} MB   target <= {TARGET_MB:.0f} MB  {'PASS' if ok else 'FAIL'}")
    print(f"    cache: {warm_cache:.1f} MB estimated after warm-up; at the end {len(cache):,} blocks, "
          f"{cache.bytes / 1e6:.1f} MB estimated, {cache.evictions:,} evicted")
    per_edit = growth / count
    del cache
    gc.collect()

    if args.baseline_edits:
        baseline = BlockCache(max_bytes=None)
        b_before, b_after, b_count, _ = measure(text, baseline, warmup, edits[: args.baseline_edits])
        b_per_edit = (b_after - b_before) / b_count
        print(f"baseline: unbounded cache, {b_count:,} edits:")
        print(f"    growth                   {b_after - b_before:8.1f} MB   ({b_per_edit * 1000:.0f} kB per edit)")
        print(f"    cache: {len(baseline):,} blocks, {baseline.bytes / 1e6:.1f} MB estimated")
        print(f"    projected for {count:,} edits {b_per_edit * count:8.1f} MB")
        ratio = (per_edit / b_per_edit) if b_per_edit > 0 else float("nan")
        print(f"ratio growth per edit, bounded / unbounded: {ratio:.3f}x")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
