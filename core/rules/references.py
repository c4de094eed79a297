"""Rule `references`."""

from __future__ import annotations

import enum

from ..edits import Edit, EditMap
from ..markup_data import REFERENCE_LIST_TAGS, REFERENCE_TAGS
from ..node_geometry import tag_parts
from .base import TEXT_ENDS, DocumentShape, MarkupRule, dataclass_options, option
from .whitespace import WhitespaceMode

# Marks where a footnote's number goes in a block; numbers are known only once
# every block is seen (a private-use character, like the markup phase's filler).
FOOTNOTE_MARK = "\ue001"


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

    >>> from wikinorm.core import example
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
    shapes_document = True

    def removes_whole(self, options):
        return REFERENCE_LIST_TAGS | (REFERENCE_TAGS if options.mode is RefMode.DROP else frozenset())

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
        # Where the kept text ends: a sentence may end there (`Source B.</ref> here`).
        ctx.note(TEXT_ENDS, end - tag_parts(node, source)[1])

    def _footnote(self, node, start, end, source, ctx):
        """Put a footnote mark here and note the note's normalized text for :meth:`shape_document`."""
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
            text = ctx.normalize(content, config).strip()  # the note is a small document of its own
        if not name and not text:
            ctx.remove(self.id, start, end)
            return
        ctx.replace(self.id, start, end, FOOTNOTE_MARK)
        ctx.note(self.id, (name, text))

    def shape_document(self, texts, notes, options, config):
        """Number the footnote marks in text order and list the notes after the text."""
        if options.mode is not RefMode.FOOTNOTES:
            return None
        marks, numbered = _number_footnotes(notes)
        block_maps = {i: _mark_edits(texts[i], block_marks) for i, block_marks in marks.items()}
        tail = ""
        if numbered:
            lines = [f"[{n}] {body}" for n, body in numbered]
            has_text = any(texts)
            ws = config.setting("whitespace")
            if ws.enabled and ws.options.mode is WhitespaceMode.ONE_LINE:
                tail = (" " if has_text else "") + " ".join(lines)
            else:
                tail = ("\n\n" if has_text else "") + "\n".join(lines)
        return DocumentShape(block_maps=block_maps, tail=tail, edits=1 if tail else 0)


def _number_footnotes(notes) -> tuple[dict[int, list[str]], list[tuple[int, str]]]:
    """Number the footnote marks in text order; a named note keeps its first number.

    ``notes`` holds each block's ``(name or None, text)`` pairs (or None).
    Returns each block's mark texts (``"[n]"``, or ``""`` for a note with no
    text) and the notes ``(n, text)`` in order.
    """
    entries = [(i, name, text) for i, found in enumerate(notes) if found for name, text in found]
    named: dict[str, str] = {}
    for _, name, text in entries:
        if name and text and name not in named:
            named[name] = text
    numbers: dict[str, int] = {}
    numbered: list[tuple[int, str]] = []
    marks: dict[int, list[str]] = {}
    for i, name, text in entries:
        body = text or (named.get(name, "") if name else "")
        if not body:
            mark = ""
        elif name and name in numbers:
            mark = f"[{numbers[name]}]"
        else:
            numbered.append((len(numbered) + 1, body))
            if name:
                numbers[name] = len(numbered)
            mark = f"[{len(numbered)}]"
        marks.setdefault(i, []).append(mark)
    return marks, numbered


def _mark_edits(text: str, marks: list[str]) -> EditMap:
    """Edits that replace a block's footnote marks with their numbers."""
    edits = []
    pos = text.find(FOOTNOTE_MARK)
    k = 0
    while pos >= 0:
        edits.append(Edit(pos, pos + 1, marks[k] if k < len(marks) else "", References.id))
        k += 1
        pos = text.find(FOOTNOTE_MARK, pos + 1)
    return EditMap(edits, len(text))
