"""Rule `mojibake`."""

from __future__ import annotations

import re

import ftfy

from ..edits import Edit
from .base import TextRule

# Only encoding repairs: the other rules own quotes, width, normalization.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â…ô) before a continuation
# byte's stand-in; only words holding such a pair are handed to ftfy (speed).
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_WORD = re.compile(r"\S+")


class Mojibake(TextRule):
    """Repair text that was decoded with the wrong encoding (with ftfy).

    >>> from wikinorm.core import example
    >>> example("mojibake", "Merriamâ€“Webster cafÃ© ok")
    'Merriam–Webster café ok'
    """

    id = "mojibake"
    title = "Mojibake"
    description = "Repair mis-decoded text such as â€“ → – (ftfy)."

    def edits(self, text, options):
        if text.isascii() or _SUSPECT.search(text) is None:
            return []
        found = []
        for match in _WORD.finditer(text):
            word = match.group()
            if _SUSPECT.search(word) is None:
                continue
            fixed = ftfy.fix_text(word, _FTFY)
            if fixed != word:
                found.append(Edit(match.start(), match.end(), fixed, self.id))
        return found
