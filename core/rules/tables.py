"""Rule `tables`."""

from __future__ import annotations

import bisect
import enum
import re
from typing import NamedTuple

from ..blocks import INDENTED_TABLE, template_spans
from ..edits import Edit, EditMap
from ..markup_data import TABLE_CELL_TAGS, TABLE_TAGS
from ..node_geometry import tag_parts
from .base import DocumentShape, MarkupRule, dataclass_options, option


class TableMode(enum.Enum):
    """What becomes of tables."""

    DROP = "drop"
    LINES = "lines"  # each cell's text on a line of its own


@dataclass_options
class TablesOptions:
    mode: TableMode = option(TableMode.DROP, "drop tables, or keep each cell's text as a line")


# Lines that start with table syntax: an opener (maybe indented), a closer, a row separator.
_TABLE_LINE = re.compile(
    r"^[ \t]*(?:(?P<open>" + INDENTED_TABLE + r")\{\||(?P<close>\|\})|(?P<row>\|-))", re.MULTILINE
)
# A line that holds nothing but row syntax: a row separator (maybe with attributes) or a closer.
_ROW_ONLY = re.compile(r"[ \t]*(?:\|-[^\n]*|\|\}[ \t]*)(?=\n|$)")


# The templates that open and close a box whose rows are written between them
# (succession boxes): {{s-start}} … {{s-end}}, {{start box}} … {{end box}}.
_BOX = re.compile(
    r"\{\{\s*(?:(?P<open>[sS]-start|[sS]tart[ _]box|[sS]uccession[ _]box[ _]start)"
    r"|(?P<close>[sS]-end|[eE]nd[ _]box))\s*(?=\||\}\})"
)
# What a header or cell line of such a box starts with, once its markup is gone.
_CELL_MARKERS = ("!", "|")


class BoxNote(NamedTuple):
    """How many box-opening and box-closing templates a block holds."""

    opens: int
    closes: int


