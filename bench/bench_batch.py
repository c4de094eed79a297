"""Throughput and memory of ``wikinorm batch`` on a dump built from the shared corpus.

    python -m bench.bench_batch [--mb 50] [--memory-mb 12] [--no-ray] [--no-wikiextractor]

Builds (not committed, under a temporary folder) a plain ``.xml.bz2`` dump and a
multistream dump of ``--mb`` MB of XML from the corpus articles, repeated with new
ids and titles, then prints, each run a fresh ``wikinorm batch`` process:

- pages/s and MB/s (of XML) for ``--jobs 1`` and ``--jobs 2`` on both dumps, and the
  ratio 2 jobs / 1 job (target ≥ 1.8×);
- ``--engine ray`` with 2 CPUs against the local engine with 2 jobs (target ≥ 0.85×),
  on the time the manifest records (Ray's start-up, printed apart, excluded);
- peak resident memory of a one-job run as the dump grows 1× → 4× (``--memory-mb``
  each step; target ≤ +15%);
- ``python -m wikiextractor.WikiExtractor --json`` (the ``bench`` extra) on the same
  plain dump with 1 and 2 processes, and the ratio wikinorm / WikiExtractor.

The preset is ``plain`` throughout. Figures swing with the load on a shared machine;
each is one run (they take minutes), so compare ratios from the same run. The CPU
seconds (the process and the workers it waited for; not Ray's, whose workers belong to
its own daemons) change far less with load than wall time: they are what an
extrapolation to more cores should start from.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from bench import corpus
from bench.dump_builder import corpus_articles, write_dump, write_multistream

PRESET = "plain"

# Runs `wikinorm batch` in this process and reports its own peak RSS (one job: reader,
# normalizer and writer all live here, so this is the whole footprint).
_MEASURE = """
import resource, sys
from wikinorm.cli import main
code = main(sys.argv[1:])
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


class Run(NamedTuple):
    """One batch run: its wall time (process), the job's own time, pages and peak memory."""

    label: str
    wall: float
    job_seconds: float
    pages: int
    peak_mb: float | None
    cpu: float  # user + system seconds of the process and the workers it waited for (not Ray's)


def batch(label: str, dump: Path, out: Path, *options: str, measure_memory: bool = False) -> Run:
    """Run ``wikinorm batch`` on ``dump`` in a fresh process."""
    shutil.rmtree(out, ignore_errors=True)
    args = ["batch", str(dump), "-o", str(out), "--preset", PRESET, "--quiet", *options]
    command = [sys.executable, "-c", _MEASURE, *args] if measure_memory else [sys.executable, "-m", "wikinorm", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{label}: wikinorm batch failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    manifest = json.loads((out / "manifest.json").read_text())
    peak = None
    for line in done.stderr.splitlines():
        if line.startswith("PEAK_KB"):
            peak = int(line.split()[1]) / 1024
    shutil.rmtree(out, ignore_errors=True)
    return Run(label, wall, manifest["wall_seconds"], manifest["totals"]["pages_seen"], peak, cpu)


def wikiextractor(dump: Path, out: Path, processes: int) -> tuple[float, float] | None:
    """Wall and CPU seconds WikiExtractor takes on ``dump`` (JSON output); None when not installed."""
    try:
        import wikiextractor  # noqa: F401
    except ImportError:
        return None
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wikiextractor.WikiExtractor", "--json", "--quiet", "--processes", str(processes),
         "-o", str(out), str(dump)],
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"WikiExtractor failed: {done.stderr.strip()[-500:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def line(run: Run, xml_mb: float, baseline: Run | None = None) -> str:
    """One row: pages/s and MB/s on the process's wall time, and the ratio to ``baseline``."""
    ratio = f"{baseline.wall / run.wall:5.2f}x vs {baseline.label}" if baseline else ""
    return (
        f"  {run.label:<34} {run.wall:7.1f} s  {run.pages / run.wall:7.1f} pages/s  "
        f"{xml_mb / run.wall:6.2f} MB/s  (job {run.job_seconds:6.1f} s, CPU {run.cpu:6.1f} s)  {ratio}"
    )


