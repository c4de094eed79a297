"""Rule `references`."""

from __future__ import annotations

import enum

from ..markup import FOOTNOTE_MARK, tag_parts
from ..markup_data import REFERENCE_LIST_TAGS, REFERENCE_TAGS
from .base import MarkupRule, option, dataclass_options


class RefMode(enum.Enum):
    """What becomes of a `<ref>`'s content."""

    DROP = "drop"
    KEEP_TEXT = "keep_text"
    FOOTNOTES = "footnotes"  # numbered markers; the notes follow the text


@dataclass_options
class ReferencesOptions:
    mode: RefMode = option(RefMode.DROP, "drop references, keep their text inline, or move it to numbered footnotes")


class References(MarkupRule):
    """Remove `<ref>` tags (dropping or keeping their text) and `<references/>` lists.

    >>> from wikinorm.core.rules.base import example
    >>> example("references", "Cancer spreads.<ref>Smith 2001</ref> Next")
    'Cancer spreads. Next'
    >>> example("references", "Text<ref>Source</ref> end", mode=RefMode.KEEP_TEXT)
    'Text Source end'
    >>> example("references", "A.<ref name=s>Smith</ref> B.<ref>Jones</ref> C.<ref name=s/>", mode=RefMode.FOOTNOTES)
    'A.[1] B.[2] C.[1]\\n\\n[1] Smith\\n[2] Jones'
    """

    id = "references"
    title = "References"
    description = "Remove <ref> citations: drop them, keep their text inline, or make numbered footnotes."
    Options = ReferencesOptions
    tags = REFERENCE_TAGS | REFERENCE_LIST_TAGS

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        name = str(node.tag).strip().lower()
        if options.mode is RefMode.FOOTNOTES and name not in REFERENCE_LIST_TAGS:
            self._footnote(node, start, end, source, ctx)
            return
        if (
            name in REFERENCE_LIST_TAGS
            or node.self_closing
            or node.contents is None
            or options.mode is RefMode.DROP
            or not str(node.contents).strip()
        ):
            ctx.remove(self.id, start, end)
            return
        ctx.unwrap(self.id, node, start, source)

    def _footnote(self, node, start, end, source, ctx):
        """Put a footnote mark here and keep the note's normalized text for the document."""
        from ..document import run  # the note is a small document of its own

        name = str(node.get("name").value).strip().strip("\"'") if node.has("name") else None
        content = ""
        if not node.self_closing and node.contents is not None:
            # From the raw text: the parsed tree has templates masked out.
            opening, closing = tag_parts(node, source)
            content = ctx.text[start + opening : end - closing]
        text = ""
        if content.strip():
            config = ctx.config.with_option(self.id, "mode", RefMode.DROP)
            if config.is_enabled("whitespace"):
                config = config.with_option("whitespace", "mode", "one_line")
            text = run(content, config).text.strip()
        if not name and not text:
            ctx.remove(self.id, start, end)
            return
        ctx.replace(self.id, start, end, FOOTNOTE_MARK)
        ctx.collect(FOOTNOTES_KEY, (name, text))


#: Metadata key of the footnotes a block holds, in order: ``(name or None, text)``.
FOOTNOTES_KEY = "_footnotes"
