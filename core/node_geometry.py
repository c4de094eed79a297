"""Where each parse-tree node's parts sit within its wikitext.

mwparserfromhell nodes carry no offsets, so the markup walker and the rules
work them out from each node's wikitext. Every such fact lives here: the
lengths of a tag's opening and closing markup, where a link's label or a
template's parameter values start, and which children of a node hold prose.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mwparserfromhell.nodes import ExternalLink, Heading, Tag, Template, Wikilink


class ParamSpan(NamedTuple):
    """A template parameter and where its value lies in the block."""

    param: Any
    value_start: int
    value_end: int


def tag_parts(node: Tag, source: str) -> tuple[int, int]:
    """Lengths of a paired tag's opening and closing markup around its contents."""
    if node.wiki_markup:
        close = len(node.closing_wiki_markup or "")
    else:
        close = len(str(node.closing_tag)) + 3
    inner = len(str(node.contents))
    return len(source) - inner - close, close


#: What stands in a wikilink beside its title before the label: "[[" and "|".
WIKILINK_LABEL_GAP = 3


def wikilink_text_offset(node: Wikilink) -> int:
    """Offset of a wikilink's label (after ``[[title|``) within the link."""
    return WIKILINK_LABEL_GAP + len(str(node.title))


def external_title_offset(node: ExternalLink) -> int:
    """Offset of a bracketed external link's label within the link."""
    return 1 + len(str(node.url)) + (0 if node.suppress_space is True else 1)


def heading_title_offset(node: Heading) -> int:
    """Offset of a heading's title (after its ``=`` signs) within the heading."""
    return node.level


def template_params(node: Template, start: int) -> list[ParamSpan]:
    """Each parameter of a template at ``start``, with its value's span, in order."""
    pos = start + 2 + len(str(node.name))
    found = []
    for param in node.params:
        pos += 1  # the pipe
        text_len = len(str(param))
        value_start = pos + (len(str(param.name)) + 1 if param.showkey else 0)
        found.append(ParamSpan(param, value_start, pos + text_len))
        pos += text_len
    return found


def prose_children(node: Any, start: int, source: str) -> list[tuple[Any, int]]:
    """The children of ``node`` (at ``start``, written ``source``) that hold the page's prose.

    Each is ``(wikicode, offset)``. Templates, arguments, comments and entities
    hold no prose of the page's own, so they have none.
    """
    kind = type(node)
    if kind is Tag:
        if node.self_closing or node.contents is None:
            return []
        return [(node.contents, start + tag_parts(node, source)[0])]
    if kind is Wikilink:
        return [] if node.text is None else [(node.text, start + wikilink_text_offset(node))]
    if kind is ExternalLink:
        if node.brackets and node.title is not None:
            return [(node.title, start + external_title_offset(node))]
        return []
    if kind is Heading:
        return [(node.title, start + heading_title_offset(node))]
    return []
