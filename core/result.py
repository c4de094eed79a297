"""The outcome of normalizing a text: final text, steps, counts, changes, alignment."""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter
from typing import NamedTuple

from .alignment import Alignment, Change
from .assembly import Assembly, Before, FinalChains, assemble
from .config import Config
from .guard import FallbackBlock
from .pipeline import BlockResult, flatten, plan_for
from .registry import RULE_IDS, get_rule, position

_LAST = len(RULE_IDS) - 1
_TEXT = attrgetter("text")

#: The stage before any rule: ``text_after(RAW_STAGE)`` is the raw text, for stepping through from the start.
RAW_STAGE = "raw"


def _position(rule_id: str) -> int:
    return -1 if rule_id == RAW_STAGE else position(rule_id)


class Step:
    """A rule that changed something: its id, how many edits, and the text after it."""

    __slots__ = ("rule_id", "edits", "_result")

    def __init__(self, rule_id: str, edits: int, result: "Result"):
        self.rule_id = rule_id
        self.edits = edits
        self._result = result

    @property
    def title(self) -> str:
        """The rule's title."""
        return get_rule(self.rule_id).title

    @property
    def text(self) -> str:
        """The whole text after this rule (computed on first use)."""
        return self._result.text_after(self.rule_id)

    def __repr__(self) -> str:
        return f"Step({self.rule_id!r}, edits={self.edits})"


class EditExample(NamedTuple):
    """One edit of a rule, shown in context just before and just after that rule ran."""

    raw_start: int
    before: str
    after: str


class RuleReport(NamedTuple):
    """What one rule did to a text: its edit count and a few examples."""

    rule: str
    title: str
    edits: int
    examples: list[EditExample]

    def as_dict(self) -> dict:
        """JSON-able form (``wikinorm explain --json``)."""
        return {
            "rule": self.rule,
            "title": self.title,
            "edits": self.edits,
            "examples": [example._asdict() for example in self.examples],
        }


