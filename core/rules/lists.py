"""Rule `lists`."""

from __future__ import annotations

import enum

from ..markup_data import LIST_TAGS
from .base import MarkupRule, dataclass_options, option


class ListMode(enum.Enum):
    """What becomes of list items."""

    KEEP = "keep"  # the item's text stays, the marker goes
    DROP = "drop"  # the whole item goes


@dataclass_options
class ListsOptions:
    mode: ListMode = option(ListMode.KEEP, "keep each item's text, or drop list items entirely")


class Lists(MarkupRule):
    """Remove list and indent markers (`*`, `#`, `:`, `;`), keeping each item's text.

    >>> from wikinorm.core import example
    >>> example("lists", "* one\\n## two\\n; term: meaning")
    ' one\\n two\\n term meaning'
    """

    id = "lists"
    title = "Lists"
    description = "Remove *, #, :, ; list and indent markers, keep the items."
    Options = ListsOptions
    tags = LIST_TAGS

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if options.mode is ListMode.DROP:
            if node.wiki_markup:  # a marker: the item runs to the line's end
                line_end = ctx.text.find("\n", start)
                end = len(ctx.text) if line_end < 0 else line_end
            ctx.remove(self.id, start, end, glue=not node.wiki_markup)
            return
        if node.wiki_markup or node.self_closing or node.contents is None:
            ctx.remove(self.id, start, end)
            return
        ctx.unwrap(self.id, node, start, source)
