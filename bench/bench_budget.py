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
import statistics
import time
from collections.abc import Callable

from mwparserfromhell.parser._tokenizer import CTokenizer
from wikinorm.core import Config, run
from wikinorm.core.presets import builtin_preset
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import MarkupRule

from bench import corpus
from bench.bench_throughput import EXTRACTOR_RATIO_TARGET


def _only(config: Config, markup: bool) -> Config:
    """``config`` with only its markup rules on (``markup``), or only its text rules."""
    for rule in RULES:
        if isinstance(rule, MarkupRule) != markup and config.is_enabled(rule.id):
            config = config.with_enabled(rule.id, False)
    return config


def _runner(config: Config) -> Callable[[str], object]:
    """A full run of ``config`` over one page's text."""
    return lambda text: run(text, config).text


def _extractor() -> Callable[[str], object]:
    from wikiextractor.extract import Extractor

    def extract(text: str) -> object:
        return Extractor(0, 0, "", "Page", [text]).clean_text(text, expand_templates=False)

    return extract


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--preset", default="plain")
    args = parser.parse_args()
    texts = [corpus.read(path) for path in corpus.articles()]
    if not texts:
        raise SystemExit("the shared corpus is absent (../shared/corpus): nothing to time")
    try:
        extract = _extractor()
    except ImportError:
        raise SystemExit("wikiextractor is not installed (pip install -e '.[bench]'): nothing to compare with")
    config = builtin_preset(args.preset).config
    systems: dict[str, Callable[[str], object]] = {
        "engine, no rule on": _runner(Config.none()),
        f"{args.preset}, markup rules only": _runner(_only(config, True)),
        f"{args.preset}, text rules only": _runner(_only(config, False)),
        f"{args.preset}, whole": _runner(config),
        "WikiExtractor clean_text": extract,
        "CTokenizer.tokenize (bare)": lambda text: CTokenizer().tokenize(text, 0, True),
    }
    passes: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.repeat):
        spent = dict.fromkeys(systems, 0.0)
        for text in texts:
            for name, convert in systems.items():
                start = time.process_time()
                convert(text)
                spent[name] += time.process_time() - start
        for name, seconds in spent.items():
            passes[name].append(seconds)
    median = {name: statistics.median(values) for name, values in passes.items()}
    whole = median[f"{args.preset}, whole"]
    baseline = median["WikiExtractor clean_text"]
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
