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
from .registry import POSITION


class Assembly(NamedTuple):
    """A whole text at one stage: each block's lead and text, and a tail.

    ``chains[i]`` maps block ``i``'s raw text to ``texts[i]``; ``lead_rule`` and
    ``tail_rule`` name the rules that set the leads and the tail (None: nobody).
    """

    leads: list[str]
    texts: list[str]
    chains: list[list[EditMap]]
    tail: str
    lead_rule: str | None
    tail_rule: str | None
    #: Edits the hooks made, per rule id.
    edits: dict[str, int]

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


def assemble(
    texts: list[str],
    chains: list[list[EditMap]],
    results: Sequence[BlockResult],
    plan: Plan,
    position: int,
    notes: dict[str, list] | None = None,
) -> Assembly:
    """Join blocks at the stage after the rule at ``position``, running the hooks of the rules up to it.

    Every hook sees the blocks as the blocks and the earlier hooks' block
    rewrites left them (a block a rule emptied gets no lead from the whitespace
    rule after it). ``notes`` may give, per shaping rule id, what it noted for
    each block (else gathered from ``results``).
    """
    leads, lead_rule = raw_leads(len(texts)), None
    tail, tail_rule = "", None
    edits: dict[str, int] = {}
    rewritten = False
    for rule, options in plan.shapers:
        if POSITION[rule.id] > position:
            continue
        noted = notes[rule.id] if notes is not None else [r.notes.get(rule.id) for r in results]
        shape = rule.shape_document(texts, noted, options, plan.config)
        if shape is None:
            continue
        if shape.leads is not None:
            assert lead_rule is None, f"rules {lead_rule} and {rule.id} both set block leads"
            leads, lead_rule = list(shape.leads), rule.id
        if shape.tail:
            assert tail_rule is None, f"rules {tail_rule} and {rule.id} both add a tail"
            tail, tail_rule = shape.tail, rule.id
        if shape.block_maps and not rewritten:
            texts, chains, rewritten = list(texts), list(chains), True
        for i, edit_map in shape.block_maps.items():
            texts[i] = apply_edits(texts[i], edit_map.edits)
            chains[i] = chains[i] + [edit_map]
        if shape.edits:
            edits[rule.id] = shape.edits
    return Assembly(leads, texts, chains, tail, lead_rule, tail_rule, edits)
