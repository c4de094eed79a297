"""Rule `tokenize`."""

from __future__ import annotations

import re

from ..edits import Edit
from ..markup_data import ABBREVIATIONS
from .base import TextRule

# Makes an Edit without its constructor's Python-level call (an edit per punctuation mark).
_tuple_new = tuple.__new__

# Spans that become tokens of their own; a space goes on either side where
# there is none. Commas and colons inside numbers (1,000  10:30) stay, so do
# colons before // (URLs), hyphens, and periods inside words (3.5, U.S.).
_SPLIT = re.compile(
    r"""
    # Every branch starts with one of these: checked first, most positions
    # fail at once instead of trying each branch's lookbehind (4x faster).
    (?=[.;?!()\[\]{}"@\#$%&\ue001,:'nN])
    (?:
      \.\.\.+                               # ellipsis, kept whole
    | [;?!()\[\]{}"@\#$%&\ue001]            # always a token of its own (U+E001: a footnote mark)
    | (?<!\d),|,(?!\d)                      # comma, but not in 1,000
    | (?<!\d):(?!//)|:(?!\d|//)             # colon, but not in 10:30 or http://
    | (?<=[^\s.])\.(?=$|[\s"')\]}\ue001])   # a period ending a word: checked below
    | (?i:(?<=[a-z])(?:'(?:s|re|ve|ll|d|m)|n't)(?![a-z]))  # clitics: agent 's, is n't
    )
    """,
    re.VERBOSE,
)
# What may stand between a period and the next word: spaces, closing quotes and brackets, a footnote mark.
_AFTER_PERIOD = re.compile(r"[\s\"')\]}\ue001]*")


class Tokenize(TextRule):
    """Split text into Penn-Treebank-style tokens separated by single spaces.

    Punctuation `. , ; : ? ! ( )` and quotes become tokens, clitics split off
    (`agent 's`, `is n't`); hyphenated words, numbers like 1,000 and 3.5, and
    abbreviations (U.S., e.g., Dr.) stay whole. A plural possessive is one
    token (`the cells' fault`). A capital and a period are an initial (`John F.
    Kennedy`), unless the text ends there: then the period ends a sentence
    (`World War I.`).

    >>> from wikinorm.core import example
    >>> example("tokenize", 'The agent\\'s body;(mets) isn\\'t "M". 1,000 re-entry, e.g. U.S.')
    'The agent \\'s body ; ( mets ) is n\\'t " M " . 1,000 re-entry , e.g. U.S.'
    >>> example("tokenize", "The cells' fault: John F. Kennedy and Joseph J. and Ralph chose Plan C.")
    "The cells' fault : John F. Kennedy and Joseph J. and Ralph chose Plan C ."
    """

    id = "tokenize"
    title = "Tokenize"
    description = "Penn-Treebank-style tokens: split punctuation and clitics (agent 's)."
    default = False

    def edits(self, text, options):
        # Matches come in order and never overlap, so the split points do too
        # (a point repeats only where one match ends and the next begins).
        found = []
        add = found.append
        end = len(text)
        last = 0  # 0 is never a split point
        rule_id = self.id
        for match in _SPLIT.finditer(text):
            a, b = match.span()
            if b - a == 1:
                if text[a] == "." and _is_abbreviation(text, a):
                    continue
            elif text[a] in "'n":  # clitic: split before it only
                b = a
            if a > last:
                last = a
                if not text[a - 1].isspace() and not text[a].isspace():
                    add(_tuple_new(Edit, (a, a, " ", rule_id)))
            if b > last and b < end:
                last = b
                if not text[b - 1].isspace() and not text[b].isspace():
                    add(_tuple_new(Edit, (b, b, " ", rule_id)))
        return found


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at ``period`` ends an abbreviation rather than a sentence."""
    window = text[max(0, period - 48) : period]
    # The word before the period: the window's last run of non-spaces (a
    # period is only split after a non-space, so the window ends in one).
    # A search for r"\S*$" tried every start in the window.
    word = window.rsplit(None, 1)[-1] if window and not window[-1].isspace() else ""
    word = word.lstrip("\"'([{")
    if "." in word:  # U.S. e.g. i.e.
        return True
    if len(word) == 1 and word.isalpha():
        # An initial (John F. Kennedy), unless a capital's period ends the text:
        # then it ends a sentence (World War I.). A lowercase word after it is
        # no sign of a sentence end: Joseph J. and Ralph, P. pyrifolia, M. F. et al.
        return not (word.isupper() and _ends_text(text, period))
    return word.lower() in ABBREVIATIONS


def _ends_text(text: str, period: int) -> bool:
    """Whether nothing but spaces, closing quotes and brackets follows the period at ``period``."""
    return _AFTER_PERIOD.match(text, period + 1).end() == len(text)
