"""Running the rules over one block: one parse for the markup rules, then each text rule.

A :class:`BlockResult` keeps the edits of every rule that changed the block, so
the document can show the text after any rule and align any span with the raw
text. Intermediate markup stages are rebuilt only when asked for.
"""

from __future__ import annotations

from array import array
from collections import _count_elements  # Counter.update's helper: counts into any dict
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, Sequence

from .config import Config
from .edits import Edit, EditMap, apply_edits
from .fallback import Stripper, pieces, strip_edits, table_spans, with_sweep
from .guard import FallbackReason, assess
from .markup import MarkupEdit, MarkupOutcome, Normalize, collect_edits, dispatch_tables, settle
from .registry import MARKUP_RULES, POSITION, RULES
from .rules.base import TEXT_ENDS, Rule, TextRule

_tuple_new = tuple.__new__  # a NamedTuple's own constructor is a Python call
_RULE_ID = itemgetter(3)  # an edit's rule id


class RuleEntry(NamedTuple):
    """An enabled rule and its options."""

    rule: Rule
    options: Any


def _notes(rule: Rule) -> bool:
    """Whether ``rule`` records something per block (overrides :meth:`TextRule.note`)."""
    return type(rule).note is not TextRule.note


class Plan:
    """What one config asks of each block, worked out once per config."""

    __slots__ = ("config", "tables", "markup_ids", "text_rules", "text_steps", "any_markup", "shapers", "reads_ends",
                 "empty_notes")

    def __init__(self, config: Config):
        self.config = config
        self.tables = dispatch_tables(MARKUP_RULES, config)
        self.markup_ids = frozenset(r.id for r in MARKUP_RULES if config.is_enabled(r.id))
        self.any_markup = bool(self.markup_ids)
        self.text_rules: tuple[RuleEntry, ...] = tuple(
            RuleEntry(rule, config.options_for(rule.id))
            for rule in RULES
            if isinstance(rule, TextRule) and config.is_enabled(rule.id)
        )
        #: How many text steps need to know where kept texts ended
        #: (:data:`~wikinorm.core.rules.base.TEXT_ENDS`): up to the last that reads them; 0 if none.
        self.reads_ends = max((i + 1 for i, (rule, _) in enumerate(self.text_rules) if rule.reads_ends), default=0)
        #: The text rules as the per-block loop takes them: rule, options, whether it notes, whether
        #: it reads the ends, whether it may defer its edits, whether the ends go on to the next
        #: rule (then they are mapped through its edits, which it makes at once).
        self.text_steps: tuple[tuple[TextRule, Any, bool, bool, bool, bool], ...] = tuple(
            (rule, options, _notes(rule), rule.reads_ends, rule.defers, i + 1 < self.reads_ends)
            for i, (rule, options) in enumerate(self.text_rules)
        )
        #: What the text rules note of an empty text, when none of them changes it (None if one
        #: does): the text a markup phase that removed everything leaves. Each rule's edits and
        #: notes are a function of the text and options alone, so worked out here once.
        self.empty_notes: dict[str, Any] | None = None
        empty = _process("", self, None, None)
        if not empty.stages:
            self.empty_notes = empty.notes
        #: Enabled rules that act across blocks, in pipeline order.
        self.shapers: tuple[RuleEntry, ...] = tuple(
            RuleEntry(rule, config.options_for(rule.id))
            for rule in RULES
            if rule.shapes_document and config.is_enabled(rule.id)
        )


@lru_cache(maxsize=64)
def plan_for(config: Config) -> Plan:
    """The (cached) plan of ``config``."""
    return Plan(config)


class Stage(NamedTuple):
    """One stage of a block: the rule (None for the combined markup stage), its edits, the text after."""

    rule_id: str | None
    edit_map: EditMap
    text: str


class Pieces(NamedTuple):
    """A fallback block's pieces: start offsets in the block, and each piece's result."""

    starts: Sequence[int]
    results: list["BlockResult"]


