"""The markup phase for a block the parser must not see: linear, and it still removes markup.

A pathological block (see :mod:`~wikinorm.core.guard`) is cut into pieces at
newlines outside balanced constructs (templates, comments, tables, ``<ref>…</ref>``).
Usually it is one unclosed opener that glued a whole page into one block, so most
pieces are ordinary: each goes through the normal markup phase (memoized, since
pathological text repeats itself). A piece that is itself pathological is
stripped with regular expressions that follow the rules' own decisions (a table in
``drop`` mode goes whole, a link keeps its label, a template goes). Last, a sweep
removes any opener the parser left as text (an unclosed ``<ref>`` or ``{{``), so no
``<ref``, ``{{``, ``[[``, ``{|`` or ``[http`` survives an enabled rule.

Everything is expressed as markup edits on the block's raw text, so settling glue
spaces, the text rules, alignment and ``explain`` work as for any block.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import blocks as block_split
from .guard import assess
from .markup import MarkupEdit, MarkupOutcome, Normalize, collect_edits

if TYPE_CHECKING:  # pragma: no cover
    from .markup import DispatchTables

_COMMENT_CLOSE = "-->"
_TABLE_OPEN = re.compile(r"^[ \t]*\{\||^[ \t]*\|\}|<(/?)table\b[^<>]*>", re.IGNORECASE | re.MULTILINE)
_REF_OPEN = re.compile(r"<ref\b[^<>]*?(/?)>", re.IGNORECASE)
_REF_CLOSE = re.compile(r"</ref\s*>", re.IGNORECASE)
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
# Openers the parser may leave as text (unclosed); the sweep removes them.
_LEFTOVER = re.compile(
    r"(?P<ref></?ref\b[^<>\n]*>?)|(?P<template>\{\{|\}\})|(?P<brackets>\[\[|\]\])"
    r"|(?P<table>\{\|)|(?P<ext>\[(?:[a-z][a-z0-9+.-]*:)?//[^\s\[\]<>]*)",
    re.IGNORECASE,
)
_OWNER = {"ref": "references", "template": "templates", "brackets": "links", "table": "tables", "ext": "links"}
_HTML_OWNERS = {"ref": "references", "references": "references", "referencelist": "references"}


def _enabled(tables: "DispatchTables") -> frozenset[str]:
    config = tables.config
    return frozenset(rule.id for rule, _ in list(tables.nodes.values()) + list(tables.tags.values())
                     if config.is_enabled(rule.id))


def _option(tables: "DispatchTables", rule_id: str, name: str) -> Any:
    setting = tables.config.setting(rule_id)
    value = getattr(setting.options, name, None) if setting.enabled else None
    return getattr(value, "value", value)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans no piece boundary may cut: balanced templates, comments, tables and refs (linear)."""
    spans = list(block_split.template_spans(text))
    pos = text.find("<!--")
    while pos >= 0:
        close = text.find(_COMMENT_CLOSE, pos + 4)
        end = len(text) if close < 0 else close + 3
        spans.append((pos, end))
        pos = text.find("<!--", end)
    spans.extend(_table_spans(text))
    closes = [m.end() for m in _REF_CLOSE.finditer(text)]
    k = 0
    for match in _REF_OPEN.finditer(text):
        if match.group(1):
            continue
        while k < len(closes) and closes[k] <= match.end():
            k += 1
        if k == len(closes):
            break
        spans.append((match.start(), closes[k]))
        k += 1
    spans.sort()
    return spans


def _table_spans(text: str) -> list[tuple[int, int]]:
    """Outermost balanced wiki (``{|…|}``) and HTML (``<table>…</table>``) tables; unclosed ones open nothing."""
    spans = []
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


def pieces(text: str) -> list[tuple[int, int]]:
    """``text`` cut at newlines outside every protected span, as ``(start, end)`` pairs."""
    cuts = []
    spans = protected_spans(text)
    k = 0
    covered_to = -1
    pos = text.find("\n")
    while pos >= 0:
        while k < len(spans) and spans[k][0] < pos:
            covered_to = max(covered_to, spans[k][1])
            k += 1
        if pos >= covered_to:
            cuts.append(pos)
        pos = text.find("\n", pos + 1)
    out = []
    start = 0
    for cut in cuts:
        out.append((start, cut))
        start = cut + 1
    out.append((start, len(text)))
    return out


