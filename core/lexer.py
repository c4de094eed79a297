"""A line-at-a-time wikitext lexer for syntax highlighting (no parse tree, no Qt).

Highlighting must stay fast while the user types, and it only needs to be
plausible, not exact: the pipeline (mwparserfromhell) decides what the text
*means*. So this is a handful of regexes over one line at a time, with a small
integer carried from line to line for the constructs that span lines
(comments, ``<ref>`` bodies and nested ``{{templates}}``). Malformed input
never raises: unmatched openers simply run to the end of the line (or, for the
multi-line constructs, on to the next lines), and stray closers are ignored.

The carried state is ``comment | ref << 1 | template_depth << 2``, an int that
fits in Qt's ``QTextBlock.userState`` (``-1`` there means "no state" and is
treated as 0).
"""

from __future__ import annotations

import re

from .markup_data import REFERENCE_TAGS

__all__ = ["KINDS", "lex_line", "lex_text"]

KINDS = (
    "template",
    "link",
    "external_link",
    "ref",
    "tag",
    "comment",
    "heading",
    "entity",
    "table",
    "formatting",
    "list_marker",
    "magic_word",
)

_COMMENT = 1
_REF = 2
_DEPTH_SHIFT = 2
# Depth is capped so the state stays a small non-negative int; deeper nesting
# than this is not real wikitext and only needs to stay "inside a template".
_MAX_DEPTH = 255

_REF_NAMES = "|".join(sorted(REFERENCE_TAGS))
_TOKEN = re.compile(
    r"""
     (?P<comment><!--)
    |(?P<tmpl_open>\{\{)
    |(?P<tmpl_close>\}\})
    |(?P<link_open>\[\[)
    |(?P<link_close>\]\])
    |(?P<ext>\[(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^\s\[\]<>"]+(?:\s[^\]\n]*)?\])
    |(?P<ref_open><(?i:REFS)(?:\s[^<>]*?)?(?P<self_close>/)?\s*>)
    |(?P<ref_close></(?i:REFS)\s*>)
    |(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)
    |(?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6});)
    |(?P<formatting>'{2,5})
    |(?P<magic>__[A-Z]{2,}__)
    |(?P<cell_sep>\|\||!!)
    """.replace("REFS", _REF_NAMES),
    re.VERBOSE,
)
_HEADING = re.compile(r"^(={1,6})[^=].*?\1\s*$|^(={1,6})=*\s*$")
_LIST = re.compile(r"[*#:;]+")
_TABLE = re.compile(r"\s*(\{\||\|\}|\|-+|\|\+|\||!)")


def lex_line(line: str, state: int = 0) -> tuple[list[tuple[int, int, str]], int]:
    """Spans ``(start, length, kind)`` for one line, and the state for the next line.

    ``state`` is what the previous line returned (0 for the first line). Later
    spans are meant to be painted over earlier ones: whole regions (templates,
    refs, links, headings) come first, the tokens inside them after.
    """
    if state < 0:
        state = 0
    in_comment = bool(state & _COMMENT)
    in_ref = bool(state & _REF)
    depth = min(state >> _DEPTH_SHIFT, _MAX_DEPTH)
    n = len(line)
    regions: list[tuple[int, int, str]] = []
    tokens: list[tuple[int, int, str]] = []

    if not (in_comment or in_ref or depth):
        if _HEADING.match(line):
            regions.append((0, n, "heading"))
        else:
            m = _LIST.match(line)
            if m:
                tokens.append((0, m.end(), "list_marker"))
            m = _TABLE.match(line)
            if m:
                tokens.append((m.start(1), m.end(1) - m.start(1), "table"))

    template_start = 0 if depth else -1
    ref_start = 0 if in_ref else -1
    link_depth = 0
    link_start = -1
    pos = 0
    while pos < n:
        if in_comment:
            end = line.find("-->", pos)
            stop = n if end < 0 else end + 3
            tokens.append((pos, stop - pos, "comment"))
            pos = stop
            in_comment = end < 0
            continue
        m = _TOKEN.search(line, pos)
        if m is None:
            break
        kind = m.lastgroup
        start, end = m.start(), m.end()
        pos = end
        if kind == "comment":
            in_comment = True
            pos = start
        elif kind == "tmpl_open":
            if depth == 0:
                template_start = start
            depth = min(depth + 1, _MAX_DEPTH)
        elif kind == "tmpl_close":
            if depth:
                depth -= 1
                if depth == 0:
                    regions.append((template_start, end - template_start, "template"))
                    template_start = -1
        elif kind == "link_open":
            if link_depth == 0:
                link_start = start
            link_depth += 1
        elif kind == "link_close":
            if link_depth:
                link_depth -= 1
                if link_depth == 0:
                    regions.append((link_start, end - link_start, "link"))
        elif kind == "ext":
            regions.append((start, end - start, "external_link"))
        elif kind == "self_close" or kind == "ref_open":
            if m.group("self_close"):
                tokens.append((start, end - start, "ref"))
            else:
                if not in_ref:
                    ref_start = start
                in_ref = True
        elif kind == "ref_close":
            if in_ref:
                regions.append((ref_start, end - ref_start, "ref"))
                in_ref = False
                ref_start = -1
            else:
                tokens.append((start, end - start, "tag"))
        elif kind == "tag":
            tokens.append((start, end - start, "tag"))
        elif kind == "entity":
            tokens.append((start, end - start, "entity"))
        elif kind == "formatting":
            tokens.append((start, end - start, "formatting"))
        elif kind == "magic":
            tokens.append((start, end - start, "magic_word"))
        elif kind == "cell_sep":
            tokens.append((start, end - start, "table"))

    if depth and template_start >= 0 and n > template_start:
        regions.append((template_start, n - template_start, "template"))
    if in_ref and ref_start >= 0 and n > ref_start:
        regions.append((ref_start, n - ref_start, "ref"))
    if link_depth and n > link_start:
        regions.append((link_start, n - link_start, "link"))

    # Bigger regions first so that what is nested inside paints over them.
    regions.sort(key=lambda span: -span[1])
    spans = [span for span in regions + tokens if span[1] > 0]
    new_state = (_COMMENT if in_comment else 0) | (_REF if in_ref else 0) | (depth << _DEPTH_SHIFT)
    return spans, new_state


def lex_text(text: str) -> list[list[tuple[int, int, str]]]:
    """Spans for every line of ``text`` (split on ``\\n``), carrying state across lines."""
    state = 0
    out = []
    for line in text.split("\n"):
        spans, state = lex_line(line, state)
        out.append(spans)
    return out
