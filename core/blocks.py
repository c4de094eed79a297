"""Splitting raw wikitext into blocks, the unit of caching and incremental work.

A block boundary is a newline outside every construct that may span lines:
templates, tables (also indented ones, ``:{|``), comments, file links, link
labels, and paired tags such as ``<ref>`` or ``<math>``. MediaWiki resets inline state (bold, italic, lists) at each line
end, so lines are natural units; a multi-line construct stays whole in one block.

**The reach rule.** An opener counts only if its closer ends within
:data:`REACH` characters of the opener's start, or the text ends within that
distance (then, unclosed, it runs to the end of the text, as an unclosed
comment does in MediaWiki). An opener that fails is *dropped*: the scanner
reads on as if it were plain text. So ``{{``, ``<ref>``, ``<!--`` or ``{|``
typed in the middle of a 2 MB page holds the lines after it in one block for
at most ``REACH`` characters, instead of gluing the rest of the page into one
block that only the linear fallback can take. ``REACH`` is above the longest
real construct of the shared corpus: an HTML ``<table>`` of 79,408 characters
and a wiki table of 62,564 (edge pages), an article's longest a 15,722-character
template and a 15,689-character ``<ref>`` (Abortion), and a 14,745-character
table; no other opener there is unclosed except one ``<noinclude>`` 319
characters before its page's end (measured with ``python -m
bench.bench_core --spans``). Whether an opener counts depends only on the text in its reach
(and on whether the text ends there), never on anything before the block it
sits in.

The scanner reads left to right. An opener and the newlines after it are held
until the opener closes (those newlines are inside it) or is dropped (they are
boundaries unless another opener holds them), so the scanner's state at every
boundary is, in effect, the empty state: a dropped opener never matched a
closer (it would have counted) and a closer always matches the innermost open
opener of its kind, so nothing read after it differs for its absence. Scanning
may therefore restart at any block start and reach the same boundaries as a
scan from the top; incremental re-splitting relies on that, and re-scans from
the earliest dropped opener whose reach an edit touches (callers collect the
dropped openers' positions; those after the text's last newline hold nothing
and are not collected). Two more rules keep it so. No token starts before
a boundary newline and ends after it: ``|}`` is matched after its newline (by
look-behind), never together with it, so text typed at a block's start cannot
swallow the newline before it. And a tag opener or closer with no ``>`` in
reach (``<ref`` then no ``>``) is dropped like an unclosed construct, or runs to
the end when the text ends in reach.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import Iterator

from .markup_data import FILE_NAMESPACES, MULTILINE_TAGS, UNPARSED_TAGS

#: How far (characters, opener start to closer end) a construct may reach and still hold a block together.
REACH = 100_000

#: What may stand before a table's ``{|`` on its line: an indent or list marker (``:{|``, ``*{|``, ``::{|``).
#: MediaWiki renders ``:{|`` as an indented table; the tables rule reads the others the same way.
INDENTED_TABLE = r"(?:[:*#;]+[ \t]*)?"

_RAW_TAGS = "|".join(UNPARSED_TAGS)
_PAIRED_TAGS = "|".join(MULTILINE_TAGS)

# File links are the only links whose caption may span lines. (After a link's first "[":
# see _TOKEN.)
_FILE_LINK = r"\[[ \t]*:?[ \t]*(?:" + "|".join(
    sorted({re.escape(name) for names in FILE_NAMESPACES.values() for name in names}, key=len, reverse=True)
) + r")[ \t]*:"

# A tag's attributes and ``>`` are looked for separately, within reach. Every
# token starts with one of ``<{}[&`` or a newline, written as a plain character
# at the head of each alternative (a group's name comes after it, and names the
# token: ``match.lastgroup``): the regex engine then knows the set of first
# characters and skips prose between candidates in a tight loop. A look-ahead
# for that set, or a group first, makes it try the pattern at every character
# (on the corpus, 2.4x the instructions of the whole scan). Table tokens at a
# line start are read by :data:`_LINE_TABLE` after a newline that comes before
# one (a token then): a look-behind alternative here would defeat that skipping.
#
# Constructs on one line with nothing inside that changes what is open are read
# as one token each (most of them are so): a link with its label, ``[[a|b]]``
# (the empty group ``whole`` is the last one matched then), a template
# ``{{…}}`` and, while nothing is open, a paired tag ``<ref>…</ref>``. Read so,
# each costs one regex round instead of several and a label or closer search.
_PAIRED_TAG = r"<(?P<close>/?)(?P<tag>" + _PAIRED_TAGS + r")(?=[\s>/])"
_OPENERS = (
    r"<(?P<comment>!--)"
    r"|&(?P<escaped>lt;(?:!--|(?P<escclose>/?)(?P<esctag>" + _RAW_TAGS + "|" + _PAIRED_TAGS + r")(?=[\s/]|&gt;)))"
    # A file link's title has its first colon before any of \n[]| (no namespace name holds
    # one): the lookahead turns a plain [[link]] away before the names are tried.
    r"|\[(?P<file>(?=\[[^\n\[\]|:]*:)" + _FILE_LINK + r")"
    r"|\[(?P<link>\[[^\n\[\]|]*\|)(?:[^\n\[\]]*\]\](?P<whole>))?"
    # Paired tags before raw ones (the sets are disjoint): most tags are <ref>s.
    r"|" + _PAIRED_TAG
    + r"|<(?P<raw>" + _RAW_TAGS + r")(?=[\s>/])"
)

# What changes nothing that is open, read whole: characters that start no token,
# [brackets] that start none, and links read whole (title and label skipped, as a
# file link's are) or with no label and no token in the title. Each part starts
# with a character the others do not (the regex engine never backtracks into a
# run), and each stops at any "<" or newline.
_TEXT = r"[^<{}\[&\n]*"
_INERT = r"(?:\[\[(?:[^\n\[\]|]*\|[^\n\[\]]*|[^\n\[\]|<{}&]*)\]\]|\[(?!\[)|&(?!lt;))"
# A template with no token inside opens and closes at once (unless its }} drops an
# opener; see boundaries). One with links inside is not read whole here: most
# templates that hold a link hold a template too, and the longer failed match
# costs more than it saves.
_TEMPLATE = r"\{(?P<template>\{" + _TEXT + r"\}\})|\{(?P<brace_open>\{)|"
# A paired tag with its closer on the same line and only those between (templates
# of those too, and a "}" or "{" alone: a stray closer, or no token). Read while
# nothing else is open, it opens and closes at once (most <ref>s are so).
_PAIR = (
    r"<(?P<pair>" + _PAIRED_TAGS + r")(?=[\s>/])[^<{}\[&\n>]*(?<!/)>"
    + _TEXT + r"(?:(?:" + _INERT + r"|\{\{" + _TEXT + r"(?:" + _INERT + _TEXT + r")*\}\}|\}|\{(?!\{))" + _TEXT + r")*"
    + r"</(?P=pair)(?=[\s>/])[^>\n]*>(?P<whole_pair>)"
)
# While something is open (see boundaries), a newline is a token only before a table token.
_TOKEN = re.compile(
    _TEMPLATE + r"\}(?P<brace_close>\})|" + _OPENERS
    + r"|\n(?P<newline>)(?=[ \t]*(?:" + INDENTED_TABLE + r"\{\||\|\}))",
    re.IGNORECASE,
)
# A wiki table's opener or closer at a line start (after spaces or tabs).
_LINE_TABLE = re.compile(r"[ \t]*(?:" + INDENTED_TABLE + r"(?P<table_open>\{\|)|(?P<table_close>\|\}))")
# What a line starts with before a table token that is not the token itself (many lines
# in a table or template start with "|" or "{{": told from the token by two characters).
_LINE_TABLE_LEAD = frozenset(" \t:*#;")
# While nothing is open, every newline is a boundary and a closer closes nothing
# (its characters start no other token): the scan looks only for what may open
# something, and finds the newlines passed on the way with str.find (nearly half
# the corpus's tokens are newlines; a regex round each cost more than the rest).
# A ``{|`` is a table's opener only at a line start (checked where it is found:
# the newlines before it were all read).
_OPENER = re.compile(_TEMPLATE + r"\{(?P<table_open>\|)|" + _PAIR + "|" + _OPENERS, re.IGNORECASE)
_PAIRED_TAG_AT = re.compile(_PAIRED_TAG, re.IGNORECASE).match
# What may stand between a line's start and a wiki table's opener.
_TABLE_OPEN_LEAD = re.compile(r"[ \t]*" + INDENTED_TABLE)
# Tag names as one string each (an open tag holds its name until it closes or is dropped).
_TAG_NAMES = {name.lower(): name.lower() for name in MULTILINE_TAGS}
_RAW_CLOSE = {}
_LINK_BRACKETS = re.compile(r"\[\[|\]\]")


_CLOSER = {}


def _closer(name: str) -> re.Pattern:
    """The closing tag ``</name`` of a paired tag, as the token pattern reads it (any case)."""
    pattern = _CLOSER.get(name)
    if pattern is None:
        pattern = _CLOSER[name] = re.compile(r"</" + re.escape(name) + r"(?=[\s>/])", re.IGNORECASE)
    return pattern


def _raw_close(name: str) -> re.Pattern:
    pattern = _RAW_CLOSE.get(name)
    if pattern is None:
        pattern = _RAW_CLOSE[name] = re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)
    return pattern


def _skip_unparsed(text: str, match: re.Match, pos: int) -> int | None:
    """Where :func:`template_spans` resumes after a comment or raw tag opened by ``match`` (None: neither).

    Nothing inside them opens a construct; an unclosed one runs to the end.
    """
    if match.group() == "<!--":
        close = text.find("-->", pos)
        return len(text) if close < 0 else close + 3
    if match.group("raw"):
        if match.group("rawself"):
            return pos
        close = _raw_close(match.group("raw")).search(text, pos)
        return len(text) if close is None else close.end()
    return None


class _Absent:
    """Where a closer is known to be absent, from earlier unsuccessful searches.

    The reach rule looks for each opener's closer up to :data:`REACH` ahead. On a
    run of unclosed openers (``"<!--" * n``) every search would re-scan the same
    100,000 characters; remembering the span an unsuccessful search covered lets
    the next one start where it stopped, so the scan stays linear. Searches only
    move forward, so a span ``[start, end)`` stays true for later starts.
    """

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: dict[str, tuple[int, int]] = {}

    def find(self, text: str, key: str, pattern: re.Pattern | None, start: int, limit: int) -> int | None:
        """Where the closer ``key`` (a literal, or ``pattern``) starts in ``[start, limit)``, or None.

        Returns the end of the match for a pattern, the start for a literal.
        """
        known = self._spans.get(key)
        begin = start
        if known is not None and known[0] <= start < known[1]:
            if limit <= known[1]:
                return None
            if pattern is None:
                # A literal straddling the known end starts at most len - 1 before it.
                begin = max(start, known[1] - len(key) + 1)
            else:
                # A raw closer (</name >) holds one "<", its first character.
                lt = text.rfind("<", start, known[1])
                begin = known[1] if lt < 0 else lt
            start = known[0]
        if pattern is None:
            found = text.find(key, begin, limit)
            if found >= 0:
                return found
        else:
            match = pattern.search(text, begin, limit)
            if match is not None:
                return match.end()
        self._spans[key] = (start, limit)
        return None


def _closed_within(text: str, match: re.Match, limit: int, absent: _Absent) -> int | None:
    """Where a comment, raw tag, file link or escaped tag opened by ``match`` ends, if it ends by ``limit``.

    -1: ``match`` opens none of them (or is a raw tag closing itself at once, which
    ends at its ``>``: returned as that end). None: not closed by ``limit``.
    :data:`_UNCLOSED`: an escaped one not closed in reach (dropped, never run to the end).
    A link's label is :func:`_label_end`'s.
    """
    pos = match.end()
    if match.group() == "<!--":
        close = absent.find(text, "-->", None, pos, limit)
        return None if close is None else close + 3
    raw = match.group("raw")
    if raw:
        gt = absent.find(text, ">", None, pos, limit)
        if gt is None:
            return None
        if gt > pos and text[gt - 1] == "/":
            return gt + 1
        return absent.find(text, "</" + raw.lower(), _raw_close(raw), gt + 1, limit)
    if match.group("escaped"):
        return _escaped_end(text, match, limit, absent)
    if match.group("file"):
        # A file link's caption may span lines and hold links: it ends at the matching ]].
        depth = 1
        while depth:
            bracket = _LINK_BRACKETS.search(text, pos, limit)
            if bracket is None:
                return None
            pos = bracket.end()
            depth += 1 if bracket.group() == "[[" else -1
        return pos
    return -1


#: What :func:`_closed_within` returns for an opener that is not closed in its own, shorter reach.
_UNCLOSED = -2


def _escaped_end(text: str, match: re.Match, limit: int, absent: _Absent) -> int:
    """Where an HTML-escaped comment or tag (``&lt;!--``, ``&lt;ref&gt;``) opened by ``match`` ends.

    Wikitext that arrives escaped is read as wikitext (the ``unescape`` rule), so
    its multi-line comments and tags must stay in one block too. Each is taken
    whole, to its first closer (escaped tags do not nest in practice); a closer
    on its own ends where it stands. One not closed in reach is dropped, never
    run to the end: on a page that means the characters, a lone ``&lt;ref&gt;``
    holds nothing.
    """
    pos = match.end()
    name = match.group("esctag")
    if name is None:  # &lt;!--
        close = absent.find(text, "--&gt;", None, pos, limit)
        return _UNCLOSED if close is None else close + 6
    gt = absent.find(text, "&gt;", None, pos, limit)
    if gt is None:
        return _UNCLOSED
    if match.group("escclose") or (gt > pos and text[gt - 1] == "/"):
        return gt + 4
    close = absent.find(text, "&lt;/" + name.lower(), None, gt + 4, limit)
    if close is None:
        return _UNCLOSED
    gt = absent.find(text, "&gt;", None, close, limit)
    return _UNCLOSED if gt is None else gt + 4
_LABEL_STOP = re.compile(r"\[\[|\]\]|\n\n")


def _label_end(text: str, pos: int, limit: int) -> int:
    """Where a link whose label starts at ``pos`` ends (its ]]), or :data:`_UNCLOSED`.

    A label may span lines (``[[Pound sterling|\npounds]]``): the parser reads
    it as one link. It must close before a blank line (an unclosed ``[[a|b``
    holds no more than its paragraph) and before another ``[[`` (each scan
    stops at the next link, so a run of unclosed ones stays linear).
    """
    stop = _LABEL_STOP.search(text, pos, limit)
    if stop is None or stop.group() != "]]":
        return _UNCLOSED
    return stop.end()


def boundaries(text: str, start: int = 0, dropped: list[int] | None = None) -> Iterator[int]:
    """Yield the positions of block-ending newlines at or after ``start``, in order.

    ``start`` must be 0 or just after a boundary newline. The start of every
    opener dropped by the reach rule is appended to ``dropped`` (if given), as
    it is found (not in order); all those before a boundary are in it when that
    boundary is yielded. Openers after the text's last newline hold no newline
    and are not recorded (once none is open there, the scan stops): an edit
    there is in the last block already.
    """
    end = len(text)
    last_newline = text.rfind("\n")
    search = _TOKEN.search
    search_opener = _OPENER.search
    find = text.find
    rfind = text.rfind
    open_lead = _TABLE_OPEN_LEAD.fullmatch
    line_table = _LINE_TABLE.match
    absent = _Absent()
    reach = REACH
    never = _NEVER
    # Open openers' starts, per kind, from a head index on (a closer matches the
    # innermost of its kind, at the end; the reach rule drops the earliest, at a
    # head: no list shifts). Arrays of int64: a text of 100,000 unclosed openers
    # would hold 100,000 int objects in lists, several times the text's size.
    braces = array("q")
    tables = array("q")
    tags = array("q")
    tag_names: list[str] = []
    heads = [0, 0, 0]  # braces, tables, tags
    # Newlines read while an opener was open, all after the earliest open one (from held_head on).
    held = array("q")
    held_head = 0
    # The earliest open opener's start + reach: a token ending past it means that opener is dropped.
    deadline = never
    to_end = None  # the start of a construct that runs to the end of the text
    pos = start
    line_start = True  # pos is at a line start, where a table token may be (read while something is open)
    next_newline = -1  # the first newline at or after pos, once looked for (the text's end: none)
    while pos < end:
        gt = None
        if deadline == never:
            # Nothing open: the newlines before the next opener are boundaries.
            if pos > last_newline:
                break  # no newline left: no boundary ahead
            line_start = False
            match = search_opener(text, pos)
            at = end if match is None else match.start()
            if next_newline < pos:
                next_newline = find("\n", pos)
            while next_newline < at:
                yield next_newline
                next_newline = find("\n", next_newline + 1)
                if next_newline < 0:
                    next_newline = end
            if at > last_newline:
                break
            kind = match.lastgroup
            stop = match.end()
            if kind == "template":
                if stop <= at + reach:
                    pos = stop
                    continue
                kind = "brace_open"  # its }} ends out of reach: read as {{ alone
                stop = at + 2
            elif kind == "whole":
                if stop <= at + reach:
                    pos = stop
                    continue
                kind = "link"  # its ]] ends out of reach
                stop = match.end("link")
            elif kind == "whole_pair":
                if stop <= at + reach:
                    pos = stop
                    continue
                match = _PAIRED_TAG_AT(text, at)  # its closer ends out of reach: read as the tag alone
                kind = "tag"
                stop = match.end()
            elif kind == "table_open":
                # A table's opener only at a line start: after a newline (all those
                # since pos were read) or at the scan's start, and spaces, tabs or
                # list markers. A newline before pos - 1 was inside a token, whose
                # tail on this line holds a character no table opener may follow.
                line = rfind("\n", pos - 1 if pos else 0, at)
                if (line < 0 and pos) or not open_lead(text, line + 1, at):
                    pos = stop  # not a token; its characters start none
                    continue
                at = line + 1
        else:
            match = None
            if line_start:
                line_start = False
                if text[pos] in _LINE_TABLE_LEAD or text.startswith("|}", pos) or text.startswith("{|", pos):
                    match = line_table(text, pos)
            if match is None:
                # The newlines before the next token are held (the search stops only at
                # one before a table token), unless one drops an opener: it ends past
                # the deadline, and is read as a token.
                match = search(text, pos)
                at = end if match is None else match.start()
                if next_newline < pos:
                    next_newline = find("\n", pos)
                    if next_newline < 0:
                        next_newline = end
                while next_newline < at and next_newline < deadline:
                    held.append(next_newline)
                    next_newline = find("\n", next_newline + 1)
                    if next_newline < 0:
                        next_newline = end
                if next_newline < at:
                    match = None
                    at = next_newline
                elif match is None:
                    break
                elif text[at] == "\n" and at < deadline:
                    # A newline before a table token: held, and the token read at the line start.
                    held.append(at)
                    pos = at + 1
                    line_start = True
                    continue
            if match is None:
                kind = "newline"
                stop = at + 1
            else:
                at, stop = match.span()
                kind = match.lastgroup
            if kind == "newline":
                pos = at  # those before it are held; it is read again once it drops no opener
            elif kind == "template":
                # {{…}} with no token inside: opened and closed at once, unless its
                # }} drops an opener (ends past the deadline): then {{ alone.
                if stop <= deadline:
                    pos = stop
                    continue
                kind = "brace_open"
                stop = at + 2
            elif kind == "whole":
                # The link's token ends at its "|" (openers are dropped as for that
                # token); the label's ]] is looked for below.
                stop = match.end("link")
            elif kind == "tag" and match.group("close"):
                # A closing tag ends at its ">": openers whose reach ends before that are dropped first.
                gt = _tag_end(text, stop, at + reach, absent)
                if gt is not None:
                    stop = gt + 1
            if stop > deadline:
                # Drop, earliest first, the open openers whose reach ends before this
                # token (as _drop_expired; inline: it runs once per token on a run of
                # unclosed openers).
                b, t, g = heads
                while True:
                    first = deadline - reach
                    if len(braces) > b and braces[b] == first:
                        b += 1
                    elif len(tables) > t and tables[t] == first:
                        t += 1
                    else:
                        g += 1
                    if dropped is not None and first < last_newline:
                        dropped.append(first)
                    first = never
                    if len(braces) > b:
                        first = braces[b]
                    if len(tables) > t and tables[t] < first:
                        first = tables[t]
                    if len(tags) > g and tags[g] < first:
                        first = tags[g]
                    if first == never:
                        deadline = never
                        break
                    deadline = first + reach
                    if deadline >= stop:
                        break
                heads[0], heads[1], heads[2] = b, t, g
                if (b > 1024 and 2 * b > len(braces)) or (t > 1024 and 2 * t > len(tables)) or (g > 1024 and 2 * g > len(tags)):
                    _compact(braces, tables, tags, tag_names, heads)
                limit = never if deadline == never else deadline - reach
                cut = bisect_right(held, limit, held_head)
                for newline in held[held_head:cut]:
                    yield newline
                held_head = cut
                if held_head > 4096 and 2 * held_head > len(held):
                    del held[:held_head]
                    held_head = 0
            if kind == "newline":
                # It dropped openers; now it drops none: read again, it is a boundary or held.
                continue
        pos = stop
        if kind == "tag":
            limit = at + reach
            if gt is None:
                gt = _tag_end(text, stop, limit, absent)
            if gt is None:
                # No ">" in reach.
                if limit >= end:
                    to_end = at
                    break
                if dropped is not None and at < last_newline:
                    dropped.append(at)
                continue
            name = match.group("tag").lower()
            name = _TAG_NAMES.get(name, name)
            if match.group("close"):
                pos = gt + 1
                for k in range(len(tags) - 1, heads[2] - 1, -1):
                    if tag_names[k] == name:
                        opener = tags[k]
                        del held[bisect_right(held, opener, held_head) :]
                        del tags[k:], tag_names[k:]
                        if opener + reach == deadline:
                            deadline = _earliest(braces, tables, tags, heads)
                        break
            elif gt > stop and text[gt - 1] == "/":
                pos = gt + 1
            elif limit < end and absent.find(text, "</" + name, _closer(name), stop, limit) is None:
                # No closer of its own in reach: dropped now rather than held
                # until its reach has passed (a run of unclosed <ref>s costs a
                # newline's yield each, not a held newline and a drop). Only an
                # outer tag's closer could end it, and that tag holds the same
                # newlines. Its attributes are read as text (pos is after its name).
                if dropped is not None and at < last_newline:
                    dropped.append(at)
            else:
                # An opener's attributes are read like the text inside it: were it
                # dropped, they would be text, and a newline there a boundary.
                tags.append(at)
                tag_names.append(name)
                if deadline == never:
                    deadline = at + reach
            continue
        if kind == "brace_open" or kind == "table_open":
            if kind == "brace_open":
                braces.append(at)
            else:
                tables.append(at)
            if deadline == never:
                deadline = at + reach
            continue
        if kind == "brace_close" or kind == "table_close":
            # The newline before |} was read at table depth, so it stayed inside
            # the table; a stray closer at depth zero closes nothing.
            if kind == "brace_close":
                stack, head = braces, heads[0]
            else:
                stack, head = tables, heads[1]
            if len(stack) > head:
                opener = stack.pop()
                del held[bisect_right(held, opener, held_head) :]
                if opener + reach == deadline:
                    deadline = _earliest(braces, tables, tags, heads)
            continue
        limit = at + reach
        if kind == "whole":
            closed = match.end()
            if closed > limit:
                closed = _label_end(text, stop, limit)
        elif kind == "link":
            closed = _label_end(text, stop, limit)
        else:
            closed = _closed_within(text, match, limit, absent)
        if closed == _UNCLOSED:
            if dropped is not None and at < last_newline:
                dropped.append(at)
            continue
        if closed is not None:
            pos = closed
            continue
        # Not closed in reach.
        if limit >= end:
            to_end = at
            break
        if dropped is not None and at < last_newline:
            dropped.append(at)
    # The end of the text: an opener that reaches it runs to it, the others are dropped.
    deadline = _drop_expired(braces, tables, tags, tag_names, heads, end, dropped, last_newline)
    limit = _NEVER if deadline == _NEVER else deadline - reach
    if to_end is not None and to_end < limit:
        limit = to_end
    yield from held[held_head : bisect_right(held, limit, held_head)]


_NEVER = 1 << 62


def _tag_end(text: str, pos: int, limit: int, absent: _Absent) -> int | None:
    """Where the ``>`` of a tag whose name ends at ``pos`` is, if before ``limit``."""
    # Most tags close at once: a short look first, the remembered search only if it fails.
    gt = text.find(">", pos, pos + 256 if pos + 256 < limit else limit)
    return gt if gt >= 0 else absent.find(text, ">", None, pos, limit)


def _earliest(braces: array, tables: array, tags: array, heads: list[int]) -> int:
    """The earliest open opener's start + :data:`REACH` (``_NEVER`` when none is open)."""
    first = _NEVER
    if len(braces) > heads[0]:
        first = braces[heads[0]]
    if len(tables) > heads[1] and tables[heads[1]] < first:
        first = tables[heads[1]]
    if len(tags) > heads[2] and tags[heads[2]] < first:
        first = tags[heads[2]]
    return first if first == _NEVER else first + REACH


def _drop_expired(
    braces: array,
    tables: array,
    tags: array,
    tag_names: list[str],
    heads: list[int],
    now: int,
    dropped: list[int] | None,
    last_newline: int,
) -> int:
    """Drop, earliest first, the open openers whose reach ends before ``now``; the new deadline.

    Those before ``last_newline`` go to ``dropped`` (see :func:`boundaries`).
    """
    reach = REACH
    b, t, g = heads
    nb, nt, ng = len(braces), len(tables), len(tags)
    while True:
        first = _NEVER
        if nb > b:
            first = braces[b]
        if nt > t and tables[t] < first:
            first = tables[t]
        if ng > g and tags[g] < first:
            first = tags[g]
        if first == _NEVER or first + reach >= now:
            break
        if nb > b and braces[b] == first:
            b += 1
        elif nt > t and tables[t] == first:
            t += 1
        else:
            g += 1
        if dropped is not None and first < last_newline:
            dropped.append(first)
    heads[0], heads[1], heads[2] = b, t, g
    _compact(braces, tables, tags, tag_names, heads)
    return _NEVER if first == _NEVER else first + reach


def _compact(braces: array, tables: array, tags: array, tag_names: list[str], heads: list[int]) -> None:
    """Forget the dropped openers before the heads once they are most of a stack."""
    for k, stack in enumerate((braces, tables, tags)):
        head = heads[k]
        if head > 1024 and 2 * head > len(stack):
            del stack[:head]
            if k == 2:
                del tag_names[:head]
            heads[k] = 0


def split(text: str, dropped: list[int] | None = None) -> list[int]:
    """Start offsets of all blocks of ``text`` (the first is always 0).

    The starts of openers dropped by the reach rule go to ``dropped`` (if given), sorted.
    """
    starts = [0] + [nl + 1 for nl in boundaries(text, 0, dropped)]
    if dropped:
        dropped.sort()
    return starts


def block_texts(text: str, starts: list[int], end: int | None = None) -> list[str]:
    """The texts of the blocks starting at ``starts``, the last one running to ``end``.

    Each block ends at the newline before the next start (the newline belongs
    to neither); ``end`` defaults to the end of ``text``.
    """
    ends = [s - 1 for s in starts[1:]]
    ends.append(len(text) if end is None else end)
    return [text[s:e] for s, e in zip(starts, ends)]


_BRACES = re.compile(
    # First a whole template with no brace or "<" inside, not followed by a third "}"
    # ("{{a}}}" is a template and a "}"): one token instead of two (most templates).
    r"\{\{(?P<simple>[^{}<]*\}\})(?!\})"
    r"|\{\{+|\}\}+|<!--|<(?P<raw>" + _RAW_TAGS + r")(?=[\s>/])[^>]*?(?P<rawself>/?)>",
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
        pos = match.end()
        if match.group("simple") is not None:
            # Whole: at depth zero a span; inside another, nothing to count.
            if not depth:
                spans.append((match.start(), pos))
            continue
        token = match.group()
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