def strip_edits(text: str, start: int, end: int, tables: "DispatchTables", enabled: frozenset[str]) -> list[MarkupEdit]:
    """Regex-only markup edits for ``text[start:end]``, following each enabled rule's main choice."""
    edits: list[MarkupEdit] = []
    drop_tables = "tables" in enabled and _option(tables, "tables", "mode") == "drop"
    drop_refs = "references" in enabled and _option(tables, "references", "mode") != "keep_text"
    table_spans = {s: e for s, e in _table_spans(text[start:end])} if drop_tables else {}
    ref_spans: dict[int, int] = {}
    if drop_refs:
        for s, e in protected_spans(text[start:end]):
            if _REF_OPEN.match(text, start + s):
                ref_spans[s] = e

    def remove(rule_id: str, a: int, b: int, glue: bool = True) -> None:
        if rule_id in enabled and b > a:
            edits.append(MarkupEdit(a, b, "", rule_id, glue))

    pos = start
    while pos < end:
        match = _STRIP.search(text, pos, end)
        if match is None:
            break
        a, b = match.span()
        kind = match.lastgroup
        rel = a - start
        if rel in table_spans:
            remove("tables", a, start + table_spans[rel])
            pos = start + table_spans[rel]
            continue
        if rel in ref_spans:
            remove("references", a, start + ref_spans[rel])
            pos = start + ref_spans[rel]
            continue
        if kind == "comment":
            close = text.find(_COMMENT_CLOSE, b, end)
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
            remove(_HTML_OWNERS.get(name, "tables" if name in _TABLE_TAG_NAMES else "html"), a, b)
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
    return edits


_TABLE_TAG_NAMES = frozenset({"table", "tr", "td", "th", "caption", "tbody", "thead", "tfoot"})


def sweep_edits(text: str, start: int, end: int, enabled: frozenset[str]) -> list[MarkupEdit]:
    """Removals of openers left as text in ``text[start:end]`` (e.g. an unclosed ``<ref>``)."""
    edits = []
    for match in _LEFTOVER.finditer(text, start, end):
        rule_id = _OWNER[match.lastgroup]
        if rule_id in enabled:
            edits.append(MarkupEdit(match.start(), match.end(), "", rule_id, True))
    return edits


def fallback_edits(text: str, tables: "DispatchTables", normalize: Normalize | None = None) -> MarkupOutcome:
    """The markup phase for a pathological block, in time linear in its length."""
    enabled = _enabled(tables)
    edits: list[MarkupEdit] = []
    metadata: dict[str, list] = {}
    notes: dict[str, list] = {}
    memo: dict[str, MarkupOutcome | None] = {}
    for start, end in pieces(text):
        if start == end:
            continue
        piece = text[start:end]
        outcome = memo.get(piece, False)
        if outcome is False:
            outcome = None if assess(piece) is not None else collect_edits(piece, tables, normalize)
            memo[piece] = outcome
        if outcome is None:
            edits.extend(strip_edits(text, start, end, tables, enabled))
            continue
        found = [e._replace(start=e.start + start, end=e.end + start) for e in outcome.edits] if start else list(outcome.edits)
        for key, values in outcome.metadata.items():
            metadata.setdefault(key, []).extend(values)
        for key, values in outcome.notes.items():
            notes.setdefault(key, []).extend(values)
        edits.extend(_merge(found, sweep_edits(text, start, end, enabled)))
    return MarkupOutcome(edits, metadata, notes)


def _merge(edits: list[MarkupEdit], extra: list[MarkupEdit]) -> list[MarkupEdit]:
    """``edits`` plus those of ``extra`` that overlap none kept before them, in order."""
    if not extra:
        return edits
    kept: list[MarkupEdit] = []
    last_end = -1
    for edit in sorted(edits + extra, key=lambda e: (e.start, e.end)):
        if edit.start >= last_end:
            kept.append(edit)
            last_end = edit.end
    return kept


__all__ = ["fallback_edits", "pieces", "protected_spans", "strip_edits", "sweep_edits"]
