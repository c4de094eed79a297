"""Documents: a raw text and a config, kept normalized as the text is edited.

:func:`run` normalizes a whole text; :class:`Document` holds a text and takes
edits, re-processing only the blocks an edit touched. Both build the same
:class:`~wikinorm.core.result.Result`: a full run *is* a document with no
history, so incremental and full output agree by construction (and the tests
check it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from contextlib import contextmanager
from typing import Iterator, NamedTuple

from . import blocks as block_split
from .config import Config
from .pipeline import BlockResult, Plan, plan_for, process_block
from .result import Result


#: Raw characters a front end's first screen shows (:meth:`Document.opening`).
FIRST_SCREEN = 5_000
#: Raw characters between progress steps while opening.
OPENING_STEP = 256_000
_NEVER = 1 << 62


class Opening(NamedTuple):
    """A step of :meth:`Document.opening`.

    ``done`` of ``total`` raw characters are processed; ``preview`` (once, after
    the first screen) is the result of the blocks done so far; ``document``
    (last step only) is the opened document.
    """

    done: int
    total: int
    preview: Result | None
    document: "Document | None"


class EditOutcome(NamedTuple):
    """What an edit did to the output: ``old_text[old_start:old_end]`` became ``new[new_start:new_end]``."""

    result: Result
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class BlockCache:
    """Block results keyed by (block text, config), bounded by an estimate of their bytes.

    Least recently used blocks go first once the estimate passes ``max_bytes``
    (``None``: no bound). A bound by bytes, not entries, because blocks differ a
    thousandfold in size: typing in a large infobox or table makes a new result
    for that whole block on every keystroke, and an unbounded cache grew by
    gigabytes in a long session. A document keeps the results it shows, so an
    evicted block is only recomputed if it comes back.
    """

    def __init__(self, max_bytes: int | None = 48_000_000):
        self.max_bytes = max_bytes
        # The largest document opened with this cache, which the bound comes on top of.
        self.floor = 0
        self._entries: OrderedDict[tuple[str, Config], tuple[BlockResult, int]] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, raw: str, plan: Plan) -> BlockResult:
        """The result of block ``raw`` under ``plan``, computed if not cached."""
        key = (raw, plan.config)
        entries = self._entries
        found = entries.get(key)
        if found is not None:
            self.hits += 1
            entries.move_to_end(key)
            return found[0]
        self.misses += 1
        result = process_block(raw, plan, normalize_fragment)
        size = estimated_bytes(result)
        entries[key] = (result, size)
        self.bytes += size
        self._trim()
        return result

    def _trim(self) -> None:
        """Evict least recently used blocks until the estimate is within the bound (keeping one)."""
        if self.max_bytes is None:
            return
        entries = self._entries
        while self.bytes > self.max_bytes + self.floor and len(entries) > 1:
            _, (_, old_size) = entries.popitem(last=False)
            self.bytes -= old_size
            self.evictions += 1

    def fit(self, document_bytes: int) -> None:
        """Let the bound grow to keep a whole document of ``document_bytes`` besides ``max_bytes`` of history.

        A document holds its blocks' results anyway, so evicting them frees
        nothing; but an evicted block that a re-split fetches again (an opener
        typed mid-page re-splits up to ``blocks.REACH`` characters) is computed
        again. A 2 MB page under the reference preset is about 46 MB of results.
        """
        self.floor = max(self.floor, document_bytes)
        self._trim()

    @contextmanager
    def holding(self, results: list[BlockResult]) -> Iterator[None]:
        """Evict nothing while a document fills ``results``; then :meth:`fit` it.

        A document's own blocks evicting each other while it loads would only
        make a later re-split compute them again.
        """
        floor = self.floor
        self.floor = _NEVER
        try:
            yield
        finally:
            self.floor = floor
            self.fit(sum(estimated_bytes(r) for r in results))

    def clear(self) -> None:
        """Forget every cached block."""
        self._entries.clear()
        self.bytes = 0

    def drop_some(self, count: int) -> bool:
        """Forget up to ``count`` of the least recently used blocks; whether any are left.

        Lets a caller free a large cache in slices instead of in one long pause.
        """
        entries = self._entries
        for _ in range(min(count, len(entries))):
            _, (_, size) = entries.popitem(last=False)
            self.bytes -= size
        return bool(entries)


# Per-object costs measured with tracemalloc on the largest corpus article's
# blocks (reference preset), rounded up: an estimate, cheap enough per block.
_BLOCK_BYTES = 1000
_CHAR_BYTES = 2
_EDIT_BYTES = 240


def estimated_bytes(result: BlockResult) -> int:
    """About how many bytes ``result`` (with its raw text and every stage) holds."""
    chars = len(result.raw) + sum(len(stage.text) for stage in result.stages)
    edits = len(result.markup_edits) + sum(len(stage.edit_map.edits) for stage in result.stages)
    return _BLOCK_BYTES + _CHAR_BYTES * chars + _EDIT_BYTES * edits


class Document:
    """A raw text and a config; edits re-process only the blocks they touch."""

    def __init__(self, text: str = "", config: Config | None = None, cache: BlockCache | None = None):
        self._config = config or Config.default()
        self._cache = cache if cache is not None else BlockCache()
        for _ in self._load(text):
            pass

    @classmethod
    def opening(
        cls,
        text: str,
        config: Config | None = None,
        cache: BlockCache | None = None,
        first_screen: int = FIRST_SCREEN,
        every: int = OPENING_STEP,
    ) -> Iterator["Opening"]:
        """Open ``text`` a step at a time: a preview of the first screen early, the document last.

        Blocks are processed in text order. Once those covering the first
        ``first_screen`` characters of raw text are done, an :class:`Opening`
        carries a preview: the :class:`~wikinorm.core.result.Result` of those blocks
        alone (document-level shaping, such as footnote numbers and the notes
        after the text, is completed only in the final result). Then one step
        per ``every`` characters of raw text (progress, no preview), and a last
        step holding the :class:`Document`, whose result is the same as
        ``Document(text, config, cache).result``. A front end drives it from its
        worker thread and hands each step to the UI thread; each step is a
        point where it may stop (a newer text arrived).
        """
        document = cls.__new__(cls)
        document._config = config or Config.default()
        document._cache = cache if cache is not None else BlockCache()
        shown = False
        for done in document._load(text, first_screen, every):
            preview = None
            if not shown and done >= first_screen:
                preview, shown = document._preview(), True
            yield Opening(done, len(text), preview, None)
        yield Opening(len(text), len(text), None if shown else document.result, document)

    def _load(self, text: str, first_screen: int | None = None, every: int = OPENING_STEP) -> Iterator[int]:
        """Split and process all of ``text``; pause after the first screen and every ``every`` characters.

        Yields how many raw characters are done (the start of the next block).
        """
        self._text = text
        # Starts of the openers the reach rule dropped: an edit in reach of one re-splits from it.
        self._dropped: list[int] = []
        plan = plan_for(self._config)
        get = self._cache.get
        self._starts = starts = [0]
        self._results = results = []
        mark = first_screen if first_screen is not None else _NEVER
        with self._cache.holding(results):
            for newline in block_split.boundaries(text, 0, self._dropped):
                results.append(get(text[starts[-1] : newline], plan))
                starts.append(newline + 1)
                if newline + 1 >= mark:
                    yield newline + 1
                    mark = max(mark, newline + 1) + every if first_screen is not None else _NEVER
            results.append(get(text[starts[-1] :], plan))
        self._dropped.sort()
        self._result = Result(text, self._config, starts, results)

    def _preview(self) -> Result:
        """The result of the blocks processed so far, as if they were the whole text."""
        starts = self._starts[:-1]
        return Result(self._text[: self._starts[-1] - 1], self._config, starts, self._results[: len(starts)])

    @property
    def text(self) -> str:
        """The raw text."""
        return self._text

    @property
    def starts(self) -> list[int]:
        """Start offsets of the raw text's blocks (a copy)."""
        return list(self._starts)

    @property
    def config(self) -> Config:
        """The config in force."""
        return self._config

    @property
    def result(self) -> Result:
        """The result for the current text and config."""
        return self._result

    def _process_all(self) -> list[BlockResult]:
        plan = plan_for(self._config)
        get = self._cache.get
        return [get(raw, plan) for raw in block_split.block_texts(self._text, self._starts)]

    def set_config(self, config: Config) -> Result:
        """Switch to ``config`` and return the new result."""
        self._config = config
        results: list[BlockResult] = []
        with self._cache.holding(results):
            results += self._process_all()
        self._results = results
        self._result = Result(self._text, config, self._starts, self._results)
        return self._result

    def set_text(self, text: str) -> Result:
        """Replace the whole raw text."""
        for _ in self._load(text):
            pass
        return self._result

    def update(self, text: str) -> EditOutcome:
        """Move to ``text``, treating the difference from the current text as one edit.

        Front ends can send the editor's whole text (latest wins) instead of
        tracking every keystroke's offsets.
        """
        start, old_end, new_end = diff_range(self._text, text)
        return self.edit(start, old_end, text[start:new_end])

    def edit(self, start: int, end: int, new_text: str) -> EditOutcome:
        """Replace raw ``[start, end)`` with ``new_text``; return the result and the output range that changed."""
        old_text = self._text
        if not (0 <= start <= end <= len(old_text)):
            raise ValueError(f"edit range {start}..{end} is outside the text (length {len(old_text)})")
        # One copy of a text that may be 8 MB (2 MB of 4-byte characters).
        text = "".join((old_text[:start], new_text, old_text[end:]))
        delta = len(new_text) - (end - start)
        old_starts = self._starts
        # Whether an opener counts depends on the text in its reach (blocks.REACH):
        # an opener dropped within reach before the edit may count now.
        dropped = self._dropped
        near = bisect_left(dropped, start - block_split.REACH)
        anchor = min(start, dropped[near]) if near < len(dropped) else start
        first = bisect_right(old_starts, anchor) - 1
        scan_from = old_starts[first]
        new_end = end + delta
        # Old block starts after the edit, in new coordinates, are where the old
        # split may be taken up again.
        tail = bisect_left(old_starts, end)
        fresh = []
        found: list[int] = []
        resume = None
        for newline in block_split.boundaries(text, scan_from, found):
            s = newline + 1
            if s >= new_end:
                k = bisect_left(old_starts, s - delta, tail)
                if k < len(old_starts) and old_starts[k] == s - delta:
                    resume = k
                    break
            fresh.append(s)
        if resume is None:
            later: list[int] = []
        else:
            old_resume = old_starts[resume]
            later = [d + delta for d in dropped[bisect_left(dropped, old_resume):]]
            found = [d for d in found if d < old_resume + delta]
        found.sort()
        self._dropped = dropped[: bisect_left(dropped, scan_from)] + found + later
        plan = plan_for(self._config)
        fresh_starts = [scan_from] + fresh
        if resume is None:
            kept_starts: list[int] = []
            kept_results: list[BlockResult] = []
        else:
            kept_starts = [s + delta for s in old_starts[resume:]]
            kept_results = self._results[resume:]
        limit = kept_starts[0] - 1 if kept_starts else len(text)
        get = self._cache.get
        fresh_results = [get(raw, plan) for raw in block_split.block_texts(text, fresh_starts, limit)]
        starts = old_starts[:first] + fresh_starts + kept_starts
        results = self._results[:first] + fresh_results + kept_results
        old_result = self._result
        self._text, self._starts, self._results = text, starts, results
        old_stop = len(old_starts) if resume is None else resume
        new_stop = first + len(fresh_results)
        self._result = Result.after_edit(old_result, text, starts, results, first, old_stop, new_stop)
        # Where blocks are output units (no fallback pieces) the unchanged ones are these.
        hint = (first, len(starts) - new_stop)
        return EditOutcome(self._result, *_changed_range(old_result, self._result, hint))


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


def _changed_range(old: Result, new: Result, hint: tuple[int, int] | None = None) -> tuple[int, int, int, int]:
    """The output ranges (old and new) outside which both texts agree, by block.

    ``hint``: (units before the changed ones, units after them) as the caller
    expects them; those are compared as whole lists in C first (any hint gives
    the same answer, a good one only sooner).
    """
    # The tail (footnotes) is one more unit at the end.
    old_final, new_final = old.final, new.final
    old_leads, old_texts = old_final.leads + [""], old_final.texts + [old_final.tail]
    new_leads, new_texts = new_final.leads + [""], new_final.texts + [new_final.tail]
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


def run(text: str, config: Config | None = None) -> Result:
    """Normalize ``text`` with ``config`` (default: every rule at its default)."""
    return Document(text, config, BlockCache()).result


def normalize_fragment(text: str, config: Config) -> str:
    """The normalized text of a fragment (a footnote, say): what rules get as ``ctx.normalize``."""
    return run(text, config).text
