"""Rule `headings`."""

from __future__ import annotations

import enum
from typing import NamedTuple

from mwparserfromhell.nodes import Heading

from ..edits import Edit, EditMap
from ..section_data import BOILERPLATE_KEYS, section_key
from .base import DocumentShape, MarkupRule, dataclass_options, option


class HeadingMode(enum.Enum):
    """What becomes of a section heading."""

    KEEP = "keep"
    DROP = "drop"


@dataclass_options
class HeadingsOptions:
    mode: HeadingMode = option(HeadingMode.KEEP, "keep the heading text as its own line, or drop it")
    empty_sections: bool = option(False, "drop a heading whose section (subsections included) ends up empty")
    boilerplate: bool = option(
        False, "drop boilerplate sections whole: See also, References, Notes, External links… (every wiki's names)"
    )


class HeadingNote(NamedTuple):
    """What the document-level hook needs of a block that is one heading."""

    level: int


class Headings(MarkupRule):
    """Remove `== … ==` heading markers, keeping the title as its own line (or dropping it).

    Across blocks it can drop what a reader has no use for: a heading whose
    section ends up empty (its references and templates were removed), and whole
    boilerplate sections (References, External links, Einzelnachweise, Liens
    externes…; :mod:`~wikinorm.core.section_data`). Both are off by default and
    on in the `plain` preset.

    >>> from wikinorm.core import example
    >>> example("headings", "== History ==")
    ' History '
    >>> example("headings", "== History ==", mode=HeadingMode.DROP)
    ''
    >>> from wikinorm.core import Config, run
    >>> config = Config.only("headings", "whitespace").with_option("headings", "empty_sections", True)
    >>> config = config.with_option("headings", "boilerplate", True)
    >>> run("Text.\\n== Empty ==\\n== Weblinks ==\\n* a link\\n== Kept ==\\nMore.", config).text
    'Text.\\n\\nKept\\nMore.'
    """

    id = "headings"
    title = "Headings"
    description = "Turn == Heading == into its text on its own line, or drop it; drop empty and boilerplate sections."
    Options = HeadingsOptions
    node_types = (Heading,)
    shapes_document = True

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if options.mode is HeadingMode.DROP:
            ctx.remove(self.id, start, end, glue=False)
            return
        if (options.empty_sections or options.boilerplate) and not ctx.text[:start].strip() \
                and not ctx.text[end:].strip():
            ctx.note(self.id, HeadingNote(node.level))
        level = node.level
        ctx.remove(self.id, start, start + level, glue=False)
        ctx.walk(node.title, start + level)
        ctx.remove(self.id, end - level, end, glue=False)

    def shape_document(self, texts, notes, options, config):
        """Empty the blocks of boilerplate sections, and the headings of sections left empty."""
        if not (options.empty_sections or options.boilerplate) or options.mode is HeadingMode.DROP:
            return None
        heads = [(i, found[0].level) for i, found in enumerate(notes) if found]
        if not heads:
            return None
        dropped: set[int] = set()
        ends = _section_ends(heads, len(texts))
        if options.boilerplate:
            for (i, _), end in zip(heads, ends):
                if i not in dropped and section_key(texts[i]) in BOILERPLATE_KEYS:
                    dropped.update(range(i, end))
        if options.empty_sections:
            head_blocks = {i for i, _ in heads}
            for (i, _), end in zip(heads, ends):
                if i not in dropped and not any(
                    texts[j].strip() for j in range(i + 1, end) if j not in head_blocks and j not in dropped
                ):
                    dropped.add(i)
        block_maps = {
            i: EditMap([Edit(0, len(texts[i]), "", self.id)], len(texts[i])) for i in sorted(dropped) if texts[i]
        }
        return DocumentShape(block_maps=block_maps, edits=len(block_maps)) if block_maps else None


def _section_ends(heads: list[tuple[int, int]], count: int) -> list[int]:
    """For each heading ``(block, level)``, the block where its section ends (the next heading as high)."""
    ends = [count] * len(heads)
    open_heads: list[int] = []  # indexes into heads, levels rising
    for k, (i, level) in enumerate(heads):
        while open_heads and heads[open_heads[-1]][1] >= level:
            ends[open_heads.pop()] = i
        open_heads.append(k)
    return ends
