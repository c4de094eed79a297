"""The parse tree of a block: mwparserfromhell's C tokenizer, and a lean builder.

mwparserfromhell's own builder spends most of a parse (more than the tokenizer,
four times over on the shared corpus) in generic machinery: each node's
constructor sends each part through ``parse_anything``, which imports four
modules per call, and every node list is wrapped in a ``SmartList`` that
supports live slices nobody here takes. This builder reads the same token
stream and makes the same node objects with the same fields, filled in
directly; node lists are plain lists (only read, never sliced for editing),
in a :class:`Code` that remembers its wikitext.

The tree is the one mwparserfromhell's builder makes: ``tests/test_tree.py``
compares both, field by field, over the shared corpus. A token stream the
builder cannot close raises :class:`ParserError`, as mwparserfromhell's does.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from mwparserfromhell.definitions import is_parsable, is_single_only
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import ParserError, tokens
from mwparserfromhell.parser._tokenizer import CTokenizer
from mwparserfromhell.wikicode import Wikicode

__all__ = ["Code", "ParserError", "Pruned", "parse"]

_new = object.__new__
_TEXT = tokens.Text
_TEMPLATE_OPEN = tokens.TemplateOpen
_PARAM_SEP = tokens.TemplateParamSeparator
_PARAM_EQ = tokens.TemplateParamEquals
_TEMPLATE_CLOSE = tokens.TemplateClose
_ARG_OPEN = tokens.ArgumentOpen
_ARG_SEP = tokens.ArgumentSeparator
_ARG_CLOSE = tokens.ArgumentClose
_LINK_OPEN = tokens.WikilinkOpen
_LINK_SEP = tokens.WikilinkSeparator
_LINK_CLOSE = tokens.WikilinkClose
_EXT_OPEN = tokens.ExternalLinkOpen
_EXT_SEP = tokens.ExternalLinkSeparator
_EXT_CLOSE = tokens.ExternalLinkClose
_ENTITY_START = tokens.HTMLEntityStart
_ENTITY_NUMERIC = tokens.HTMLEntityNumeric
_ENTITY_HEX = tokens.HTMLEntityHex
_HEADING_START = tokens.HeadingStart
_HEADING_END = tokens.HeadingEnd
_COMMENT_START = tokens.CommentStart
_COMMENT_END = tokens.CommentEnd
_TAG_OPEN_OPEN = tokens.TagOpenOpen
_TAG_ATTR_START = tokens.TagAttrStart
_TAG_ATTR_EQ = tokens.TagAttrEquals
_TAG_ATTR_QUOTE = tokens.TagAttrQuote
_TAG_CLOSE_OPEN = tokens.TagCloseOpen
_TAG_SELFCLOSE = tokens.TagCloseSelfclose
_TAG_OPEN_CLOSE = tokens.TagOpenClose
_TAG_CLOSE_CLOSE = tokens.TagCloseClose
_ATTR_ENDS = (_TAG_ATTR_START, _TAG_CLOSE_OPEN, _TAG_SELFCLOSE)
# What ends each part of a node (see _Builder._until).
_NAME_STOPS = (_PARAM_SEP, _TEMPLATE_CLOSE)
_PARAM_STOPS = (_PARAM_EQ, _PARAM_SEP, _TEMPLATE_CLOSE)
_ARG_STOPS = (_ARG_SEP, _ARG_CLOSE)
_LINK_STOPS = (_LINK_SEP, _LINK_CLOSE)
_EXT_STOPS = (_EXT_SEP, _EXT_CLOSE)
_HEADING_STOPS = (_HEADING_END,)
_COMMENT_STOPS = (_COMMENT_END,)


def parse(
    text: str, skip_style_tags: bool = True, prune: frozenset[str] = frozenset(), filled: list[tuple[int, int]] = ()
) -> Code:
    """``text``'s tree, as ``mwparserfromhell.parse(text, skip_style_tags=...)`` builds it.

    Each node list made from a run of ``text`` remembers that run and where
    each of its nodes ends in it (see :class:`Code`). A top-level tag named in
    ``prune`` (lower-case) is not built: a :class:`Pruned` node stands for it.
    ``filled``: spans of ``text`` (sorted) that its caller filled with
    :data:`FILL` (plain text whatever their length: the tokenizer reads each as
    one character).
    """
    # A plain tag starts with "<", a table with "{" (most blocks have neither:
    # their templates are filled): one character is cheaper to rule out than a call.
    claims = _plain_tags(text, prune) if prune and ("<" in text or "{" in text) else None
    if claims and "\x00" not in text:  # the C tokenizer stops at a NUL: nothing after it is read
        # The tokenizer reads plain text where the plain tags were (same length,
        # so every offset holds); they come back as Pruned nodes if each one
        # lay in top-level text, else the text is read again as written.
        spans = sorted([(start, end) for start, end, _ in claims] + list(filled)) if filled else claims
        code = _parse(text, skip_style_tags, prune, spans)
        if code._ends is not None and _restore(code, text, claims):
            return code
    return _parse(text, skip_style_tags, prune, filled)


def _parse(text: str, skip_style_tags: bool, prune: frozenset[str], spans) -> Code:
    """The tree of ``text`` with ``spans`` (sorted, maybe nested) read as plain text, its runs from ``text``.

    The tokenizer reads each outermost span as one :data:`_MARK`; the builder
    gives each mark back the span's length, as a run of :data:`FILL`.
    """
    runs: list[int] = []
    read = text
    if spans and _MARK not in text and not _in_tag_name(text, spans):
        parts = []
        pos = 0
        for span in spans:  # (start, end) or a claim's (start, end, name): no starred unpacking, a list each
            start = span[0]
            end = span[1]
            if end <= start:
                continue
            if start < pos:  # inside (or running on from) the span before
                if end > pos:
                    runs[-1] += end - pos
                    pos = end
                continue
            parts.append(text[pos:start])
            if start == pos and runs:
                runs[-1] += end - start  # right after the span before: one run
            else:
                parts.append(_MARK)
                runs.append(end - start)
            pos = end
        parts.append(text[pos:])
        read = "".join(parts)
    stream = CTokenizer().tokenize(read, 0, skip_style_tags)
    builder = _Builder(stream, text, prune, runs)
    code = builder.build()
    if builder._lost or builder._pos != len(text) or builder._run_at != len(runs):
        # A node whose wikitext is not the run its tokens came from (never seen
        # from this tokenizer): the same tree without positions, texts composed,
        # and every tag built (a pruned one is nothing without its run).
        if builder._run_at != len(runs):
            return _parse(text, skip_style_tags, prune, ())
        code = _Builder(stream, None).build()
    return code


# Pruning a tag spares building it, but not tokenizing it: most of a
# reference-heavy paragraph's tokens are its <ref>s' (their templates already
# claimed as filler by the templates rule), and a dropped table is a third of
# the tokenizer's work. A tag that is surely one tag to the tokenizer, with
# nothing inside that could run past its end or leave it unclosed, is found by
# a pattern and filled with plain text before the tokenizer runs;
# :func:`_restore` turns each back into a Pruned node, or refuses when one did
# not lie in top-level text (inside a link, a heading, a template: it would not
# have been pruned there).
#
# A plain tag: on one line up to its contents, which are text and links, no "<",
# and no line that starts with "=" (a heading there would take in the closing tag). A plain wiki table ("table"
# pruned): its "{|" where the tokenizer opens a table (a line's start, or one
# space after it), then lines of text, links, one-line templates, <br>s and
# inline tags closed on their line (plain tags filled), then the first "|}" the tokenizer closes a table at (a
# line's start, or one space after it): no construct on one line can reach the
# next, so no line can hide the closer or leave the table open.
#: What a claimed span is filled with (the markup phase's filler).
FILL = "\ue000"
# What the tokenizer reads for a filled span: most of a block's text is
# filled, and the tokenizer takes each character of plain text one by one.
_MARK = "\ue002"
# Possessive: each part's characters exclude what follows it, so giving any
# back never helps, and a tag that is not plain fails without backtracking.
_BARE = r"[^<>\[\]{}\n]*+(?:\n(?!=)[^<>\[\]{}\n]*+)*+"
_PLAIN_TAG = (
    r"<({names})(?:[ \t]+[^\s<>\[\]{{}}=\"'/]++(?:[ \t]*+=[ \t]*+(?:\"[^\"<>\[\]{{}}\n]*+\"|'[^'<>\[\]{{}}\n]*+'|[^\s\"'<>\[\]{{}}/]++))?+)*+"
    r"[ \t]*+(?:/>|>{bare}(?:(?:\[\[{bare}\]\]|\[{bare}\]){bare})*+</(\1)[ \t]*+>)"
)
_PLAIN_TAG_PATTERNS: dict[frozenset[str], re.Pattern | None] = {}
_ON_LINE = r"[^<>\[\]{}\n]*"
_INLINE = _ON_LINE + r"(?:(?:\[\[" + _ON_LINE + r"\]\]|\[" + _ON_LINE + r"\]|<br */?>)" + _ON_LINE + r")*"
# An inline tag closed on its line, with plain text inside and plain (or quoted) attributes.
_PAIRED = (
    r"<(?P<tag>small|big|code|font|span|sup|sub|b|i|s|u|tt|abbr|center)(?:[ \t](?:[^<>\n\"']|\"[^\"<>\n]*\"|'[^'<>\n]*')*)?>"
    + _ON_LINE + r"</(?P=tag)[ \t]*>"
)
_LINE = (
    _ON_LINE + r"(?:(?:\[\[" + _ON_LINE + r"\]\]|\[" + _ON_LINE + r"\]|<br */?>|\{\{" + _INLINE + r"\}\}|" + _PAIRED + r")"
    + _ON_LINE + r")*"
)
_PLAIN_TABLE = re.compile(r"\{\|" + _ON_LINE + r"(?:\n" + _LINE + r")*\n[^\S\n]?\|\}")


# A tag's name runs from its "<" (or "</") to a space, "/" or ">"; the tokenizer
# matches a closing tag to its opening one by name, so filler there must keep its
# length: "<{{a}}>x</{{ab}}>" is no tag, but one mark for each span would make one.
# (What may be a name: each "<" and the characters after it up to a space, "<" or ">".)
_NAME_END = re.compile(r"[\s>]")


def _in_tag_name(text: str, spans) -> bool:
    """Whether a span of ``spans`` (sorted by start) starts inside what may be a tag's name.

    A span starts inside one when nothing between the last "<" before it and
    its start ends a name. That "<" is looked for only after the span before:
    one before that whose name reached this span reached the span before too.
    """
    if "<" not in text:
        return False
    rfind = text.rfind
    search = _NAME_END.search
    after = 0
    for span in spans:
        start = span[0]
        if start > after:
            before = text[start - 1]
            if before == ">" or before.isspace():
                # What ends a name (as _NAME_END reads it: str.isspace is its \s) right
                # before the span: no name runs into it, whatever "<" comes before.
                after = start
                continue
            opener = rfind("<", after, start)
            if opener >= 0 and search(text, opener + 1, start) is None:
                return True
            after = start
    return False


def _plain_tags(text: str, prune: frozenset[str]) -> list[tuple[int, int, str]]:
    """Spans and lower-case names of the plain tags named in ``prune``, in order (see above)."""
    tables = "table" in prune and "{" in text and "{|" in text  # one character first: far cheaper than a pair
    if "<" not in text and not tables:
        return []
    pattern = _PLAIN_TAG_PATTERNS.get(prune)
    if pattern is None:
        # A tag that never has contents (<br>) ends at its opening: "<br></br>" is two; one
        # whose contents are not parsed (<math>) runs to the first closer: "<math><math></math>" is one.
        names = sorted(
            (re.escape(name) for name in prune if is_parsable(name) and not is_single_only(name)), key=len, reverse=True
        )
        pattern = re.compile(_PLAIN_TAG.format(names="|".join(names), bare=_BARE), re.I) if names else None
        _PLAIN_TAG_PATTERNS[prune] = pattern
    claims = []
    if pattern:
        for match in pattern.finditer(text):
            # The pattern's case-blind match is wider than the tokenizer's (and the
            # builder's) name.lower() test: "<referenceſ/>" matches "references", and
            # "</referenceſ>" closes "<references>" for it (the long s folds to s).
            name, closer = match.group(1, 2)
            name = name.lower()
            if name in prune and (closer is None or closer.lower() == name):
                start, end = match.span()
                claims.append((start, end, name))
    if not tables:
        return claims
    # Plain tags inside a table are the tokenizer's tags there: filled, as it reads them.
    masked = _filled(text, claims) if claims else text
    found = []
    pos = masked.find("{|")
    while pos >= 0:
        match = None
        if pos == 0 or masked[pos - 1] == "\n" or (masked[pos - 1].isspace() and (pos == 1 or masked[pos - 2] == "\n")):
            match = _PLAIN_TABLE.match(masked, pos)
        if match is not None:
            found.append((pos, match.end(), "table"))
            pos = masked.find("{|", match.end())
        else:
            pos = masked.find("{|", pos + 2)
    if not found:
        return claims
    kept = [claim for claim in claims if not any(start <= claim[0] < end for start, end, _ in found)]
    return sorted(kept + found)


def _filled(text: str, claims: list[tuple[int, int, str]]) -> str:
    """``text`` with each claimed span filled with plain text (same length)."""
    parts = []
    pos = 0
    for start, end, _ in claims:
        parts.append(text[pos:start])
        parts.append(FILL * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _restore(code: Code, text: str, claims: list[tuple[int, int, str]]) -> bool:
    """Put a Pruned node for each claimed tag into ``code``'s top-level text; False if one was not there."""
    nodes = code._nodes
    ends = code._ends
    out_nodes: list = []
    out_ends: list = []
    k = 0  # the node holding ``start``
    start = 0  # what is not yet in out_nodes begins here (maybe inside node k)
    for claim_start, claim_end, name in claims:
        at = bisect_right(ends, claim_start, k)
        if at >= len(nodes) or type(nodes[at]) is not Text or ends[at] < claim_end:
            return False
        if at > k:
            # Node k's rest, whole or not, then the nodes before node ``at`` as they are.
            out_nodes.append(nodes[k] if start == (ends[k - 1] if k else 0) else _text(text[start : ends[k]]))
            out_nodes.extend(nodes[k + 1 : at])
            out_ends.extend(ends[k:at])
            start = ends[at - 1]
            k = at
        if claim_start > start:
            out_nodes.append(_text(text[start:claim_start]))
            out_ends.append(claim_start)
        out_nodes.append(Pruned(name))
        out_ends.append(claim_end)
        start = claim_end
        if claim_end == ends[k]:
            k += 1
    if k < len(nodes) and start != (ends[k - 1] if k else 0):
        out_nodes.append(_text(text[start : ends[k]]))
        out_ends.append(ends[k])
        k += 1
    out_nodes.extend(nodes[k:])
    out_ends.extend(ends[k:])
    code._nodes = out_nodes
    code._ends = out_ends
    return True


