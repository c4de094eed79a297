"""Where a corpus run's time goes, against the time WikiExtractor takes in the same run.

    python -m bench.bench_budget [--repeat 3] [--preset plain]

Issue 9 asks ``plain`` for >= 0.65x WikiExtractor's ``clean_text`` speed, that is
at most 1/0.65 of its time. This splits a run of PRESET into what the engine
costs with no rule on (splitting blocks, the block cache, assembling the
result), with only the preset's markup rules, with only its text rules, and
whole; beside them WikiExtractor's ``clean_text`` and the bare C tokenizer on
the whole page, all timed page by page in turns (CPU time, median of
``--repeat`` passes). Each line gives its seconds, its share of the whole run,
and its multiple of WikiExtractor's time; the last line is the time the
target allows. WikiExtractor is a benchmark-only dependency (the ``bench``
extra).
"""

from __future__ import annotations

import argparse

from wikinorm.core import Config, run
from wikinorm.core.presets import builtin_preset
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import MarkupRule

from bench import corpus
from bench.bench_throughput import (
    EXTRACTOR_RATIO_TARGET,
    System,
    extractor_system,
    interleaved_medians,
    tokenizer_system,
)


def _only(config: Config, markup: bool) -> Config:
    """``config`` with only its markup rules on (``markup``), or only its text rules."""
    for rule in RULES:
        if isinstance(rule, MarkupRule) != markup and config.is_enabled(rule.id):
            config = config.with_enabled(rule.id, False)
    return config


def _runner(name: str, config: Config) -> System:
    """A full run of ``config`` over one page's text."""
    return System(name, lambda text: run(text, config).text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--preset", default="plain")
    args = parser.parse_args()
    texts = [corpus.read(path) for path in corpus.articles()]
    if not texts:
        raise SystemExit("the shared corpus is absent (../shared/corpus): nothing to time")
    try:
        extractor = extractor_system()
    except ImportError:
        raise SystemExit("wikiextractor is not installed (pip install -e '.[bench]'): nothing to compare with")
    config = builtin_preset(args.preset).config
    whole_run = f"{args.preset}, whole"
    systems = [
        _runner("engine, no rule on", Config.none()),
        _runner(f"{args.preset}, markup rules only", _only(config, True)),
        _runner(f"{args.preset}, text rules only", _only(config, False)),
        _runner(whole_run, config),
        extractor,
        tokenizer_system(),
    ]
    median = interleaved_medians(systems, texts, args.repeat)
    baseline = median[extractor.name]
    whole = median[whole_run]
    print(f"{len(texts)} articles, CPU time, page by page in turns, median of {args.repeat}:")
    for name, seconds in median.items():
        print(f"    {name:36s} {seconds:6.2f} s  {seconds / whole * 100:5.1f}% of {args.preset}"
              f"  {seconds / baseline:5.2f}x WikiExtractor's time")
    allowed = baseline / EXTRACTOR_RATIO_TARGET
    print(f"    {'time the target allows':36s} {allowed:6.2f} s  {allowed / whole * 100:5.1f}% of {args.preset}"
          f"  ({args.preset} / WikiExtractor speed now {baseline / whole:.2f}x, target >= {EXTRACTOR_RATIO_TARGET}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
