"""The long random run: the suite's document invariants, for minutes instead of seconds.

Two kinds of case, alternating round by round:

- markup-dense text (every opener and closer, tags with attributes, astral
  characters, NUL, CR, entities) with a random config over every rule and
  option: a full run, its alignment, every rule off as the identity, block
  restarts, then random edits, each checked against a full run;
- a prefix of a shared corpus article with a random config and random edits
  inserting and deleting ``{{``, ``}}``, ``<ref>``, ``{|``, ``[[``, ``<nowiki>``,
  newlines…, each checked against a full run.

The checks are ``tests/document_checks.py``, the same the suite runs; the inputs
are ``tests/wikitext_strategies.py``. Hypothesis generates and, on a failure,
shrinks: the minimized failing input is printed, then the run goes on with the
next round. Prints cases, edits and failures at the end.

Usage: python bench/fuzz.py --minutes N [--seed S]   (or python -m bench.fuzz …)
Exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
for _path in (_REPO, _REPO / "tests"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import document_checks as checks  # noqa: E402
import wikitext_strategies as strategies  # noqa: E402
from bench import corpus  # noqa: E402
from wikinorm.core import Config  # noqa: E402
from wikinorm.core.registry import RULES  # noqa: E402

EXAMPLES_PER_ROUND = 150


class Tally:
    """What the run did so far."""

    def __init__(self) -> None:
        self.cases = 0
        self.article_cases = 0
        self.article_chars = 0
        self.edits = 0
        self.failures = 0
        self.rounds = 0
        self.signatures: set[str] = set()


def describe_config(config: Config) -> str:
    """Rules on (with options that differ from the defaults) and rules off, one line each."""
    on, off = [], []
    for rule in RULES:
        setting = config.setting(rule.id)
        if not setting.enabled:
            off.append(rule.id)
            continue
        options = [
            f"{spec.name}={_plain(getattr(setting.options, spec.name))}"
            for spec in rule.option_specs()
            if getattr(setting.options, spec.name) != spec.default
        ]
        on.append(rule.id + (f"({', '.join(options)})" if options else ""))
    return f"    on:  {', '.join(on) or '-'}\n    off: {', '.join(off) or '-'}"


def _plain(value) -> str:
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value) + "}"
    return str(getattr(value, "value", value))


def _text_case(tally: Tally, record: dict):
    @given(text=strategies.dense_wikitext, config=strategies.configs(), steps=st.lists(strategies.edit_steps, max_size=6))
    def case(text, config, steps):
        record.clear()
        record.update(kind="text", text=text, config=config, edits=[])
        tally.cases += 1
        checks.check_run(text, config)
        checks.check_identity(text)
        checks.check_split_restarts(text)
        checks.check_edit_sequence(text, config, steps, record["edits"])
        tally.edits += len(steps)

    return case


def _article_case(tally: Tally, record: dict, texts: dict[str, str]):
    @given(case=strategies.article_cases(sorted(texts), max_length=20000))
    def article(case):
        text = texts[case.name][: case.length]
        record.clear()
        record.update(kind="article", name=case.name, length=case.length, text=text, config=case.config, edits=[])
        tally.cases += 1
        tally.article_cases += 1
        tally.article_chars += len(text)
        checks.check_edit_sequence(text, case.config, case.steps, record["edits"])
        tally.edits += len(case.steps)

    return article


def report_failure(record: dict, error: BaseException) -> str:
    """The minimized failing input, printed so it can become a regression test."""
    lines = ["FAILURE (minimized):"]
    if record.get("kind") == "article":
        lines.append(f"    article {record['name']}, first {record['length']:,} characters")
    else:
        lines.append(f"    text {record.get('text')!r}")
    if "config" in record:
        lines.append(describe_config(record["config"]))
    lines.append(f"    edits (start, end, text), in order: {record.get('edits')}")
    tb = traceback.extract_tb(error.__traceback__)
    where = next((f"{Path(f.filename).name}:{f.lineno} {f.line}" for f in reversed(tb) if "checks" in f.filename), "")
    lines.append(f"    {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    if where:
        lines.append(f"    at {where}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run random cases for ``--minutes``; print the figures and every minimized failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, required=True, help="how long to run")
    parser.add_argument("--seed", type=int, default=0, help="first round's seed (round k uses seed + k)")
    args = parser.parse_args(argv)
    if args.minutes <= 0:
        print("fuzz: --minutes must be positive", file=sys.stderr)
        return 2

    paths = corpus.articles()
    if not paths:
        print(f"fuzz: {corpus.missing(corpus.ARTICLES)}; only synthetic text is fuzzed", file=sys.stderr)
    texts = {p.stem: corpus.read(p) for p in paths}
    tally = Tally()
    record: dict = {}
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    # Factories: each round decorates a fresh test function with its own seed.
    kinds = [lambda: _text_case(tally, record)]
    if texts:
        kinds.append(lambda: _article_case(tally, record, texts))
    while time.monotonic() < deadline:
        make_case = kinds[tally.rounds % len(kinds)]
        round_seed = args.seed + tally.rounds
        tally.rounds += 1
        run_round = settings(
            max_examples=EXAMPLES_PER_ROUND,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
            report_multiple_bugs=False,
        )(seed(round_seed)(make_case()))
        try:
            run_round()
        except Exception as error:  # a failed invariant or a crash: both are findings
            # Hypothesis replays the minimized example last, so the record holds it.
            signature = f"{type(error).__name__}:{str(error)[:80]}"
            tally.failures += 1
            fresh = signature not in tally.signatures
            tally.signatures.add(signature)
            print(f"round {tally.rounds} (seed {round_seed}): " + report_failure(record, error), flush=True)
            if not fresh:
                print("    (same failure as an earlier round)", flush=True)
        elapsed = time.monotonic() - started
        print(
            f"[{elapsed / 60:5.1f} min] rounds {tally.rounds}  cases {tally.cases}  "
            f"edits {tally.edits}  failures {tally.failures}",
            flush=True,
        )
    minutes = (time.monotonic() - started) / 60
    print()
    print(f"fuzz: {minutes:.1f} min, seeds {args.seed}..{args.seed + tally.rounds - 1}")
    print(f"    cases    {tally.cases:,} (text {tally.cases - tally.article_cases:,}, article {tally.article_cases:,})")
    if tally.article_cases:
        print(f"    article prefixes: mean {tally.article_chars / tally.article_cases:,.0f} characters")
    print(f"    edits    {tally.edits:,}")
    print(f"    failures {tally.failures} ({len(tally.signatures)} distinct)")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
