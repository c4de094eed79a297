"""What one rule changed: the text before it and after it, as removed and inserted pieces.

Step-through in the window shows the text after a rule; this says which parts of
it that rule put there and what it took away (CyberChef style), from the
result's alignments rather than by diffing two long texts.

>>> from wikinorm.core import Config, run
>>> result = run("a '''b''' <!-- c --> d", Config.default())
>>> diff = step_diff(result, "comments")
>>> [(s.kind.value, s.text) for s in diff.segments()]
[('kept', "a '''b''' "), ('removed', '<!-- c -->'), ('kept', ' d')]
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from .registry import RULE_IDS, position
from .result import Result
from .word_diff import opcodes, tokens


class SegmentKind(enum.Enum):
    """A piece of the merged before/after text."""

    KEPT = "kept"
    REMOVED = "removed"
    INSERTED = "inserted"


class Segment(NamedTuple):
    """A piece of text, and whether the rule kept, removed or inserted it."""

    kind: SegmentKind
    text: str


class Hunk(NamedTuple):
    """``before[before_start:before_end]`` became ``after[after_start:after_end]``."""

    before_start: int
    before_end: int
    after_start: int
    after_end: int


class StepDiff(NamedTuple):
    """The text before rule ``rule_id`` and after it, and the hunks where they differ (in order)."""

    rule_id: str
    before: str
    after: str
    hunks: list[Hunk]

    def segments(self) -> list[Segment]:
        """The merged text: kept, removed and inserted pieces in reading order."""
        out: list[Segment] = []
        at = 0
        for h in self.hunks:
            if h.after_start > at:
                out.append(Segment(SegmentKind.KEPT, self.after[at : h.after_start]))
            if h.before_end > h.before_start:
                out.append(Segment(SegmentKind.REMOVED, self.before[h.before_start : h.before_end]))
            if h.after_end > h.after_start:
                out.append(Segment(SegmentKind.INSERTED, self.after[h.after_start : h.after_end]))
            at = h.after_end
        if at < len(self.after):
            out.append(Segment(SegmentKind.KEPT, self.after[at:]))
        return out


def step_diff(result: Result, rule_id: str) -> StepDiff:
    """What rule ``rule_id`` changed in ``result``'s text, against the step before it."""
    at = position(rule_id)
    previous = RULE_IDS[at - 1] if at else None
    before = result.raw if previous is None else result.text_after(previous)
    after = result.text_after(rule_id)
    hunks = _from_alignment(result, rule_id, previous, before, after)
    if not _rebuilds(before, after, hunks):
        # Document-level steps (leads between blocks, the footnote tail) are not
        # all raw-span changes: compare the texts themselves.
        hunks = _by_words(before, after)
    return StepDiff(rule_id, before, after, hunks)


def _from_alignment(result: Result, rule_id: str, previous: str | None, before: str, after: str) -> list[Hunk]:
    after_map = result.alignment(rule_id)
    before_map = None if previous is None else result.alignment(previous)
    hunks: list[Hunk] = []
    for change in after_map.changes():
        if change.rule_id != rule_id:
            continue
        span = (change.raw_start, change.raw_end)
        a, b = span if before_map is None else before_map.to_output(*span)
        c, d = after_map.to_output(*span)
        if hunks and a < hunks[-1].before_end:
            last = hunks.pop()
            a, c = min(a, last.before_start), min(c, last.after_start)
            b, d = max(b, last.before_end), max(d, last.after_end)
        hunks.append(Hunk(a, b, c, d))
    # Each hunk is one edit of the rule, shown whole ("&amp;" became "&", not "amp;" went).
    return [h for h in hunks if before[h.before_start : h.before_end] != after[h.after_start : h.after_end]]


def _rebuilds(before: str, after: str, hunks: list[Hunk]) -> bool:
    """Whether applying ``hunks`` to ``before`` gives ``after`` (the alignment told all)."""
    parts = []
    at_before = at_after = 0
    for h in hunks:
        if h.before_start < at_before or h.after_start < at_after:
            return False
        if h.before_start - at_before != h.after_start - at_after:
            return False
        parts.append(before[at_before : h.before_start])
        parts.append(after[h.after_start : h.after_end])
        at_before, at_after = h.before_end, h.after_end
    parts.append(before[at_before:])
    return "".join(parts) == after


def _by_words(before: str, after: str) -> list[Hunk]:
    """Hunks from a word-by-word comparison of the two texts (core/word_diff.py's opcodes)."""
    a_spans, b_spans = tokens(before), tokens(after)
    a_offsets = [s for s, _ in a_spans] + [len(before)]
    b_offsets = [s for s, _ in b_spans] + [len(after)]
    codes = opcodes([before[s:e] for s, e in a_spans], [after[s:e] for s, e in b_spans])
    return [
        Hunk(a_offsets[i1], a_offsets[i2], b_offsets[j1], b_offsets[j2])
        for tag, i1, i2, j1, j2 in codes
        if tag != "equal"
    ]


__all__ = ["Hunk", "Segment", "SegmentKind", "StepDiff", "step_diff"]
