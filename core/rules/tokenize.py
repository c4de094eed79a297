"""Rule `tokenize`."""

from __future__ import annotations

import re

from ..edits import Edit
from ..markup_data import ABBREVIATIONS
from .base import TextRule

# Spans that become tokens of their own; a space goes on either side where
# there is none. Commas and colons inside numbers (1,000  10:30) stay, so do
# colons before // (URLs), hyphens, and periods inside words (3.5, U.S.).
_SPLIT = re.compile(
    r"""
      \.\.\.+                               # ellipsis, kept whole
    | [;?!()\[\]{}"@\#$%&\ue001]            # always a token of its own (U+E001: a footnote mark)
    | (?<!\d),|,(?!\d)                      # comma, but not in 1,000
    | (?<!\d):(?!//)|:(?!\d|//)             # colon, but not in 10:30 or http://
    | (?<=[^\s.])\.(?=$|[\s"')\]}\ue001])   # a period ending a word: checked below
    | (?i:(?<=[a-z])(?:'(?:s|re|ve|ll|d|m)|n't)(?![a-z]))  # clitics: agent 's, is n't
    """,
    re.VERBOSE,
)
_WORD_START = re.compile(r"\S*$")


class Tokenize(TextRule):
    """Split text into Penn-Treebank-style tokens separated by single spaces.

    Punctuation `. , ; : ? ! ( )` and quotes become tokens, clitics split off
    (`agent 's`, `is n't`); hyphenated words, numbers like 1,000 and 3.5, and
    abbreviations (U.S., e.g., Dr.) stay whole.

    >>> from wikinorm.core import example
    >>> example("tokenize", 'The agent\\'s body;(mets) isn\\'t "M". 1,000 re-entry, e.g. U.S.')
    'The agent \\'s body ; ( mets ) is n\\'t " M " . 1,000 re-entry , e.g. U.S.'
    """

    id = "tokenize"
    title = "Tokenize"
    description = "Penn-Treebank-style tokens: split punctuation and clitics (agent 's)."
    default = False

    def edits(self, text, options):
        points = []
        add = points.append
        for match in _SPLIT.finditer(text):
            a, b = match.span()
            first = text[a]
            if b - a == 1:
                if first == "." and _is_abbreviation(text, a):
                    continue
            elif first == "'" or first == "n":  # clitic: split before it only
                add(a)
                continue
            add(a)
            add(b)
        found = []
        end = len(text)
        rule_id = self.id
        for p in sorted(set(points)):
            if 0 < p < end and not text[p - 1].isspace() and not text[p].isspace():
                found.append(Edit(p, p, " ", rule_id))
        return found


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at ``period`` ends an abbreviation rather than a sentence."""
    window = text[max(0, period - 48) : period]
    word = _WORD_START.search(window).group()
    word = word.lstrip("\"'([{")
    if "." in word:  # U.S. e.g. i.e.
        return True
    if len(word) == 1 and word.isalpha():  # an initial: J. Smith
        return True
    return word.lower() in ABBREVIATIONS
