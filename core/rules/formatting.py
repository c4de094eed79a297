"""Rule `formatting`."""

from __future__ import annotations

import re

from .base import MarkupRule

_QUOTES = re.compile(r"'{2,}")


class Formatting(MarkupRule):
    """Remove bold and italic markers (`''`, `'''`, `'''''`), keeping the text.

    Four apostrophes leave one (an apostrophe before bold), as MediaWiki does.

    >>> from wikinorm.core.rules.base import example
    >>> example("formatting", "'''Paris''' is ''the'' capital; L''''Orient'''")
    "Paris is the capital; L'Orient"
    """

    id = "formatting"
    title = "Bold and italic"
    description = "Remove ''italic'' and '''bold''' markers, keep the text."
    reads_text = True

    def handle_text(self, text, start, options, ctx):
        if "''" not in text:
            return
        for match in _QUOTES.finditer(text):
            a, b = match.span()
            count = b - a
            if count == 4:
                a += 1
            elif count > 5:
                a = b - 5
            ctx.remove(self.id, start + a, start + b, glue=False)
