"""Rule `tokenize`."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import partial
from typing import Sequence

from ..edits import Edit
from ..markup_data import ABBREVIATIONS
from .base import NO_EDITS, Deferred, TextRule

# Makes an Edit without its constructor's Python-level call (an edit per punctuation mark).
_tuple_new = tuple.__new__

# Spans that become tokens of their own; a space goes on either side where
# there is none. Commas and colons inside numbers (1,000  10:30) stay, so do
# colons before // (URLs), hyphens, and periods inside words (3.5, U.S.).
#: What ``[a-z]`` matches when case is ignored (the 52 ASCII letters and four more).
_LETTER = "[a-zA-Z\u0130\u0131\u017f\u212a]"
# Every branch starts with a plain character, looking back past it where it
# must: the regex engine then knows the set of first characters and skips
# other text in a tight loop (a look-ahead for that set, tried at every
# character, took twice the time). Hence the clitics' cases spelt out: a
# case-blind branch has no plain first character; and n't matched from its
# apostrophe (split before the n), so that not every n is a place to try.
# An empty group ends each branch whose token needs more than a split either
# side: a period (an abbreviation's stays), a clitic (split before it only).
# Branches that start alike are exclusive (a period ending a word is never
# followed by another), so they go most frequent first: a comma tries one.
_SPLIT = re.compile(
    r"""
      ,(?<!\d,) | ,(?!\d)                   # comma, but not in 1,000
    | \.(?<=[^\s.]\.)(?=$|[\s"')\]}\ue001])() # a period ending a word: checked below
    | \.\.\.+                               # ellipsis, kept whole
    | " | \( | \) | ; | % | \? | ! | \[ | \] | \{ | \} | @ | \# | \$ | & | \ue001
                                            # always a token of its own (U+E001: a footnote mark)
    | :(?<!\d:)(?!//) | :(?!\d|//)          # colon, but not in 10:30 or http://
    | '(?<=@L')(?:[sS\u017f]|[rR][eE]|[vV][eE]|[lL][lL]|[dD]|[mM])(?!@L)()  # clitics: agent 's
    | '(?<=@L[nN]')[tT](?!@L)()                                             # is n't
    """.replace("@L", _LETTER),
    re.VERBOSE,
)
# Which empty group matched (a group first in a branch would hide its first character).
_PERIOD, _CLITIC, _NOT = 1, 2, 3
# What may stand between a period and the next word: spaces, closing quotes and brackets, a footnote mark.
_AFTER_PERIOD = re.compile(r"[\s\"')\]}\ue001]*")


class Tokenize(TextRule):
    """Split text into Penn-Treebank-style tokens separated by single spaces.

    Punctuation `. , ; : ? ! ( )` and quotes become tokens, clitics split off
    (`agent 's`, `is n't`); hyphenated words, numbers like 1,000 and 3.5, and
    abbreviations (U.S., e.g., Dr.) stay whole. A plural possessive is one
    token (`the cells' fault`). A capital and a period are an initial (`John F.
    Kennedy`), unless the text or a kept reference's text ends there: then the
    period ends a sentence (`World War I.`, `Source B.</ref>`).

    >>> from wikinorm.core import example
    >>> example("tokenize", 'The agent\\'s body;(mets) isn\\'t "M". 1,000 re-entry, e.g. U.S.')
    'The agent \\'s body ; ( mets ) is n\\'t " M " . 1,000 re-entry , e.g. U.S.'
    >>> example("tokenize", "The cells' fault: John F. Kennedy and Joseph J. and Ralph chose Plan C.")
    "The cells' fault : John F. Kennedy and Joseph J. and Ralph chose Plan C ."

    Where a reference's text was kept (the `reference` preset), its end is known
    to this rule though the `</ref>` is gone:

    >>> from wikinorm.core import Config, run
    >>> from wikinorm.core.rules.references import RefMode
    >>> config = Config.only("references", "tokenize").with_option("references", "mode", RefMode.KEEP_TEXT)
    >>> run("Seen.<ref>Source B.</ref> here, as J. F. Kennedy<ref>P. Smith</ref> said", config).text
    'Seen . Source B . here , as J. F. Kennedy P. Smith said'
    """

    id = "tokenize"
    title = "Tokenize"
    description = "Penn-Treebank-style tokens: split punctuation and clitics (agent 's)."
    default = False

    reads_ends = True

    defers = True

    def edits(self, text, options):
        return self.edits_at_ends(text, options, ())

    def edits_at_ends(self, text, options, ends):
        return _insertions(_split_points(text, ends), self.id)

    def deferred(self, text, options, ends):
        points = _split_points(text, ends or ())
        if not points:
            return NO_EDITS
        # The pieces between split points joined by spaces: no edit per point, nor apply_edits' two parts.
        pieces = []
        add = pieces.append
        a = 0
        for b in points:
            add(text[a:b])
            a = b
        add(text[a:])
        return _tuple_new(Deferred, (len(points), " ".join(pieces), partial(_insertions, points, self.id)))


def _insertions(points: list[int], rule_id: str) -> list[Edit]:
    """A space inserted at each of ``points``."""
    return [_tuple_new(Edit, (point, point, " ", rule_id)) for point in points]


def _split_points(text: str, ends: Sequence[int]) -> list[int]:
    """The sorted offsets in ``text`` where a space goes (see :class:`Tokenize`).

    A token's start and end are split points; a space goes at each that has no
    space on either side. Matches come in order and never overlap, so neither
    do the points (one repeats only where one token ends and the next begins).
    ``ends`` are the sorted offsets where a kept text (a reference's) ended.
    """
    points: list[int] = []
    add = points.append
    end = len(text)
    last = 0  # 0 is never a split point
    for match in _SPLIT.finditer(text):
        a, b = match.span()
        kind = match.lastindex
        if kind is not None:  # most tokens have no group: split on both sides
            if kind == _PERIOD:
                # Whether the period ends an abbreviation rather than a sentence
                # (then it stays); here, not in a function: a third of the matches.
                # The word before it: the last run of non-spaces of the 48
                # characters before it (the pattern's look-behind saw a non-space
                # there); a search for r"\S*$" tried every start in the window.
                word = text[a - 48 if a > 48 else 0 : a].rsplit(None, 1)[-1].lstrip("\"'([{")
                if "." in word:  # U.S. e.g. i.e.
                    continue
                if len(word) == 1:
                    # An initial (John F. Kennedy), unless a capital's period ends
                    # the text or a kept reference's text: then it ends a sentence
                    # (World War I., Source B.</ref>). A lowercase word after it is
                    # no sign of a sentence end: Joseph J. and Ralph, P. pyrifolia.
                    if word.isalpha() and not (word.isupper() and _ends_text(text, a, ends)):
                        continue
                elif word.lower() in ABBREVIATIONS:
                    continue
            else:
                # A clitic: split before it only (before the n of n't). An upper-case
                # N'T has always been a token split on both sides (the rule before
                # deferral tested for a lower-case n only): output must not change.
                if kind == _NOT:
                    a -= 1
                    if text[a] == "N":
                        if a != last and not text[a - 1].isspace():
                            add(a)
                        if b < end and not text[b].isspace():
                            add(b)
                        last = b
                        continue
                if a != last and not text[a - 1].isspace():
                    add(a)
                last = a
                continue
        # A token starts and ends with a non-space: only the characters outside it count.
        if a != last and not text[a - 1].isspace():
            add(a)
        if b < end and not text[b].isspace():
            add(b)
        last = b
    return points


def _ends_text(text: str, period: int, ends: Sequence[int] = ()) -> bool:
    """Whether nothing but spaces, closing quotes and brackets follows the period at ``period``
    up to the end of the text or to one of ``ends`` (sorted offsets where a kept text ended)."""
    stop = _AFTER_PERIOD.match(text, period + 1).end()
    if stop == len(text):
        return True
    # The first end after the period (bisect: a block may keep many references).
    i = bisect_right(ends, period)
    return i < len(ends) and ends[i] <= stop
