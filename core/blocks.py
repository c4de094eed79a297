"""Splitting raw wikitext into blocks, the unit of caching and incremental work.

A block boundary is a newline outside every construct that may span lines:
templates, tables, comments, and paired tags such as ``<ref>`` or ``<math>``.
MediaWiki resets inline state (bold, italic, lists) at each line end, so lines
are natural units; a multi-line construct stays whole in one block.

The scanner reads left to right and its state at every boundary is the empty
state, so scanning may restart at any block start and reach the same boundaries
as a scan from the top; incremental re-splitting relies on that. Two rules keep
it so. No token starts before a boundary newline and ends after it: ``|}`` is
matched after its newline (by look-behind), never together with it, so text
typed at a block's start cannot swallow the newline before it. And what a token
matches never depends on text past a boundary it would have crossed: a tag
opener or closer with no ``>`` (``<ref`` then no ``>`` anywhere after) runs to
the end of the text like an unclosed comment, instead of being no token at all
until a ``>`` typed far below turns it into one that spans blocks. An unclosed
construct runs to the end of the text.
"""

from __future__ import annotations

import re
from typing import Iterator

from .markup_data import FILE_NAMESPACES, MULTILINE_TAGS, UNPARSED_TAGS

_RAW_TAGS = "|".join(UNPARSED_TAGS)
_PAIRED_TAGS = "|".join(MULTILINE_TAGS)

# File links are the only links whose caption may span lines.
_FILE_LINK = r"\[\[[ \t]*:?[ \t]*(?:" + "|".join(
    sorted({re.escape(name) for names in FILE_NAMESPACES.values() for name in names}, key=len, reverse=True)
) + r")[ \t]*:"

_TOKEN = re.compile(
    r"<!--"
    r"|\{\{|\}\}"
    r"|(?P<file>" + _FILE_LINK + r")"
    r"|(?:(?<=\n)|^)[ \t]*\{\|"
    r"|(?<=\n)[ \t]*\|\}"
    r"|<(?P<raw>" + _RAW_TAGS + r")(?=[\s>/])(?:[^>]*?(?P<rawself>/?)>)?"
    r"|<(?P<close>/?)(?P<tag>" + _PAIRED_TAGS + r")(?=[\s>/])(?:[^>]*?(?P<self>/?)(?P<tagend>>))?"
    r"|\n",
    re.IGNORECASE,
)
_RAW_CLOSE = {}
_LINK_BRACKETS = re.compile(r"\[\[|\]\]")


def _raw_close(name: str) -> re.Pattern:
    pattern = _RAW_CLOSE.get(name)
    if pattern is None:
        pattern = _RAW_CLOSE[name] = re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)
    return pattern


def _skip_unparsed(text: str, match: re.Match, pos: int) -> int | None:
    """Where scanning resumes after a comment or raw tag opened by ``match`` (None: neither).

    Nothing inside them opens a construct; an unclosed one, or a raw tag opener
    with no ``>``, runs to the end.
    """
    if match.group() == "<!--":
        close = text.find("-->", pos)
        return len(text) if close < 0 else close + 3
    if match.group("raw"):
        if not match.group().endswith(">"):
            return len(text)
        if match.group("rawself"):
            return pos
        close = _raw_close(match.group("raw")).search(text, pos)
        return len(text) if close is None else close.end()
    return None


def boundaries(text: str, start: int = 0) -> Iterator[int]:
    """Yield the positions of block-ending newlines at or after ``start``.

    ``start`` must be 0 or just after a boundary newline.
    """
    braces = 0
    tables = 0
    tags: list[str] = []
    pos = start
    end = len(text)
    token = _TOKEN
    while pos < end:
        match = token.search(text, pos)
        if match is None:
            return
        kind = match.group()
        pos = match.end()
        skipped = _skip_unparsed(text, match, pos)
        if skipped is not None:
            pos = skipped
        elif kind == "\n":
            if not braces and not tables and not tags:
                yield match.start()
        elif match.group("file"):
            # A file link's caption may span lines and hold links: skip to its end.
            depth = 1
            while depth:
                bracket = _LINK_BRACKETS.search(text, pos)
                if bracket is None:
                    pos = end
                    break
                pos = bracket.end()
                depth += 1 if bracket.group() == "[[" else -1
        elif kind == "{{":
            braces += 1
        elif kind == "}}":
            if braces:
                braces -= 1
        elif kind.endswith("{|"):
            tables += 1
        elif kind.endswith("|}"):
            # The newline before |} was read at table depth, so it stayed inside
            # the table; a stray |} at depth zero opens nothing.
            if tables:
                tables -= 1
        else:
            if not match.group("tagend"):
                return
            name = match.group("tag").lower()
            if match.group("close"):
                if name in tags:
                    while tags and tags.pop() != name:
                        pass
            elif not match.group("self"):
                tags.append(name)


def split(text: str) -> list[int]:
    """Start offsets of all blocks of ``text`` (the first is always 0)."""
    return [0] + [nl + 1 for nl in boundaries(text)]


def block_texts(text: str, starts: list[int], end: int | None = None) -> list[str]:
    """The texts of the blocks starting at ``starts``, the last one running to ``end``.

    Each block ends at the newline before the next start (the newline belongs
    to neither); ``end`` defaults to the end of ``text``.
    """
    ends = [s - 1 for s in starts[1:]]
    ends.append(len(text) if end is None else end)
    return [text[s:e] for s, e in zip(starts, ends)]


_BRACES = re.compile(
    r"\{\{+|\}\}+|<!--|<(?P<raw>" + _RAW_TAGS + r")(?=[\s>/])[^>]*?(?P<rawself>/?)>",
    re.IGNORECASE,
)


def template_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the outermost balanced ``{{…}}`` (and ``{{{…}}}``) in ``text``.

    Braces inside comments and raw tags (``<nowiki>``, ``<math>``…) do not count;
    an unclosed ``{{`` opens nothing.
    """
    spans = []
    depth = 0
    opened = 0
    pos = 0
    end = len(text)
    while pos < end:
        match = _BRACES.search(text, pos)
        if match is None:
            break
        token = match.group()
        pos = match.end()
        if token[0] == "{":
            if not depth:
                opened = match.start()
            depth += len(token) // 2
        elif token[0] == "}":
            if depth:
                closes = len(token) // 2
                if closes >= depth:
                    spans.append((opened, match.start() + (len(token) if closes == depth else 2 * depth)))
                    depth = 0
                else:
                    depth -= closes
        else:
            pos = _skip_unparsed(text, match, pos)
    return spans
