"""The markup phase: parse a block once, walk its nodes, collect tagged edits.

mwparserfromhell nodes carry no offsets, so the walker tracks them itself from
each node's wikitext. Node types reach their owning rule through a lookup table
built from the registry; a node whose rule is off is kept as written, but the
walker still descends into its prose so that other rules can act inside it.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from mwparserfromhell.nodes import Tag, Text

from .edits import Edit, apply_edits
from .guard import assess
from .node_geometry import prose_children, tag_parts
from .tree import FILL, Pruned, parse

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .rules.base import MarkupRule

#: Normalizes a fragment of wikitext with a config (a footnote's text, say).
Normalize = Callable[[str, "Config"], str]

# Characters without which a block holds no markup; such blocks skip the parser.
MARKUP_CHARS = frozenset("[]{}<>&'_=*#:;|-~")
# A markup character, or a NUL (where the tokenizer stops): searched in C, where
# MARKUP_CHARS.isdisjoint makes a string of each character before the first found.
_MARKUP_CLASS = re.escape("".join(sorted(MARKUP_CHARS)))
_MARKUP_CHAR = re.compile("[" + _MARKUP_CLASS + "]")
_MARKUP_OR_NUL = re.compile("[" + _MARKUP_CLASS + "\x00]")
# How many tag names as written a config's tables keep (see DispatchTables.by_written_name):
# far more than a corpus's (a few hundred), a bound on what odd input can add.
_NAMES_KEPT = 4096
# Stands in for spans a rule claimed before parsing (a private-use character).
FILLER = FILL
# Makes a NamedTuple without its constructor's Python-level call (edits are made per node).
_tuple_new = tuple.__new__


class MarkupEdit(NamedTuple):
    """An edit found in the markup phase, before glue spaces are decided.

    ``glue`` marks removals of whole constructs: if such a removal would join two
    words, a single space is put in its place.
    """

    start: int
    end: int
    replacement: str
    rule_id: str
    glue: bool


class RuleEntry(NamedTuple):
    """A markup rule and its options (None while the rule is off)."""

    rule: "MarkupRule"
    options: Any


class DispatchTables(NamedTuple):
    """How a config sends each node to its rule, worked out once per config."""

    #: Node type → the rule that owns it.
    nodes: dict[type, RuleEntry]
    #: Lower-case tag name (or ``"*"`` for any other tag) → the rule that owns it.
    tags: dict[str, RuleEntry]
    #: Enabled rules that read every text run the walk meets (they override ``handle_text``).
    text_readers: tuple[RuleEntry, ...]
    #: Enabled rules that claim whole spans before parsing.
    claimers: tuple[RuleEntry, ...]
    config: "Config"
    #: Lower-case names of tags whose rule removes them whole: the parser need not build them
    #: at a block's top level (:class:`~wikinorm.core.tree.Pruned`).
    removed: frozenset[str] = frozenset()
    #: Enabled ``reads_text`` rules that decide after the walk (they override ``finish``).
    finishers: tuple[RuleEntry, ...] = ()
    #: Enabled rules that may rewrite a block before it is parsed.
    rewriters: tuple[RuleEntry, ...] = ()
    #: Each of ``text_readers`` with its :attr:`~wikinorm.core.rules.base.MarkupRule.text_triggers`.
    reader_gates: tuple[tuple[RuleEntry, tuple[str, ...]], ...] = ()
    #: A tag's name as written (``"REF "``) → what ``tags`` gives for it, ``"*"``'s entry when
    #: none: filled as the walk meets names (up to :data:`_NAMES_KEPT`), the name's
    #: stripping and lower-casing done once per config, not once per tag.
    by_written_name: dict[str, "RuleEntry | None"] | None = None


class WalkContext:
    """What a markup rule's handler sees: options, and ways to emit and descend."""

    __slots__ = ("edits", "text", "metadata", "notes", "state", "config", "normalize", "_tables", "_readers", "_gate")

    def __init__(self, text: str, tables: DispatchTables, normalize: Normalize | None = None):
        self.edits: list[MarkupEdit] = []
        #: The whole config (a rule that normalizes a fragment on its own needs it).
        self.config = tables.config
        #: Normalizes a fragment of wikitext with a config: a rule's way to run the
        #: pipeline on a piece of text without importing it.
        self.normalize = normalize
        #: The block's raw text (for rules that look past their node, e.g. to the line end).
        self.text = text
        #: What rules collect besides edits, e.g. ``{"categories": [...]}``.
        self.metadata: dict[str, list] = {}
        #: What rules record for their own document-level hook, by rule id.
        self.notes: dict[str, list] = {}
        #: Scratch space for rules that decide after the walk (keyed by rule id).
        self.state: dict[str, Any] = {}
        self._tables = tables
        #: The text readers this block may need (see :func:`_readers_for`).
        self._readers = tables.text_readers
        #: The readers' triggers the block holds: a text run with none of them is not
        #: handed to the readers (None: some reader promised none, every run is).
        self._gate: tuple[str, ...] | None = None

    def remove(self, rule_id: str, start: int, end: int, glue: bool = True) -> None:
        """Remove ``[start, end)``; with ``glue``, keep neighbouring words apart."""
        if end > start:
            self.edits.append(_tuple_new(MarkupEdit, (start, end, "", rule_id, glue)))

    def replace(self, rule_id: str, start: int, end: int, replacement: str) -> None:
        """Replace ``[start, end)`` with ``replacement``."""
        self.edits.append(_tuple_new(MarkupEdit, (start, end, replacement, rule_id, False)))

    def remove_spans(self, rule_id: str, spans: list[tuple[int, int]], glue: bool = True) -> None:
        """Remove each ``(start, end)`` of ``spans``, as :meth:`remove` would (one call for a rule's many)."""
        add = self.edits.append
        for start, end in spans:
            if end > start:
                add(_tuple_new(MarkupEdit, (start, end, "", rule_id, glue)))

    def unwrap(self, rule_id: str, node: Tag, start: int, source: str, glue: bool = True) -> None:
        """Remove a paired tag's opening and closing markup and walk its contents."""
        opening, closing = tag_parts(node, source)
        end = start + len(source)
        self.remove(rule_id, start, start + opening, glue)
        self.walk(node.contents, start + opening)
        self.remove(rule_id, end - closing, end, glue)

    def collect(self, key: str, value: Any) -> None:
        """Record metadata (shown by `explain`), e.g. a category name."""
        self.metadata.setdefault(key, []).append(value)

    def note(self, rule_id: str, value: Any) -> None:
        """Record ``value`` for rule ``rule_id``'s document-level hook (not shown)."""
        self.notes.setdefault(rule_id, []).append(value)

    def walk(self, code: Any, offset: int) -> None:
        """Walk the nodes of a Wikicode that starts at ``offset``."""
        nodes = code._nodes
        if len(nodes) == 1 and type(nodes[0]) is Text:
            # Two walks in three: a link's label or title, one text run.
            text_readers = self._readers
            if text_readers:
                value = nodes[0]._value
                gate = self._gate
                if gate is None:
                    for rule, options in text_readers:
                        rule.handle_text(value, offset, options, self)
                    return
                for trigger in gate:
                    if trigger in value:
                        for rule, options in text_readers:
                            rule.handle_text(value, offset, options, self)
                        break
            return
        pos = offset
        tables = self._tables
        node_table = tables.nodes
        text_readers = self._readers
        gate = self._gate
        by_written_name = tables.by_written_name
        # The builder's run of each list: a node's wikitext is a slice of it,
        # not a string composed anew from the node's parts at every level.
        ends = getattr(code, "_ends", None)
        # A list with its ends has its run (tree.Code): read without Code.__str__'s call.
        written = code._text if ends is not None else ""
        for i, node in enumerate(nodes):
            if type(node) is Text:
                value = node._value
                if text_readers:
                    # Most runs hold none of the block's triggers: an `in` test each
                    # instead of a call per reader (see MarkupRule.text_triggers).
                    if gate is None:
                        for rule, options in text_readers:
                            rule.handle_text(value, pos, options, self)
                    else:
                        for trigger in gate:
                            if trigger in value:
                                for rule, options in text_readers:
                                    rule.handle_text(value, pos, options, self)
                                break
                pos += len(value)
                continue
            if type(node) is Pruned:
                # As its rule's handle() would (MarkupRule.removes_whole); only its
                # end is needed (a pruned node exists only in a list with its run).
                end = offset + ends[i]
                if end > pos:  # as self.remove, without the call
                    self.edits.append(_tuple_new(MarkupEdit, (pos, end, "", tables.tags[node.name].rule.id, True)))
                pos = end
                continue
            source = written[pos - offset : ends[i]] if ends is not None else str(node)
            if type(node) is Tag:
                # By the name as written: a wiki-markup tag's implied name (a list item's
                # 'li') is a list without its run, composed anew by each str().
                name = node._tag  # Tag.tag is a property call
                name_nodes = name._nodes
                written_name = (
                    name_nodes[0]._value if len(name_nodes) == 1 and type(name_nodes[0]) is Text else str(name)
                )
                entry = by_written_name.get(written_name) if by_written_name is not None else None
                if entry is None:
                    entry = tables.tags.get(written_name.strip().lower())
                    if entry is None:
                        entry = tables.tags.get("*")
                    if by_written_name is not None and len(by_written_name) < _NAMES_KEPT:
                        by_written_name[written_name] = entry
            else:
                entry = node_table.get(type(node))
            if entry is not None and entry.options is not None:
                rule, options = entry
                rule.handle(node, pos, source, options, self)
            else:
                descend(node, pos, source, self)
            pos += len(source)


