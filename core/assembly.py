"""Joining block outputs into one text, with the rules that act across blocks.

Between blocks sits the raw newline unless a rule's document-level hook
(:meth:`~wikinorm.core.rules.base.Rule.shape_document`) says otherwise: it may
set what precedes each block (its *lead*), rewrite single blocks, and add a
tail after the text. This module runs those hooks without knowing any rule.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from .edits import EditMap, apply_edits
from .pipeline import BlockResult, Plan
from .rules.base import DocumentShape
from .registry import POSITION


class Assembly(NamedTuple):
    """A whole text at one stage: each block's lead and text, and a tail.

    ``chains[i]`` maps block ``i``'s raw text to ``texts[i]``; ``lead_rule`` and
    ``tail_rule`` name the rules that set the leads and the tail (None: nobody).
    """

    leads: Sequence[str]
    texts: Sequence[str]
    chains: Sequence[list[EditMap]]
    tail: str
    lead_rule: str | None
    tail_rule: str | None
    #: Edits the hooks made, per rule id.
    edits: dict[str, int]
    #: Each hook's shape, per rule id (None: it shaped nothing), for the next edit to keep.
    shapes: dict[str, DocumentShape | None]

    @property
    def text(self) -> str:
        """The whole text."""
        parts = [""] * (2 * len(self.texts))
        parts[0::2] = self.leads
        parts[1::2] = self.texts
        return "".join(parts) + self.tail


def raw_leads(count: int) -> list[str]:
    """The leads of ``count`` blocks as the raw text has them: a newline between blocks."""
    return [""] + ["\n"] * (count - 1) if count else []


class FinalChains(Sequence):
    """Each block's chain of maps from raw to final text, read from its result when asked.

    A list of them would cost a slot per block on every edit (and a page of
    100,000 one-line blocks 800 kB) for what only the alignment reads.
    """

    __slots__ = ("_results",)

    def __init__(self, results: Sequence[BlockResult]):
        self._results = results

    def __len__(self) -> int:
        return len(self._results)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [r.final_chain() for r in self._results[i]]
        return self._results[i].final_chain()


class BlockNotes(Sequence):
    """What one rule noted for each block (None where nothing), read from the block results when asked."""

    __slots__ = ("_results", "_rule_id")

    def __init__(self, results: Sequence[BlockResult], rule_id: str):
        self._results = results
        self._rule_id = rule_id

    def __len__(self) -> int:
        return len(self._results)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [r.notes.get(self._rule_id) for r in self._results[i]]
        return self._results[i].notes.get(self._rule_id)

    def __iter__(self):
        rule_id = self._rule_id
        for r in self._results:
            yield r.notes.get(rule_id)


class _Rewritten(Sequence):
    """Chains with the hooks' block rewrites (in hook order) appended to the rewritten blocks' chains."""

    __slots__ = ("_chains", "_rewrites")

    def __init__(self, chains: Sequence[list[EditMap]], rewrites: dict[int, list[EditMap]]):
        self._chains = chains
        self._rewrites = rewrites

    def __len__(self) -> int:
        return len(self._chains)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        chain = self._chains[i]
        extra = self._rewrites.get(i if i >= 0 else i + len(self))
        return chain if extra is None else chain + extra


class Before(NamedTuple):
    """The assembly before an edit that made old blocks ``first:old_stop`` new blocks ``first:new_stop``.

    ``texts`` and ``results`` are the old blocks' (texts before any rewrite).
    """

    assembly: Assembly
    texts: Sequence[str]
    results: Sequence[BlockResult]
    first: int
    old_stop: int
    new_stop: int


_RUN = object()  # the hook must run


def _kept_shape(rule, options, texts: Sequence[str], results: Sequence[BlockResult], before: Before | None):
    """The shape ``rule`` made before the edit if nothing it reads changed (see Rule.shape_key), else _RUN."""
    if before is None or not rule.shape_keys or rule.id not in before.assembly.shapes:
        return _RUN
    # That shape was made on the blocks as the earlier hooks had rewritten them
    # (a heading dropped from an empty section): the keys of the blocks as the
    # rules left them, before and after the edit, no longer tell what it read.
    position = POSITION[rule.id]
    for rule_id, shape in before.assembly.shapes.items():
        if shape is not None and shape.block_maps and POSITION[rule_id] < position:
            return _RUN
    first, stop = before.first, before.new_stop
    if stop != before.old_stop or len(texts) != len(before.texts):
        return _RUN
    key, rule_id = rule.shape_key, rule.id
    old_texts, old_results = before.texts, before.results
    for i in range(first, stop):
        if key(texts[i], results[i].notes.get(rule_id), options) != key(
            old_texts[i], old_results[i].notes.get(rule_id), options
        ):
            return _RUN
    return before.assembly.shapes[rule.id]


def assemble(
    texts: Sequence[str],
    chains: Sequence[list[EditMap]],
    results: Sequence[BlockResult],
    plan: Plan,
    position: int,
    before: Before | None = None,
) -> Assembly:
    """Join blocks at the stage after the rule at ``position``, running the hooks of the rules up to it.

    Every hook sees the blocks as the blocks and the earlier hooks' block
    rewrites left them (a block a rule emptied gets no lead from the whitespace
    rule after it), and what it noted for each, read from ``results``.
    With ``before`` (the final stage before an edit), a hook whose blocks' keys
    the edit left alone keeps its shape instead of running over every block —
    unless an earlier hook rewrote blocks, after the edit or before it: a rewrite
    may reach blocks outside the edit (a section emptied by the edit drops its
    heading), so the keys of the edited blocks no longer tell.
    """
    leads, lead_rule = raw_leads(len(texts)), None
    tail, tail_rule = "", None
    edits: dict[str, int] = {}
    shapes: dict[str, DocumentShape | None] = {}
    rewrites: dict[int, list[EditMap]] = {}
    for rule, options in plan.shapers:
        if POSITION[rule.id] > position:
            continue
        shape = _RUN if rewrites else _kept_shape(rule, options, texts, results, before)
        if shape is _RUN:
            shape = rule.shape_document(texts, BlockNotes(results, rule.id), options, plan.config)
        shapes[rule.id] = shape
        if shape is None:
            continue
        if shape.leads is not None:
            assert lead_rule is None, f"rules {lead_rule} and {rule.id} both set block leads"
            leads, lead_rule = shape.leads, rule.id
        if shape.tail:
            assert tail_rule is None, f"rules {tail_rule} and {rule.id} both add a tail"
            tail, tail_rule = shape.tail, rule.id
        if shape.block_maps and not rewrites:
            texts = list(texts)
        for i, edit_map in shape.block_maps.items():
            texts[i] = apply_edits(texts[i], edit_map.edits)
            rewrites.setdefault(i, []).append(edit_map)
        if shape.edits:
            edits[rule.id] = shape.edits
    if rewrites:
        chains = _Rewritten(chains, rewrites)
    return Assembly(leads, texts, chains, tail, lead_rule, tail_rule, edits, shapes)