class Tables(MarkupRule):
    """Drop tables, wiki (`{| … |}`) or HTML (`<table>`), with everything in them.

    A table opened after an indent or list marker (`:{|`, `*{|`) is a table
    too. A line of bare row syntax outside any table (`|-` or `|}` between the
    templates that build a succession box) goes: it holds no text. So do the
    box's header and cell lines (`! Political offices`, `| …`): each is a block
    of its own, so they go across blocks, between `{{s-start}}` (or `{{start
    box}}`) and `{{s-end}}` (or `{{end box}}`).

    >>> from wikinorm.core import example
    >>> example("tables", "Before\\n{| class=wikitable\\n|-\\n| a || b\\n|}\\nAfter")
    'Before\\n\\nAfter'
    >>> example("tables", "Before\\n:{| class=wikitable\\n|a||b\\n|}\\nAfter", mode="lines")
    'Before\\na\\nb\\n\\nAfter'
    >>> example("tables", "{{s-start}}\\n{{s-aft|after=X}}\\n|-\\n{{s-legal}}\\n{{s-end}}")
    '{{s-start}}\\n{{s-aft|after=X}}\\n\\n{{s-legal}}\\n{{s-end}}'
    >>> example("tables", "Before\\n{{s-start}}\\n! Political offices\\n{{s-end}}\\nAfter")
    'Before\\n{{s-start}}\\n\\n{{s-end}}\\nAfter'
    """

    id = "tables"
    title = "Tables"
    description = "Drop {| … |} and <table> tables, or keep their cells' text as lines."
    Options = TablesOptions
    tags = TABLE_TAGS
    claims_spans = True
    # The parser must see an indented table's {| at a line start once its indent is claimed.
    claim_mask = "\n"
    # Notes a block's box templates (finish) for shape_document.
    reads_text = True
    shapes_document = True
    shape_keys = True

    def claim_spans(self, text, options):
        # Each piece of table syntax has a "|", and "{|" and "|}" a brace: one character
        # is found far faster than a pair (most blocks have no "|"; most with one, a
        # piped link, have no brace once their templates are filled).
        if "|" not in text or (
            ("{" not in text or "{|" not in text) and "|-" not in text and ("}" not in text or "|}" not in text)
        ):
            return []
        opened: list[tuple[int, int]] = []  # (line start, start of {|) of open tables
        tables: list[tuple[int, int]] = []  # spans of closed tables, from their line start
        indents = []
        rows = []
        for match in _TABLE_LINE.finditer(text):
            if match.group("close") is not None:
                if opened:
                    line, brace = opened.pop()
                    tables.append((line, match.end()))
                    if brace > line and text[line:brace].strip():
                        indents.append((line, brace))
                else:
                    rows.append(match.start())
            elif match.group("row") is not None:
                rows.append(match.start())
            else:
                opened.append((match.start(), match.end() - 2))
        claims = [(line, brace, "") for line, brace in indents]
        if rows:
            # Row syntax inside a table or a template belongs to them.
            tables.sort()
            held = _outermost(tables + template_spans(text))
            held_starts = [s for s, _ in held]
            for start in rows:
                k = bisect.bisect_right(held_starts, start) - 1
                if k >= 0 and start < held[k][1]:
                    continue
                line = _ROW_ONLY.match(text, start)
                if line is not None:
                    claims.append((start, line.end(), ""))
        claims.sort()
        return claims

    def finish(self, options, ctx):
        text = ctx.text
        # A box template starts with "{{": one "{" is far cheaper to rule out, and
        # a first search (nearly always in vain) costs what a "{{" test would.
        if "{" not in text:
            return
        first = _BOX.search(text)
        if first is None:
            return
        opens = closes = 0
        for match in _BOX.finditer(text, first.start()):
            if match.group("open") is not None:
                opens += 1
            else:
                closes += 1
        if opens or closes:
            ctx.note(self.id, BoxNote(opens, closes))

    def shape_document(self, texts, notes, options, config):
        """Empty the header and cell lines between a box's opening and closing templates."""
        block_maps = {}
        depth = 0
        pending: list[int] = []  # cell lines of the open box: they go once it closes
        for i, note in enumerate(notes):
            if note is None:
                if depth and _is_cell_line(texts[i]):
                    pending.append(i)
                continue
            for box in note:
                depth = max(0, depth + box.opens - box.closes)
            if not depth:
                for k in pending:
                    block_maps[k] = EditMap([Edit(0, len(texts[k]), "", self.id)], len(texts[k]))
                pending.clear()
        if not block_maps:
            return None
        return DocumentShape(block_maps=block_maps, edits=len(block_maps))

    def shape_key(self, text, note, options):
        # A cell line's whole text: its block map removes exactly that text.
        return note, text if _is_cell_line(text) else None

    def removes_whole(self, options):
        return frozenset({"table"}) if options.mode is TableMode.DROP else frozenset()

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        name = str(node.tag).strip().lower()
        if node.self_closing or node.contents is None or (name == "table" and options.mode is TableMode.DROP):
            ctx.remove(self.id, start, end)
            return
        if name in TABLE_CELL_TAGS and options.mode is TableMode.LINES:
            opening, closing = tag_parts(node, source)
            # Every cell starts a line; a cell already at a line start needs no break.
            at_line_start = start == 0 or ctx.text[start - 1] == "\n"
            if at_line_start:
                ctx.remove(self.id, start, start + opening, glue=False)
            else:
                ctx.replace(self.id, start, start + opening, "\n")
            inner = start + opening
            if node.wiki_markup == "|" and ctx.text.startswith("+", inner):  # a |+ caption
                ctx.remove(self.id, inner, inner + 1, glue=False)
            ctx.walk(node.contents, inner)
            ctx.remove(self.id, end - closing, end, glue=False)
            return
        # A stray cell or row tag outside any table: unwrap it.
        ctx.unwrap(self.id, node, start, source)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
            continue
        out.append((start, end))
    return out


def _is_cell_line(text: str) -> bool:
    """Whether a block's ``text`` is a box's header or cell line (``! …``, ``| …``)."""
    return text.lstrip().startswith(_CELL_MARKERS)