def descend(node: Any, start: int, source: str, ctx: WalkContext) -> None:
    """Walk the prose inside ``node`` without touching the node's own markup."""
    for code, offset in prose_children(node, start, source):
        ctx.walk(code, offset)


def has_markup(text: str) -> bool:
    """Whether ``text`` may hold markup at all (cheap pre-check)."""
    return _MARKUP_CHAR.search(text) is not None


class MarkupOutcome(NamedTuple):
    """The markup phase's findings for one block.

    With a ``rewrite`` (a rule's :meth:`~wikinorm.core.rules.base.MarkupRule.rewrite_source`),
    the parser read the block with those edits applied, and ``edits`` are on that text.
    """

    edits: list[MarkupEdit]
    metadata: dict[str, list]
    notes: dict[str, list]
    rewrite: tuple[Edit, ...] = ()


_NOTHING = MarkupOutcome([], {}, {})
#: Sort key of edits: their span (a stable sort keeps equal spans in the order found).
_SPAN = itemgetter(0, 1)
_GLUE = itemgetter(4)


def collect_edits(text: str, tables: DispatchTables, normalize: Normalize | None = None) -> MarkupOutcome:
    """Parse ``text``; return the enabled rules' markup edits (sorted), metadata and notes.

    ``tables`` comes from :func:`dispatch_tables` for the config in force.
    """
    if _MARKUP_CHAR.search(text) is None:  # has_markup, without its call
        return _NOTHING
    for rule, options in tables.rewriters:
        rewrite = rule.rewrite_source(text, options)
        if rewrite:
            source = apply_edits(text, rewrite)
            if assess(source) is None:  # what the parser reads must be safe to parse
                outcome = collect_edits(source, tables._replace(rewriters=()), normalize)
                return outcome._replace(rewrite=tuple(rewrite))
    ctx = WalkContext(text, tables, normalize)
    parsed = text
    filled: list[tuple[int, int]] = []  # spans of filler (the tokenizer reads each as one character)
    for rule, options in tables.claimers:
        claims = rule.claim_spans(parsed, options)
        if claims:
            # Same-length filler keeps every offset; the parser sees plain text
            # and skips building nodes nobody will look at.
            parts = []
            add = parts.append
            # As ctx.replace and ctx.remove would, without a call per claim (a link each).
            add_edit = ctx.edits.append
            rule_id = rule.id
            pos = 0
            mask = rule.claim_mask or FILLER
            if mask == FILLER:
                filled.extend([(start, end) for start, end, _ in claims])
                filled.sort()
            for start, end, replacement in claims:
                add(parsed[pos:start])
                add(mask * (end - start))
                if replacement:
                    add_edit(_tuple_new(MarkupEdit, (start, end, replacement, rule_id, False)))
                elif end > start:
                    add_edit(_tuple_new(MarkupEdit, (start, end, "", rule_id, True)))
                pos = end
            add(parsed[pos:])
            parsed = "".join(parts)
    if tables.reader_gates:
        ctx._readers, ctx._gate = _readers_for(parsed, tables.reader_gates)
    if _MARKUP_OR_NUL.search(parsed) is None:
        # The claims took all the markup (a block that is one template, say): the
        # tree would be one text run, which the walk gives to the text readers.
        for rule, options in ctx._readers:
            rule.handle_text(parsed, 0, options, ctx)
    else:
        try:
            code = parse(parsed, prune=tables.removed, filled=filled)
        except Exception:  # the parser's own failure must not cost the user the block
            return _NOTHING
        ctx.walk(code, 0)
    for rule, options in tables.finishers:
        rule.finish(options, ctx)
    edits = ctx.edits
    if len(edits) > 1:  # most blocks have one edit or two
        edits.sort(key=_SPAN)
        edits = _drop_overlaps(edits)
    return _tuple_new(MarkupOutcome, (edits, ctx.metadata, ctx.notes, ()))


