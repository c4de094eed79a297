"""Rule `entities`."""

from __future__ import annotations

from mwparserfromhell.nodes import HTMLEntity

from .base import MarkupRule


class Entities(MarkupRule):
    """Decode HTML entities: named, decimal and hexadecimal.

    >>> from wikinorm.core import example
    >>> example("entities", "AT&amp;T&nbsp;caf&#233; &#x41;")
    'AT&T\\xa0café A'
    """

    id = "entities"
    title = "Entities"
    description = "Decode &nbsp; &amp; &#233; and other HTML entities."
    node_types = (HTMLEntity,)

    def handle(self, node, start, source, options, ctx):
        try:
            char = node.normalize()
        except (ValueError, OverflowError):  # a numeric entity out of Unicode's range
            return
        ctx.replace(self.id, start, start + len(source), char)
