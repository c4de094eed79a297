"""Rule `formatting`."""

from __future__ import annotations

import re
from bisect import bisect_right

from .base import MarkupRule

_QUOTES = re.compile(r"'{2,}")
_NEWLINE = re.compile("\n")


class Formatting(MarkupRule):
    """Remove bold and italic markers (`''`, `'''`, `'''''`), keeping the text.

    Apostrophes that are text stay, as MediaWiki decides them line by line: four
    in a row are an apostrophe before bold; and when a line has an odd number of
    both italics and bolds, one `'''` is an apostrophe before an italic marker.

    >>> from wikinorm.core import example
    >>> example("formatting", "'''Paris''' is ''the'' capital; L''''Orient'''")
    "Paris is the capital; L'Orient"
    >>> example("formatting", "''Animal Farm'''s author")
    "Animal Farm's author"
    """

    id = "formatting"
    title = "Bold and italic"
    description = "Remove ''italic'' and '''bold''' markers, keep the text."
    reads_text = True
    text_triggers = ("''",)

    def handle_text(self, text, start, options, ctx):
        if "''" not in text:
            return
        runs = ctx.state.setdefault(self.id, [])
        add = runs.append
        for match in _QUOTES.finditer(text):
            a, b = match.span()
            add((start + a, b - a))

    def finish(self, options, ctx):
        runs = ctx.state.get(self.id)
        if not runs:
            return
        text = ctx.text
        if "\n" not in text:  # most blocks: one line, whose runs are all found
            ctx.remove_spans(self.id, _markers(text, runs), glue=False)
            return
        line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        lines: dict[int, list] = {}
        for run in runs:
            lines.setdefault(bisect_right(line_starts, run[0]), []).append(run)
        for line_runs in lines.values():
            ctx.remove_spans(self.id, _markers(text, line_runs), glue=False)


def _markers(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The marker spans among one line's apostrophe runs (MediaWiki's doQuotes)."""
    markers = []
    italics = bolds = 0
    for start, count in runs:
        if count == 4:  # an apostrophe, then bold
            start, count = start + 1, 3
        elif count > 5:  # apostrophes, then bold italic
            start, count = start + count - 5, 5
        markers.append([start, count])
        italics += count in (2, 5)
        bolds += count in (3, 5)
    if italics % 2 and bolds % 2:
        # One bold is really an apostrophe and an italic marker; MediaWiki picks
        # the first after a one-letter word, else after a longer word, else after a space.
        single = multi = space = None
        for marker in markers:
            if marker[1] != 3:
                continue
            before = text[marker[0] - 1] if marker[0] > 0 else " "
            before2 = text[marker[0] - 2] if marker[0] > 1 else " "
            if before == " ":
                space = space if space is not None else marker
            elif before2 == " ":
                single = marker
                break
            else:
                multi = multi if multi is not None else marker
        chosen = single or multi or space
        if chosen is not None:
            chosen[0] += 1
            chosen[1] = 2
    return [(start, start + count) for start, count in markers]
