"""Rule `references`."""

from __future__ import annotations

import enum

from ..markup import tag_parts
from ..markup_data import REFERENCE_LIST_TAGS, REFERENCE_TAGS
from .base import MarkupRule, option, dataclass_options


class RefMode(enum.Enum):
    """What becomes of a `<ref>`'s content."""

    DROP = "drop"
    KEEP_TEXT = "keep_text"


@dataclass_options
class ReferencesOptions:
    mode: RefMode = option(RefMode.DROP, "drop the reference, or keep its text inline")


class References(MarkupRule):
    """Remove `<ref>` tags (dropping or keeping their text) and `<references/>` lists.

    >>> from wikinorm.core.rules.base import example
    >>> example("references", "Cancer spreads.<ref>Smith 2001</ref> Next")
    'Cancer spreads. Next'
    >>> example("references", "Text<ref>Source</ref> end", mode=RefMode.KEEP_TEXT)
    'Text Source end'
    """

    id = "references"
    title = "References"
    description = "Remove <ref> citations (drop them or keep their text) and <references/>."
    Options = ReferencesOptions
    tags = REFERENCE_TAGS | REFERENCE_LIST_TAGS

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        name = str(node.tag).strip().lower()
        if (
            name in REFERENCE_LIST_TAGS
            or node.self_closing
            or node.contents is None
            or options.mode is RefMode.DROP
            or not str(node.contents).strip()
        ):
            ctx.remove(self.id, start, end)
            return
        opening, closing = tag_parts(node, source)
        ctx.remove(self.id, start, start + opening)
        ctx.walk(node.contents, start + opening)
        ctx.remove(self.id, end - closing, end)
