"""Rule `html`."""

from __future__ import annotations

import enum
import re

from ..node_geometry import tag_parts
from ..tree import parse
from ..markup_data import (
    BLOCK_TAGS,
    BREAK_TAGS,
    KNOWN_TAGS,
    LITERAL_TAGS,
    MAGIC_WORDS,
    MATH_TAGS,
    NON_PROSE_TAGS,
    TRANSPARENT_TAGS,
)
from .base import MarkupRule, dataclass_options, option


class MathMode(enum.Enum):
    """What becomes of ``<math>`` (and ``<chem>``, ``<ce>``) formulas."""

    DROP = "drop"
    PLACEHOLDER = "placeholder"  # the word "[math]" in its place
    TEX = "tex"  # the TeX source, as written


@dataclass_options
class HtmlOptions:
    math: MathMode = option(MathMode.DROP, "drop formulas, put a [math] placeholder, or keep the TeX")


MATH_PLACEHOLDER = "[math]"

_MAGIC = re.compile(r"__([A-Z]+)__")
# A tag the parser left as text (unpaired): `<div class="x">`, `</center>`, `<br>`.
_STRAY_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")


class Html(MarkupRule):
    """Unwrap HTML tags, turn `<br>` into a space, drop non-prose tags and magic words.

    `<math>`, `<gallery>`, `<timeline>` and the like go with their content;
    `<nowiki>` content is kept literally.

    >>> from wikinorm.core import example
    >>> example("html", "E<sup>2</sup> is<br/>big<math>x^2</math>.<nowiki>''raw''</nowiki>__TOC__")
    "E2 is big.''raw''"
    >>> example("html", "so <math>x^2</math> holds", math=MathMode.PLACEHOLDER)
    'so [math] holds'
    >>> example("html", "so <math>x^2</math> holds", math=MathMode.TEX)
    'so x^2 holds'

    Tags the parser could not pair are removed all the same:

    >>> example("html", '<div class="box">Text\\n</center>')
    'Text\\n'
    """

    id = "html"
    title = "HTML tags"
    description = "Unwrap HTML tags, <br> to space, drop <math>/<gallery>/… and __MAGIC__ words."
    Options = HtmlOptions
    tags = frozenset({"*"})
    reads_text = True

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        name = str(node.tag).strip().lower()
        block = name in BLOCK_TAGS
        if name in MATH_TAGS and options.math is not MathMode.DROP and not node.self_closing:
            if options.math is MathMode.PLACEHOLDER or node.contents is None:
                ctx.replace(self.id, start, end, MATH_PLACEHOLDER)
            else:
                opening, closing = tag_parts(node, source)
                ctx.remove(self.id, start, start + opening)
                ctx.remove(self.id, end - closing, end)
            return
        if name in BREAK_TAGS:
            ctx.replace(self.id, start, end, " ")
            return
        if node.invalid or name in NON_PROSE_TAGS or node.self_closing or node.contents is None:
            ctx.remove(self.id, start, end, glue=block or name in NON_PROSE_TAGS)
            return
        opening, closing = tag_parts(node, source)
        ctx.remove(self.id, start, start + opening, glue=block)
        if name in TRANSPARENT_TAGS and (start == 0 or ctx.text[start - 1] == "\n"):
            # The content starts a line once the tag is gone: parse it as such.
            ctx.walk(parse(str(node.contents)), start + opening)
        elif name not in LITERAL_TAGS:
            ctx.walk(node.contents, start + opening)
        ctx.remove(self.id, end - closing, end, glue=block)

    def handle_text(self, text, start, options, ctx):
        if "__" in text:
            for match in _MAGIC.finditer(text):
                if match.group(1) in MAGIC_WORDS:
                    ctx.remove(self.id, start + match.start(), start + match.end())
        if "<" in text:
            for match in _STRAY_TAG.finditer(text):
                name = match.group(1).lower()
                if name in KNOWN_TAGS:
                    if name in BREAK_TAGS:
                        ctx.replace(self.id, start + match.start(), start + match.end(), " ")
                    else:
                        ctx.remove(self.id, start + match.start(), start + match.end(), glue=name in BLOCK_TAGS)