def _readers_for(
    parsed: str, gates: tuple[tuple[RuleEntry, tuple[str, ...]], ...]
) -> tuple[tuple[RuleEntry, ...], tuple[str, ...] | None]:
    """The text readers whose triggers ``parsed`` holds, and the triggers it holds.

    Every text run the walk meets is a piece of ``parsed``, and a reader finds
    nothing in a run without one of its triggers: a run without any of the
    triggers held need not go to the readers. None instead of the triggers
    when a reader promised none (every run goes to the readers).
    """
    readers: tuple[RuleEntry, ...] = ()
    held: tuple[str, ...] | None = ()
    for entry, triggers in gates:
        if not triggers:
            readers += (entry,)
            held = None
            continue
        found = False
        for trigger in triggers:
            if trigger in parsed:
                found = True
                if held is not None and trigger not in held:
                    held += (trigger,)
        if found:
            readers += (entry,)
    return readers, held


def _drop_overlaps(edits: list[MarkupEdit]) -> list[MarkupEdit]:
    """Keep edits disjoint; a later edit inside an earlier one is redundant."""
    # Sorted by start, the first edit that starts before the furthest end so far
    # starts before the end of the edit just before it (up to there, no edit starts
    # before an earlier one's end): most blocks have none, and keep their list.
    end = -1
    for edit in edits:
        if edit[0] < end:
            break
        end = edit[1]
    else:
        return edits
    kept: list[MarkupEdit] = []
    last_end = -1
    for edit in edits:
        if edit[0] < last_end:
            continue
        kept.append(edit)
        if edit[1] > last_end:
            last_end = edit[1]
    return kept


