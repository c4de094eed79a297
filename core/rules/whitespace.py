"""Rule `whitespace`."""

from __future__ import annotations

import enum
import re
from functools import partial

from ..edits import Edit
from .base import NO_EDITS, Deferred, DocumentShape, TextRule, dataclass_options, option


class WhitespaceMode(enum.Enum):
    """Layout of the normalized text."""

    PARAGRAPHS = "paragraphs"
    ONE_LINE = "one_line"


@dataclass_options
class WhitespaceOptions:
    mode: WhitespaceMode = option(
        WhitespaceMode.PARAGRAPHS, "keep lines and paragraphs (one blank line between), or join all into one line"
    )


# Only runs that change: at the start (_LEAD, taken first), at the end, longer
# than one, or not a plain space. Every branch starts with the same space,
# written first: the scan then skips other characters in C at once.
_LEAD = re.compile(r"\s+")
_SPACE = re.compile(r"\s(?:\s*$|\s+|(?<=[^\S ]))")
# The same, for paragraphs mode, where a lone line break stays as it is: a
# table's or a list's lines would each be a match that changes nothing.
_SPACE_KEEPING_LINES = re.compile(r"\s(?:\s*$|\s+|(?<=[^\S \n]))")
#: Every character str.isspace() (and a pattern's \s) takes for a space but " " and "\n",
#: listed: a set of plain characters is checked faster than the Unicode category \s.
ODD_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Any space that a run of one must be replaced for: all but " " (and, keeping lines, "\n").
_ODD_SPACE = re.compile("[\n" + ODD_SPACES + "]")
_ODD_SPACE_KEEPING_LINES = re.compile("[" + ODD_SPACES + "]")
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
        one_line = options.mode is WhitespaceMode.ONE_LINE
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

    defers = True

    def deferred(self, text, options, ends):
        if options.mode is not WhitespaceMode.ONE_LINE:
            return None  # line breaks kept: each run's replacement depends on its line breaks
        if _unchanged(text, False):
            return NO_EDITS
        # One line: every run goes (at either end) or becomes one space, which
        # is the words joined by spaces (a pattern's \s and str.split() take the
        # same characters for spaces). Every match changes its run.
        if text.isascii():
            count = _changed_runs(text)
        else:
            lead = _LEAD.match(text)
            count = len(_SPACE.findall(text, lead.end())) + 1 if lead else len(_SPACE.findall(text))
        return Deferred(count, " ".join(text.split()), partial(self.edits, text, options))

    def edits(self, text, options):
        # Line breaks between blocks are decided by the document; these are the
        # ones inside a block.
        keep_paragraphs = options.mode is WhitespaceMode.PARAGRAPHS
        if _unchanged(text, keep_paragraphs):
            return []
        end = len(text)
        found = []
        lead = _LEAD.match(text)
        if lead is not None:
            found.append(_tuple_new(Edit, (0, lead.end(), "", self.id)))
        for match in (_SPACE_KEEPING_LINES if keep_paragraphs else _SPACE).finditer(text, lead.end() if lead else 0):
            a, b = match.span()
            run = match.group()
            if a == 0 or b == end:
                replacement = ""
            elif keep_paragraphs and "\n" in run:
                replacement = "\n\n" if run.count("\n") >= 2 else "\n"
            else:
                replacement = " "
            if replacement != run:
                found.append(_tuple_new(Edit, (a, b, replacement, self.id)))
        return found


# Each ASCII byte as its kind for _changed_runs: b"s" a plain space, b"o" another space, b"w" the rest.
_SPACE_SHAPE = bytes(0x73 if i == 0x20 else 0x6F if chr(i).isspace() else 0x77 for i in range(128)) + b"w" * 128


def _changed_runs(text: str) -> int:
    """How many runs of spaces one-line mode changes in ASCII ``text``, counted in C.

    All runs but those that are one plain space between two non-spaces: a
    pattern would try its branches at every space. Two-byte kinds never
    overlap themselves, so bytes.count finds each.
    """
    shape = text.encode("ascii").translate(_SPACE_SHAPE)
    runs = shape.count(b"ws") + shape.count(b"wo") + (not shape.startswith(b"w"))
    single = shape.count(b"sw") - shape.count(b"ssw") - shape.count(b"osw") - shape.startswith(b"sw")
    return runs - single


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
    if keep_paragraphs:
        if "\n " in text or " \n" in text or "\n\n" in text:
            return False
        return _ODD_SPACE_KEEPING_LINES.search(text) is None
    return _ODD_SPACE.search(text) is None
