"""What an edit changed: the differing range of two texts, and of two results by block."""

from __future__ import annotations

from itertools import islice
from typing import NamedTuple, Sequence

from .result import Result


class EditOutcome(NamedTuple):
    """What an edit did to the output: ``old_text[old_start:old_end]`` became ``new[new_start:new_end]``."""

    result: Result
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def diff_range(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)`` such that only ``old[start:old_end]`` became ``new[start:new_end]``.

    Prefix and suffix are found by bisection on slice equality, which runs in C.
    """
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = lo
    lo, hi = 0, limit - start
    n_old, n_new = len(old), len(new)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[n_old - mid : n_old - lo] == new[n_new - mid : n_new - lo]:
            lo = mid
        else:
            hi = mid - 1
    return start, n_old - lo, n_new - lo


def changed_range(old: Result, new: Result, hint: tuple[int, int] | None = None) -> tuple[int, int, int, int]:
    """The output ranges (old and new) outside which both texts agree, by block.

    ``hint``: (units before the changed ones, units after them) as the caller
    expects them; those are compared as whole lists in C first (any hint gives
    the same answer, a good one only sooner).
    """
    # Each block is a unit (its lead, its text); the tail (footnotes) is one more at the end.
    old_final, new_final = old.final, new.final
    old_leads, old_texts = old_final.leads, old_final.texts
    new_leads, new_texts = new_final.leads, new_final.texts
    n_old, n_new = len(old_texts), len(new_texts)
    limit = min(n_old, n_new)
    head = 0
    if hint is not None:
        before = min(hint[0], limit)
        if old_texts[:before] == new_texts[:before] and old_leads[:before] == new_leads[:before]:
            head = before
    while head < limit and old_leads[head] == new_leads[head] and old_texts[head] == new_texts[head]:
        head += 1
    if head == n_old == n_new and old_final.tail == new_final.tail:  # nothing changed
        length = old.text_length
        new.remember_text_length(length)
        return length, length, length, length
    tail = 0
    if hint is not None:
        after = min(hint[1], limit - head)
        if (
            old_texts[n_old - after :] == new_texts[n_new - after :]
            and old_leads[n_old - after :] == new_leads[n_new - after :]
        ):
            tail = after
    while (
        tail < limit - head
        and old_leads[n_old - 1 - tail] == new_leads[n_new - 1 - tail]
        and old_texts[n_old - 1 - tail] == new_texts[n_new - 1 - tail]
    ):
        tail += 1
    # Lengths of the changed units (few) and of the shorter of the unchanged prefix and suffix.
    old_middle = _length(old_leads, old_texts, head, n_old - tail)
    new_middle = _length(new_leads, new_texts, head, n_new - tail)
    old_length = old.text_length
    if head <= tail:
        prefix = _length(old_leads, old_texts, 0, head)
    else:
        prefix = old_length - old_middle - _length(old_leads, old_texts, n_old - tail, n_old) - len(old_final.tail)
    # The units outside the changed ones are equal: the new length follows from the old
    # (so no edit sums the lengths of every block; only the first after a full run does).
    new_length = old_length - old_middle - len(old_final.tail) + new_middle + len(new_final.tail)
    new.remember_text_length(new_length)
    if old_final.tail != new_final.tail:
        return prefix, old_length, prefix, new_length
    return prefix, prefix + old_middle, prefix, prefix + new_middle


def _length(leads: Sequence[str], texts: Sequence[str], start: int, stop: int) -> int:
    """The output length of units ``start:stop`` (leads and texts)."""
    if start:  # islice would step through the units before start
        return sum(map(len, leads[start:stop])) + sum(map(len, texts[start:stop]))
    return sum(map(len, islice(leads, stop))) + sum(map(len, islice(texts, stop)))