def _text(value: str) -> Text:
    node = _new(Text)
    node._value = value
    return node


class Pruned:
    """A tag the builder skipped (its rule removes such tags whole): its lower-case name.

    Its wikitext is its run in the list that holds it; nothing inside was built.
    """

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class Code(Wikicode):
    """A node list that knows its wikitext, and where each of its nodes ends in it.

    The walker needs each node's wikitext and offset, then a rule asks for its
    parts (a tag's contents, to find where they start), then the walker again
    for each node inside; composed by the nodes' ``__str__`` that is a string
    built at every level of nesting. The builder knows where each token's run
    lies in the block, so a node list made from a run of the block keeps that
    run (``_text``) and its nodes' end offsets in it (``_ends``, None when the
    list is not a run of the block: a wiki-markup tag's implied name). The tree
    is only read, never edited, so both stay true.
    """

    _text: str
    #: End of each node in ``_text`` (None: unknown; ``str(node)`` gives its length).
    _ends: list[int] | None = None

    def __str__(self) -> str:
        try:
            return self._text
        except AttributeError:
            self._text = text = "".join([str(node) for node in self._nodes])
            return text


def _code(nodes: list) -> Code:
    code = _new(Code)
    code._nodes = nodes
    return code


class _Builder:
    """One pass over a token list, by index; each handler returns a node.

    ``_pos`` follows the tokens through the block's text (each token's markup
    has a known length), so each node list gets its run of the text.
    ``_lost`` records a token stream whose nodes would not write back the
    run they came from; the caller then builds again without positions.
    """

    __slots__ = ("_tokens", "_i", "_n", "_src", "_pos", "_lost", "_prune", "_runs", "_run_at")

    def __init__(self, stream: list, src: str | None, prune: frozenset[str] = frozenset(), runs: list[int] = ()):
        self._tokens = stream
        self._i = 0
        self._n = len(stream)
        self._src = src
        self._pos = 0
        self._lost = False
        self._prune = prune if src is not None else frozenset()
        #: The length of each filled span the tokenizer read as one mark, in order.
        self._runs = runs
        self._run_at = 0

    def _unmark(self, token) -> str:
        """A text token's text with each mark given back its filled span (the token keeps it)."""
        runs = self._runs
        if not runs:
            # Nothing was filled (spans are never marked in a text that holds a
            # mark of its own): a mark here is the text's own character.
            return token["text"]
        pieces = token["text"].split(_MARK)
        out = [pieces[0]]
        for piece in pieces[1:]:
            if self._run_at < len(runs):
                out.append(FILL * runs[self._run_at])
            self._run_at += 1  # one too many: _parse reads the text again as written
            out.append(piece)
        token["text"] = value = "".join(out)
        return value

    def _run(self, nodes: list, ends: list, start: int) -> Code:
        """The node list ``nodes`` made from the text run from ``start`` to here."""
        code = _new(Code)
        code._nodes = nodes
        if self._src is not None:
            code._text = self._src[start : self._pos]
            code._ends = ends
        return code

    def build(self) -> Code:
        nodes: list = []
        ends: list = []
        add_node = nodes.append
        add_end = ends.append
        stream = self._tokens
        prune = self._prune
        n = self._n
        new = _new
        handlers = _HANDLERS
        # Text tokens (half the top level) move ``i`` and ``pos`` as locals; a
        # handler reads and moves them on the builder, so they are handed over
        # around each call.
        i = self._i
        pos = self._pos
        while i < n:
            token = stream[i]
            kind = type(token)
            if kind is _TEXT:  # most top-level nodes: no call to a handler
                i += 1
                node = new(Text)
                value = token["text"]
                node._value = value = value if _MARK not in value else self._unmark(token)
                pos += len(value)
                add_node(node)
                add_end(pos)
                continue
            self._i = i + 1
            self._pos = pos
            if prune and kind is _TAG_OPEN_OPEN:
                # Only at the top level, which only the walker reads: a node
                # inside another may be read by that node's rule (strip_code).
                name = self._peek_name()
                if name in prune:
                    self._skip_tag(token)
                    add_node(Pruned(name))
                    i = self._i
                    pos = self._pos
                    add_end(pos)
                    continue
            try:
                handler = handlers[kind]
            except KeyError:
                raise ParserError(f"_handle_token() got unexpected {kind.__name__}") from None
            add_node(handler(self, token))
            i = self._i
            pos = self._pos
            add_end(pos)
        self._i = i
        self._pos = pos
        return self._run(nodes, ends, 0)

    def _node(self):
        token = self._tokens[self._i]
        self._i += 1
        kind = type(token)
        if kind is _TEXT:
            node = _new(Text)
            value = token["text"]
            node._value = value = value if _MARK not in value else self._unmark(token)
            self._pos += len(value)
            return node
        handler = _HANDLERS.get(kind)
        if handler is None:
            raise ParserError(f"_handle_token() got unexpected {kind.__name__}")
        return handler(self, token)

    def _one_text(self, token, start: int) -> Code:
        """The run of one text token, from ``start``; ``_pos`` moves to its end."""
        node = _new(Text)
        value = token["text"]
        node._value = value = value if _MARK not in value else self._unmark(token)
        self._pos = end = start + len(value)
        code = _new(Code)  # as _run makes it, without the call
        code._nodes = [node]
        if self._src is not None:
            code._text = self._src[start:end]
            code._ends = [len(value)]
        return code

    def _until(self, stops: tuple) -> tuple[Code, object]:
        """The nodes up to the next token of a type in ``stops``, as a run; that token (consumed).

        The caller adds the stop token's markup to ``_pos``.
        """
        stream = self._tokens
        start = self._pos
        i = self._i
        if i + 1 < self._n and type(stream[i]) is _TEXT and type(stream[i + 1]) in stops:
            # One text run, then the stop: most runs (a link's title or label, a parameter's value).
            node = _new(Text)
            value = stream[i]["text"]
            node._value = value = value if _MARK not in value else self._unmark(stream[i])
            self._pos = end = start + len(value)
            self._i = i + 2
            code = _new(Code)  # as _run makes it, without the call
            code._nodes = [node]
            if self._src is not None:
                code._text = self._src[start:end]
                code._ends = [len(value)]
            return code, stream[i + 1]
        nodes: list = []
        ends: list = []
        while self._i < self._n:
            token = stream[self._i]
            kind = type(token)
            if kind in stops:
                self._i += 1
                return self._run(nodes, ends, start), token
            if kind is _TEXT:
                self._i += 1
                node = _new(Text)
                value = token["text"]
                node._value = value = value if _MARK not in value else self._unmark(token)
                nodes.append(node)
                self._pos += len(value)
            else:
                nodes.append(self._node())
            ends.append(self._pos - start)
        raise ParserError("missed a close token")

    def _template(self, token):
        params: list = []
        default = 1
        self._pos += 2
        name, token = self._until(_NAME_STOPS)
        while type(token) is _PARAM_SEP:
            self._pos += 1
            key = None
            showkey = False
            value, token = self._until(_PARAM_STOPS)
            while type(token) is _PARAM_EQ:
                self._lost = self._lost or showkey  # a second "=": the first key is not written
                self._pos += 1
                key = value
                showkey = True
                value, token = self._until(_PARAM_STOPS)
            param = _new(Parameter)
            if key is None:
                text = _new(Text)
                text._value = str(default)
                key = _code([text])
                default += 1
            param._name = key
            param._value = value
            param._showkey = showkey
            params.append(param)
        self._pos += 2
        node = _new(Template)
        node._name = name
        node._params = params
        return node

    def _argument(self, token):
        self._pos += 3
        code, token = self._until(_ARG_STOPS)
        node = _new(Argument)
        name = None
        while type(token) is _ARG_SEP:
            self._lost = self._lost or name is not None
            self._pos += 1
            name = code
            code, token = self._until(_ARG_STOPS)
        self._pos += 3
        if name is None:
            node._name, node._default = code, None
        else:
            node._name, node._default = name, code
        return node

    def _wikilink(self, token):
        stream = self._tokens
        i = self._i
        if i + 1 < self._n and type(stream[i]) is _TEXT:
            # [[title]] and [[title|label]], each one text run: nearly every link.
            after = type(stream[i + 1])
            if after is _LINK_CLOSE:
                self._i = i + 2
                node = _new(Wikilink)
                node._title = self._one_text(stream[i], self._pos + 2)
                node._text = None
                self._pos += 2
                return node
            if (
                after is _LINK_SEP
                and i + 3 < self._n
                and type(stream[i + 2]) is _TEXT
                and type(stream[i + 3]) is _LINK_CLOSE
            ):
                self._i = i + 4
                node = _new(Wikilink)
                node._title = self._one_text(stream[i], self._pos + 2)
                node._text = self._one_text(stream[i + 2], self._pos + 1)
                self._pos += 2
                return node
        self._pos += 2
        code, token = self._until(_LINK_STOPS)
        node = _new(Wikilink)
        title = None
        while type(token) is _LINK_SEP:
            self._lost = self._lost or title is not None
            self._pos += 1
            title = code
            code, token = self._until(_LINK_STOPS)
        self._pos += 2
        if title is None:
            node._title, node._text = code, None
        else:
            node._title, node._text = title, code
        return node

    def _external_link(self, token):
        brackets = token.get("brackets")
        if brackets:
            self._pos += 1
        code, token = self._until(_EXT_STOPS)
        node = _new(ExternalLink)
        url = suppress_space = None
        while type(token) is _EXT_SEP:
            # A label is written only inside brackets, after one url.
            self._lost = self._lost or url is not None or not brackets
            url = code
            suppress_space = token.get("suppress_space")
            if suppress_space is not True:
                self._pos += 1
            code, token = self._until(_EXT_STOPS)
        if brackets:
            self._pos += 1
        if url is None:
            node._url, node._title = code, None
        else:
            node._url, node._title = url, code
        node._brackets = bool(brackets)
        node.suppress_space = suppress_space is True
        return node

    def _entity(self, token):
        stream = self._tokens
        i = self._i
        token = stream[i]
        node = _new(HTMLEntity)
        if type(token) is _ENTITY_NUMERIC:
            token = stream[i + 1]
            if type(token) is _ENTITY_HEX:
                node._value = str(stream[i + 2]["text"])
                node._named, node._hexadecimal, node._hex_char = False, True, token.get("char")
                self._i = i + 4
            else:
                node._value = str(token["text"])
                node._named, node._hexadecimal, node._hex_char = False, False, "x"
                self._i = i + 3
        else:
            node._value = str(token["text"])
            node._named, node._hexadecimal, node._hex_char = True, False, "x"
            self._i = i + 2
        self._pos += len(str(node))
        return node

    def _heading(self, token):
        level = int(token.get("level"))
        if level < 1 or level > 6:
            raise ValueError(level)
        self._pos += level
        title, _ = self._until(_HEADING_STOPS)
        self._pos += level
        node = _new(Heading)
        node._title = title
        node._level = level
        return node

    def _comment(self, token):
        self._pos += 4
        code, _ = self._until(_COMMENT_STOPS)
        self._pos += 3
        node = _new(Comment)
        node._contents = str(code)
        return node

    def _attribute(self, start) -> Attribute:
        name = quotes = None
        pad_first, pad_before_eq, pad_after_eq = start.get("pad_first"), start.get("pad_before_eq"), start.get("pad_after_eq")
        self._pos += _written(pad_first)
        stream = self._tokens
        begin = self._pos
        nodes: list = []
        ends: list = []
        while self._i < self._n:
            token = stream[self._i]
            kind = type(token)
            if kind is _TAG_ATTR_EQ:
                self._i += 1
                self._lost = self._lost or name is not None
                name = self._run(nodes, ends, begin)
                self._pos += _written(pad_before_eq) + 1 + _written(pad_after_eq)
                begin = self._pos
                nodes = []
                ends = []
            elif kind is _TAG_ATTR_QUOTE:
                self._i += 1
                quotes = token.get("char")
                if quotes:
                    self._lost = self._lost or bool(nodes)  # the quote is written before the value
                    self._pos += len(str(quotes))
                    begin = self._pos
            elif kind in _ATTR_ENDS:
                if name:
                    value = self._run(nodes, ends, begin)
                    if quotes:
                        self._pos += len(str(quotes))
                else:
                    # No "=" (or an empty name, which the node writes without its "="): a bare name.
                    self._lost = self._lost or name is not None or bool(quotes)
                    name, value = self._run(nodes, ends, begin), None
                    self._pos += _written(pad_before_eq)
                return _make_attribute(name, value, quotes, pad_first, pad_before_eq, pad_after_eq)
            else:
                nodes.append(self._node())
                ends.append(self._pos - begin)
        raise ParserError("_handle_attribute() missed a close token")

    def _tag(self, token):
        wiki_markup = token.get("wiki_markup")
        stream = self._tokens
        i = self._i
        if wiki_markup and i + 1 < self._n and type(stream[i]) is _TEXT and type(stream[i + 1]) is _TAG_SELFCLOSE:
            # A list item's marker ("*", "#", ":", ";"; a third of the tags in
            # the corpus): its implied name, then the end; made as below.
            name = _new(Text)
            value = stream[i]["text"]
            name._value = value if _MARK not in value else self._unmark(stream[i])
            invalid = token.get("invalid")
            token = stream[i + 1]
            self._i = i + 2
            padding = _padding(token.get("padding"))
            self._pos += len(str(wiki_markup)) + len(padding)
            closing_wiki_markup = token.get("wiki_markup")
            node = _new(Tag)
            node._tag = node._closing_tag = tag = _new(Code)  # as _code makes them, without the calls
            tag._nodes = [name]
            node._contents = contents = _new(Code)
            contents._nodes = []
            node._attrs = []
            node._wiki_markup = wiki_markup = str(wiki_markup)
            if closing_wiki_markup is None:
                node._closing_wiki_markup = wiki_markup
            else:
                node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
            node._self_closing = True
            node._invalid = bool(invalid)
            node._implicit = bool(token.get("implicit"))
            node._padding = padding
            node._wiki_style_separator = None
            return node
        invalid = token.get("invalid") or False
        closing_wiki_markup = wiki_markup
        wiki_style_separator = None
        tag = padding = contents = closing_tag = None
        implicit = False
        attrs: list = []
        nodes: list = []
        ends: list = []
        # A wiki-markup tag (``*``, ``{|``) writes its markup, not its name ("li",
        # "table"): the name's text tokens are no part of the block's text.
        silent = bool(wiki_markup)
        name = None  # the name, once an attribute follows it
        self._pos += len(str(wiki_markup)) if wiki_markup else (2 if invalid else 1)
        begin = self._pos
        while self._i < self._n:
            token = stream[self._i]
            self._i += 1
            kind = type(token)
            if kind is _TEXT:
                text = _new(Text)
                value = token["text"]
                text._value = value = value if _MARK not in value else self._unmark(token)
                nodes.append(text)
                if not silent:
                    self._pos += len(value)
                ends.append(self._pos - begin)
            elif kind is _TAG_ATTR_START:
                if name is None:
                    name = _code(nodes) if silent else self._run(nodes, ends, begin)
                    nodes = []
                    ends = []
                attrs.append(self._attribute(token))
            elif kind is _TAG_CLOSE_OPEN:
                wiki_style_separator = token.get("wiki_markup")
                padding = token.get("padding") or ""
                tag = self._name(name, nodes, ends, begin, silent)
                self._pos += _written(padding)
                if wiki_markup:
                    self._pos += len(str(wiki_style_separator)) if wiki_style_separator else 0
                else:
                    self._pos += 1
                silent = False
                begin = self._pos
                nodes = []
                ends = []
            elif kind is _TAG_OPEN_CLOSE:
                closing_wiki_markup = token.get("wiki_markup")
                contents = self._run(nodes, ends, begin)
                silent = bool(wiki_markup)
                if not wiki_markup:
                    self._pos += 2
                begin = self._pos
                nodes = []
                ends = []
            elif kind is _TAG_SELFCLOSE or kind is _TAG_CLOSE_CLOSE:
                if kind is _TAG_SELFCLOSE:
                    closing_wiki_markup = token.get("wiki_markup")
                    tag = self._name(name, nodes, ends, begin, silent)
                    self_closing = True
                    padding = token.get("padding") or ""
                    implicit = token.get("implicit") or False
                    self._pos += _written(padding)
                    if not wiki_markup:
                        self._pos += 1 if implicit else 2
                else:
                    self_closing = False
                    closing_tag = _code(nodes) if silent else self._run(nodes, ends, begin)
                assert tag is not None
                assert padding is not None
                node = _make_tag(tag, contents, attrs, wiki_markup, self_closing, invalid, implicit, padding,
                                 closing_tag, wiki_style_separator, closing_wiki_markup)
                if not self_closing:
                    self._pos += len(node._closing_wiki_markup or "") if wiki_markup else 1
                return node
            else:
                self._i -= 1
                if silent:
                    self._lost = True  # markup in an implied name would be written
                nodes.append(self._node())
                ends.append(self._pos - begin)
        raise ParserError("_handle_tag() missed a close token")

    def _name(self, name: Code | None, nodes: list, ends: list, begin: int, silent: bool) -> Code:
        """A tag's name: its run of the text, or (a wiki-markup tag's implied name) a bare node list.

        ``name`` is the name already taken when an attribute followed it.
        """
        if name is None:
            return _code(nodes) if silent else self._run(nodes, ends, begin)
        if nodes:
            # Name tokens after an attribute (never seen): not one run.
            self._lost = True
            return _code(name._nodes + nodes)
        return name


    def _peek_name(self) -> str | None:
        """The lower-case name of the tag whose opening token was just taken (None: not plain text)."""
        stream = self._tokens
        i = self._i
        if i + 1 < self._n and type(stream[i]) is _TEXT and type(stream[i + 1]) in _ATTR_ENDS:
            # One text token, then the name's end: nearly every tag.
            value = stream[i]["text"]
            return (value if _MARK not in value else self._unmark(stream[i])).strip().lower()
        parts = []
        while i < self._n and type(stream[i]) is _TEXT:
            value = stream[i]["text"]
            parts.append(value if _MARK not in value else self._unmark(stream[i]))
            i += 1
        if i < self._n and type(stream[i]) in _ATTR_ENDS:
            return "".join(parts).strip().lower()
        return None

    # Skipping a pruned tag follows ``_pos`` as :meth:`_tag` and :meth:`_attribute`
    # do, without making nodes (other nodes inside are built and dropped: rare).
    # ``tests/test_tree.py`` checks both give every node the same run.

    def _skip_tag(self, token) -> None:
        """Take a tag's tokens (its opening one already taken), only moving ``_pos``."""
        wiki_markup = token.get("wiki_markup")
        closing_wiki_markup = wiki_markup
        silent = bool(wiki_markup)
        naming = True  # before the tag's contents (its name and attributes)
        attributes = False
        self._pos += len(str(wiki_markup)) if wiki_markup else (2 if token.get("invalid") else 1)
        stream = self._tokens
        while self._i < self._n:
            token = stream[self._i]
            self._i += 1
            kind = type(token)
            if kind is _TEXT:
                self._lost = self._lost or (naming and attributes)
                value = token["text"]
                if _MARK in value:
                    value = self._unmark(token)
                if not silent:
                    self._pos += len(value)
            elif kind is _TAG_ATTR_START:
                attributes = True
                self._skip_attribute(token)
            elif kind is _TAG_CLOSE_OPEN:
                self._pos += _written(token.get("padding"))
                if wiki_markup:
                    self._pos += _written(token.get("wiki_markup"))
                else:
                    self._pos += 1
                silent = naming = False
            elif kind is _TAG_OPEN_CLOSE:
                closing_wiki_markup = token.get("wiki_markup")
                silent = bool(wiki_markup)
                if not wiki_markup:
                    self._pos += 2
            elif kind is _TAG_SELFCLOSE:
                self._pos += _written(token.get("padding"))
                if not wiki_markup:
                    self._pos += 1 if token.get("implicit") else 2
                return
            elif kind is _TAG_CLOSE_CLOSE:
                if not wiki_markup:
                    self._pos += 1
                elif closing_wiki_markup is None:
                    self._pos += len(str(wiki_markup))
                else:
                    self._pos += _written(closing_wiki_markup)
                return
            else:
                self._lost = self._lost or silent or (naming and attributes)
                if kind is _TAG_OPEN_OPEN:
                    self._skip_tag(token)
                else:
                    self._i -= 1
                    self._node()
        raise ParserError("_handle_tag() missed a close token")

    def _skip_attribute(self, start) -> None:
        """Take an attribute's tokens (up to the token that ends it), only moving ``_pos``."""
        pad_before_eq = start.get("pad_before_eq")
        self._pos += _written(start.get("pad_first"))
        begin = self._pos
        equals = quotes = None
        since = 0  # nodes since the name or the "="
        stream = self._tokens
        while self._i < self._n:
            token = stream[self._i]
            kind = type(token)
            if kind in _ATTR_ENDS:
                if equals is not None and equals > begin:
                    if quotes:
                        self._pos += len(str(quotes))
                else:
                    self._lost = self._lost or equals is not None or bool(quotes)
                    self._pos += _written(pad_before_eq)
                return
            self._i += 1
            if kind is _TAG_ATTR_EQ:
                self._lost = self._lost or equals is not None
                equals = self._pos  # where the name ends
                self._pos += _written(pad_before_eq) + 1 + _written(start.get("pad_after_eq"))
                since = 0
            elif kind is _TAG_ATTR_QUOTE:
                quotes = token.get("char")
                if quotes:
                    self._lost = self._lost or since > 0
                    self._pos += len(str(quotes))
            elif kind is _TEXT:
                value = token["text"]
                self._pos += len(value if _MARK not in value else self._unmark(token))
                since += 1
            else:
                if kind is _TAG_OPEN_OPEN:
                    self._skip_tag(token)
                else:
                    self._i -= 1
                    self._node()
                since += 1
        raise ParserError("_handle_attribute() missed a close token")


