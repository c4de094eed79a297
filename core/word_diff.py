"""Word-level differences between two texts, as typed spans on each side.

Used wherever two outputs are set side by side: the window's Compare view, a
failing pin's expected and actual output, ``wikinorm check``.

>>> diff = word_diff("the quick fox", "the slow fox")
>>> [(s.kind.value, "the quick fox"[s.start:s.end]) for s in diff.left]
[('equal', 'the '), ('changed', 'quick'), ('equal', ' fox')]
>>> inline(diff)
'the [-quick-]{+slow+} fox'
"""

from __future__ import annotations

import difflib
import enum
import re
from typing import NamedTuple

# A word, or a run of whitespace, or one other character: every character of a
# text is in exactly one token, so token spans tile the text.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


class DiffKind(enum.Enum):
    """What a span is on its side: the same on both sides, or only on this one."""

    EQUAL = "equal"
    #: Replaced by something else on the other side.
    CHANGED = "changed"
    #: On this side only (removed on the left, inserted on the right).
    ONLY = "only"


class DiffSpan(NamedTuple):
    """``text[start:end]`` of one side, and how it compares with the other side."""

    start: int
    end: int
    kind: DiffKind


class WordDiff(NamedTuple):
    """Spans tiling the left text and the right text, and the pieces that differ, in order."""

    left_text: str
    right_text: str
    left: list[DiffSpan]
    right: list[DiffSpan]

    @property
    def same(self) -> bool:
        """Whether the two texts are equal."""
        return self.left_text == self.right_text

    def differing_words(self) -> int:
        """How many word tokens differ, counted on both sides."""
        count = 0
        for text, spans in ((self.left_text, self.left), (self.right_text, self.right)):
            for span in spans:
                if span.kind is not DiffKind.EQUAL:
                    count += len(re.findall(r"\w+", text[span.start : span.end]))
        return count


def tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the words, whitespace runs and other characters of ``text``, in order."""
    return [m.span() for m in _TOKEN.finditer(text)]


def word_diff(left: str, right: str) -> WordDiff:
    """Compare ``left`` and ``right`` word by word (difflib over tokens)."""
    a_spans, b_spans = tokens(left), tokens(right)
    a_words = [left[s:e] for s, e in a_spans]
    b_words = [right[s:e] for s, e in b_spans]
    # autojunk would treat frequent tokens (spaces, "the") as junk on long texts
    # and report whole paragraphs as changed.
    matcher = difflib.SequenceMatcher(None, a_words, b_words, autojunk=False)
    out_a: list[DiffSpan] = []
    out_b: list[DiffSpan] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind_a = kind_b = DiffKind.EQUAL
        if tag == "replace":
            kind_a = kind_b = DiffKind.CHANGED
        elif tag == "delete":
            kind_a = DiffKind.ONLY
        elif tag == "insert":
            kind_b = DiffKind.ONLY
        if i2 > i1:
            _add(out_a, a_spans[i1][0], a_spans[i2 - 1][1], kind_a)
        if j2 > j1:
            _add(out_b, b_spans[j1][0], b_spans[j2 - 1][1], kind_b)
    return WordDiff(left, right, out_a, out_b)


def _add(spans: list[DiffSpan], start: int, end: int, kind: DiffKind) -> None:
    if spans and spans[-1].kind is kind and spans[-1].end == start:
        spans[-1] = DiffSpan(spans[-1].start, end, kind)
    else:
        spans.append(DiffSpan(start, end, kind))


def inline(diff: WordDiff, context: int | None = None) -> str:
    """The diff as one text, wdiff style: ``[-left only-]{+right only+}``.

    With ``context``, equal stretches longer than that many characters either
    side of a difference are cut to ``…``.
    """
    parts: list[str] = []
    a = iter(diff.left)
    b = iter(diff.right)
    span_a, span_b = next(a, None), next(b, None)
    while span_a is not None or span_b is not None:
        if span_a is not None and span_a.kind is DiffKind.EQUAL and (span_b is None or span_b.kind is DiffKind.EQUAL):
            text = diff.left_text[span_a.start : span_a.end]
            first, last = not parts, next_is_end(span_a, diff.left) and (span_b is None or next_is_end(span_b, diff.right))
            parts.append(_cut(text, context, first, last))
            span_a, span_b = next(a, None), next(b, None)
            continue
        if span_a is not None and span_a.kind is not DiffKind.EQUAL:
            parts.append(f"[-{diff.left_text[span_a.start : span_a.end]}-]")
            changed = span_a.kind is DiffKind.CHANGED
            span_a = next(a, None)
            if changed and span_b is not None:
                parts.append(f"{{+{diff.right_text[span_b.start : span_b.end]}+}}")
                span_b = next(b, None)
            continue
        if span_b is not None:
            parts.append(f"{{+{diff.right_text[span_b.start : span_b.end]}+}}")
            span_b = next(b, None)
    return "".join(parts)


def next_is_end(span: DiffSpan, spans: list[DiffSpan]) -> bool:
    """Whether ``span`` is the last of ``spans``."""
    return span is spans[-1]


def _cut(text: str, context: int | None, first: bool, last: bool) -> str:
    if context is None or len(text) <= 2 * context:
        return text
    if first and last:
        return text
    if first:
        return "…" + text[-context:]
    if last:
        return text[:context] + "…"
    return text[:context] + "…" + text[-context:]


__all__ = ["DiffKind", "DiffSpan", "WordDiff", "inline", "tokens", "word_diff"]