def main() -> None:
    """Build the dumps, run everything, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="XML size of the throughput dumps (default 50)")
    parser.add_argument("--memory-mb", type=float, default=12.0, help="XML size of the 1x memory dump (default 12)")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    parser.add_argument("--no-wikiextractor", action="store_true", help="skip WikiExtractor")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory growth runs")
    args = parser.parse_args()
    articles = corpus_articles()
    if not articles:
        raise SystemExit(corpus.missing(corpus.ARTICLES))
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        work = Path(folder)
        (work / "plain").mkdir()
        (work / "multi").mkdir()
        plain = work / "plain" / "bench.xml.bz2"
        multi = work / "multi" / "bench-multistream.xml.bz2"
        started = time.perf_counter()
        pages = write_dump(plain, int(args.mb * 1e6), articles)
        write_multistream(multi, int(args.mb * 1e6), articles)
        xml_mb = args.mb
        print(f"built {pages} pages, {xml_mb:.0f} MB of XML ({plain.stat().st_size / 1e6:.1f} MB bz2) twice "
              f"in {time.perf_counter() - started:.0f} s; {cores} cores; preset {PRESET}")
        out = work / "out"
        # Shards small enough to spread a 50 MB dump over two workers evenly.
        shard = ["--shard-pages", "50", "--shard-mb", "1"]

        print("\nthroughput (wall time of the whole process, start-up included)")
        results: dict[str, Run] = {}
        for name, dump in (("plain .xml.bz2", plain), ("multistream", multi)):
            one = results[f"{name} 1"] = batch(f"{name}, --jobs 1", dump, out, "--jobs", "1", *shard)
            print(line(one, xml_mb))
            two = results[f"{name} 2"] = batch(f"{name}, --jobs 2", dump, out, "--jobs", "2", *shard)
            print(line(two, xml_mb, one) + "   (target >= 1.80x)")

        if not args.no_ray:
            print("\nRay engine, 2 CPUs, against the local engine with 2 jobs (job time: Ray's start-up excluded)")
            for name, dump in (("plain .xml.bz2", plain), ("multistream", multi)):
                local = results[f"{name} 2"]
                ray = batch(f"{name}, --engine ray", dump, out, "--engine", "ray", "--jobs", "2", *shard)
                print(line(ray, xml_mb, local))
                print(f"  {'':34} job time ratio ray/local: {local.job_seconds / ray.job_seconds:4.2f}x"
                      f"   (target >= 0.85x); Ray start-up {ray.wall - ray.job_seconds:.1f} s")

        if not args.no_memory:
            print(f"\npeak memory of a one-job run as the dump grows (1x = {args.memory_mb:.0f} MB of XML)")
            base = None
            for factor in (1, 2, 4):
                dump = work / f"mem{factor}.xml.bz2"
                write_dump(dump, int(args.memory_mb * factor * 1e6), articles)
                run = batch(f"{factor}x", dump, out, "--jobs", "1", "--shard-pages", "50", measure_memory=True)
                dump.unlink()
                base = base or run.peak_mb
                print(f"  {factor}x {args.memory_mb * factor:5.0f} MB: peak RSS {run.peak_mb:6.1f} MB "
                      f"({100 * (run.peak_mb / base - 1):+5.1f}% vs 1x; target <= +15% at 4x)")

        if not args.no_wikiextractor:
            print("\nWikiExtractor --json on the same plain dump")
            for jobs in (1, 2):
                measured = wikiextractor(plain, work / "wex", jobs)
                if measured is None:
                    print("  WikiExtractor is not installed (pip install -e '.[bench]'); skipped")
                    break
                seconds, cpu = measured
                ours = results[f"plain .xml.bz2 {jobs}"]
                print(f"  {jobs} process(es): {seconds:7.1f} s  {pages / seconds:7.1f} pages/s  "
                      f"{xml_mb / seconds:6.2f} MB/s  (CPU {cpu:6.1f} s);  wikinorm --jobs {jobs} / WikiExtractor: "
                      f"{seconds / ours.wall:4.2f}x the speed, {cpu / ours.cpu:4.2f}x the CPU efficiency")


if __name__ == "__main__":
    main()
