"""The markup phase: parse a block once, walk its nodes, collect tagged edits.

mwparserfromhell nodes carry no offsets, so the walker tracks them itself from
each node's wikitext. Node types reach their owning rule through a lookup table
built from the registry; a node whose rule is off is kept as written, but the
walker still descends into its prose so that other rules can act inside it.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import mwparserfromhell
from mwparserfromhell.nodes import (
    ExternalLink,
    Heading,
    Tag,
    Text,
    Wikilink,
)

from .edits import Edit

# Characters without which a block holds no markup; such blocks skip the parser.
MARKUP_CHARS = frozenset("[]{}<>&'_=*#:;|-~")
# Stands in for spans a rule claimed before parsing (a private-use character).
FILLER = "\ue000"
# Marks where a footnote's number goes; the document numbers them (private use too).
FOOTNOTE_MARK = "\ue001"


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


class WalkContext:
    """What a markup rule's handler sees: options, and ways to emit and descend."""

    __slots__ = ("edits", "text", "metadata", "state", "config", "_node_table", "_tag_table", "_text_rules")

    def __init__(self, text: str, node_table: dict, tag_table: dict, text_rules: list, config: Any = None):
        self.edits: list[MarkupEdit] = []
        #: The whole config (a rule that normalizes a fragment on its own needs it).
        self.config = config
        #: The block's raw text (for rules that look past their node, e.g. to the line end).
        self.text = text
        #: What rules collect besides edits, e.g. ``{"categories": [...]}``.
        self.metadata: dict[str, list] = {}
        #: Scratch space for rules that decide after the walk (keyed by rule id).
        self.state: dict[str, Any] = {}
        self._node_table = node_table
        self._tag_table = tag_table
        self._text_rules = text_rules

    def remove(self, rule_id: str, start: int, end: int, glue: bool = True) -> None:
        """Remove ``[start, end)``; with ``glue``, keep neighbouring words apart."""
        if end > start:
            self.edits.append(MarkupEdit(start, end, "", rule_id, glue))

    def replace(self, rule_id: str, start: int, end: int, replacement: str) -> None:
        """Replace ``[start, end)`` with ``replacement``."""
        self.edits.append(MarkupEdit(start, end, replacement, rule_id, False))

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

    def walk(self, code: Any, offset: int) -> None:
        """Walk the nodes of a Wikicode that starts at ``offset``."""
        pos = offset
        node_table = self._node_table
        for node in code.nodes:
            if type(node) is Text:
                value = node.value
                if self._text_rules:
                    for rule, options in self._text_rules:
                        rule.handle_text(value, pos, options, self)
                pos += len(value)
                continue
            source = str(node)
            if type(node) is Tag:
                entry = self._tag_table.get(str(node.tag).strip().lower())
                if entry is None:
                    entry = self._tag_table.get("*")
            else:
                entry = node_table.get(type(node))
            if entry is not None and entry[1] is not None:
                rule, options = entry
                rule.handle(node, pos, source, options, self)
            else:
                descend(node, pos, source, self)
            pos += len(source)


def tag_parts(node: Tag, source: str) -> tuple[int, int]:
    """Lengths of a paired tag's opening and closing markup around its contents."""
    if node.wiki_markup:
        close = len(node.closing_wiki_markup or "")
    else:
        close = len(str(node.closing_tag)) + 3
    inner = len(str(node.contents))
    return len(source) - inner - close, close


def wikilink_text_offset(node: Wikilink) -> int:
    """Offset of a wikilink's label (after ``[[title|``) within the link."""
    return 3 + len(str(node.title))


def external_title_offset(node: ExternalLink) -> int:
    """Offset of a bracketed external link's label within the link."""
    return 1 + len(str(node.url)) + (0 if node.suppress_space is True else 1)


def _descend_tag(node: Tag, start: int, source: str, ctx: WalkContext) -> None:
    if node.self_closing or node.contents is None:
        return
    opening, _ = tag_parts(node, source)
    ctx.walk(node.contents, start + opening)


def _descend_wikilink(node: Wikilink, start: int, source: str, ctx: WalkContext) -> None:
    if node.text is not None:
        ctx.walk(node.text, start + wikilink_text_offset(node))


def _descend_external(node: ExternalLink, start: int, source: str, ctx: WalkContext) -> None:
    if node.brackets and node.title is not None:
        ctx.walk(node.title, start + external_title_offset(node))


def _descend_heading(node: Heading, start: int, source: str, ctx: WalkContext) -> None:
    ctx.walk(node.title, start + node.level)


# Where the prose inside a node lies, for nodes whose own rule is off.
# Templates, arguments, comments and entities hold no prose of the page's own.
_DESCEND: dict[type, Callable[[Any, int, str, WalkContext], None]] = {
    Tag: _descend_tag,
    Wikilink: _descend_wikilink,
    ExternalLink: _descend_external,
    Heading: _descend_heading,
}


