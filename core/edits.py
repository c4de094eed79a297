"""Edits and edit maps: the currency of source alignment.

Every rule reports what it did as edits ``(start, end, replacement, rule_id)`` on
its input text. An :class:`EditMap` holds one stage's sorted, non-overlapping
edits and maps offsets between that stage's input and output in both directions,
so a chain of maps aligns the final text with the raw text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Iterable, NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement``; made by rule ``rule_id``."""

    start: int
    end: int
    replacement: str
    rule_id: str


def apply_edits(text: str, edits: Iterable[Edit], start: int = 0, stop: int | None = None) -> str:
    """Return ``text`` with sorted, non-overlapping ``edits`` applied.

    With ``start``/``stop``, only ``text[start:stop]`` is rebuilt; the edits lie
    inside it and keep ``text``'s offsets (no shifted copy of each edit).

    >>> apply_edits("a<b>c", [Edit(1, 4, "", "html")])
    'ac'
    >>> apply_edits("xa<b>cy", [Edit(2, 5, "", "html")], 1, 6)
    'ac'
    """
    parts: list[str] = []
    add = parts.append  # once per stage over every edit (tokenize: one per punctuation mark)
    pos = start
    for a, b, replacement, _ in edits:
        add(text[pos:a])
        add(replacement)
        pos = b
    if not parts:
        return text if start == 0 and stop is None else text[start:stop]
    parts.append(text[pos:stop])
    return "".join(parts)


class EditMap:
    """Offsets between one stage's input and output, given that stage's edits.

    Positions are boundaries between characters. ``left`` resolves a boundary to
    the start of a span, ``right`` to its end, so a mapped span always covers
    every replaced or removed piece it touches, and mapping is monotone.
    """

    __slots__ = ("_edits", "_make", "_count", "in_len", "_arrays")

    def __init__(self, edits: list[Edit], in_len: int):
        self._edits: list[Edit] | None = edits
        self.in_len = in_len
        # Offset arrays are built on first use: a plain run never maps offsets.
        self._arrays: tuple | None = None

    @classmethod
    def deferred(cls, make: Callable[[], list[Edit]], count: int, in_len: int) -> "EditMap":
        """A map of the ``count`` edits that ``make()`` returns, made when first asked for.

        A rule that knows its output and count without its edits (lowercase's
        ``text.lower()``) leaves them unmade: a run that never aligns a span
        never makes them.
        """
        edit_map = cls.__new__(cls)
        edit_map._edits = None
        edit_map._make = make
        edit_map._count = count
        edit_map.in_len = in_len
        edit_map._arrays = None
        return edit_map

    @property
    def edits(self) -> list[Edit]:
        """The sorted, non-overlapping edits."""
        edits = self._edits
        if edits is None:
            # Two threads may ask at once (the window's worker and its UI thread):
            # each reads the maker once, and one that finds it gone finds the edits made.
            make = self._make
            if make is None:
                return self._edits
            edits = self._edits = make()
            self._make = None  # what it held (the stage's input) may go
        return edits

    def _build(self) -> tuple:
        starts = [e.start for e in self.edits]
        ends = [e.end for e in self.edits]
        out_starts = []
        out_ends = []
        delta = 0
        for start, end, replacement, _ in self.edits:
            out_start = start + delta
            out_starts.append(out_start)
            out_ends.append(out_start + len(replacement))
            delta += len(replacement) - (end - start)
        self._arrays = (starts, ends, out_starts, out_ends, self.in_len + delta)
        return self._arrays

    @property
    def starts(self) -> list[int]:
        """Input start of each edit."""
        return (self._arrays or self._build())[0]

    @property
    def ends(self) -> list[int]:
        """Input end of each edit."""
        return (self._arrays or self._build())[1]

    @property
    def out_starts(self) -> list[int]:
        """Output start of each edit's replacement."""
        return (self._arrays or self._build())[2]

    @property
    def out_ends(self) -> list[int]:
        """Output end of each edit's replacement."""
        return (self._arrays or self._build())[3]

    @property
    def out_len(self) -> int:
        """Length of the output text."""
        return (self._arrays or self._build())[4]

    def __len__(self) -> int:
        """How many edits (without making deferred ones)."""
        edits = self._edits
        return self._count if edits is None else len(edits)

    def to_input(self, pos: int, right: bool = False) -> int:
        """Map an output boundary to the input (``right`` for a span's end)."""
        out_starts = self.out_starts
        if not right:
            i = bisect_right(out_starts, pos) - 1
            if i < 0:
                return pos
            if pos < self.out_ends[i]:
                return self.starts[i]
            return self.ends[i] + (pos - self.out_ends[i])
        i = bisect_left(out_starts, pos) - 1
        if i < 0:
            return pos
        if pos <= self.out_ends[i]:
            return self.ends[i]
        return self.ends[i] + (pos - self.out_ends[i])

    def to_output(self, pos: int, right: bool = False) -> int:
        """Map an input boundary to the output (``right`` for a span's end)."""
        starts = self.starts
        if not right:
            i = bisect_right(starts, pos) - 1
            if i < 0:
                return pos
            if pos < self.ends[i]:
                return self.out_starts[i]
            return self.out_ends[i] + (pos - self.ends[i])
        i = bisect_left(starts, pos) - 1
        if i < 0:
            return pos
        if pos <= self.ends[i]:
            return self.out_ends[i]
        return self.out_ends[i] + (pos - self.ends[i])

    def edits_touching_output(self, start: int, end: int) -> list[Edit]:
        """Edits that produced output in ``[start, end)``, or removed text strictly inside it.

        For an empty span, the edits whose output contains that point.
        """
        i = max(bisect_right(self.out_starts, start) - 1, 0)
        found = []
        n = len(self.edits)
        out_starts, out_ends = self.out_starts, self.out_ends
        while i < n and out_starts[i] <= end:
            os, oe = out_starts[i], out_ends[i]
            if os == oe:
                if start < os < end:
                    found.append(self.edits[i])
            elif (os < end and oe > start) if start < end else (os <= start < oe):
                found.append(self.edits[i])
            i += 1
        return found

    def copy_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """Split output span ``[start, end)`` into pieces no edit produced.

        Returns ``(output_start, input_start)`` pairs' runs as ``(out_start, out_end)``
        tuples; use :meth:`to_input` on a run's start to find its input.
        """
        runs = []
        pos = start
        i = max(bisect_right(self.out_starts, start) - 1, 0)
        n = len(self.edits)
        while pos < end:
            while i < n and self.out_ends[i] <= pos and not (
                self.out_starts[i] == self.out_ends[i] == pos
            ):
                i += 1
            if i >= n or self.out_starts[i] >= end:
                runs.append((pos, end))
                break
            os, oe = self.out_starts[i], self.out_ends[i]
            if os > pos:
                runs.append((pos, os))
            pos = max(pos, oe)
            i += 1
        return runs
