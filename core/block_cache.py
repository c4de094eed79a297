"""The block cache: each block's result, keyed by its text and config, shared by documents.

Documents on the same cache (the window's edits, a batch worker's pages) compute a
block once; the cache is bounded by an estimate of bytes, least recently used out.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter, OrderedDict
from contextlib import contextmanager
from typing import Iterator

from .config import Config
from .pipeline import BlockResult, Plan, process_block

# A floor no document reaches: nothing is evicted while it is set.
_NEVER = 1 << 62


def _normalize_fragment(text: str, config: Config) -> str:
    """``ctx.normalize`` for the rules: a fragment (a footnote) run as a document of its own."""
    # Imported here, not at the top: the document module builds on this one.
    from .document import normalize_fragment

    return normalize_fragment(text, config)


class BlockCache:
    """Block results keyed by (block text, config), bounded by an estimate of their bytes.

    Least recently used blocks go first once the estimate passes ``max_bytes``
    (``None``: no bound). A bound by bytes, not entries, because blocks differ a
    thousandfold in size: typing in a large infobox or table makes a new result
    for that whole block on every keystroke, and an unbounded cache grew by
    gigabytes in a long session. A document keeps the results it shows, so an
    evicted block is only recomputed if it comes back.

    ``max_bytes`` is history on top of the largest document held (:meth:`fit`):
    blocks of earlier versions that undo, or a config toggled back, may reuse.
    """

    def __init__(self, max_bytes: int | None = 24_000_000, weigh: bool = True):
        self.max_bytes = max_bytes
        #: Whether results are weighed (:attr:`bytes`); an unbounded cache may skip it
        #: (a run's own cache, gone with its document: 1.3% of a corpus run's instructions).
        self.weigh = weigh or max_bytes is not None
        # The largest document opened with this cache, which the bound comes on top of.
        self.floor = 0
        self._entries: OrderedDict[tuple[str, Config], tuple[BlockResult, int]] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        # The last key asked for and its result: runs of equal blocks (blank lines,
        # a page of "<ref>x" lines) skip the hashing and the reordering. It is
        # always the most recently used entry, so the order is as if looked up.
        self._last: tuple[str, Config, BlockResult] | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, raw: str, plan: Plan) -> BlockResult:
        """The result of block ``raw`` under ``plan``, computed if not cached."""
        last = self._last
        if last is not None and last[1] is plan.config and last[0] == raw:
            self.hits += 1
            return last[2]
        key = (raw, plan.config)
        entries = self._entries
        found = entries.get(key)
        if found is not None:
            self.hits += 1
            entries.move_to_end(key)
            self._last = (raw, plan.config, found[0])
            return found[0]
        self.misses += 1
        result = process_block(raw, plan, _normalize_fragment)
        size = estimated_bytes(result) if self.weigh else 0
        entries[key] = (result, size)
        self.bytes += size
        self._last = (raw, plan.config, result)
        self._trim()
        return result

    def _trim(self) -> None:
        """Evict least recently used blocks until the estimate is within the bound (keeping one)."""
        if self.max_bytes is None:
            return
        entries = self._entries
        while self.bytes > self.max_bytes + self.floor and len(entries) > 1:
            # Never the most recent entry (the memo's): it is last in the order.
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
            with fewer_collections():
                yield
        finally:
            self.floor = floor
            if self.weigh:
                # Equal blocks share one result: its size is estimated once.
                by_id = dict(zip(map(id, results), results))
                self.fit(sum(estimated_bytes(by_id[key]) * times for key, times in Counter(map(id, results)).items()))

    def clear(self) -> None:
        """Forget every cached block."""
        self._entries.clear()
        self._last = None
        self.bytes = 0

    def drop_some(self, count: int) -> bool:
        """Forget up to ``count`` of the least recently used blocks; whether any are left.

        Lets a caller free a large cache in slices instead of in one long pause.
        """
        entries = self._entries
        for _ in range(min(count, len(entries))):
            _, (_, size) = entries.popitem(last=False)
            self.bytes -= size
        if not entries:
            self._last = None
        return bool(entries)


#: The cyclic collector's first threshold while a document loads (Python's default: 700).
LOAD_GC_THRESHOLD = 20_000
#: Its second (young passes between middle ones; default 10) while a document loads: never, in effect.
LOAD_GC_MIDDLE = 1_000_000
_gc_lock = threading.Lock()
_gc_loads = 0  # loads under way (documents may load in more than one thread)
_gc_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the cyclic garbage collector run less often while a document loads.

    Loading makes and drops objects by the million (parse trees, edits), nearly
    none in cycles: reference counting frees them, and the collector's passes
    over the young objects every 700 allocations found next to nothing (483
    objects in 2,061 passes over the corpus) yet cost 7-8% of a corpus run.
    The first threshold is raised while any load is under way, and the
    thresholds put back after the last (unless something else changed them
    meanwhile).

    The middle generation is not collected during a load at all: what survives
    a young pass is the document's results, which hold no reference cycles (a
    core test checks it), so a middle pass over them frees nothing. In a 2 MB
    run it went over all of them again (about 40 ms, the one cost that grew
    faster than the text: a 180 KB run never makes one). A load covers its
    result's assembly too. After it the collector keeps its usual schedule: a
    caller that keeps the result has it passed over once later, one that takes
    the text and drops it (a batch) not at all.

    Moving what a load leaves to the oldest generation at its end (``gc.freeze()``
    then ``gc.unfreeze()``) took young collections off a 2 MB run's results
    (40-55 ms), but made the test suite's long-lived process 2.4x slower
    (708 s against 289 s): measured and reverted.
    """
    global _gc_loads, _gc_saved
    with _gc_lock:
        if not _gc_loads:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(*_load_thresholds(_gc_saved))
        _gc_loads += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_loads -= 1
            if not _gc_loads and gc.get_threshold() == _load_thresholds(_gc_saved):
                gc.set_threshold(*_gc_saved)


def _load_thresholds(saved: tuple[int, ...]) -> tuple[int, ...]:
    """The collector's thresholds while a load is under way, given those before it."""
    return (max(saved[0], LOAD_GC_THRESHOLD), max(saved[1], LOAD_GC_MIDDLE), *saved[2:])


# Per-object costs measured with tracemalloc on the largest corpus article's
# blocks (reference preset), rounded up: an estimate, cheap enough per block.
_BLOCK_BYTES = 1000
_CHAR_BYTES = 2
_EDIT_BYTES = 240
_PIECE_BYTES = 12  # a start offset and a list slot


def estimated_bytes(result: BlockResult) -> int:
    """About how many bytes ``result`` (with its raw text, every stage and every piece) holds."""
    if result.size is not None:  # asked on caching, and again for every block a document loads
        return result.size
    chars = len(result.raw)
    edits = len(result.markup_edits)
    for stage in result.stages:  # a loop, not two generators: once per block computed
        chars += len(stage.text)
        edits += len(stage.edit_map)  # deferred edits (a text rule's) counted without being made
    total = _BLOCK_BYTES + _CHAR_BYTES * chars + _EDIT_BYTES * edits
    pieces = result.pieces
    if pieces is not None:
        # A fallback block's work is all in its pieces (equal pieces share one result).
        unique = {id(piece): piece for piece in pieces.results}
        total += _PIECE_BYTES * len(pieces.results) + sum(estimated_bytes(piece) for piece in unique.values())
    result.size = total
    return total