class Result:
    """The outcome of normalizing a text with a config.

    ``text`` is the final text; ``counts`` maps each rule that changed something
    to its number of edits; ``steps`` lists those rules in pipeline order, each
    with the text after it. :meth:`alignment` maps spans between output and raw.
    """

    def __init__(self, raw: str | None, config: Config, starts: list[int], results: list[BlockResult]):
        # None: joined from the blocks when first asked for (an edit's result
        # never builds the whole raw text itself; see Document.edit).
        self._raw = raw
        self.config = config
        self._plan = plan_for(config)
        self._blocks = (starts, results)
        # Fallback blocks count as their pieces from here on (leads, footnotes, alignment).
        self._starts, self._results = flatten(starts, results)
        flat = self._results
        counts: dict[str, int] = {}
        get = counts.get
        for r in flat:  # most blocks count nothing: one test each (a tally of ids cost 1.6x)
            block_counts = r.counts
            if block_counts:
                for rule_id, n in block_counts.items():
                    counts[rule_id] = get(rule_id, 0) + n
        self._finish(list(map(_TEXT, flat)), counts)

    @classmethod
    def after_edit(
        cls, previous: "Result", starts: list[int], results: list[BlockResult], first: int, old_stop: int, new_stop: int
    ) -> "Result":
        """The result for blocks ``results``, where only ``first:new_stop`` differ from ``previous``'s ``first:old_stop``.

        Equal to ``Result(None, previous.config, starts, results)``; the per-block
        lists are spliced from ``previous`` instead of being gathered again, so
        the cost is that of the changed blocks and the document-level hooks.
        """
        old_starts, old_results = previous._blocks
        if previous._results is not old_results:
            # Fallback pieces make block and piece indices differ (even where a
            # block is one piece, the piece is a result of its own): gather it all.
            return cls(None, previous.config, starts, results)
        self = cls.__new__(cls)
        self._raw = None
        self.config = previous.config
        self._plan = previous._plan
        self._blocks = (starts, results)
        changed = results[first:new_stop]
        fresh_starts, fresh = flatten(starts[first:new_stop], changed)
        if fresh is changed:  # no fallback block among them (flatten returns its argument)
            self._starts, self._results = starts, results
        else:
            self._starts = list(starts[:first]) + list(fresh_starts) + list(starts[new_stop:])
            self._results = results[:first] + fresh + results[new_stop:]
        counts = dict(previous._block_counts)
        for r in old_results[first:old_stop]:
            for rule_id, n in r.counts.items():
                counts[rule_id] -= n
        for r in fresh:
            for rule_id, n in r.counts.items():
                counts[rule_id] = counts.get(rule_id, 0) + n
        old_texts = previous._texts
        texts = old_texts[:first] + [r.text for r in fresh] + old_texts[old_stop:]
        before = Before(previous.final, old_texts, previous._results, first, old_stop, first + len(fresh))
        self._finish(texts, counts, before)
        return self

    def _finish(self, texts: list[str], counts: dict[str, int], before: Before | None = None) -> None:
        """Assemble the final stage from the blocks' texts (chains and notes are read from the results); set text and counts."""
        # Kept to splice the next edit's result from (see after_edit).
        self._texts = texts
        self._block_counts = counts
        final = assemble(texts, FinalChains(self._results), self._results, self._plan, _LAST, before)
        self._stage_cache: dict[int, Assembly] = {_LAST: final}
        # Joined when first asked for: an edit's caller usually wants only the
        # range that changed (EditOutcome), not a new copy of the whole text.
        self._text: str | None = None
        self._text_length: int | None = None
        totals = dict(counts)
        for rule_id, n in final.edits.items():
            totals[rule_id] = totals.get(rule_id, 0) + n
        self.counts = {rule_id: totals[rule_id] for rule_id in RULE_IDS if totals.get(rule_id)}

    @property
    def raw(self) -> str:
        """The raw text (its blocks joined by the newlines between them; joined on first use)."""
        raw = self._raw
        if raw is None:
            raw = self._raw = "\n".join([r.raw for r in self._blocks[1]])
        return raw

    def raw_slice(self, start: int, end: int) -> str:
        """``self.raw[start:end]``, read from the blocks that hold it without joining the raw text.

        Bounds are clamped to the text (a negative one is 0, not counted from the
        end), whether or not the raw text has been joined yet.
        """
        start, end = max(start, 0), min(end, self.raw_length)
        if start >= end:
            return ""
        if self._raw is not None:
            return self._raw[start:end]
        starts, results = self._blocks
        first = bisect_right(starts, start) - 1
        stop = bisect_right(starts, end, first)  # through the block at end: the newline before it may be in the slice
        offset = starts[first]
        return "\n".join([r.raw for r in results[first:stop]])[start - offset : end - offset]

    @property
    def known_raw(self) -> str | None:
        """The raw text if it has been joined already, else None (for a new result of the same blocks)."""
        return self._raw

    @property
    def raw_length(self) -> int:
        """``len(self.raw)``, without joining the raw text."""
        if self._raw is not None:
            return len(self._raw)
        starts, results = self._blocks
        return starts[-1] + len(results[-1].raw) if len(results) else 0

    @property
    def text(self) -> str:
        """The final text (joined on first use)."""
        text = self._text
        if text is None:
            text = self._text = self.final.text
        return text

    @property
    def text_length(self) -> int:
        """``len(self.text)``, without joining the final text."""
        if self._text is not None:
            return len(self._text)
        if self._text_length is None:
            final = self.final
            self._text_length = sum(map(len, final.leads)) + sum(map(len, final.texts)) + len(final.tail)
        return self._text_length

    def remember_text_length(self, length: int) -> None:
        """Record ``len(self.text)`` where a caller has derived it (:func:`~wikinorm.core.changes.changed_range`, from the result before an edit)."""
        if self._text_length is None and self._text is None:
            self._text_length = length

    @property
    def final(self) -> Assembly:
        """The final text as blocks: leads, texts, tail."""
        return self._stage(_LAST)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The rules that changed something, in pipeline order, each with the text after it."""
        # Built on request: a result holding its steps (which hold the result)
        # would be a reference cycle, freeing every block result only at the
        # next full collection.
        return tuple(Step(rule_id, n, self) for rule_id, n in self.counts.items())

    @property
    def metadata(self) -> dict[str, list]:
        """What rules collected besides edits, in text order (e.g. ``"categories"``)."""
        merged: dict[str, list] = {}
        for r in self._results:
            for key, values in r.metadata.items():
                merged.setdefault(key, []).extend(values)
        return merged

    @property
    def fallback_blocks(self) -> tuple[FallbackBlock, ...]:
        """The blocks that skipped the parser (see :mod:`~wikinorm.core.guard`), in text order."""
        found = []
        line = 1
        counted_to = 0
        starts, results = self._blocks
        for i, r in enumerate(results):
            if r.fallback is not None:
                # Lines before block i: one per block boundary, plus the newlines inside those blocks.
                line += (i - counted_to) + sum(b.raw.count("\n") for b in results[counted_to:i])
                counted_to = i
                start = starts[i]
                found.append(FallbackBlock(start, start + len(r.raw), line, r.fallback))
        return tuple(found)

    @property
    def block_count(self) -> int:
        """How many blocks the raw text was split into."""
        return len(self._blocks[0])

    def _stage(self, at: int) -> Assembly:
        cached = self._stage_cache.get(at)
        if cached is not None:
            return cached
        chains, texts = [], []
        for r in self._results:
            maps, text = r.maps_until(at, self._plan)
            chains.append(maps)
            texts.append(text)
        stage = assemble(texts, chains, self._results, self._plan, at)
        self._stage_cache[at] = stage
        return stage

    def text_after(self, rule_id: str) -> str:
        """The whole text as it stands after rule ``rule_id`` (and all before it); :data:`RAW_STAGE`: the raw text."""
        return self._stage(_position(rule_id)).text

    def alignment(self, rule_id: str | None = None) -> Alignment:
        """Alignment between the raw text and the text after ``rule_id`` (default: final)."""
        at = _LAST if rule_id is None else _position(rule_id)
        return Alignment(self.raw_length, self._starts, self._stage(at))

    def changes(self, rule_id: str | None = None) -> list[Change]:
        """Raw spans each rule removed or replaced, up to ``rule_id`` (default: all)."""
        return self.alignment(rule_id).changes()

    def explain(self, examples: int = 3, context: int = 12) -> list[RuleReport]:
        """Per rule that changed something: its edit count and a few examples.

        Each example shows the text around one edit just before that rule ran and
        just after, with ``context`` characters either side.
        """
        report = []
        previous_id = None
        for rule_id in RULE_IDS:
            count = self.counts.get(rule_id)
            if not count:
                previous_id = rule_id
                continue
            before_text = self.raw if previous_id is None else self.text_after(previous_id)
            before_map = None if previous_id is None else self.alignment(previous_id)
            after_text = self.text_after(rule_id)
            after_map = self.alignment(rule_id)
            shown = []
            for change in after_map.changes():
                if len(shown) >= examples:
                    break
                if change.rule_id != rule_id:
                    continue
                span = (change.raw_start, change.raw_end)
                a, b = span if before_map is None else before_map.to_output(*span)
                c, d = after_map.to_output(*span)
                shown.append(EditExample(
                    change.raw_start, _window(before_text, a, b, context), _window(after_text, c, d, context)
                ))
            report.append(RuleReport(rule_id, get_rule(rule_id).title, count, shown))
            previous_id = rule_id
        return report


def _window(text: str, start: int, end: int, context: int) -> str:
    """``text[start:end]`` with up to ``context`` characters either side, marked if cut."""
    if end - start > 3 * context:
        middle = text[start : start + context] + "…" + text[end - context : end]
    else:
        middle = text[start:end]
    left = max(0, start - context)
    right = min(len(text), end + context)
    return ("…" if left else "") + text[left:start] + middle + text[end:right] + ("…" if right < len(text) else "")


__all__ = ["EditExample", "RAW_STAGE", "Result", "RuleReport", "Step"]
