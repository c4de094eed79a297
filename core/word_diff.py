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

import bisect
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
    out_a: list[DiffSpan] = []
    out_b: list[DiffSpan] = []
    for tag, i1, i2, j1, j2 in opcodes(a_words, b_words):
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


#: Stretches with at most this many token pairs go to difflib as they are.
_EXACT_UP_TO = 4_000_000
_MAX_DEPTH = 60


def opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes turning token list ``a`` into ``b``, fast on long texts.

    Short stretches go to difflib as they are; long ones are first cut at tokens
    found once on each side and in the same order (patience diff), so the work
    stays near linear where difflib compares every token with every other (a
    180 kB page: minutes).
    """
    out: list[tuple[str, int, int, int, int]] = []
    _diff(a, b, 0, len(a), 0, len(b), out, 0)
    return out


def _diff(a, b, a_lo: int, a_hi: int, b_lo: int, b_hi: int, out: list, depth: int) -> None:
    start_a, start_b = a_lo, b_lo
    while a_lo < a_hi and b_lo < b_hi and a[a_lo] == b[b_lo]:
        a_lo, b_lo = a_lo + 1, b_lo + 1
    if a_lo > start_a:
        out.append(("equal", start_a, a_lo, start_b, b_lo))
    end_a, end_b = a_hi, b_hi
    while a_lo < a_hi and b_lo < b_hi and a[a_hi - 1] == b[b_hi - 1]:
        a_hi, b_hi = a_hi - 1, b_hi - 1
    if a_lo == a_hi or b_lo == b_hi:
        if a_lo < a_hi:
            out.append(("delete", a_lo, a_hi, b_lo, b_lo))
        elif b_lo < b_hi:
            out.append(("insert", a_lo, a_lo, b_lo, b_hi))
    elif (a_hi - a_lo) * (b_hi - b_lo) <= _EXACT_UP_TO:
        matcher = difflib.SequenceMatcher(None, a[a_lo:a_hi], b[b_lo:b_hi], autojunk=False)
        out.extend((tag, a_lo + i1, a_lo + i2, b_lo + j1, b_lo + j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes())
    else:
        anchors = _anchors(a, b, a_lo, a_hi, b_lo, b_hi) if depth < _MAX_DEPTH else []
        if not anchors:
            out.append(("replace", a_lo, a_hi, b_lo, b_hi))
        else:
            i, j = a_lo, b_lo
            for ai, bj in anchors:
                _diff(a, b, i, ai, j, bj, out, depth + 1)
                out.append(("equal", ai, ai + 1, bj, bj + 1))
                i, j = ai + 1, bj + 1
            _diff(a, b, i, a_hi, j, b_hi, out, depth + 1)
    if a_hi < end_a:
        out.append(("equal", a_hi, end_a, b_hi, end_b))


def _unique(seq, lo: int, hi: int) -> dict[str, int]:
    """Each token found exactly once in ``seq[lo:hi]``, with its position."""
    once: dict[str, int] = {}
    seen: set[str] = set()
    for i in range(lo, hi):
        token = seq[i]
        if token in seen:
            once.pop(token, None)
        else:
            seen.add(token)
            once[token] = i
    return once


def _anchors(a, b, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> list[tuple[int, int]]:
    """Pairs of positions of tokens found exactly once in each range, longest run in the same order."""
    once_a = _unique(a, a_lo, a_hi)
    once_b = _unique(b, b_lo, b_hi)
    pairs = sorted((i, once_b[t]) for t, i in once_a.items() if t in once_b)
    # Longest increasing run of b positions (patience sorting).
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back.append(tail_at[pos - 1] if pos else -1)
    chain = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


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


__all__ = ["DiffKind", "DiffSpan", "WordDiff", "inline", "opcodes", "tokens", "word_diff"]
