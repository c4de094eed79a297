"""Save, or compare, the output of every shared corpus page: the "output must not change" check.

    python -m bench.snapshot save DIR     # normalize with every built-in preset, explain --json
    python -m bench.snapshot compare OLD NEW

``save`` writes, for each article and edge page, ``wikinorm normalize`` with each built-in
preset and ``wikinorm explain --json`` with each preset but ``none``, through the CLI (so a
checkout of any age can be snapshotted with its own venv). ``compare`` reports every file
that differs; JSON keys present on one side only are listed apart, so a new explain field
does not hide a changed count. Exit 1 when anything differs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

from bench import corpus


def save(out: Path) -> int:
    """Write every page's outputs into ``out``."""
    from wikinorm.cli import main
    from wikinorm.core.presets import BUILTIN_NAMES

    pages = corpus.articles() + corpus.edge_pages()
    if not pages:
        print(corpus.missing(corpus.CORPUS), file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        started = time.perf_counter()
        key = f"{page.parent.name}__{page.stem}"
        for preset in BUILTIN_NAMES:
            main(["normalize", str(page), "--preset", preset, "-o", str(out / f"{key}.{preset}.txt")])
            if preset == "none":
                continue
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                main(["explain", str(page), "--preset", preset, "--json"])
            (out / f"{key}.{preset}.explain.json").write_text(buffer.getvalue(), encoding="utf-8")
        print(f"{time.perf_counter() - started:6.1f} s  {key}", flush=True)
    return 0


def compare(old: Path, new: Path) -> int:
    """Print each difference between two snapshots; 1 if any."""
    differences = 0
    key_changes: dict[str, int] = {}
    names = sorted({p.name for p in old.iterdir()} | {p.name for p in new.iterdir()})
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            print(f"only in {'new' if b.exists() else 'old'}: {name}")
            differences += 1
        elif name.endswith(".json"):
            ja, jb = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
            added = sorted(set(jb) - set(ja))
            removed = sorted(set(ja) - set(jb))
            for key in added:
                key_changes[f"added {key}"] = key_changes.get(f"added {key}", 0) + 1
            for key in removed:
                key_changes[f"removed {key}"] = key_changes.get(f"removed {key}", 0) + 1
            changed = [k for k in set(ja) & set(jb) if ja[k] != jb[k]]
            if changed or any(jb[k] not in ([], {}, None) for k in added):
                print(f"json differs {name}: {sorted(changed) or [k for k in added if jb[k]]}")
                differences += 1
        elif a.read_bytes() != b.read_bytes():
            print(f"text differs {name}")
            differences += 1
    for change, files in sorted(key_changes.items()):
        print(f"explain JSON key {change} in {files} files (a difference only where non-empty, listed above)")
    print(f"{len(names)} files, {differences} differences")
    return 1 if differences else 0


def main() -> int:
    """Command line: ``save DIR`` or ``compare OLD NEW``."""
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("save").add_argument("dir", type=Path)
    p = sub.add_parser("compare")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    args = parser.parse_args()
    return save(args.dir) if args.command == "save" else compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
