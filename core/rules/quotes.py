"""Rule `quotes`."""

from __future__ import annotations

import enum
from functools import partial

from ..edits import Edit
from .base import NO_EDITS, Deferred, TextRule, option, dataclass_options


class QuoteStyle(enum.Enum):
    """How ASCII double quotes are written."""

    REFERENCE = "reference"  # every " becomes ''
    PTB = "ptb"  # opening `` and closing ''
    LEAVE = "leave"


# An enum member read from its class is a descriptor call (Python 3.11): read once here.
_REFERENCE = QuoteStyle.REFERENCE
_LEAVE = QuoteStyle.LEAVE


@dataclass_options
class QuotesOptions:
    style: QuoteStyle = option(QuoteStyle.REFERENCE, "'' for every quote, PTB `` and '', or leave them")


class Quotes(TextRule):
    """Rewrite ASCII double quotes: `''` (reference style), or PTB `` `` `` … `''`.

    Curly quotes are left alone (they may be part of mojibake the user keeps).

    >>> from wikinorm.core import example
    >>> example("quotes", 'He said " hi " and " bye "')
    "He said '' hi '' and '' bye ''"
    >>> example("quotes", 'He said "hi" and " bye "', style=QuoteStyle.PTB)
    "He said ``hi'' and `` bye ''"
    """

    id = "quotes"
    title = "Quotes"
    description = "ASCII \" to '' (reference), or PTB `` and ''."
    Options = QuotesOptions
    default = False
    defers = True

    def deferred(self, text, options, ends):
        if options.style is not _REFERENCE:
            return None  # PTB reads each quote's neighbours
        count = text.count('"')
        if not count:
            return NO_EDITS
        return Deferred(count, text.replace('"', "''"), partial(self.edits, text, options))

    def edits(self, text, options):
        style = options.style
        if style is _LEAVE or '"' not in text:
            return []
        found = []
        opened = False
        end = len(text)
        pos = text.find('"')
        while pos >= 0:
            if style is _REFERENCE:
                replacement = "''"
            else:
                before = text[pos - 1] if pos > 0 else " "
                after = text[pos + 1] if pos + 1 < end else " "
                if before.isspace() and not after.isspace():
                    opening = True
                elif after.isspace() and not before.isspace():
                    opening = False
                else:  # tokenized or ambiguous: alternate within the block
                    opening = not opened
                opened = opening
                replacement = "``" if opening else "''"
            found.append(Edit(pos, pos + 1, replacement, self.id))
            pos = text.find('"', pos + 1)
        return found
