"""What an edit changed: the differing range of two texts, and of two results by block."""

from __future__ import annotations

from typing import NamedTuple

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
    # The tail (footnotes) is one more unit at the end.
    old_final, new_final = old.final, new.final
    old_leads, old_texts = [*old_final.leads, ""], [*old_final.texts, old_final.tail]
    new_leads, new_texts = [*new_final.leads, ""], [*new_final.texts, new_final.tail]
    n_old, n_new = len(old_texts), len(new_texts)
    limit = min(n_old, n_new)
    head = 0
    if hint is not None:
        before = hint[0]
        if old_leads[:before] == new_leads[:before] and old_texts[:before] == new_texts[:before]:
            head = before
    while head < limit and old_leads[head] == new_leads[head] and old_texts[head] == new_texts[head]:
        head += 1
    tail = 0
    if hint is not None:
        after = min(hint[1] + 1, limit - head)
        if old_leads[n_old - after :] == new_leads[n_new - after :] and old_texts[n_old - after :] == new_texts[n_new - after :]:
            tail = after
    while (
        tail < limit - head
        and old_leads[n_old - 1 - tail] == new_leads[n_new - 1 - tail]
        and old_texts[n_old - 1 - tail] == new_texts[n_new - 1 - tail]
    ):
        tail += 1
    prefix = sum(map(len, old_leads[:head])) + sum(map(len, old_texts[:head]))
    suffix = sum(map(len, old_leads[n_old - tail :])) + sum(map(len, old_texts[n_old - tail :]))
    return prefix, len(old.text) - suffix, prefix, len(new.text) - suffix