class BlockResult:
    """All a block's stages, what its rules collected, and what they noted for later.

    ``stages`` lists the combined markup stage (if it changed anything) and each
    text rule that changed the block. ``notes`` holds, per rule id, what that rule
    recorded for its document-level hook. ``fallback`` says why the block skipped
    the parser (None when it was parsed); such a block's work is in ``pieces``
    (a :class:`Pieces`), which a result puts in its place (:func:`flatten`).
    """

    __slots__ = ("raw", "markup_edits", "stages", "text", "counts", "notes", "metadata", "fallback", "pieces", "size",
                 "_partial", "_chain")

    def __init__(
        self,
        raw: str,
        markup_edits: list[MarkupEdit],
        stages: list[Stage],
        counts: dict[str, int],
        notes: dict[str, Any],
        metadata: dict[str, list],
        fallback: FallbackReason | None = None,
    ):
        self.raw = raw
        self.fallback = fallback
        self.pieces: Pieces | None = None
        #: The block cache's estimate of its bytes, once worked out (it does not change).
        self.size: int | None = None
        self._chain: list[EditMap] | None = None
        self.metadata = metadata
        self.markup_edits = markup_edits
        self.stages = stages
        self.text = stages[-1].text if stages else raw
        self.counts = counts
        self.notes = notes
        self._partial: dict = {}

    def final_chain(self) -> list[EditMap]:
        """The maps from raw to final text, one list per result (equal blocks share it)."""
        if self._chain is None:
            self._chain = [stage.edit_map for stage in self.stages]
        return self._chain

    def maps_until(self, position: int, plan: Plan) -> tuple[list[EditMap], str]:
        """The chain of maps from raw to the text after the rule at ``position``, and that text."""
        cached = self._partial.get(position)
        if cached is not None:
            return cached
        maps: list[EditMap] = []
        text = self.raw
        last_markup = len(MARKUP_RULES) - 1
        if position >= last_markup:
            for rule_id, edit_map, after in self.stages:
                if rule_id is not None and POSITION[rule_id] > position:
                    break
                maps.append(edit_map)
                text = after
        else:
            first = self.stages[0] if self.stages else None
            if first is not None and first.rule_id is not None and POSITION[first.rule_id] <= last_markup:
                # The markup phase read a rewritten block (MarkupRule.rewrite_source):
                # its edits are on the rewritten text. The rewriting rule comes first.
                maps.append(first.edit_map)
                text = first.text
            if self.markup_edits:
                allowed = frozenset(r.id for r in MARKUP_RULES[: position + 1]) & plan.markup_ids
                edits = settle(text, self.markup_edits, allowed)
                if edits:
                    maps.append(EditMap(edits, len(text)))
                    text = apply_edits(text, edits)
        result = (maps, text)
        self._partial[position] = result
        return result


def process_block(raw: str, plan: Plan, normalize: Normalize | None = None) -> BlockResult:
    """Run every enabled rule of ``plan`` over block text ``raw``.

    ``normalize`` runs the whole pipeline on a fragment, for rules that need it.
    A block the parser must not see (:func:`~wikinorm.core.guard.assess`) comes
    back as pieces instead (see :func:`fallback_block`).
    """
    if plan.any_markup:
        reason = assess(raw)
        if reason is not None:
            return fallback_block(raw, reason, plan, normalize)
    return _process(raw, plan, normalize, collect_edits(raw, plan.tables, normalize) if plan.any_markup else None)


def fallback_block(raw: str, reason: FallbackReason, plan: Plan, normalize: Normalize | None = None) -> BlockResult:
    """A pathological block as pieces, each processed like a block of its own, in linear time.

    The pieces (:func:`~wikinorm.core.fallback.pieces`) are what the block splitter
    would have made had an unclosed opener not glued them; the result flattens
    into them (:attr:`BlockResult.pieces`), so leads between them, footnotes and
    alignment work as between blocks. Ordinary pieces are parsed (then swept of
    openers the parser left as text); pathological ones are stripped by regular
    expressions. Equal pieces share one result, as equal blocks share a cache entry.
    """
    memo: dict[str, BlockResult] = {}
    # Sized once for the most pieces there can be: growing them by appends
    # leaves freed copies behind (a tenth of the peak memory on "<ref>x\n" × n).
    most = raw.count("\n") + 1
    starts = array("i", bytes(4 * most))  # offsets in a block: a block is far below 2**31
    results: list[BlockResult] = [_EMPTY] * most
    count = 0
    tables = plan.tables
    for start, end in pieces(raw):
        piece = raw[start:end]
        found = memo.get(piece)
        if found is None:
            if assess(piece) is None:
                outcome = collect_edits(piece, tables, normalize)
                source = apply_edits(piece, outcome.rewrite) if outcome.rewrite else piece
                outcome = outcome._replace(edits=with_sweep(source, outcome.edits, tables))
                found = _process(piece, plan, normalize, outcome)
            elif len(piece) > WINDOW:
                found = _process_windows(piece, plan)
            else:
                found = _process(piece, plan, normalize, MarkupOutcome(strip_edits(piece, tables), {}, {}))
            memo[piece] = found
        starts[count] = start
        results[count] = found
        count += 1
    del starts[count:], results[count:]
    block = BlockResult(raw, [], [], {}, {}, {}, reason)
    block.pieces = Pieces(starts, results)
    return block