OPENING = frozenset("([{\u201c\u2018«\"'")
CLOSING = frozenset(".,;:!?)]}\u201d\u2019»%")
HSPACE = " \t\u00a0"


def settle(text: str, edits: list[MarkupEdit], allowed: frozenset[str] | None = None) -> list[Edit]:
    """Turn markup edits into plain edits: pick the enabled ones, decide glue spaces.

    A run of adjacent removals that has a ``glue`` removal in it becomes a single
    space when it sits between two words, and swallows the spaces before it when a
    closing punctuation mark follows (``word <ref/>.`` gives ``word.``).
    """
    # Runs once per block over every markup edit: fields by index and edits
    # made with tuple.__new__ (a NamedTuple's own constructor is a Python call).
    chosen = edits if allowed is None else [e for e in edits if e[3] in allowed]
    if not any(map(_GLUE, chosen)):
        # No glue removal (a heading's, a link's markers): every edit as it is.
        return [_tuple_new(Edit, e[:4]) for e in chosen]
    # Only the first glue removal of a run of removals changes: every other edit
    # is kept as it is (a run's other removals are, too). So each edit is looked
    # at once, and a run only from such a glue removal, once.
    out: list[Edit] = []
    add = out.append
    last = len(chosen) - 1
    length = len(text)
    done = -1  # edits up to this one are in a run already decided
    for k, e in enumerate(chosen):
        if e[2] or not e[4] or k <= done:
            add(_tuple_new(Edit, e[:4]))  # not a glue removal (most edits): as it is
            continue
        # The first glue removal of its run (an earlier one would have decided the run):
        # the run's edits before it are removals without glue, or the run is not all removals.
        first = k
        removals = True
        while first and chosen[first - 1][1] == chosen[first][0]:
            first -= 1
            if chosen[first][2]:
                removals = False
        stop = k
        while stop < last and chosen[stop + 1][0] == chosen[stop][1]:
            stop += 1
            if chosen[stop][2]:
                removals = False
        done = stop
        if not removals:
            add(_tuple_new(Edit, e[:4]))
            continue
        run_start = chosen[first][0]
        run_end = chosen[stop][1]
        before = text[run_start - 1] if run_start > 0 else ""
        after = text[run_end] if run_end < length else ""
        start, replacement = e[0], ""
        if after in CLOSING and before and before in HSPACE and k == first:
            while start > 0 and text[start - 1] in HSPACE:
                start -= 1
            if out and out[-1][1] > start:
                start = out[-1][1]
        elif (
            before
            and after
            and not before.isspace()
            and not after.isspace()
            and after not in CLOSING
            and (before not in OPENING or _closes_word(text, run_start - 1))
        ):
            replacement = " "
        add(_tuple_new(Edit, (start, e[1], replacement, e[3])))
    return out


