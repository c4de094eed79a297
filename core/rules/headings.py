"""Rule `headings`."""

from __future__ import annotations

import enum
import re
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


# A heading is a block of its own when only spaces and comments are around it.
_ALONE_BEFORE = re.compile(r"(?:\s|<!--.*?-->)*\Z", re.DOTALL)
_ALONE_AFTER = re.compile(r"(?:\s|<!--.*?-->)*\Z", re.DOTALL)


# Makes a NamedTuple without its constructor's Python-level call.
_tuple_new = tuple.__new__


class HeadingNote(NamedTuple):
    """What the document-level hook needs of a heading.

    ``alone``: the heading is its block's only text (the usual case); else the
    hook finds its line in the block's text by ``key``, its title's plain text
    (a heading inside a multi-line construct such as ``<onlyinclude>``).
    """

    level: int
    alone: bool
    key: str


class _Unit(NamedTuple):
    """A block, or a line of a block that holds a heading among other lines; level 0: not a heading."""

    block: int
    start: int
    end: int
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
        level = node.level
        if options.empty_sections or options.boilerplate:
            text = ctx.text
            # Nearly every heading is its block: nothing before it, nothing after.
            alone = (start == 0 or _ALONE_BEFORE.match(text, 0, start) is not None) and (
                end == len(text) or _ALONE_AFTER.match(text, end) is not None
            )
            key = "" if alone else section_key(node.title.strip_code())
            ctx.note(self.id, _tuple_new(HeadingNote, (level, alone, key)))
        ctx.remove(self.id, start, start + level, glue=False)
        ctx.walk(node.title, start + level)
        ctx.remove(self.id, end - level, end, glue=False)

    def shape_document(self, texts, notes, options, config):
        """Empty the blocks (or lines) of boilerplate sections, and the headings of sections left empty."""
        if not (options.empty_sections or options.boilerplate) or options.mode is HeadingMode.DROP:
            return None
        # Runs on every keystroke: only the noted blocks become units; the
        # blocks between two units (their gap) are looked at only when needed.
        units = _units(texts, notes)
        if not units:
            return None
        count = len(texts)
        gaps = [
            range(unit.block + 1, units[j + 1].block if j + 1 < len(units) else count)
            for j, unit in enumerate(units)
        ]
        heads = [(k, unit.level) for k, unit in enumerate(units) if unit.level]
        ends = _section_ends(heads, len(units))
        dropped: set[int] = set()  # units
        dropped_blocks: set[int] = set()  # whole blocks of the gaps
        if options.boilerplate:
            for (k, _), end in zip(heads, ends):
                unit = units[k]
                if k not in dropped and section_key(texts[unit.block][unit.start : unit.end]) in BOILERPLATE_KEYS:
                    dropped.update(range(k, end))
                    for j in range(k, end):
                        dropped_blocks.update(gaps[j])
        if options.empty_sections:
            for (k, _), end in zip(heads, ends):
                if k in dropped:
                    continue
                if not any(
                    texts[u.block][u.start : u.end].strip()
                    for j, u in enumerate(units[k + 1 : end], k + 1)
                    if not u.level and j not in dropped
                ) and not any(
                    texts[b].strip() for j in range(k, end) for b in gaps[j] if b not in dropped_blocks
                ):
                    dropped.add(k)
        removed = [units[k] for k in sorted(dropped)]
        removed += [_Unit(b, 0, len(texts[b]), 0) for b in dropped_blocks]
        block_maps = _removals(texts, sorted(removed), self.id)
        return DocumentShape(block_maps=block_maps, edits=len(block_maps)) if block_maps else None


def _units(texts, notes) -> list[_Unit]:
    """The blocks with headings as units; a block with a heading among other lines as one unit per line."""
    units = []
    for i, found in enumerate(notes):
        if not found:
            continue
        text = texts[i]
        if found[0].alone:
            units.append(_Unit(i, 0, len(text), found[0].level))
            continue
        pending = list(found)
        pos = 0
        for line in text.split("\n"):
            level = 0
            if pending and section_key(line) == pending[0].key:
                level = pending.pop(0).level
            units.append(_Unit(i, pos, pos + len(line), level))
            pos += len(line) + 1
    return units


def _removals(texts, units: list[_Unit], rule_id: str) -> dict[int, EditMap]:
    """Edits that remove ``units`` (sorted): a whole block's text, or a line with its line break."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for unit in units:
        text = texts[unit.block]
        start, end = unit.start, unit.end
        if start == end:
            continue
        if start > 0 or end < len(text):  # a line among others: its line break goes too
            if end < len(text):
                end += 1
            else:
                start -= 1
        found = spans.setdefault(unit.block, [])
        if found and found[-1][1] >= start:
            found[-1] = (found[-1][0], max(found[-1][1], end))
        else:
            found.append((start, end))
    return {
        i: EditMap([Edit(a, b, "", rule_id) for a, b in found], len(texts[i])) for i, found in spans.items()
    }


def _section_ends(heads: list[tuple[int, int]], count: int) -> list[int]:
    """For each heading ``(unit, level)``, the unit where its section ends (the next heading as high)."""
    ends = [count] * len(heads)
    open_heads: list[int] = []  # indexes into heads, levels rising
    for k, (i, level) in enumerate(heads):
        while open_heads and heads[open_heads[-1]][1] >= level:
            ends[open_heads.pop()] = i
        open_heads.append(k)
    return ends