#: A stripped piece longer than this is processed window by window (see :func:`_process_windows`).
WINDOW = 16_384
#: Context either side of a window, so that an edit near its edge is found as in the whole text.
MARGIN = 256


def _windows(text: str) -> list[tuple[int, int]]:
    """``text`` cut into windows of about :data:`WINDOW` characters, never inside a table or comment."""
    tables = table_spans(text)
    out = []
    a = 0
    k = 0
    while a < len(text):
        b = min(a + WINDOW, len(text))
        while k < len(tables) and tables[k][1] <= b:
            k += 1
        if k < len(tables) and tables[k][0] < b:
            b = tables[k][1]  # a table goes whole (dropped as one edit)
        # A comment open at b started in this window (else a would be past it).
        opened = text.rfind("<!--", a, b)
        if opened >= 0:
            close = text.find("-->", opened + 4)
            if close < 0 or close + 3 > b:
                b = len(text) if close < 0 else close + 3  # an unclosed one runs to the end
        out.append((a, b))
        a = b
    return out


def _fold(text: str, edits: list[Edit], rule_id: str | None, counts: dict[str, int]) -> Edit:
    """Sorted, disjoint ``edits`` on ``text`` as one edit from the first's start to the last's end, counted per rule."""
    for edit in edits:
        counts[edit.rule_id] = counts.get(edit.rule_id, 0) + 1
    first, last = edits[0].start, edits[-1].end
    return Edit(first, last, apply_edits(text, edits, first, last), rule_id or edits[0].rule_id)


def _window_stage(text: str, windows: list[tuple[int, int]], find, rule_id: str, counts: dict[str, int]) -> list[Edit]:
    """One text rule over ``text`` window by window; each window's edits folded into one.

    ``find(fragment)`` returns the rule's edits on a fragment. Only the edits that
    start inside a window are kept from its fragment (the margins are context):
    a huge piece then costs an edit per window instead of ~150 bytes per edit.
    """
    merged: list[Edit] = []
    last_end = 0
    for a, b in windows:
        lo, hi = max(0, a - MARGIN), min(len(text), b + MARGIN)
        kept = [_tuple_new(Edit, (e[0] + lo, e[1] + lo, e[2], e[3])) for e in find(text[lo:hi])
                if a <= e[0] + lo < b and e[0] + lo >= last_end]
        if kept:
            merged.append(_fold(text, kept, rule_id, counts))
            last_end = merged[-1].end
    return merged


def _process_windows(raw: str, plan: Plan) -> BlockResult:
    """A huge stripped piece, stage by stage and window by window, in memory linear in its length.

    Each window's edits of a stage become one edit (see :func:`_window_stage`), so
    counts are exact while alignment inside a window is coarse. The stripper
    scans the whole piece once; text rules see each window with :data:`MARGIN`
    characters of context either side.
    """
    counts: dict[str, int] = {}
    stages: list[Stage] = []
    notes: dict[str, Any] = {}
    stripper = Stripper(raw, plan.tables)
    edits = []
    for _, b in _windows(raw):
        found = stripper.edits(b, merge=False)
        if found:
            edits.append(_fold(raw, settle(raw, found), None, counts))
    markup_edits = [MarkupEdit(e.start, e.end, e.replacement, e.rule_id, False) for e in edits]
    text = raw
    if edits:
        text = apply_edits(raw, edits)
        stages.append(Stage(None, EditMap(edits, len(raw)), text))
    for rule, options in plan.text_rules:
        note = rule.note(text, options)
        if note is not None:
            notes[rule.id] = note
        edits = _window_stage(text, _windows(text), lambda fragment: rule.edits(fragment, options), rule.id, counts)
        if edits:
            after = apply_edits(text, edits)
            stages.append(Stage(rule.id, EditMap(edits, len(text)), after))
            text = after
    return BlockResult(raw, markup_edits, stages, counts, notes, {})


_EMPTY = BlockResult("", [], [], {}, {}, {})