def _closes_word(text: str, at: int) -> bool:
    """Whether the quote mark at ``at`` ends the word before it (``cells'``, a possessive) rather than opening one."""
    return text[at] == "'" and at > 0 and text[at - 1].isalnum()


def _overrides(rule: "MarkupRule", hook: str) -> bool:
    """Whether ``rule``'s class has its own ``hook`` (not the base class's, which does nothing)."""
    from .rules.base import MarkupRule

    return getattr(type(rule), hook) is not getattr(MarkupRule, hook)


def dispatch_tables(rules: Any, config: "Config") -> DispatchTables:
    """The lookup tables that send each node of a block to its rule under ``config``.

    A disabled rule keeps its entry with options ``None``, so its nodes are
    left as written (but walked into) instead of falling to another rule.
    """
    nodes: dict[type, RuleEntry] = {}
    tags: dict[str, RuleEntry] = {}
    text_readers: list[RuleEntry] = []
    finishers: list[RuleEntry] = []
    claimers: list[RuleEntry] = []
    whole: dict[str, RuleEntry] = {}
    rewriters: list[RuleEntry] = []
    for rule in rules:
        setting = config.setting(rule.id)
        entry = RuleEntry(rule, setting.options if setting.enabled else None)
        for node_type in rule.node_types:
            nodes[node_type] = entry
        for name in rule.tags:
            tags[name] = entry
        if rule.reads_text and setting.enabled:
            # The base hooks do nothing: a rule that only finishes (or only
            # reads) is not called for the other (once per text run, per block).
            if _overrides(rule, "handle_text"):
                text_readers.append(entry)
            if _overrides(rule, "finish"):
                finishers.append(entry)
        if rule.claims_spans and setting.enabled:
            claimers.append(entry)
        if setting.enabled:
            for name in rule.removes_whole(setting.options):
                whole[name] = entry
        if rule.rewrites_source and setting.enabled:
            rewriters.append(entry)
    # Only names that still reach that rule (a later rule may own a name too).
    removed = frozenset(name for name, entry in whole.items() if tags.get(name) is entry)
    return DispatchTables(
        nodes, tags, tuple(text_readers), tuple(claimers), config, removed, tuple(finishers), tuple(rewriters),
        tuple((entry, entry.rule.text_triggers) for entry in text_readers), {},
    )
