"""The linear fallback for a block the parser must not see: pieces, a stripper, a sweep.

A pathological block (see :mod:`~wikinorm.core.guard`) is cut into pieces at
newlines outside balanced constructs (templates, comments, tables, ``<ref>…</ref>``).
Usually it is one unclosed opener that glued a whole page into one block, so most
pieces are ordinary and go through the normal markup phase; the pipeline
(:func:`~wikinorm.core.pipeline.fallback_block`) treats each as a block. A piece
that is itself pathological is stripped with regular expressions that follow the
rules' own decisions (a table in ``drop`` mode goes whole, a link keeps its label,
a template goes). A sweep removes any opener the parser left as text (an unclosed
``<ref>`` or ``{{``), so no ``<ref``, ``{{``, ``[[``, ``{|`` or ``[http`` survives an
enabled rule. Everything is markup edits, so glue spaces, text rules, alignment and
``explain`` work as for any block.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from .guard import MAX_BLOCK_CHARS
from .markup import MarkupEdit
from .markup_data import (
    FILE_NAMESPACES,
    MULTILINE_TAGS,
    REFERENCE_LIST_TAGS,
    REFERENCE_TAGS,
    TABLE_TAGS,
    UNPARSED_TAGS,
)
from .registry import MARKUP_RULES

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .markup import DispatchTables

_COMMENT_CLOSE = "-->"
_tuple_new = tuple.__new__
_ANY_TABLE = re.compile(r"\{\||\|\}|<table", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"^[ \t]*\{\||^[ \t]*\|\}|<(/?)table\b[^<>]*>", re.IGNORECASE | re.MULTILINE)
_REF_OPEN = re.compile(r"<ref\b[^<>]*?(/?)>", re.IGNORECASE)
# File links are the only links whose caption may span lines (as for the splitter).
_FILE_LINK = re.compile(
    r"\[\[[ \t]*:?[ \t]*(?:"
    + "|".join(sorted({re.escape(n) for names in FILE_NAMESPACES.values() for n in names}, key=len, reverse=True))
    + r")[ \t]*:",
    re.IGNORECASE,
)
_LINK_BRACKETS = re.compile(r"\[\[|\]\]")
# Paired tags a piece must not cut (the splitter's multi-line and unparsed tags).
_PAIRED = re.compile(
    r"<(/?)(" + "|".join(MULTILINE_TAGS + UNPARSED_TAGS) + r")(?=[\s/>])[^<>]*?(/?)>", re.IGNORECASE
)
# One alternation for the stripper, tried left to right; each branch names its rule.
_STRIP = re.compile(
    r"(?P<comment><!--)"
    r"|(?P<link>\[\[(?P<target>[^\[\]|\n]*)(?:\|(?P<label>[^\[\]\n]*))?\]\])"
    r"|(?P<ext>\[(?:[a-z][a-z0-9+.-]*:)?//[^\s\[\]<>]*[ \t]*(?:(?P<extlabel>[^\[\]\n]*)\])?)"
    r"|(?P<tag></?(?P<name>[a-z][\w:-]*)(?=[\s/>])[^<>]*>)"
    r"|(?P<template>\{\{\{?|\}\}\}?)"
    r"|(?P<brackets>\[\[|\]\])"
    r"|(?P<table>^[ \t]*(?:\{\||\|\}|\|-)[^\n]*|^[ \t]*[|!]\+?)"
    r"|(?P<cells>\|\||!!)"
    r"|(?P<tableopen>\{\|)"
    r"|(?P<format>'{2,})"
    r"|(?P<list>^[*#:;]+)"
    r"|(?P<heading>^=+|=+[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# Characters that may begin a construct of _STRIP (a newline: a line start follows).
_CANDIDATE = re.compile(r"[<\[\]{}|!'*#:;=\n]")
# Openers the parser may leave as text (unclosed); the sweep removes them.
_LEFTOVER = re.compile(
    r"(?=[<{}\[\]])"  # lets the regex engine skip to candidates (3 × faster on prose)
    r"(?:(?P<ref></?ref\b[^<>\n]*>?)|(?P<template>\{\{|\}\})|(?P<brackets>\[\[|\]\])"
    r"|(?P<table>\{\|)|(?P<ext>\[(?:[a-z][a-z0-9+.-]*:)?//[^\s\[\]<>]*))",
    re.IGNORECASE,
)
_OWNER = {"ref": "references", "template": "templates", "brackets": "links", "table": "tables", "ext": "links"}


def _html_owner(name: str) -> str:
    """The rule whose removal an HTML-style tag ``name`` is, as in the parsed path."""
    if name in REFERENCE_TAGS or name in REFERENCE_LIST_TAGS:
        return "references"
    return "tables" if name in TABLE_TAGS else "html"


@lru_cache(maxsize=64)
def _enabled_ids(config: "Config") -> frozenset[str]:
    return frozenset(rule.id for rule in MARKUP_RULES if config.is_enabled(rule.id))


def _enabled(tables: "DispatchTables") -> frozenset[str]:
    return _enabled_ids(tables.config)


def _option(tables: "DispatchTables", rule_id: str, name: str) -> Any:
    setting = tables.config.setting(rule_id)
    value = getattr(setting.options, name, None) if setting.enabled else None
    return getattr(value, "value", value)


_BRACES = re.compile(r"\{\{|\}\}|<!--")


def template_spans(text: str, longest: int | None = None) -> list[tuple[int, int]]:
    """Outermost ``{{…}}`` spans whose braces pair up, even inside an unclosed ``{{`` (linear).

    Unlike :func:`~wikinorm.core.blocks.template_spans`, an unclosed ``{{`` does not
    swallow the templates after it: MediaWiki shows it as text and expands them.
    Braces in comments do not count. Spans longer than ``longest`` are left out
    (their inner spans count instead): a stray ``}}`` far away pairs with an
    unclosed ``{{`` and would glue everything between.

    >>> template_spans("{{ a {{b}} c {{d|{{e}}}}")
    [(5, 10), (13, 24)]
    >>> template_spans("{{ a {{b}} <!-- }} --> c", longest=100)
    [(5, 10)]
    """
    stack: list[int] = []
    closed: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = _BRACES.search(text, pos)
        if match is None:
            break
        token = match.group()
        pos = match.end()
        if token == "<!--":
            close = text.find(_COMMENT_CLOSE, pos)
            if close < 0:
                break
            pos = close + 3
        elif token == "{{":
            stack.append(match.start())
        elif stack:
            start = stack.pop()
            if longest is None or pos - start <= longest:
                closed.append((start, pos))
    closed.sort()
    spans: list[tuple[int, int]] = []
    for start, end in closed:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


class _Within:
    """Whether each of increasing positions lies in one of sorted, disjoint ``spans`` (linear overall)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.k = 0

    def __call__(self, pos: int) -> bool:
        spans = self.spans
        while self.k < len(spans) and spans[self.k][1] <= pos:
            self.k += 1
        return self.k < len(spans) and spans[self.k][0] <= pos


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans no piece boundary may cut: balanced templates, comments, tables and refs (linear).

    A template or ref longer than a block may be is no span: such a pairing
    comes from a stray closer (and would make one pathological piece again).
    """
    spans = template_spans(text, MAX_BLOCK_CHARS)
    comments = []
    pos = text.find("<!--")
    while pos >= 0:
        close = text.find(_COMMENT_CLOSE, pos + 4)
        end = len(text) if close < 0 else close + 3
        comments.append((pos, end))
        pos = text.find("<!--", end)
    spans.extend(comments)
    spans.extend(table_spans(text))
    in_comment = _Within(comments)
    opens: dict[str, list[int]] = {}
    closes: dict[str, list[int]] = {}
    for match in _PAIRED.finditer(text):
        if in_comment(match.start()):  # "Use <ref> for citations" in a comment opens nothing
            continue
        name = match.group(2).lower()
        if match.group(1):
            closes.setdefault(name, []).append(match.end())
        elif not match.group(3):
            opens.setdefault(name, []).append(match.start())
    in_comment = _Within(comments)
    for match in _FILE_LINK.finditer(text):
        if in_comment(match.start()):
            continue
        if spans and spans[-1][1] > match.start() and spans[-1][0] <= match.start():
            continue  # inside the file link just found
        depth, pos = 1, match.end()
        while depth:
            bracket = _LINK_BRACKETS.search(text, pos, min(len(text), match.start() + MAX_BLOCK_CHARS))
            if bracket is None:
                break
            pos = bracket.end()
            depth += 1 if bracket.group() == "[[" else -1
        if not depth:
            spans.append((match.start(), pos))
    for name, starts in opens.items():
        ends = closes.get(name, ())
        k = 0
        for start in starts:
            while k < len(ends) and ends[k] <= start:
                k += 1
            if k == len(ends):
                break
            if ends[k] - start <= MAX_BLOCK_CHARS:
                spans.append((start, ends[k]))
            k += 1
    spans.sort()
    return spans


def table_spans(text: str) -> list[tuple[int, int]]:
    """Outermost balanced wiki (``{|…|}``) and HTML (``<table>…</table>``) tables; unclosed ones open nothing."""
    spans: list[tuple[int, int]] = []
    # The common case, without _TABLE_OPEN's slow line-start scan (``in`` is a fast scan).
    if "{|" not in text and "|}" not in text and ("<" not in text or _ANY_TABLE.search(text) is None):
        return spans
    depth = 0
    opened = 0
    for match in _TABLE_OPEN.finditer(text):
        token = match.group().strip().lower()
        opening = token == "{|" or (token.startswith("<table"))
        if opening:
            if not depth:
                opened = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                spans.append((opened, match.end()))
    return spans


def pieces(text: str) -> Iterator[tuple[int, int]]:
    """``text`` cut at newlines outside every protected span, as ``(start, end)`` pairs.

    >>> list(pieces("a<ref>\\nb\\n{{x\\n}}\\nc"))
    [(0, 6), (7, 8), (9, 15), (16, 17)]
    """
    spans = protected_spans(text)
    k = 0
    covered_to = -1
    start = 0
    pos = text.find("\n")
    while pos >= 0:
        while k < len(spans) and spans[k][0] < pos:
            covered_to = max(covered_to, spans[k][1])
            k += 1
        if pos >= covered_to:
            yield start, pos
            start = pos + 1
        pos = text.find("\n", pos + 1)
    yield start, len(text)


def strip_edits(text: str, tables: "DispatchTables", merge: bool = True) -> list[MarkupEdit]:
    """Regex-only markup edits for ``text``, following each enabled rule's main choice (linear).

    With ``merge``, adjacent removals of one rule become one edit.

    >>> from wikinorm.core.config import Config
    >>> from wikinorm.core.markup import dispatch_tables
    >>> from wikinorm.core.registry import MARKUP_RULES
    >>> from wikinorm.core.edits import apply_edits
    >>> from wikinorm.core.markup import settle
    >>> tables = dispatch_tables(MARKUP_RULES, Config.default())
    >>> text = "<ref><ref>{{a [[b|c]] [http://x.org d] <!-- e"
    >>> apply_edits(text, settle(text, strip_edits(text, tables)))
    'a c d '
    """
    return Stripper(text, tables).edits(len(text), merge)


class Stripper:
    """Strips ``text`` left to right in steps, so a huge text's edits need not all exist at once."""

    def __init__(self, text: str, tables: "DispatchTables"):
        self.text = text
        self.enabled = enabled = _enabled(tables)
        drop_tables = "tables" in enabled and _option(tables, "tables", "mode") == "drop"
        drop_refs = "references" in enabled and _option(tables, "references", "mode") != "keep_text"
        #: Constructs that go whole, by start: (end, rule id).
        self.whole: dict[int, tuple[int, str]] = {}
        if drop_tables:
            self.whole.update((s, (e, "tables")) for s, e in table_spans(text))
        if "templates" in enabled:
            self.whole.update((s, (e, "templates")) for s, e in template_spans(text) if s not in self.whole)
        if drop_refs:
            self.whole.update((s, (e, "references")) for s, e in protected_spans(text)
                              if s not in self.whole and _REF_OPEN.match(text, s))
        self.pos = 0
        self._pending: re.Match | None = None

    def _next(self, pos: int) -> re.Match | None:
        """The first construct at or after ``pos``.

        ``_STRIP.search`` would try its dozen branches at every character (its
        line-start branches keep the regex engine from skipping ahead); only
        characters that can begin a construct, and line starts, are tried here.
        """
        text = self.text
        if pos == 0:
            match = _STRIP.match(text, 0)
            if match is not None:
                return match
        while True:
            found = _CANDIDATE.search(text, pos)
            if found is None:
                return None
            at = found.start()
            if text[at] == "\n":
                at += 1
                if at < len(text) and text[at] == "\n":
                    pos = at
                    continue
            match = _STRIP.match(text, at)
            if match is not None:
                return match
            pos = at + 1

    def edits(self, until: int, merge: bool = True) -> list[MarkupEdit]:
        """The edits of the constructs that start before ``until``, from where the last call stopped."""
        text, enabled, whole = self.text, self.enabled, self.whole
        end = len(text)
        edits: list[MarkupEdit] = []

        def remove(rule_id: str, a: int, b: int, glue: bool = True) -> None:
            if rule_id in enabled and b > a:
                last = edits[-1] if edits else None
                if merge and last is not None and last[1] == a and last[3] == rule_id:
                    # One edit for a run ("<ref>" × 25,000): an edit costs ~150 bytes.
                    edits[-1] = _tuple_new(MarkupEdit, (last[0], b, "", rule_id, last[4] or glue))
                else:
                    # tuple.__new__: a NamedTuple's own constructor is a Python call, once per construct.
                    edits.append(_tuple_new(MarkupEdit, (a, b, "", rule_id, glue)))

        pos = self.pos
        while pos < end:
            match = self._pending
            if match is None or match.start() < pos:
                match = self._next(pos)
            if match is None:
                pos = end
                break
            if match.start() >= until:
                self._pending = match  # found again next time without a second scan
                break
            self._pending = None
            a, b = match.span()
            kind = match.lastgroup
            if a in whole:
                b, rule_id = whole[a]
                remove(rule_id, a, b)
                pos = b
                continue
            if kind == "comment":
                close = text.find(_COMMENT_CLOSE, b)
                b = end if close < 0 else close + 3
                remove("comments", a, b)
            elif match.group("link") is not None:
                label = match.group("label")
                target = match.group("target") or ""
                if ":" in target:  # a category, file or interwiki link: nothing to keep
                    remove("links", a, b)
                elif label is None:
                    remove("links", a, a + 2)
                    remove("links", b - 2, b)
                else:
                    remove("links", a, match.start("label"))
                    remove("links", b - 2, b)
            elif match.group("ext") is not None:
                label_start = match.start("extlabel")
                if label_start >= 0:
                    remove("links", a, label_start)
                    remove("links", b - 1, b)
                else:
                    remove("links", a, b)
            elif kind == "tag":
                name = match.group("name").lower()
                remove(_html_owner(name), a, b)
            elif kind in ("template", "brackets"):
                remove(_OWNER[kind], a, b)
            elif kind in ("table", "cells", "tableopen"):
                remove("tables", a, b, glue=kind == "cells")
            elif kind == "format":
                remove("formatting", a, b, glue=False)
            elif kind == "list":
                remove("lists", a, b, glue=False)
            elif kind == "heading":
                remove("headings", a, b, glue=False)
            pos = b if b > pos else pos + 1
        self.pos = pos
        return edits



def with_sweep(text: str, edits: list[MarkupEdit], tables: "DispatchTables") -> list[MarkupEdit]:
    """``edits`` plus removals of openers the parser left as text (an unclosed ``<ref>``), in order.

    A leftover inside an edit is already gone; the parser's edits win.
    """
    enabled = _enabled(tables)
    extra = [
        MarkupEdit(match.start(), match.end(), "", _OWNER[match.lastgroup], True)
        for match in _LEFTOVER.finditer(text)
        if _OWNER[match.lastgroup] in enabled
    ]
    if not extra:
        return edits
    kept: list[tuple[int, MarkupEdit]] = []
    last_end = -1
    tagged = sorted([(e.start, e.end, 0, e) for e in edits] + [(e.start, e.end, 1, e) for e in extra])
    for start, end, is_extra, edit in tagged:
        if start >= last_end:
            kept.append((is_extra, edit))
            last_end = end
        elif not is_extra and kept[-1][0]:
            # A parser edit overlapping a leftover token: the parser's wins.
            kept[-1] = (0, edit)
            last_end = end
    return [edit for _, edit in kept]


__all__ = ["Stripper", "pieces", "protected_spans", "strip_edits", "table_spans", "template_spans", "with_sweep"]
