"""Rule `lowercase`."""

from __future__ import annotations

import re

from ..edits import Edit
from .base import TextRule

# Runs that lower() may change: ASCII capitals, or any non-ASCII run. Written
# as one set of first characters, then the rest of the run of its kind: the
# regex engine then skips other characters in a tight loop, where the two
# alternatives ([A-Z]+|[^\x00-\x7f]+) were tried at every character (2.3x the time).
_CASED = re.compile(r"[A-Z\x80-\U0010ffff](?:(?<=[A-Z])[A-Z]*|[^\x00-\x7f]*)")
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
