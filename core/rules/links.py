"""Rule `links`."""

from __future__ import annotations

import enum
import re
from functools import lru_cache

from mwparserfromhell.nodes import ExternalLink, Wikilink

from ..markup import FILLER
from ..node_geometry import WIKILINK_LABEL_GAP, external_title_offset
from ..markup_data import CATEGORY_NAMESPACES, FILE_NAMESPACES, LANGUAGE_CODES, REDIRECT_WORDS
from .base import MarkupRule, option, dataclass_options

Wiki = enum.Enum("Wiki", {"ALL": "all", **{code.upper(): code for code in FILE_NAMESPACES}})
Wiki.__doc__ = "Which wiki's namespace names (besides English) mark file and category links."


class CategoryMode(enum.Enum):
    """What becomes of category links (always gone from the text)."""

    DROP = "drop"
    COLLECT = "collect"  # listed as metadata by `explain`


class RedirectMode(enum.Enum):
    """What a redirect page (``#REDIRECT [[Target]]``) becomes."""

    TARGET = "target"  # the target's title
    DROP = "drop"


@dataclass_options
class LinksOptions:
    wiki: Wiki = option(Wiki.ALL, "wiki whose File:/Category: names are recognised (all: every known wiki)")
    categories: CategoryMode = option(CategoryMode.DROP, "drop category links, or collect their names as metadata")
    redirects: RedirectMode = option(RedirectMode.TARGET, "a redirect page yields its target title, or nothing")


def _names(table: dict[str, tuple[str, ...]], wiki: Wiki) -> frozenset[str]:
    """The names ``table`` lists for ``wiki`` plus English (every wiki's, for ``all``)."""
    codes = table if wiki is Wiki.ALL else ("en", wiki.value)
    return frozenset(name for code in codes for name in table.get(code, ()))


@lru_cache(maxsize=None)
def category_prefixes(wiki: Wiki) -> frozenset[str]:
    """Category namespace prefixes (lower-case) of ``wiki`` plus English."""
    return _names(CATEGORY_NAMESPACES, wiki)


_REDIRECT = re.compile(
    r"\s*#\s*(?:" + "|".join(re.escape(w) for w in REDIRECT_WORDS) + r")\s*:?\s*\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]",
    re.IGNORECASE,
)


@lru_cache(maxsize=None)
def hidden_prefixes(wiki: Wiki) -> frozenset[str]:
    """Namespace prefixes (lower-case) whose links show no text in the page."""
    return _names(FILE_NAMESPACES, wiki) | category_prefixes(wiki)


_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")


class Links(MarkupRule):
    """Replace links by the text a reader sees; drop file, category and interlanguage links.

    >>> from wikinorm.core import example
    >>> example("links", "[[Paris|the capital]] and [[Lyon]]s")
    'the capital and Lyons'
    >>> example("links", "See [http://x.org the site][http://y.org].[[File:a.jpg|thumb|A cat]][[de:Paris]]")
    'See the site.'

    A redirect page yields its target (or nothing, with ``redirects=drop``):

    >>> example("links", "#REDIRECT [[Paris#History|x]]")
    'Paris'
    """

    id = "links"
    title = "Links"
    description = "Keep link labels; drop File:, Category:, interlanguage and bare [url] links."
    Options = LinksOptions
    node_types = (Wikilink, ExternalLink)
    claims_spans = True

    def claim_spans(self, text, options):
        # MediaWiki reads "#REDIRECT" only at a page's start; before parsing,
        # or it would be taken for a numbered list item.
        if "#" not in text[:8]:
            return []
        match = _REDIRECT.match(text)
        if match is None:
            return []
        target = match.group(1).split("#")[0].replace("_", " ").strip().lstrip(":")
        if options.redirects is RedirectMode.DROP or not target:
            return [(0, match.end(), "")]
        return [(0, match.end(), target)]

    def handle(self, node, start, source, options, ctx):
        if type(node) is ExternalLink:
            self._external(node, start, source, ctx)
            return
        # A wikilink (most links): handled here, without a call of its own.
        end = start + len(source)
        title_code, label = node._title, node._text  # what the properties return, without their calls
        title = str(title_code)
        target = title.strip()
        leading_colon = target.startswith(":")
        if leading_colon:
            target = target[1:].lstrip()
        prefix, sep, rest = target.partition(":")
        if sep and not leading_colon:
            key = prefix.strip().lower().replace("_", " ")
            if key in hidden_prefixes(options.wiki) or key in LANGUAGE_CODES:
                if options.categories is CategoryMode.COLLECT and key in category_prefixes(options.wiki):
                    ctx.collect("categories", rest.split("|")[0].strip().replace("_", " "))
                ctx.remove(self.id, start, end)
                return
        if label is None:
            lead = 2 + (title.index(":") + 1 if leading_colon else 0)
            ctx.remove(self.id, start, start + lead, glue=False)
            ctx.walk(title_code, start + 2)  # the title is the label: [[OS&nbsp;X]]
            ctx.remove(self.id, end - 2, end, glue=False)
            return
        if not str(label).strip():
            # Pipe trick: [[Paris (band)|]] shows "Paris".
            label = _PARENTHETICAL.sub("", rest if sep and leading_colon else target)
            label = label.split("#")[0].replace(FILLER, "").strip()
            ctx.replace(self.id, start, end, label)
            return
        offset = WIKILINK_LABEL_GAP + len(title)  # wikilink_text_offset(node), the title already written
        ctx.remove(self.id, start, start + offset, glue=False)
        ctx.walk(label, start + offset)
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
