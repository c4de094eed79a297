"""Rule `tables`."""

from __future__ import annotations

import enum

from ..node_geometry import tag_parts
from ..markup_data import TABLE_CELL_TAGS, TABLE_TAGS
from .base import MarkupRule, dataclass_options, option


class TableMode(enum.Enum):
    """What becomes of tables."""

    DROP = "drop"
    LINES = "lines"  # each cell's text on a line of its own


@dataclass_options
class TablesOptions:
    mode: TableMode = option(TableMode.DROP, "drop tables, or keep each cell's text as a line")


class Tables(MarkupRule):
    """Drop tables, wiki (`{| … |}`) or HTML (`<table>`), with everything in them.

    >>> from wikinorm.core import example
    >>> example("tables", "Before\\n{| class=wikitable\\n|-\\n| a || b\\n|}\\nAfter")
    'Before\\n\\nAfter'
    """

    id = "tables"
    title = "Tables"
    description = "Drop {| … |} and <table> tables, or keep their cells' text as lines."
    Options = TablesOptions
    tags = TABLE_TAGS

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
