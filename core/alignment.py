"""Alignment: mapping spans between the raw text and any stage's text, both ways.

Each block's chain of edit maps aligns it with its raw text; between blocks sit
their leads (the raw newline, or what a rule put there), and a tail may follow
the text (footnotes), mapped to the end of the raw text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from .assembly import Assembly
from .edits import EditMap
from .registry import POSITION


class Change(NamedTuple):
    """A raw span that rule ``rule_id`` removed or replaced, and what it put there."""

    raw_start: int
    raw_end: int
    rule_id: str
    replacement: str


class CopyRun(NamedTuple):
    """An output run no rule touched, and where it starts in the raw text."""

    out_start: int
    out_end: int
    raw_start: int


class Alignment:
    """Maps spans between the raw text and one stage's text, both ways.

    Spans are ``(start, end)`` offsets. A span maps to the smallest span that
    covers everything it came from (or became), so it grows over any removed or
    replaced piece it touches; mapping is monotone.
    """

    def __init__(self, raw_len: int, starts: list[int], assembly: Assembly):
        self.raw_len = raw_len
        leads, texts = assembly.leads, assembly.texts
        self._tail = assembly.tail
        self._tail_rule = assembly.tail_rule
        self._lead_rule = assembly.lead_rule
        self._leads = leads
        self._texts = texts
        self._chains = assembly.chains
        self._gaps = [0] + [1] * (len(starts) - 1) if starts else []
        self._raw_starts = [s - g for s, g in zip(starts, self._gaps)]
        out_starts = []
        pos = 0
        for lead, text in zip(leads, texts):
            out_starts.append(pos)
            pos += len(lead) + len(text)
        self._out_starts = out_starts
        #: Where the text ends and the footnotes (inserted at the raw end) begin.
        self.main_len = pos
        self.out_len = pos + len(self._tail)

    def _lead_changed(self, i: int) -> bool:
        return self._leads[i] != ("\n" if self._gaps[i] else "")

    def _to_raw(self, q: int, right: bool) -> int:
        q = min(max(q, 0), self.out_len)
        if q > self.main_len or not self._out_starts:
            return self.raw_len
        if right:
            i = max(bisect_left(self._out_starts, q) - 1, 0)
        else:
            i = bisect_right(self._out_starts, q) - 1
        local = q - self._out_starts[i]
        lead_len = len(self._leads[i])
        base = self._raw_starts[i]
        gap = self._gaps[i]
        if not right:
            if local < lead_len:
                return base + (0 if self._lead_changed(i) else local)
        elif local <= lead_len:
            if not self._lead_changed(i):
                return base + local
            return base + (gap if local > 0 else 0)
        pos = local - lead_len
        for edit_map in reversed(self._chains[i]):
            pos = edit_map.to_input(pos, right)
        return base + gap + pos

    def _to_output(self, p: int, right: bool) -> int:
        p = min(max(p, 0), self.raw_len)
        if right:
            i = max(bisect_left(self._raw_starts, p) - 1, 0)
        else:
            i = bisect_right(self._raw_starts, p) - 1
        local = p - self._raw_starts[i]
        gap = self._gaps[i]
        base = self._out_starts[i]
        lead_len = len(self._leads[i])
        if not right:
            if local < gap:
                return base
        elif local <= gap:
            return base + (lead_len if local > 0 else 0)
        pos = local - gap
        for edit_map in self._chains[i]:
            pos = edit_map.to_output(pos, right)
        return base + lead_len + pos

    def to_raw(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The raw span an output span came from (empty where the output was inserted)."""
        end = start if end is None else end
        return _span(self._to_raw(start, False), self._to_raw(end, True))

    def to_output(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The output span a raw span became (empty where the raw span was removed)."""
        end = start if end is None else end
        return _span(self._to_output(start, False), self._to_output(end, True))

    def rules_at(self, start: int, end: int | None = None) -> list[str]:
        """Ids of the rules that touched output span ``[start, end)`` (default: one character)."""
        end = start + 1 if end is None else end
        found: set[str] = set()
        if end > self.main_len and self._tail:
            found.add(self._tail_rule)
        if not self._out_starts or start >= self.main_len:
            return sorted(found, key=POSITION.__getitem__)
        end = min(end, self.main_len)
        i = bisect_right(self._out_starts, min(max(start, 0), self.main_len)) - 1
        j = max(bisect_left(self._out_starts, end) - 1, i)
        for k in range(i, j + 1):
            base = self._out_starts[k]
            lead_len = len(self._leads[k])
            a, b = max(start - base, 0), min(end - base, lead_len + len(self._texts[k]))
            if a < lead_len and self._lead_changed(k):
                found.add(self._lead_rule)
            a, b = max(a - lead_len, 0), b - lead_len
            if b <= 0 and not (b == 0 and a == 0 and lead_len == 0):
                continue
            for edit_map in reversed(self._chains[k]):
                for edit in edit_map.edits_touching_output(a, b):
                    found.add(edit.rule_id)
                a, b = edit_map.to_input(a), edit_map.to_input(b, True)
        return sorted(found, key=POSITION.__getitem__)

    def changes(self) -> list[Change]:
        """Every raw span removed or replaced, with the rule that did it, in raw order.

        A later rule's edit is reported on the raw characters it really touched:
        pieces an earlier rule had already removed or replaced stay that rule's.
        """
        found = []
        for i, chain in enumerate(self._chains):
            base = self._raw_starts[i] + self._gaps[i]
            if self._lead_changed(i):
                found.append(Change(self._raw_starts[i], base, self._lead_rule, self._leads[i]))
            for k, edit_map in enumerate(chain):
                earlier_maps = chain[:k]
                for start, end, replacement, rule_id in edit_map.edits:
                    for a, b in _raw_pieces(earlier_maps, start, end):
                        found.append(Change(base + a, base + b, rule_id, replacement))
        if self._tail:
            found.append(Change(self.raw_len, self.raw_len, self._tail_rule, self._tail))
        found.sort(key=lambda c: (c.raw_start, c.raw_end))
        return found

    def copy_runs(self) -> list[CopyRun]:
        """Output runs no rule touched, as ``(out_start, out_end, raw_start)``."""
        runs = []
        for i, chain in enumerate(self._chains):
            out_base = self._out_starts[i]
            lead_len = len(self._leads[i])
            if lead_len and not self._lead_changed(i):
                runs.append(CopyRun(out_base, out_base + lead_len, self._raw_starts[i]))
            pieces = [(0, 0, len(self._texts[i]))]  # (final offset, current offset, length)
            for edit_map in reversed(chain):
                narrowed = []
                for final, current, length in pieces:
                    for a, b in edit_map.copy_runs(current, current + length):
                        narrowed.append((final + a - current, edit_map.to_input(a), b - a))
                pieces = narrowed
            raw_base = self._raw_starts[i] + self._gaps[i]
            content = out_base + lead_len
            runs.extend(
                CopyRun(content + final, content + final + length, raw_base + current)
                for final, current, length in pieces
                if length
            )
        return runs


def _span(left: int, right: int) -> tuple[int, int]:
    """The span between a start mapped leftwards and an end mapped rightwards.

    They cross (``left > right``) only where the span is empty at some stage and
    sits on a removal: the start resolves past the removed piece, the end before
    it. Empty and non-empty spans must collapse the same way, onto the end: a
    character inserted where text was removed (a space tokenize puts where html
    dropped a tag) is a non-empty span that crosses, and collapsing it onto its
    start while the empty span just after it collapses onto its end maps
    neighbouring positions out of order.
    """
    return (min(left, right), right)


def _raw_pieces(maps: list[EditMap], start: int, end: int) -> list[tuple[int, int]]:
    """Raw spans under ``[start, end)`` of the text after ``maps`` that no map produced.

    An insertion (empty span) maps to its raw point. If every character came
    from earlier edits, the whole covering raw span is returned instead.
    """
    if not maps:
        return [(start, end)]
    if start == end:
        for edit_map in reversed(maps):
            start = edit_map.to_input(start)
        return [(start, start)]
    pieces = [(start, end)]
    for edit_map in reversed(maps):
        narrowed = []
        for a, b in pieces:
            for x, y in edit_map.copy_runs(a, b):
                x_in = edit_map.to_input(x)
                narrowed.append((x_in, x_in + (y - x)))
        pieces = narrowed
    if pieces:
        return pieces
    for edit_map in reversed(maps):
        start, end = edit_map.to_input(start), edit_map.to_input(end, True)
    return [(start, max(start, end))]
