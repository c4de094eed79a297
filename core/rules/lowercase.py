"""Rule `lowercase`."""

from __future__ import annotations

import re
from functools import partial
from operator import ne

from ..edits import Edit, apply_edits
from .base import NO_EDITS, Deferred, TextRule

# Runs that lower() may change: ASCII capitals, or any non-ASCII run. Written
# as one set of first characters, then the rest of the run of its kind: the
# regex engine then skips other characters in a tight loop, where the two
# alternatives ([A-Z]+|[^\x00-\x7f]+) were tried at every character (2.3x the time).
_CASED = re.compile(r"[A-Z\x80-\U0010ffff](?:(?<=[A-Z])[A-Z]*|[^\x00-\x7f]*)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Maps each byte of a UTF-8 text (lone surrogates passed) to b"A" if it is an ASCII capital, else to b"a"
# (bytes of non-ASCII characters are never ASCII): a capital run then starts at
# each b"aA", or at the start.
_CAPITAL_SHAPE = bytes(0x41 if 0x41 <= i <= 0x5A else 0x61 for i in range(256))
# Makes an Edit without its constructor's Python-level call (an edit per capitalized word).
_tuple_new = tuple.__new__


class Lowercase(TextRule):
    """Lower-case the text.

    >>> from wikinorm.core import example
    >>> example("lowercase", "Stage IV in the TNM system, Ärzte")
    'stage iv in the tnm system, ärzte'
    """

    id = "lowercase"
    title = "Lowercase"
    description = "Lower-case everything."
    default = False
    defers = True

    def edits(self, text, options):
        found = []
        add = found.append
        rule_id = self.id
        for match in _CASED.finditer(text):
            run = match.group()
            lower = run.lower()
            if lower != run:
                add(_tuple_new(Edit, (*match.span(), lower, rule_id)))
        return found

    def deferred(self, text, options, ends):
        # An edit per capital run (every one changes) and per non-ASCII run that
        # lower() changes, counted in C; the output is the whole text lower-cased,
        # which is each run lower-cased but where a capital sigma is: str.lower()
        # reads its context beyond the run (final sigma).
        ascii_text = text.isascii()
        if not ascii_text and "\u03a3" in text:
            return None
        shape = text.encode("utf-8", "surrogatepass").translate(_CAPITAL_SHAPE)  # a lone surrogate: 3 bytes
        count = shape.count(b"aA") + shape.startswith(b"A")
        if not ascii_text:
            runs = _NON_ASCII.findall(text)
            count += sum(map(ne, runs, map(str.lower, runs)))
        if not count:
            return NO_EDITS
        return _tuple_new(Deferred, (count, text.lower(), partial(self.edits, text, options)))

    def output(self, text, edits):
        # ASCII text's edits are its capital runs, each lower-cased: the whole
        # text lower-cased, without a piece per edit (a third of a reference run's
        # edits). Not beyond ASCII: str.lower() reads a final sigma in context.
        return text.lower() if text.isascii() else apply_edits(text, edits)