def descend(node: Any, start: int, source: str, ctx: WalkContext) -> None:
    """Walk the prose inside ``node`` without touching the node's own markup."""
    handler = _DESCEND.get(type(node))
    if handler is not None:
        handler(node, start, source, ctx)


def has_markup(text: str) -> bool:
    """Whether ``text`` may hold markup at all (cheap pre-check)."""
    return not MARKUP_CHARS.isdisjoint(text)


def collect_edits(text: str, tables: tuple) -> tuple[list[MarkupEdit], dict]:
    """Parse ``text``; return the enabled rules' markup edits (sorted) and collected metadata.

    ``tables`` comes from :func:`dispatch_tables` for the config in force.
    """
    node_table, tag_table, text_rules, claimers, config = tables
    if not has_markup(text):
        return [], {}
    ctx = WalkContext(text, node_table, tag_table, text_rules, config)
    parsed = text
    for rule, options in claimers:
        claims = rule.claim_spans(parsed, options)
        if claims:
            # Same-length filler keeps every offset; the parser sees plain text
            # and skips building nodes nobody will look at.
            parts = []
            pos = 0
            for start, end, replacement in claims:
                parts.append(parsed[pos:start])
                parts.append(FILLER * (end - start))
                if replacement:
                    ctx.replace(rule.id, start, end, replacement)
                else:
                    ctx.remove(rule.id, start, end)
                pos = end
            parts.append(parsed[pos:])
            parsed = "".join(parts)
    try:
        code = mwparserfromhell.parse(parsed, skip_style_tags=True)
    except Exception:  # the parser's own failure must not cost the user the block
        return [], {}
    ctx.walk(code, 0)
    for rule, options in text_rules:
        rule.finish(options, ctx)
    ctx.edits.sort(key=lambda e: (e.start, e.end))
    return _drop_overlaps(ctx.edits), ctx.metadata


def _drop_overlaps(edits: list[MarkupEdit]) -> list[MarkupEdit]:
    """Keep edits disjoint; a later edit inside an earlier one is redundant."""
    kept: list[MarkupEdit] = []
    last_end = -1
    for edit in edits:
        if edit.start < last_end:
            continue
        kept.append(edit)
        last_end = max(last_end, edit.end)
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
    chosen = edits if allowed is None else [e for e in edits if e.rule_id in allowed]
    out: list[Edit] = []
    n = len(chosen)
    i = 0
    length = len(text)
    while i < n:
        j = i
        run_end = chosen[i].end
        all_removal = chosen[i].replacement == ""
        has_glue = chosen[i].glue
        while j + 1 < n and chosen[j + 1].start == run_end:
            j += 1
            run_end = chosen[j].end
            all_removal = all_removal and chosen[j].replacement == ""
            has_glue = has_glue or chosen[j].glue
        if not (all_removal and has_glue):
            for k in range(i, j + 1):
                e = chosen[k]
                out.append(Edit(e.start, e.end, e.replacement, e.rule_id))
            i = j + 1
            continue
        run_start = chosen[i].start
        before = text[run_start - 1] if run_start > 0 else ""
        after = text[run_end] if run_end < length else ""
        first_glue = next(k for k in range(i, j + 1) if chosen[k].glue)
        for k in range(i, j + 1):
            e = chosen[k]
            start, replacement = e.start, ""
            if k == first_glue:
                if after in CLOSING and before and before in HSPACE and k == i:
                    while start > 0 and text[start - 1] in HSPACE:
                        start -= 1
                    if out and out[-1].end > start:
                        start = out[-1].end
                elif (
                    before
                    and after
                    and not before.isspace()
                    and not after.isspace()
                    and after not in CLOSING
                    and before not in OPENING
                ):
                    replacement = " "
            out.append(Edit(start, e.end, replacement, e.rule_id))
        i = j + 1
    return out


def dispatch_tables(rules: Any, config: Any) -> tuple:
    """Lookup tables node type → (rule, options), tag name → (rule, options), text readers,
    and the enabled rules that claim whole spans before parsing.

    A disabled rule keeps its entry with options ``None``, so its nodes are
    left as written (but walked into) instead of falling to another rule.
    """
    node_table: dict = {}
    tag_table: dict = {}
    text_rules: list = []
    claimers: list = []
    for rule in rules:
        setting = config.setting(rule.id)
        options = setting.options if setting.enabled else None
        for node_type in rule.node_types:
            node_table[node_type] = (rule, options)
        for name in rule.tags:
            tag_table[name] = (rule, options)
        if rule.reads_text and setting.enabled:
            text_rules.append((rule, options))
        if rule.claims_spans and setting.enabled:
            claimers.append((rule, options))
    return node_table, tag_table, text_rules, claimers, config
