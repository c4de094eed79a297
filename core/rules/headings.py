"""Rule `headings`."""

from __future__ import annotations

import enum

from mwparserfromhell.nodes import Heading

from .base import MarkupRule, option, dataclass_options


class HeadingMode(enum.Enum):
    """What becomes of a section heading."""

    KEEP = "keep"
    DROP = "drop"


@dataclass_options
class HeadingsOptions:
    mode: HeadingMode = option(HeadingMode.KEEP, "keep the heading text as its own line, or drop it")


class Headings(MarkupRule):
    """Remove `== … ==` heading markers, keeping the title as its own line (or dropping it).

    >>> from wikinorm.core import example
    >>> example("headings", "== History ==")
    ' History '
    >>> example("headings", "== History ==", mode=HeadingMode.DROP)
    ''
    """

    id = "headings"
    title = "Headings"
    description = "Turn == Heading == into its text on its own line, or drop it."
    Options = HeadingsOptions
    node_types = (Heading,)

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if options.mode is HeadingMode.DROP:
            ctx.remove(self.id, start, end, glue=False)
            return
        level = node.level
        ctx.remove(self.id, start, start + level, glue=False)
        ctx.walk(node.title, start + level)
        ctx.remove(self.id, end - level, end, glue=False)
