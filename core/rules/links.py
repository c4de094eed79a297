"""Rule `links`."""

from __future__ import annotations

import enum
import re
from functools import lru_cache

from mwparserfromhell.nodes import ExternalLink, Wikilink

from ..markup import FILLER, external_title_offset, wikilink_text_offset
from ..markup_data import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES
from .base import MarkupRule, option, dataclass_options

Wiki = enum.Enum("Wiki", {"ALL": "all", **{code.upper(): code for code in FILE_NAMESPACES}})
Wiki.__doc__ = "Which wiki's namespace names (besides English) mark file and category links."


@dataclass_options
class LinksOptions:
    wiki: Wiki = option(Wiki.ALL, "wiki whose File:/Category: names are recognised (all: every known wiki)")


@lru_cache(maxsize=None)
def hidden_prefixes(wiki: Wiki) -> frozenset[str]:
    """Namespace prefixes (lower-case) whose links show no text in the page."""
    codes = FILE_NAMESPACES if wiki is Wiki.ALL else ("en", wiki.value)
    names: set[str] = set()
    for code in codes:
        names |= set(FILE_NAMESPACES.get(code, ())) | set(CATEGORY_NAMESPACES.get(code, ()))
    return frozenset(names)


_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")


class Links(MarkupRule):
    """Replace links by the text a reader sees; drop file, category and interlanguage links.

    >>> from wikinorm.core.rules.base import example
    >>> example("links", "[[Paris|the capital]] and [[Lyon]]s")
    'the capital and Lyons'
    >>> example("links", "See [http://x.org the site][http://y.org].[[File:a.jpg|thumb|A cat]][[de:Paris]]")
    'See the site.'
    """

    id = "links"
    title = "Links"
    description = "Keep link labels; drop File:, Category:, interlanguage and bare [url] links."
    Options = LinksOptions
    node_types = (Wikilink, ExternalLink)

    def handle(self, node, start, source, options, ctx):
        if type(node) is ExternalLink:
            self._external(node, start, source, ctx)
        else:
            self._wikilink(node, start, source, options, ctx)

    def _wikilink(self, node, start, source, options, ctx):
        end = start + len(source)
        title = str(node.title)
        target = title.strip()
        leading_colon = target.startswith(":")
        if leading_colon:
            target = target[1:].lstrip()
        prefix, sep, rest = target.partition(":")
        if sep and not leading_colon:
            key = prefix.strip().lower().replace("_", " ")
            if key in hidden_prefixes(options.wiki) or key in LANGUAGE_CODES:
                ctx.remove(self.id, start, end)
                return
        if node.text is None:
            lead = 2 + (title.index(":") + 1 if leading_colon else 0)
            ctx.remove(self.id, start, start + lead, glue=False)
            ctx.remove(self.id, end - 2, end, glue=False)
            return
        if not str(node.text).strip():
            # Pipe trick: [[Paris (band)|]] shows "Paris".
            label = _PARENTHETICAL.sub("", rest if sep and leading_colon else target)
            label = label.split("#")[0].replace(FILLER, "").strip()
            ctx.replace(self.id, start, end, label)
            return
        offset = wikilink_text_offset(node)
        ctx.remove(self.id, start, start + offset, glue=False)
        ctx.walk(node.text, start + offset)
        ctx.remove(self.id, end - 2, end, glue=False)

    def _external(self, node, start, source, ctx):
        if not node.brackets:
            return
        end = start + len(source)
        if node.title is None or not str(node.title).strip():
            ctx.remove(self.id, start, end)
            return
        offset = external_title_offset(node)
        ctx.remove(self.id, start, start + offset, glue=False)
        ctx.walk(node.title, start + offset)
        ctx.remove(self.id, end - 1, end, glue=False)
