"""Documents: a raw text and a config, kept normalized as the text is edited.

:func:`run` normalizes a whole text; :class:`Document` holds a text and takes
edits, re-processing only the blocks an edit touched. Both build the same
:class:`~wikinorm.core.result.Result`: a full run *is* a document with no
history, so incremental and full output agree by construction (and the tests
check it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import Iterator, NamedTuple, Sequence

from . import blocks as block_split
from .config import Config
from .block_cache import BlockCache, fewer_collections
from .changes import EditOutcome, changed_range, diff_range
from .pipeline import BlockResult, plan_for
from .result import Result


#: Raw characters a front end's first screen shows (:meth:`Document.opening`).
FIRST_SCREEN = 5_000
#: Raw characters between progress steps while opening.
OPENING_STEP = 256_000
_NEVER = 1 << 62  # an opening step no text reaches
#: How far past an opener's reach the splitter may read to tell how a token ends
#: (a tag name's one-character lookahead, at most a few characters): an edit's
#: re-split trusts the boundaries of a window up to its end less the reach and this.
#: Why that is enough: whether an opener counts, and where it closes, depends only
#: on the text in its reach (blocks' docstring), so the openers before a trusted
#: boundary are decided alike in the window and in the whole text; and a window
#: ends just before a newline, which no token other than a newline reads across
#: (bar a lookahead of a character or four, which the margin covers).
_WINDOW_MARGIN = 64


class Starts(Sequence):
    """Block start offsets, immutable: ``base`` with ``shift`` added from index ``at`` on.

    An edit moves every block after it. Adding its length difference to every
    later offset would be the one loop over all blocks (7,000 on a 2 MB page)
    an edit runs in Python; instead the move is carried as a shift, and folded
    into the offsets only between the previous edit's blocks and the next one's
    (typing at one place folds nothing).
    """

    __slots__ = ("_base", "_at", "_shift")

    def __init__(self, base: array, at: int = 0, shift: int = 0):
        self._base = base
        self._at = at if shift else len(base)
        self._shift = shift

    def __len__(self) -> int:
        return len(self._base)

    def __getitem__(self, i):
        base = self._base
        if isinstance(i, slice):
            start, stop, step = i.indices(len(base))
            if step != 1:
                return array("q", (self[k] for k in range(start, stop, step)))
            part = base[start:stop]
            cut = self._at - start
            if cut < len(part):
                cut = max(cut, 0)
                part[cut:] = _moved(part[cut:], self._shift)
            return part
        value = base[i]
        if (i if i >= 0 else i + len(base)) >= self._at:
            value += self._shift
        return value

    def __iter__(self) -> Iterator[int]:
        base, at = self._base, self._at
        yield from base[:at]
        if at < len(base):
            yield from map(self._shift.__add__, base[at:])

    def spliced(self, first: int, resume: int | None, fresh: list[int], delta: int) -> "Starts":
        """These starts with blocks ``first:resume`` replaced by ``fresh`` and the ones from ``resume`` moved by ``delta``.

        ``resume`` None: no block after the new ones is kept.
        """
        base, at, shift = self._base, self._at, self._shift
        if not shift:
            at = len(base) if resume is None else resume
        head = base[:first]
        if at < first:
            head[at:] = _moved(head[at:], shift)
        head.extend(fresh)
        if resume is None:
            return Starts(head)
        tail_at = len(head)
        if at <= resume:
            # Every kept block moves by the old shift and the new one.
            head.extend(base[resume:])
            return Starts(head, tail_at, shift + delta)
        # The kept blocks before the old shift point move by delta alone: folded.
        head.extend(_moved(base[resume:at], delta))
        head.extend(base[at:])
        return Starts(head, tail_at + at - resume, shift + delta)


def _moved(offsets: array, delta: int) -> array:
    """``offsets`` each plus ``delta``."""
    return array("q", map(delta.__add__, offsets)) if delta else offsets


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
        # Starts of the openers the reach rule dropped: an edit in reach of one re-splits from it.
        # Offsets are int64 arrays: a page of 100,000 one-line blocks would hold
        # 3.6 MB of int objects per list (a list slot and an int: 36 bytes, not 8).
        dropped = array("q")
        plan = plan_for(self._config)
        get = self._cache.get
        self._starts = starts = array("q", [0])
        self._results = results = []
        mark = first_screen if first_screen is not None else _NEVER
        # Through the result's assembly, not only the blocks' (see fewer_collections).
        with fewer_collections():
            with self._cache.holding(results):
                add_result, add_start = results.append, starts.append
                block = 0
                for newline in block_split.boundaries(text, 0, dropped):
                    add_result(get(text[block:newline], plan))
                    block = newline + 1
                    add_start(block)
                    if block >= mark:
                        yield block
                        mark = max(mark, block) + every if first_screen is not None else _NEVER
                results.append(get(text[block:], plan))
            self._dropped = array("q", sorted(dropped))
            del dropped
            self._starts = Starts(starts)
            self._result = Result(text, self._config, self._starts, results)

    def _preview(self) -> Result:
        """The result of the blocks processed so far, as if they were the whole text."""
        starts = list(self._starts[:-1])
        return Result(None, self._config, starts, self._results[: len(starts)])

    @property
    def text(self) -> str:
        """The raw text (joined from the blocks when first asked for after an edit)."""
        return self._result.raw

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
        return [get(r.raw, plan) for r in self._results]

    def set_config(self, config: Config) -> Result:
        """Switch to ``config`` and return the new result."""
        self._config = config
        results: list[BlockResult] = []
        with fewer_collections():  # through the result's assembly, as in a load
            with self._cache.holding(results):
                results += self._process_all()
            self._results = results
            self._result = Result(self._result.known_raw, config, self._starts, self._results)
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
        start, old_end, new_end = diff_range(self.text, text)
        return self.edit(start, old_end, text[start:new_end])

    def edit(self, start: int, end: int, new_text: str) -> EditOutcome:
        """Replace raw ``[start, end)`` with ``new_text``; return the result and the output range that changed.

        The whole raw text is never rebuilt here (on a 2 MB page of astral
        characters that is an 8 MB copy per keystroke): the re-split reads a
        window of the blocks around the edit, and :attr:`text` joins the blocks
        only when asked.
        """
        old_result = self._result
        if not (0 <= start <= end <= old_result.raw_length):
            raise ValueError(f"edit range {start}..{end} is outside the text (length {old_result.raw_length})")
        delta = len(new_text) - (end - start)
        old_starts, old_results = self._starts, self._results
        count = len(old_starts)
        # Whether an opener counts depends on the text in its reach (blocks.REACH): one
        # dropped before the window whose reach runs into it may count now, and the window
        # then starts at its block. Within reach of the edit is the first case; a token in
        # its reach decided anew is the other (in "<ref>\n<!--{{</ref>…" the comment ran
        # to the text's end and hid the </ref>; text added past the comment's reach makes
        # the comment text, and the <ref> then closes).
        reach = block_split.REACH
        dropped = self._dropped
        first = bisect_right(old_starts, start) - 1
        scan_from = old_starts[first]
        while True:
            near = bisect_left(dropped, scan_from - reach)
            if near == len(dropped) or dropped[near] >= scan_from:
                break
            first = bisect_right(old_starts, dropped[near]) - 1
            scan_from = old_starts[first]
        new_end = end + delta
        # Old block starts after the edit, in new coordinates, are where the old
        # split may be taken up again.
        tail = bisect_left(old_starts, end)
        # Blocks first..last, with the edit made: the window's head.
        last = bisect_right(old_starts, end) - 1
        edited = "\n".join([r.raw for r in old_results[first : last + 1]])
        edited = "".join((edited[: start - scan_from], new_text, edited[end - scan_from :]))
        # First a window ending at a block boundary a reach past the edited block
        # (whose end is where the old split is usually taken up again); where the
        # split is not taken up within its trusted part, again over the rest of the text.
        block_end = old_starts[last + 1] - 1 if last + 1 < count else old_result.raw_length
        stop = bisect_left(old_starts, block_end + reach + 2 * _WINDOW_MARGIN + 1, last + 1)
        while True:
            window = "\n".join([edited] + [r.raw for r in old_results[last + 1 : stop]])
            complete = stop == count  # the window ends where the text ends: all of it is exact
            safe = len(window) if complete else len(window) - reach - _WINDOW_MARGIN
            fresh: list[int] = []
            found: list[int] = []
            resume = None
            for newline in block_split.boundaries(window, 0, found):
                if newline >= safe:
                    break
                s = scan_from + newline + 1
                if s >= new_end:
                    k = bisect_left(old_starts, s - delta, tail)
                    if k < count and old_starts[k] == s - delta:
                        resume = k
                        complete = True
                        break
                fresh.append(s)
            if complete:
                break
            stop = count
        dropped_kept = dropped[: bisect_left(dropped, scan_from)]
        if resume is not None:
            old_resume = old_starts[resume]
            found = [d for d in found if scan_from + d < old_resume + delta]
        found.sort()
        dropped_kept.extend(map(scan_from.__add__, found))
        if resume is not None:
            dropped_kept.extend(map(delta.__add__, dropped[bisect_left(dropped, old_resume) :]))
        self._dropped = dropped_kept
        plan = plan_for(self._config)
        fresh_starts = [scan_from] + fresh
        # The last fresh block ends before the kept block resumed at, else at the text's (and window's) end.
        limit = old_starts[resume] + delta - 1 - scan_from if resume is not None else len(window)
        get = self._cache.get
        in_window = [f - scan_from for f in fresh_starts]
        fresh_results = [get(raw, plan) for raw in block_split.block_texts(window, in_window, limit)]
        starts = old_starts.spliced(first, resume, fresh_starts, delta)
        results = old_results[:first] + fresh_results
        if resume is not None:
            results += old_results[resume:]
        self._starts, self._results = starts, results
        old_stop = count if resume is None else resume
        new_stop = first + len(fresh_results)
        self._result = Result.after_edit(old_result, starts, results, first, old_stop, new_stop)
        # Where blocks are output units (no fallback pieces) the unchanged ones are these.
        hint = (first, len(starts) - new_stop)
        return EditOutcome(self._result, *changed_range(old_result, self._result, hint))


def run(text: str, config: Config | None = None) -> Result:
    """Normalize ``text`` with ``config`` (default: every rule at its default)."""
    # A cache of its own, unbounded and unweighed: it goes with the document
    # (equal blocks still share a result).
    return Document(text, config, BlockCache(max_bytes=None, weigh=False)).result


def normalize_fragment(text: str, config: Config) -> str:
    """The normalized text of a fragment (a footnote, say): what rules get as ``ctx.normalize``."""
    return run(text, config).text
