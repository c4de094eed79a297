"""Rule `tables`."""

from __future__ import annotations

from ..markup import tag_parts
from ..markup_data import TABLE_TAGS
from .base import MarkupRule


class Tables(MarkupRule):
    """Drop tables, wiki (`{| … |}`) or HTML (`<table>`), with everything in them.

    >>> from wikinorm.core.rules.base import example
    >>> example("tables", "Before\\n{| class=wikitable\\n|-\\n| a || b\\n|}\\nAfter")
    'Before\\n\\nAfter'
    """

    id = "tables"
    title = "Tables"
    description = "Drop {| … |} and <table> tables."
    tags = TABLE_TAGS

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if str(node.tag).strip().lower() == "table" or node.self_closing or node.contents is None:
            ctx.remove(self.id, start, end)
            return
        # A stray cell or row tag outside any table: unwrap it.
        opening, closing = tag_parts(node, source)
        ctx.remove(self.id, start, start + opening)
        ctx.walk(node.contents, start + opening)
        ctx.remove(self.id, end - closing, end)
