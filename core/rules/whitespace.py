"""Rule `whitespace`."""

from __future__ import annotations

import enum
import re

from ..edits import Edit
from .base import DocumentShape, TextRule, dataclass_options, option


class WhitespaceMode(enum.Enum):
    """Layout of the normalized text."""

    PARAGRAPHS = "paragraphs"
    ONE_LINE = "one_line"


@dataclass_options
class WhitespaceOptions:
    mode: WhitespaceMode = option(
        WhitespaceMode.PARAGRAPHS, "keep lines and paragraphs (one blank line between), or join all into one line"
    )


# An enum member read from its class is a descriptor call (Python 3.11): read once here.
_PARAGRAPHS = WhitespaceMode.PARAGRAPHS
_ONE_LINE = WhitespaceMode.ONE_LINE

# A run of spaces (from where it starts).
_LEAD = re.compile(r"\s+")
#: Every character str.isspace() (and a pattern's \s) takes for a space but " " and "\n",
#: listed: a set of plain characters is checked faster than the Unicode category \s.
ODD_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Any space that a run of one must be replaced for: all but " " (and, keeping lines, "\n").
_ODD_SPACE = re.compile("[\n" + ODD_SPACES + "]")
_ODD_SPACE_KEEPING_LINES = re.compile("[" + ODD_SPACES + "]")
# Two plain spaces together: a run of them that changes. In paragraphs mode a lone
# line break stays as it is (a table's or a list's lines), but not beside another space.
_ONE_LINE_PAIRS = ("  ",)
_KEPT_LINE_PAIRS = ("  ", "\n\n", " \n", "\n ")
# Makes an Edit without its constructor's Python-level call.
_tuple_new = tuple.__new__


class Whitespace(TextRule):
    """Collapse runs of spaces; keep lines and paragraphs, or join everything into one line.

    Every kind of Unicode space becomes a plain space; lines are trimmed; runs of
    blank lines become one blank line. Line breaks that markup rules leave inside
    a construct (a table's cells as lines, a poem) are kept as line breaks.
    Between blocks, :meth:`shape_document` decides what precedes each block
    (its *lead*): nothing before the first non-empty block, then a newline, a
    blank line (if the source had a blank line or an emptied line there) or a
    space (one-line mode). Empty blocks get no lead.

    >>> from wikinorm.core import example
    >>> example("whitespace", "  a \\t b\\n\\n\\n\\nc  \\nd ")
    'a b\\n\\nc\\nd'
    >>> example("whitespace", "a\\n\\nb  c", mode=WhitespaceMode.ONE_LINE)
    'a b c'
    """

    id = "whitespace"
    title = "Whitespace"
    description = "Collapse spaces; keep paragraphs, or join all into one line."
    Options = WhitespaceOptions
    shapes_document = True
    shape_keys = True

    def note(self, text, options):
        # An emptied block still stands for the line breaks it held.
        return text.count("\n")

    def shape_key(self, text, note, options):
        # A block's text counts only by being empty; then its line breaks do.
        return (note or 0) if not text else -1

    def shape_document(self, texts, notes, options, config):
        """The lead of each block, and how many leads differ from the raw newline."""
        one_line = options.mode is _ONE_LINE
        leads = []
        add = leads.append  # runs once per block on every keystroke: kept lean
        seen = False
        pending = 0
        for i, text in enumerate(texts):
            if i:
                pending += 1
            if not text:
                pending += notes[i] or 0
                add("")
                continue
            if not seen:
                add("")
                seen = True
            elif one_line:
                add(" ")
            else:
                add("\n\n" if pending >= 2 else "\n")
            pending = 0
        # Leads that differ from the raw ones ("" first, "\n" after), counted in C.
        changed = (len(leads) - 1 - leads[1:].count("\n") + (leads[0] != "")) if leads else 0
        return DocumentShape(leads=tuple(leads), edits=changed)

    def edits(self, text, options):
        # Line breaks between blocks are decided by the document; these are the
        # ones inside a block.
        keep_paragraphs = options.mode is _PARAGRAPHS
        if _unchanged(text, keep_paragraphs):
            return []
        end = len(text)
        rule_id = self.id
        if not keep_paragraphs:
            # Every run found changes: it goes at either end, else becomes one space.
            return [
                _tuple_new(Edit, (a, b, "" if a == 0 or b == end else " ", rule_id))
                for a, b in _changed_runs(text, _ODD_SPACE, _ONE_LINE_PAIRS)
            ]
        found = []
        for a, b in _changed_runs(text, _ODD_SPACE_KEEPING_LINES, _KEPT_LINE_PAIRS):
            run = text[a:b]
            if a == 0 or b == end:
                replacement = ""
            elif "\n" in run:
                replacement = "\n\n" if run.count("\n") >= 2 else "\n"
            else:
                replacement = " "
            if replacement != run:
                found.append(_tuple_new(Edit, (a, b, replacement, rule_id)))
        return found


def _changed_runs(text: str, odd_space: re.Pattern, pairs: tuple[str, ...]) -> list[tuple[int, int]]:
    """The runs of spaces that the mode changes in ``text``: at either end, of two or more, or of one ``odd_space``.

    Found from what marks them (a space ``odd_space`` finds, by a search whose
    characters leave the plain ones out; two plain ones together, each of ``pairs``
    by str.find; either end), then widened to the whole run: a pattern that may
    start at any space tried its branches at each.
    """
    end = len(text)
    # A printable text's only space is " " (see _unchanged): no search for others.
    marks = [] if text.isprintable() else [match.start() for match in odd_space.finditer(text)]
    for pair in pairs:
        at = text.find(pair)
        while at >= 0:
            marks.append(at)
            at = text.find(pair, at + 2)  # the pair's run is found whole from its first mark
    if text[:1].isspace():
        marks.append(0)
    if text[-1:].isspace():
        marks.append(end - 1)
    runs = []
    stop = 0
    for mark in sorted(marks):
        if mark < stop:
            continue  # in the run just found
        start = mark
        # Back to the run's start: one plain space at most (two would have been a mark), or the lead.
        while start and text[start - 1].isspace():
            start -= 1
        stop = _LEAD.match(text, mark).end()
        runs.append((start, stop))
    return runs


def _unchanged(text: str, keep_paragraphs: bool) -> bool:
    """Whether :meth:`Whitespace.edits` surely finds nothing in ``text`` (two blocks in three).

    Nothing at either end, no two spaces together, and no space but a plain one
    (or a line break, keeping lines): a few scans in C, where the full pattern
    tries its branches at every space.
    """
    if not text:
        return True
    if text[0].isspace() or text[-1].isspace() or "  " in text:
        return False
    if text.isprintable():
        # Every space but " " is a control character or a separator, which
        # isprintable() rejects: a check per character in C, where a pattern's
        # search runs its character set for each.
        return True
    if keep_paragraphs:
        if "\n " in text or " \n" in text or "\n\n" in text:
            return False
        return _ODD_SPACE_KEEPING_LINES.search(text) is None
    return _ODD_SPACE.search(text) is None
