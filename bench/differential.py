"""Differential check: this checkout's engine against an older one, text by text.

Speed work must not change output. This runs random and corpus-derived texts
(corpus pieces cut, spliced, case-flipped, with openers, closers and odd
characters inserted) through ``run(text, preset)`` here and in OLD_CHECKOUT, for
every built-in preset, and compares the final text and counts; every few texts
also each rule's stage text (``text_after``) and ``changes()`` (the alignment,
which reads deferred edits). The old engine runs in a worker process started
with OLD_PYTHON (a Python whose ``wikinorm`` is OLD_CHECKOUT, e.g. a venv with
``pip install -e OLD_CHECKOUT``). Each difference is printed (shortened input
repr, old and new) and saved under --out; the run goes on.

Usage: python -m bench.differential OLD_PYTHON --minutes N [--seed S] [--out DIR]
Exit status 1 if anything differed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

DEEP_EVERY = 4

#: Pieces the mutations insert: openers and closers of every construct the
#: parser claims early, their odd spellings, and characters that tokenizers
#: treat specially.
PIECES = (
    "<ref>", "</ref>", "<REF>", "</REF>", "<Ref>", "</ref >", "</ref\n>", "<ref name=a>",
    '<ref name="a>b">', "<ref name='x'>", "<ref/>", "<ref name=x />", "<ref\nname=y>",
    "<ref group=note>", "<references/>", "<references>", "</references>",
    "{|", "|}", "\n{|", "\n|}", "\n|-\n", "\n| ", "\n! ", "||", "!!", "{{!}}",
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "[http://x.org a]",
    "<!--", "-->", "\n=", "=\n", "\n==H==\n", "\n", "\n\n", "\r\n", "\r", " ", "\t",
    "\x00", "\ue000", "\ue001", "\ue002", "\U0001d400", "\u00a0", "é", "'", "''", "'''",
    "<nowiki>", "</nowiki>", "<nowiki/>", "<math>", "</math>", "<pre>", "</pre>",
    "<br>", "<br/>", "<wbr>", "</wbr>", "<small>", "</small>", "<span>", "</span>",
    "<gallery>", "</gallery>", "<div>", "</div>", "<sup>", "</sup>", "<u>", "</u>",
    "<includeonly>", "</includeonly>", "<noinclude>", "&lt;ref&gt;", "&lt;/ref&gt;",
    "&amp;", "&nbsp;", "<", ">", "/>", "|", "=", "*", "#", ":", ";", "__TOC__",
    "{{cite web|url=x|title=y}}", "{{sfn|A|2000}}", "[[File:x.jpg|thumb|cap]]",
    "[[Category:X]]", "<{{a}}>", "</{{ab}}>", "<b{{x}}", "</b{{x}}>", "<ref{{a}}>", "<<ref>a</ref>>",
    "<referenceſ/>", "</referenceſ>", "<ſmall>", "<\u212aref>", "<referenceS/>", "a.", "U.S.", "don't", "\"", "(", ")", ",", "-", "--",
)

WORDS = ("the", "A", "Word", "x", "ÉCOLE", "İ", "ß", "1990", "U.N.", "won't", "e.g.", "Σ", "ǅ", "DON'T", "IT'S", "AIN'T'S")


def corpus_texts() -> list[str]:
    """Every shared corpus article and edge case (empty if the corpus is absent)."""
    root = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    texts = []
    for folder in ("articles", "edge"):
        for path in sorted((root / folder).glob("*")):
            if path.is_file():
                try:
                    texts.append(path.read_text("utf-8"))
                except (UnicodeDecodeError, OSError):
                    pass
    return texts


def piece_of(rng: random.Random, texts: list[str]) -> str:
    """A window of a corpus text, often starting at a construct."""
    text = rng.choice(texts)
    if not text:
        return ""
    length = rng.choice((40, 150, 600, 2000, 6000))
    if rng.random() < 0.6:
        marker = rng.choice(("<ref", "{|", "{{", "\n", "<!--", "[[", "<", "'''"))
        at = text.find(marker, rng.randrange(len(text)))
        start = at if at >= 0 else rng.randrange(len(text))
        start = max(0, start - rng.choice((0, 0, 1, 5, 50)))
    else:
        start = rng.randrange(len(text))
    return text[start:start + length]


#: Letters that a case-blind pattern matches though lower() does not make them equal.
_FOLDS = str.maketrans({"s": "ſ", "k": "\u212a", "i": "ı", "I": "İ", "S": "ſ", "K": "\u212a"})


def _fold(text: str) -> str:
    """``text`` with some letters written as their case-fold twins (long s, Kelvin sign, dotless i)."""
    return text.translate(_FOLDS)


def mutate(rng: random.Random, text: str, texts: list[str]) -> str:
    """A few random mutations: inserts, cuts, case flips, splices, duplications."""
    for _ in range(rng.choice((0, 1, 1, 2, 3, 5, 8))):
        n = len(text)
        at = rng.randint(0, n)
        kind = rng.random()
        if kind < 0.45:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif kind < 0.6 and n:
            end = min(n, at + rng.choice((1, 1, 2, 5, 20, 100)))
            text = text[:at] + text[end:]
        elif kind < 0.7 and n:
            end = min(n, at + rng.choice((3, 10, 50, 300)))
            flip = rng.choice((str.upper, str.lower, str.swapcase, _fold))
            text = text[:at] + flip(text[at:end]) + text[end:]
        elif kind < 0.8:
            text = text[:at] + piece_of(rng, texts)[: rng.choice((20, 200, 1000))] + text[at:]
        elif kind < 0.9 and n:
            end = min(n, at + rng.choice((5, 30, 200)))
            text = text[:end] + text[at:end] + text[end:]
        else:
            text = text[:at] + rng.choice(WORDS) + " " + text[at:]
    return text


def random_text(rng: random.Random) -> str:
    """Dense markup from PIECES and WORDS."""
    parts = []
    for _ in range(rng.randint(1, 40)):
        parts.append(rng.choice(PIECES) if rng.random() < 0.55 else rng.choice(WORDS))
        if rng.random() < 0.5:
            parts.append(" ")
    return "".join(parts)


def plain_claim_text(rng: random.Random) -> str:
    """A tag or table whose contents look plain, with one odd thing in or around it."""
    inner = " ".join(rng.choice(("a", "b.", "[[L]]", "[[L|x]]", "Word", "1", "{{x}}", "'''b'''")) for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.5:
        tag = rng.choice(("ref", "REF", "Ref", "ref name=a", 'ref name="a>b"', "ref group=g", "small", "math", "nowiki", "gallery", "span", "sup"))
        name = tag.split()[0]
        close = rng.choice((f"</{name}>", f"</{name.lower()}>", f"</{name} >", f"</{name}\n>", "", f"</{name}>x"))
        core = f"<{tag}>{mutate(rng, inner, [inner])}{close}"
    else:
        rows = "\n".join(rng.choice(("|-", "| " + inner, "! h", "|a||b", "|}", "{|", "|+ cap", "=x=")) for _ in range(rng.randint(0, 5)))
        core = "{|" + rng.choice(("", " class=wikitable", "\n")) + "\n" + rows + rng.choice(("\n|}", "|}", "", "\n|}\n|}"))
    before = rng.choice(("", "", "x ", "\n", "<!--", "{{", "[[", "<ref>", "=", "\n=", "'''", "\x00", "\ue000", "\r\n"))
    after = rng.choice(("", "", " y", "\n", "-->", "}}", "]]", "</ref>", "=", "\n", "|}", "\ue000"))
    return mutate(rng, before + core + after, [core]) if rng.random() < 0.3 else before + core + after


def make_text(rng: random.Random, texts: list[str]) -> str:
    """One input, of a random kind."""
    kind = rng.random()
    if kind < 0.35 and texts:
        return mutate(rng, piece_of(rng, texts), texts)
    if kind < 0.5 and texts:
        return piece_of(rng, texts) + mutate(rng, piece_of(rng, texts), texts)
    if kind < 0.7:
        return random_text(rng)
    if kind < 0.9:
        return "".join(plain_claim_text(rng) + rng.choice(("", " ", "\n", "\n\n")) for _ in range(rng.randint(1, 4)))
    return mutate(rng, random_text(rng) + plain_claim_text(rng), texts)


def outcome(text: str, preset_name: str, deep: bool) -> dict:
    """What run() gives: text and counts, and when deep each stage and the changes."""
    from wikinorm.core.document import run
    from wikinorm.core.presets import builtin_preset

    config = builtin_preset(preset_name).config
    result = run(text, config)
    out = {"text": result.text, "counts": dict(sorted(result.counts.items()))}
    if deep:
        out["steps"] = {s.rule_id: [s.edits, result.text_after(s.rule_id)] for s in result.steps}
        out["changes"] = [list(c) for c in result.changes()]
    return out


def worker() -> None:
    """Answer one JSON request per line with the outcome (or the error) as JSON."""
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = outcome(request["text"], request["preset"], request["deep"])
        except Exception as error:  # noqa: BLE001 - an error is an outcome to compare
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def main() -> int:
    """Run texts through both engines until the time is up; print differences."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_python", help="a Python whose wikinorm is the old checkout")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("/tmp/differential"))
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    from wikinorm.core.presets import BUILTIN_NAMES

    texts = corpus_texts()
    old = subprocess.Popen(
        [args.old_python, str(Path(__file__).resolve()), "--worker"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        cwd="/",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    cases = differences = chars = 0
    print(f"seed {seed}, presets {', '.join(BUILTIN_NAMES)}", flush=True)
    while time.monotonic() < deadline:
        text = make_text(rng, texts)
        deep = cases % DEEP_EVERY == 0
        for name in BUILTIN_NAMES:
            old.stdin.write(json.dumps({"text": text, "preset": name, "deep": deep}) + "\n")
            old.stdin.flush()
            try:
                new = outcome(text, name, deep)
            except Exception as error:  # noqa: BLE001
                new = {"error": f"{type(error).__name__}: {error}"}
            was = json.loads(old.stdout.readline())
            cases += 1
            chars += len(text)
            if new != was:
                differences += 1
                keys = [k for k in was if was.get(k) != new.get(k)]
                print(f"DIFF #{differences} preset {name}, in {keys}: {text[:300]!r}", flush=True)
                for key in keys:
                    print(f"  old {key}: {str(was.get(key))[:300]!r}\n  new {key}: {str(new.get(key))[:300]!r}")
                (args.out / f"diff-{seed}-{differences}.json").write_text(
                    json.dumps({"preset": name, "text": text, "old": was, "new": new}), "utf-8")
        if cases % 2000 < len(BUILTIN_NAMES):
            print(f"{cases} runs, {chars} chars, {differences} differences", flush=True)
    old.stdin.close()
    old.wait()
    print(f"done: {cases} runs ({cases // len(BUILTIN_NAMES)} texts x {len(BUILTIN_NAMES)} presets), "
          f"{chars} chars, {differences} differences, seed {seed}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
