"""The command-line front: normalize, explain, check, rules, presets (headless)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from wikinorm import __version__
from wikinorm.args import OneLineParser
from wikinorm.core.config import Config, ConfigError
from wikinorm.core.document import run
from wikinorm.core.inventory import template_inventory
from wikinorm.core.guard import fallback_summary
from wikinorm.core.files import FileError, atomic_write_text, decode_text, read_text_file
from wikinorm.core.pins import check_pins
from wikinorm.core.presets import BUILTIN_NAMES, PresetError, builtin_presets, load_preset
from wikinorm.core.user_presets import load_user_presets, user_presets_folder
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import OptionKind, OptionSpec
from wikinorm.core.sources import DEFAULT_PART_BYTES, SourceOptions


class UserError(Exception):
    """A mistake in the command line or its files: one line on stderr, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="wikinorm",
        description="Turn MediaWiki wikitext into clean, NLP-ready text.",
        epilog="`wikinorm` alone or `wikinorm gui [FILE] [--preset P] [--screenshot PNG]` opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"wikinorm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def config_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--preset", default="reference", help=f"built-in ({', '.join(BUILTIN_NAMES)}), a user preset's name (see `wikinorm presets`) or a .toml file; default: reference")
        p.add_argument("--enable", action="append", default=[], metavar="ID", help="switch a rule on (repeatable)")
        p.add_argument("--disable", action="append", default=[], metavar="ID", help="switch a rule off (repeatable)")
        p.add_argument("--set", action="append", default=[], metavar="ID.OPTION=VALUE", help="set a rule option (repeatable)")

    p = sub.add_parser("normalize", help="write the normalized text (no newline added)")
    p.add_argument("file", nargs="?", default="-", help="wikitext file, or - for standard input")
    config_options(p)
    p.add_argument("-o", "--output", help="write here (atomically) instead of standard output")

    p = sub.add_parser("explain", help="per rule: how many edits, with examples")
    p.add_argument("file", help="wikitext file, or - for standard input")
    config_options(p)
    p.add_argument("--examples", type=int, default=3, help="examples per rule (default 3)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("inventory", help="the templates a page uses, with counts and policies")
    p.add_argument("file", help="wikitext file, or - for standard input")
    config_options(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("batch", help="normalize whole dumps into sharded JSON lines or Parquet")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="XML dump (.xml, .bz2, .gz, multistream), .jsonl or folder of .wiki files")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder (new or empty, or a job to --resume)")
    config_options(p)
    p.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl", help="shard format (default jsonl)")
    p.add_argument("--compress", choices=["zstd", "gzip", "none"], default="gzip", help="default gzip; zstd needs wikinorm[zstd]")
    p.add_argument("--jobs", type=int, metavar="N", help="workers (default: one per core)")
    p.add_argument("--namespaces", default="0", metavar="0,14", help="namespace numbers to keep, or 'all' (default 0)")
    p.add_argument("--redirects", action="store_true", help="normalize redirect pages too (skipped by default)")
    p.add_argument("--engine", choices=["local", "ray"], default="local", help="local processes (default) or a Ray cluster")
    p.add_argument("--ray-address", metavar="ADDR", help="join a running Ray cluster ('auto' or host:port); default: start one here")
    p.add_argument("--resume", action="store_true", help="continue a killed job in OUTDIR (same inputs and settings)")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N pages (in input order)")
    p.add_argument("--shard-pages", type=int, metavar="N",
                   help="pages per shard for inputs read by one reader (default: the job's, 1000)")
    p.add_argument("--shard-mb", type=float, default=DEFAULT_PART_BYTES / 1e6, metavar="MB",
                   help=f"bytes of input per shard for split inputs (default {DEFAULT_PART_BYTES / 1e6:g})")
    p.add_argument("--quiet", action="store_true", help="no progress display")

    p = sub.add_parser("rules", help="list the rules in pipeline order")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--markdown", action="store_true", help="a Markdown table (the README's)")

    p = sub.add_parser("presets", help="list the built-in and user presets, with where each lives")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("check", help="run a preset's pinned examples: one line per failing pin, exit 1 if any fails")
    p.add_argument("preset", help="a user preset's name or a .toml file")
    return parser


def _read_input(name: str) -> str:
    if name == "-":
        return decode_text(sys.stdin.buffer.read(), Path("<stdin>"))
    return read_text_file(name)


def _config(args: argparse.Namespace) -> Config:
    config = load_preset(args.preset).config
    try:
        for rule_id in args.enable:
            config = config.with_enabled(rule_id, True)
        for rule_id in args.disable:
            config = config.with_enabled(rule_id, False)
        for assignment in args.set:
            key, sep, value = assignment.partition("=")
            rule_id, dot, option = key.strip().partition(".")
            if not sep or not dot or not option:
                raise UserError(f"--set {assignment!r}: expected ID.OPTION=VALUE, e.g. references.mode=drop")
            option, dot, entry = option.partition(".")
            if dot:  # a mapping option's entry: templates.policies.convert=drop
                config = config.with_entry(rule_id, option.strip(), entry.strip(), value.strip())
            else:
                config = config.with_option(rule_id, option.strip(), value.strip())
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    return config


def _normalize(args: argparse.Namespace) -> int:
    config = _config(args)
    text = _read_input(args.file)
    result = run(text, config)
    if args.output:
        atomic_write_text(args.output, result.text)
    else:
        data = memoryview(result.text.encode("utf-8"))
        while data:  # a write cut short by a closing pipe returns a count, not an error
            data = data[sys.stdout.buffer.write(data):]
        sys.stdout.flush()
    return 0


def _explain(args: argparse.Namespace) -> int:
    config = _config(args)
    result = run(_read_input(args.file), config)
    report = result.explain(examples=max(args.examples, 0))
    metadata = result.metadata
    fallbacks = result.fallback_blocks
    if args.json:
        print(json.dumps({"rules": [entry.as_dict() for entry in report], "metadata": metadata,
                          "fallback_blocks": [block.as_dict() for block in fallbacks]},
                         ensure_ascii=False, indent=2))
        return 0
    if not report:
        print("No rule changed anything.")
    for entry in report:
        print(f"{entry.rule:<12} {entry.edits:>7} edits  {entry.title}")
        for ex in entry.examples:
            print(f"{'':14}@{ex.raw_start:<7} {ex.before!r}")
            print(f"{'':22}-> {ex.after!r}")
    for key, values in metadata.items():
        print(f"{key}: {'; '.join(map(str, values))}")
    if fallbacks:
        print(fallback_summary(fallbacks))
    print(f"{len(result.raw)} raw characters -> {len(result.text)} normalized characters")
    return 0


def _inventory(args: argparse.Namespace) -> int:
    config = _config(args)
    uses = template_inventory(_read_input(args.file), config)
    if args.json:
        print(json.dumps(
            [{"name": u.name, "key": u.key, "count": u.count, "policy": u.policy.value, "rendering": u.rendering}
             for u in uses],
            ensure_ascii=False, indent=2,
        ))
        return 0
    if not uses:
        print("No templates.")
    for use in uses:
        how = use.policy.value + (f" ({use.rendering})" if use.policy.value == "render" and use.rendering else "")
        print(f"{use.count:>6}  {use.name:<40} {how}")
    return 0


def _batch(args: argparse.Namespace) -> int:
    # Imported here: the batch machinery would add ~60 ms to every other command's start.
    from wikinorm.batch_front import ProgressDisplay, summary_table
    from wikinorm.core.batch import Compression, JobError, JobSpec, OutputFormat, OutputSpec, make_engine
    from wikinorm.core.batch import plan as batch_plan
    from wikinorm.core.batch import run as batch_run
    from wikinorm.core.batch.engines.ray_engine import import_ray

    shard_pages = {} if args.shard_pages is None else {"shard_pages": _at_least_one("--shard-pages", args.shard_pages)}
    spec = JobSpec(
        inputs=tuple(Path(p) for p in args.inputs),
        out_dir=Path(args.output),
        # Pins are not part of a job: editing them must not stop a --resume.
        preset=replace(load_preset(args.preset), config=_config(args), pins=()),
        output=OutputSpec(OutputFormat(args.format), Compression(args.compress)),
        source_options=SourceOptions(namespaces=_namespaces(args.namespaces), redirects=args.redirects),
        limit=_at_least_one("--limit", args.limit),
        part_bytes=max(1, int(args.shard_mb * 1e6)),
        resume=args.resume,
        **shard_pages,
    )
    _at_least_one("--jobs", args.jobs)
    if args.ray_address and args.engine != "ray":
        raise UserError("--ray-address is for --engine ray")
    if args.engine == "ray":
        import_ray()  # a missing extra is a user error before anything is written
    try:
        job = batch_plan(spec)
    except JobError as exc:
        raise UserError(str(exc)) from None
    display = ProgressDisplay(quiet=args.quiet)
    try:
        manifest = batch_run(job, make_engine(args.engine, args.jobs, args.ray_address), display)
    finally:
        display.close()
    print(summary_table(manifest, len(job.done)))
    return 1 if manifest.totals.errors or manifest.failed_shards else 0


def _namespaces(text: str) -> frozenset[int] | None:
    if text.strip().lower() == "all":
        return None
    try:
        return frozenset(int(n) for n in text.split(",") if n.strip())
    except ValueError:
        raise UserError(f"--namespaces {text!r}: expected numbers separated by commas, e.g. 0,14, or 'all'") from None


def _at_least_one(option: str, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UserError(f"{option} {value}: must be at least 1")
    return value


def _rules(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps([rule.describe() for rule in RULES], ensure_ascii=False, indent=2))
        return 0
    if args.markdown:
        print(rules_markdown(), end="")
        return 0
    for i, rule in enumerate(RULES, 1):
        state = "on " if rule.default else "off"
        print(f"{i:>2}. {rule.id:<11} [{state}] {rule.description}")
        for spec in rule.option_specs():
            choices = "|".join(spec.choices) or "bool"
            default = spec.describe()["default"]
            print(f"{'':20}{rule.id}.{spec.name} = {choices} (default {default})")
    return 0


def _option_markdown(spec: OptionSpec) -> str:
    if spec.kind is OptionKind.MAPPING:
        return "name → " + " / ".join(spec.choices)
    if spec.kind is OptionKind.CHOICE:
        return " / ".join(f"**{c}**" if c == spec.default.value else c for c in spec.choices)
    return "**on** / off" if spec.default else "on / **off**"


def rules_markdown() -> str:
    """The rule table for the README, generated from the registry."""
    lines = ["| # | id | rule | default | options |", "|---|---|---|---|---|"]
    for i, rule in enumerate(RULES, 1):
        options = "<br>".join(f"`{spec.name}`: {_option_markdown(spec)}" for spec in rule.option_specs())
        description = (
            rule.description.replace("|", "\\|").replace("<", "&lt;").replace("_", "\\_").replace("*", "\\*")
        )
        lines.append(f"| {i} | `{rule.id}` | {description} | {'on' if rule.default else 'off'} | {options or '–'} |")
    return "\n".join(lines) + "\n"


def _presets(args: argparse.Namespace) -> int:
    user, problems = load_user_presets()
    presets = builtin_presets() + user
    if args.json:
        print(json.dumps(
            [{"name": p.name, "description": p.description, "where": p.where, "pins": len(p.pins),
              "enabled": list(p.config.enabled_ids())} for p in presets],
            ensure_ascii=False, indent=2,
        ))
    else:
        width = max(10, *(len(p.name) + 1 for p in presets))
        for preset in presets:
            pins = f" [{len(preset.pins)} pin{'s' * (len(preset.pins) != 1)}]" if preset.pins else ""
            print(f"{preset.name:<{width}} {preset.description}{pins}  ({preset.where})")
        if not user:
            print(f"(no user presets in {user_presets_folder()})")
    for problem in problems:
        print(f"wikinorm: warning: {problem}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    preset = load_preset(args.preset)
    outcomes = check_pins(preset.config, preset.pins)
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(f"FAIL {preset.name} pin {outcome.number} ({outcome.pin.label()}): {outcome.describe()}")
    if not outcomes:
        print(f"{preset.name}: no pinned examples ({preset.where})")
    else:
        print(f"{preset.name}: {len(outcomes) - len(failed)} of {len(outcomes)} pins pass", file=sys.stderr)
    return 1 if failed else 0


_COMMANDS = {
    "normalize": _normalize,
    "explain": _explain,
    "inventory": _inventory,
    "batch": _batch,
    "rules": _rules,
    "presets": _presets,
    "check": _check,
}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line to stderr and return 2."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return code
    except (UserError, FileError, PresetError, ConfigError) as exc:
        print(f"wikinorm: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return stdout_closed()
    except OSError as exc:
        print(f"wikinorm: error: {exc}", file=sys.stderr)
        return 2


def stdout_closed() -> int:
    """Exit code for a reader that closed our standard output (``| head``): end quietly.

    As the Python documentation recommends for EPIPE, standard output is pointed
    at the null device so that the flush at exit does not fail a second time.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # no real stdout to redirect (e.g. captured); nothing will be flushed to it
    return 1


__all__ = ["main", "stdout_closed"]
