"""Deciding, before parsing, whether a block is safe to hand to mwparserfromhell.

The tokenizer is C code: once started it cannot be interrupted from Python, and
on some shapes of broken wikitext it backtracks without end (each unclosed
opener makes it re-scan the rest of the block, nested unclosed openers multiply
that). So the budget is kept by assessing each block in one linear pass first;
a block judged pathological goes through :mod:`~wikinorm.core.fallback`, which
is linear and still removes markup. A time limit on the parse itself would need
a worker process per block (fork is unsafe beside the window's threads and
costs more than most parses), so it is not used.

The thresholds are absolute: the largest block of the shared corpus's ordinary
articles is 37 KB with at most 144 unclosed openers, parsing in 0.13 s; the two
edge pages that take the tokenizer 4–13 s have 944 and 3,924 in 62–79 KB.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple


class FallbackReason(enum.Enum):
    """Why a block skipped the parser."""

    SIZE = "size"  # longer than MAX_BLOCK_CHARS
    OPENERS = "openers"  # too many unclosed openers (or too many for its length)
    NESTING = "nesting"  # a run of list markers the parser would nest one per character


class FallbackBlock(NamedTuple):
    """A block that went through the linear fallback: raw span, 1-based line, reason."""

    raw_start: int
    raw_end: int
    line: int
    reason: FallbackReason

    def as_dict(self) -> dict:
        """JSON-able form (``wikinorm explain --json``)."""
        return {"raw_start": self.raw_start, "raw_end": self.raw_end, "line": self.line, "reason": self.reason.value}


# An enum member read from its class is a descriptor call (Python 3.11): read once here.
_SIZE = FallbackReason.SIZE
_OPENERS = FallbackReason.OPENERS
_NESTING = FallbackReason.NESTING

#: Blocks longer than this skip the parser (its tree for 64 KB of markup already costs ~1 s).
MAX_BLOCK_CHARS = 64_000
#: More unclosed openers than this and nested backtracking grows as a power of their count.
MAX_UNCLOSED = 256
#: Unclosed openers × block length: each one may make the tokenizer re-scan the block.
MAX_RESCAN = 8_000_000
#: A longer run of list markers at a line start nests one tag per marker.
MAX_LIST_RUN = 32

# Openers whose closer the tokenizer looks for to the end of the block, and their closers.
_TOKENS = re.compile(
    r"<!--|-->|\{\{|\}\}|\[\[|\]\]|\{\||\|\}|\[(?:[a-z][a-z0-9+.-]*:)?//"
    r"|<(?P<close>/?)(?P<tag>[a-z][\w:-]*)(?P<attrs>[^<>]*?)(?P<self>/?)>"
    r"|<[a-z0-9/!]|\]",
    re.IGNORECASE,
)
_PAIRS = {"{{": "}}", "[[": "]]", "{|": "|}", "<!--": "-->", "[ext": "]"}
_LIST_MARKERS = "*#:;"
# A run after a line break: the literal "\n" first lets the search skip to each
# one, where ``^`` in MULTILINE mode is tried at every character (most of assess's time).
_LIST_RUN_LATER = re.compile(r"\n[*#:;]{%d}" % (MAX_LIST_RUN + 1))


def _list_run(text: str) -> bool:
    """Whether a line of ``text`` starts with more than :data:`MAX_LIST_RUN` list markers."""
    # Most blocks start with no marker, and hold one line: a character and a
    # search for a line break (in C, memchr) before any slice or pattern.
    if text[:1] in _LIST_MARKERS:
        head = text[: MAX_LIST_RUN + 1]
        if len(head) > MAX_LIST_RUN and not head.strip(_LIST_MARKERS):
            return True
    return "\n" in text and _LIST_RUN_LATER.search(text) is not None


def unclosed_openers(text: str) -> int:
    """How many openers in ``text`` have no closer: templates, links, tables, comments, tags.

    A ``<`` that starts no complete tag (``<2 Kb``) counts as one: the tokenizer
    tries it as a tag and looks ahead for its end.
    """
    counts: dict[str, int] = {}
    tags: dict[str, int] = {}
    for match in _TOKENS.finditer(text):
        name = match.group("tag")
        if name is not None:
            name = name.lower()
            if match.group("close"):
                tags[name] = tags.get(name, 0) - 1
            elif not match.group("self"):
                tags[name] = tags.get(name, 0) + 1
            continue
        token = match.group()
        if token[0] == "[" and token != "[[":
            token = "[ext"
        elif token[0] == "<" and token != "<!--":
            token = "<"
        counts[token] = counts.get(token, 0) + 1
    total = counts.get("<", 0) + sum(n for n in tags.values() if n > 0)
    for opener, closer in _PAIRS.items():
        total += max(0, counts.get(opener, 0) - counts.get(closer, 0))
    return total


def assess(text: str) -> FallbackReason | None:
    """Why block ``text`` must skip the parser, or None if parsing it is safe.

    One linear pass (regular expressions only); cheap next to any parse.
    """
    length = len(text)
    if length > MAX_BLOCK_CHARS:
        return _SIZE
    # Every opener starts with one of "<[{" and no two share that character, so
    # their count bounds the unclosed ones: most blocks pass without the scan.
    # A block of at most MAX_UNCLOSED characters has no more openers than that,
    # and their product with its length is far below MAX_RESCAN: not even counted.
    if length > MAX_UNCLOSED:
        bound = text.count("<") + text.count("[") + text.count("{")
        if bound > MAX_UNCLOSED or bound * length > MAX_RESCAN:
            unclosed = unclosed_openers(text)
            if unclosed > MAX_UNCLOSED or unclosed * length > MAX_RESCAN:
                return _OPENERS
    if length > MAX_LIST_RUN and _list_run(text):
        return _NESTING
    return None


def fallback_summary(blocks: tuple[FallbackBlock, ...] | list[FallbackBlock]) -> str:
    """One line saying which blocks skipped the parser ("" when none did).

    >>> fallback_summary([FallbackBlock(0, 70000, 1, FallbackReason.SIZE)])
    '1 block (70,000 characters, line 1) simplified without parsing: size'
    >>> fallback_summary([FallbackBlock(0, 9, 3, FallbackReason.OPENERS), FallbackBlock(20, 25, 8, FallbackReason.SIZE)])
    '2 blocks (14 characters, lines 3, 8) simplified without parsing: openers, size'
    """
    if not blocks:
        return ""
    chars = sum(b.raw_end - b.raw_start for b in blocks)
    lines = [str(b.line) for b in blocks[:5]] + (["…"] if len(blocks) > 5 else [])
    reasons = sorted({b.reason.value for b in blocks})
    noun = "block" if len(blocks) == 1 else "blocks"
    where = ("line " if len(blocks) == 1 else "lines ") + ", ".join(lines)
    return f"{len(blocks)} {noun} ({chars:,} characters, {where}) simplified without parsing: {', '.join(reasons)}"


__all__ = ["FallbackBlock", "FallbackReason", "assess", "fallback_summary", "unclosed_openers"]