def _process(raw: str, plan: Plan, normalize: Normalize | None, outcome: MarkupOutcome | None) -> BlockResult:
    """The stages of block ``raw``, given its markup phase's ``outcome`` (None: no markup rule on)."""
    stages: list[Stage] = []
    counts: dict[str, int] = {}
    markup_edits: list[MarkupEdit] = []
    metadata: dict[str, list] = {}
    notes: dict[str, Any] = {}
    text = raw
    # Where kept texts ended, carried stage by stage to the text rule that reads them.
    ends = None
    if outcome is not None:
        markup_edits, metadata = outcome.edits, outcome.metadata
        if outcome.notes:  # most blocks note nothing
            notes.update(outcome.notes)
            ends = notes.pop(TEXT_ENDS, None)
            if not plan.reads_ends:
                ends = None
        if outcome.rewrite:
            # The parser read the block rewritten (escaped wikitext unescaped): a stage of its own.
            rewrite = list(outcome.rewrite)
            rule_id = rewrite[0].rule_id
            counts[rule_id] = len(rewrite)
            text = apply_edits(raw, rewrite)
            stages.append(Stage(rule_id, EditMap(rewrite, len(raw)), text))
        if markup_edits:
            source = text
            first = markup_edits[0]
            if not first[0] and first[1] == len(source) and not first[2] and len(markup_edits) == 1:
                # One removal of the whole block (a template's, a category's): no glue
                # (nothing either side), nothing left.
                edits = [_tuple_new(Edit, first[:4])]
                counts[first[3]] = counts.get(first[3], 0) + 1
                text = ""
            else:
                edits = settle(source, markup_edits)
                _count_elements(counts, map(_RULE_ID, edits))  # counts[rule_id] += 1 per edit, in C
                text = apply_edits(source, edits)
            stages.append(_tuple_new(Stage, (None, EditMap(edits, len(source)), text)))
            if ends:
                ends = _map_ends(sorted(ends), edits)
    empty_notes = plan.empty_notes
    if empty_notes is not None and not text and not ends:
        # The markup phase removed everything (a template's block, a category's): what
        # the text rules make of an empty text is known per plan.
        notes.update(empty_notes)
        return BlockResult(raw, markup_edits, stages, counts, notes, metadata)
    for rule, options, notes_text, reads_ends, defers, passes_ends in plan.text_steps:
        if notes_text:
            note = rule.note(text, options)
            if note is not None:
                notes[rule.id] = note
        if ends:
            at_ends = ends if reads_ends else None
            found = rule.deferred(text, options, at_ends) if defers and not passes_ends else None
        else:  # most blocks: no ends to know of
            at_ends = None
            found = rule.deferred(text, options, None) if defers else None
        if found is None:
            edits = rule.edits_at_ends(text, options, at_ends) if at_ends else rule.edits(text, options)
            if not edits:
                continue
            count = len(edits)
            edit_map = EditMap(edits, len(text))
            after = rule.output(text, edits)
        else:
            count, after, make = found
            if not count:
                continue
            edit_map = EditMap.deferred(make, count, len(text))
        counts[rule.id] = counts.get(rule.id, 0) + count
        stages.append(_tuple_new(Stage, (rule.id, edit_map, after)))
        text = after
        if ends:
            ends = _map_ends(ends, edit_map.edits) if passes_ends else None
    return BlockResult(raw, markup_edits, stages, counts, notes, metadata)


def _map_ends(ends: list[int], edits: list[Edit]) -> list[int]:
    """Sorted offsets ``ends`` mapped through sorted ``edits``, as :meth:`EditMap.to_output` maps a start.

    One pass over both, without building the map's arrays (few ends, many edits).
    """
    out = []
    delta = 0
    k = 0
    n = len(edits)
    for pos in ends:
        while k < n and edits[k][0] <= pos:
            start, end, replacement = edits[k][0], edits[k][1], edits[k][2]
            if pos < end:
                break
            delta += len(replacement) - (end - start)
            k += 1
        if k < n and edits[k][0] <= pos < edits[k][1]:
            out.append(edits[k][0] + delta)  # inside a replaced span: where its replacement starts
        else:
            out.append(pos + delta)
    return out


def flatten(starts: Sequence[int], results: list[BlockResult]) -> tuple[Sequence[int], list[BlockResult]]:
    """Block starts and results with every fallback block replaced by its pieces."""
    if not any(r.pieces is not None for r in results):
        return starts, results
    if len(results) == 1 and not starts[0]:
        return results[0].pieces  # one block from 0: its pieces as they are, no copy
    flat_starts = array("q")
    flat_results: list[BlockResult] = []
    for start, r in zip(starts, results):
        if r.pieces is None:
            flat_starts.append(start)
            flat_results.append(r)
        else:
            flat_starts.extend(start + p for p in r.pieces.starts)
            flat_results.extend(r.pieces.results)
    return flat_starts, flat_results
