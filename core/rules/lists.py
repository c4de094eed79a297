"""Rule `lists`."""

from __future__ import annotations

from ..markup import tag_parts
from ..markup_data import LIST_TAGS
from .base import MarkupRule


class Lists(MarkupRule):
    """Remove list and indent markers (`*`, `#`, `:`, `;`), keeping each item's text.

    >>> from wikinorm.core.rules.base import example
    >>> example("lists", "* one\\n## two\\n; term: meaning")
    ' one\\n two\\n term meaning'
    """

    id = "lists"
    title = "Lists"
    description = "Remove *, #, :, ; list and indent markers, keep the items."
    tags = LIST_TAGS

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if node.wiki_markup or node.self_closing or node.contents is None:
            ctx.remove(self.id, start, end)
            return
        opening, closing = tag_parts(node, source)
        ctx.remove(self.id, start, start + opening)
        ctx.walk(node.contents, start + opening)
        ctx.remove(self.id, end - closing, end)
