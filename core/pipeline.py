"""Running the rules over one block: one parse for the markup rules, then each text rule.

A :class:`BlockResult` keeps the edits of every rule that changed the block, so
the document can show the text after any rule and align any span with the raw
text. Intermediate markup stages are rebuilt only when asked for.
"""

from __future__ import annotations

from functools import lru_cache

from .config import Config
from .edits import EditMap, apply_edits
from .markup import MarkupEdit, collect_edits, dispatch_tables, settle
from .registry import MARKUP_RULES, POSITION as _POSITION, RULES, WHITESPACE_ID



class Plan:
    """What one config asks of each block, worked out once per config."""

    __slots__ = ("config", "tables", "markup_ids", "text_rules", "any_markup", "whitespace")

    def __init__(self, config: Config):
        self.config = config
        self.tables = dispatch_tables(MARKUP_RULES, config)
        self.markup_ids = frozenset(r.id for r in MARKUP_RULES if config.is_enabled(r.id))
        self.any_markup = bool(self.markup_ids)
        self.text_rules = tuple(
            (rule, config.options_for(rule.id))
            for rule in RULES
            if rule.phase == "text" and config.is_enabled(rule.id)
        )
        ws = config.setting(WHITESPACE_ID)
        self.whitespace = ws.options if ws.enabled else None


@lru_cache(maxsize=64)
def plan_for(config: Config) -> Plan:
    """The (cached) plan of ``config``."""
    return Plan(config)


class BlockResult:
    """All a block's stages.

    ``stages`` lists ``(rule_id, EditMap, text_after)`` for the combined markup
    stage (rule_id ``None``) and each text rule that changed the block.
    """

    __slots__ = ("raw", "markup_edits", "stages", "text", "counts", "ws_newlines", "metadata", "_partial")

    def __init__(
        self, raw: str, markup_edits: list[MarkupEdit], stages: list, counts: dict, ws_newlines: int, metadata: dict
    ):
        self.raw = raw
        self.metadata = metadata
        self.markup_edits = markup_edits
        self.stages = stages
        self.text = stages[-1][2] if stages else raw
        self.counts = counts
        self.ws_newlines = ws_newlines
        self._partial: dict = {}

    def maps_until(self, position: int, plan: Plan) -> tuple[list[EditMap], str]:
        """The chain of maps from raw to the text after the rule at ``position``, and that text."""
        key = position
        cached = self._partial.get(key)
        if cached is not None:
            return cached
        maps: list[EditMap] = []
        text = self.raw
        last_markup = len(MARKUP_RULES) - 1
        if position >= last_markup:
            for rule_id, edit_map, after in self.stages:
                if rule_id is not None and _POSITION[rule_id] > position:
                    break
                maps.append(edit_map)
                text = after
        elif self.markup_edits:
            allowed = frozenset(r.id for r in MARKUP_RULES[: position + 1]) & plan.markup_ids
            edits = settle(self.raw, self.markup_edits, allowed)
            if edits:
                maps.append(EditMap(edits, len(self.raw)))
                text = apply_edits(self.raw, edits)
        result = (maps, text)
        self._partial[key] = result
        return result


def process_block(raw: str, plan: Plan) -> BlockResult:
    """Run every enabled rule of ``plan`` over block text ``raw``."""
    stages: list = []
    counts: dict[str, int] = {}
    markup_edits: list[MarkupEdit] = []
    metadata: dict = {}
    text = raw
    if plan.any_markup:
        markup_edits, metadata = collect_edits(raw, plan.tables)
        if markup_edits:
            edits = settle(raw, markup_edits)
            for edit in edits:
                counts[edit.rule_id] = counts.get(edit.rule_id, 0) + 1
            text = apply_edits(raw, edits)
            stages.append((None, EditMap(edits, len(raw)), text))
    ws_newlines = 0
    for rule, options in plan.text_rules:
        if rule.id == WHITESPACE_ID:
            ws_newlines = text.count("\n")
        edits = rule.edits(text, options)
        if edits:
            counts[rule.id] = counts.get(rule.id, 0) + len(edits)
            after = apply_edits(text, edits)
            stages.append((rule.id, EditMap(edits, len(text)), after))
            text = after
    return BlockResult(raw, markup_edits, stages, counts, ws_newlines, metadata)
