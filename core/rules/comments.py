"""Rule `comments`."""

from __future__ import annotations

from mwparserfromhell.nodes import Comment

from .base import MarkupRule


class Comments(MarkupRule):
    """Drop HTML comments; the words around them stay apart.

    >>> from wikinorm.core import example
    >>> example("comments", "Text<!-- hidden note -->more")
    'Text more'
    """

    id = "comments"
    title = "Comments"
    description = "Drop <!-- … --> comments."
    node_types = (Comment,)

    def handle(self, node, start, source, options, ctx):
        ctx.remove(self.id, start, start + len(source))
