"""Dump reader speed: prints medians, MB/s and ratios (a report, not a test).

For the largest shared dump (bz2) and the same XML uncompressed:
(a) baseline: decompression alone (``bz2.open(...).read`` in 1 MB chunks; for the
    plain file, expat parsing it with no handlers), against our reader producing pages. The
    reader's MB/s is of uncompressed XML; ratio = reader time / baseline time.
(b) the normalizer (the ``reference`` preset's ``run``) on the pages the reader
    produced, in M chars of page text per second, against the reader on the same
    pages; the reader should be much faster (ratio reader/normalizer >> 1).

Usage: python -m bench.bench_sources [--repeat 5] [--normalize-chars 2000000]
"""

from __future__ import annotations

import argparse
import bz2
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.parsers import expat

from bench import corpus
from bench.machine import StealMeter
from wikinorm.core import run
from wikinorm.core.presets import builtin_preset
from wikinorm.core.sources import SourceOptions, open_source

EVERYTHING = SourceOptions(namespaces=None, redirects=True, models=None, skip_empty=False)


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _decompress(path: Path) -> None:
    with bz2.open(path) as f:
        while f.read(1 << 20):
            pass


def _expat_alone(path: Path) -> None:
    parser = expat.ParserCreate()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 18):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _read_pages(path: Path) -> None:
    for _ in open_source(path, EVERYTHING):
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--normalize-chars", type=int, default=2_000_000,
                        help="normalize pages until this many characters (the normalizer is slow)")
    args = parser.parse_args()
    dumps = sorted(corpus.DUMPS.glob("*.bz2")) if corpus.DUMPS.is_dir() else []
    if not dumps:
        print(corpus.missing(corpus.DUMPS), file=sys.stderr)
        return 2
    dump = max(dumps, key=lambda p: p.stat().st_size)
    xml = bz2.decompress(dump.read_bytes())
    xml_mb = len(xml) / 1e6
    meter = StealMeter()
    print(f"dump: {dump.name} ({dump.stat().st_size / 1e6:.1f} MB bz2, {xml_mb:.1f} MB XML), median of {args.repeat}")

    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "dump.xml"
        plain.write_bytes(xml)
        print("(a) reader against decompressing / parsing alone")
        for label, path, baseline_name, baseline in (
            ("bz2  ", dump, "bz2.open read", _decompress),
            ("plain", plain, "expat alone  ", _expat_alone),
        ):
            base = _median_time(lambda: baseline(path), args.repeat)
            ours = _median_time(lambda: _read_pages(path), args.repeat)
            print(f"    {label} {baseline_name} {base:6.3f} s  {xml_mb / base:8.1f} MB/s")
            print(f"    {label} reader pages  {ours:6.3f} s  {xml_mb / ours:8.1f} MB/s   ratio reader/baseline {ours / base:5.2f}x")

    pages = list(open_source(dump))
    config = builtin_preset("reference").config
    sample, chars = [], 0
    for page in pages:
        if chars >= args.normalize_chars:
            break
        sample.append(page.text)
        chars += len(page.text)
    normalize = _median_time(lambda: [run(text, config) for text in sample], 1 if chars > 5e5 else 3)
    total_chars = sum(len(p.text) for p in pages)
    read = _median_time(lambda: list(open_source(dump)), args.repeat)
    reader_rate, normalizer_rate = total_chars / read / 1e6, chars / normalize / 1e6
    print(f"(b) reader against the normalizer ({len(sample)} pages, {chars / 1e6:.1f} M chars normalized)")
    print(f"    normalizer (reference run)   {normalizer_rate:8.2f} M chars/s")
    print(f"    reader (bz2, default filter) {reader_rate:8.2f} M chars/s   ratio reader/normalizer {reader_rate / normalizer_rate:6.1f}x")
    print(f"    {meter.report()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