# Unbound, so that a builder holds no reference to itself (results are freed
# by reference counting alone; see tests/test_incremental.py).
_HANDLERS = {
    _TEMPLATE_OPEN: _Builder._template,
    _ARG_OPEN: _Builder._argument,
    _LINK_OPEN: _Builder._wikilink,
    _EXT_OPEN: _Builder._external_link,
    _ENTITY_START: _Builder._entity,
    _HEADING_START: _Builder._heading,
    _COMMENT_START: _Builder._comment,
    _TAG_OPEN_OPEN: _Builder._tag,
}


def _written(value) -> int:
    """How long a token's padding or markup field is as its node writes it."""
    return len(str(value)) if value else 0


def _padding(value) -> str:
    if not value:
        return ""
    value = str(value)
    if not value.isspace():
        raise ValueError("padding must be entirely whitespace")
    return value


def _make_attribute(name, value, quotes, pad_first, pad_before_eq, pad_after_eq) -> Attribute:
    """An Attribute with the fields (and the checks) its constructor would give it."""
    coerced = str(quotes) if quotes else None
    if coerced not in (None, '"', "'"):
        raise ValueError(f"{quotes!r} is not a valid quote type")
    if coerced is None and value is not None and value:
        # An unquoted value with spaces in its text: the constructor refuses it.
        if any(char.isspace() for node in value._nodes if isinstance(node, Text) for char in node._value):
            raise ValueError("attribute value requires quotes")
    node = _new(Attribute)
    node._name = name
    node._value = value
    node._quotes = coerced
    node._pad_first = _padding(pad_first)
    node._pad_before_eq = _padding(pad_before_eq)
    node._pad_after_eq = _padding(pad_after_eq)
    return node


def _make_tag(tag, contents, attrs, wiki_markup, self_closing, invalid, implicit, padding, closing_tag,
              wiki_style_separator, closing_wiki_markup) -> Tag:
    """A Tag with the fields its constructor would set from these arguments."""
    padding = _padding(padding)
    node = _new(Tag)
    node._tag = tag
    node._closing_tag = tag if closing_tag is None else closing_tag
    node._contents = _code([]) if contents is None else contents
    node._attrs = attrs if attrs else []
    node._wiki_markup = str(wiki_markup) if wiki_markup else None
    node._closing_wiki_markup = node._wiki_markup
    if closing_wiki_markup is not None:
        node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
    node._self_closing = bool(self_closing)
    node._invalid = bool(invalid)
    node._implicit = bool(implicit)
    node._padding = padding
    node._wiki_style_separator = str(wiki_style_separator) if wiki_style_separator else None
    return node
