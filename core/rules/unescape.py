"""Rule `unescape`."""

from __future__ import annotations

import re

from ..edits import Edit
from ..markup_data import ESCAPES, KNOWN_TAGS
from .base import MarkupRule

_TAG_NAMES = "|".join(sorted(KNOWN_TAGS, key=len, reverse=True))
# Markup that escaping hid: a comment or known tag (`&lt;ref&gt;`, `&lt;/ref&gt;`,
# `&lt;br /&gt;`), or an escaped entity (`&amp;nbsp;`, `&amp;#160;`).
_ESCAPED_MARKUP = re.compile(
    r"&lt;(?:!--|/?(?:" + _TAG_NAMES + r")(?=[\s/]|&gt;))"
    r"|&amp;(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)
# Markup as written: a comment or a known tag.
_REAL_MARKUP = re.compile(r"<(?:!--|/?(?:" + _TAG_NAMES + r")(?=[\s/>]))", re.IGNORECASE)
_ESCAPE = re.compile("|".join(re.escape(e) for e in ESCAPES))


class Unescape(MarkupRule):
    """Read HTML-escaped wikitext as wikitext: `&lt;ref&gt;` is a `<ref>` tag.

    Text copied from XML source (or some APIs) arrives escaped: its tags and
    comments read `&lt;ref&gt;…&lt;/ref&gt;`, `&lt;!-- --&gt;`, its entities
    `&amp;nbsp;`. A block that holds such escaped markup and no markup as
    written (no literal `<ref>`, `<br>`, `<!--`) is unescaped once before it is
    parsed, so every other rule sees the wikitext. A block with real tags is
    left as written: there `&lt;ref&gt;` means the characters shown. Each
    unescaped character is an edit of this rule unless another rule's edit
    covers it, so the alignment with the raw text stays exact.

    >>> from wikinorm.core import example
    >>> example("unescape", "Text&lt;ref&gt;A &amp;amp; B&lt;/ref&gt; and&amp;nbsp;more")
    'Text<ref>A &amp; B</ref> and&nbsp;more'
    >>> example("unescape", "<code>&lt;ref&gt;</code> is a tag")
    '<code>&lt;ref&gt;</code> is a tag'
    """

    id = "unescape"
    title = "Escaped wikitext"
    description = "Read wikitext whose tags and entities arrive HTML-escaped, in blocks with no real tags."
    rewrites_source = True

    def rewrite_source(self, text, options):
        if "&" not in text or not escaped(text):
            return []
        rule_id = self.id
        return [Edit(m.start(), m.end(), ESCAPES[m.group()], rule_id) for m in _ESCAPE.finditer(text)]


def escaped(text: str) -> bool:
    """Whether ``text`` holds escaped markup (``&lt;ref&gt;``, ``&amp;nbsp;``) and no markup as written.

    >>> escaped("a&lt;ref&gt;b&lt;/ref&gt;"), escaped("a&amp;nbsp;b"), escaped("a &lt; b")
    (True, True, False)
    >>> escaped("<b>&lt;ref&gt;</b>"), escaped("a<!-- x -->&lt;br&gt;")
    (False, False)
    """
    return _ESCAPED_MARKUP.search(text) is not None and _REAL_MARKUP.search(text) is None
