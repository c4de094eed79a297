"""Fast paths of the parse and claim phase give what the plain code they stand in for gives.

Each test keeps the slower, plainer version it was derived from and compares
both on generated text dense in the characters the fast path tests first.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core import tree
from wikinorm.core.blocks import template_spans
from wikinorm.core.rules.links import Links, LinksOptions
from wikinorm.core.rules.tables import _BOX, _ROW_ONLY, _TABLE_LINE, BoxNote, Tables, TablesOptions, _outermost
from wikinorm.core.rules.templates import TemplatePolicy, Templates, TemplatesOptions, _resolver
from tree_helpers import record_tokenizer
from wikitext_strategies import dense_wikitext, wikitext

# Characters each fast path looks at first (names' ends, table and template syntax, spaces).
_PIECES = [
    "<", ">", "</", "/", " ", "\t", "\n", "\u3000", "\xa0", "a", "ref", "b", "{", "}", "{{", "}}", "{{{", "}}}",
    "|", "{|", "|}", "|-", "=", "#", "s-start", "S-end", "start box", "end_box", "succession box start",
    tree.FILL, "[[", "]]", "[[a|b]]", "[[a]]", "<ref>", "</ref>", "<ref name=x/>", "\x00",
]
pieces = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
texts = pieces | wikitext | dense_wikitext


def in_tag_name_plainly(text: str, spans) -> bool:
    """tree._in_tag_name as first written: a "<" search and a name-end search per span."""
    if "<" not in text:
        return False
    after = 0
    for span in spans:
        start = span[0]
        if start > after:
            opener = text.rfind("<", after, start)
            if opener >= 0 and tree._NAME_END.search(text, opener + 1, start) is None:
                return True
            after = start
    return False


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_in_tag_name_is_the_plain_search(text, data):
    points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    assert tree._in_tag_name(text, spans) == in_tag_name_plainly(text, spans)


def test_in_tag_name_skips_only_what_ends_a_name():
    # A span right after what ends a name is no name's; right after a name's
    # character it is, whatever the search skipped before.
    assert not tree._in_tag_name("<ref>x", [(5, 6)])
    assert not tree._in_tag_name("<ref\u3000x", [(5, 6)])
    assert tree._in_tag_name("<refx", [(4, 5)])
    assert tree._in_tag_name("<a> <refx", [(3, 4), (8, 9)])


_NAME_END = re.compile(r"[|}]")


def template_claims_plainly(text: str, options) -> list:
    """Templates.claim_spans as first written: a regex for each name's end."""
    if "{{" not in text:
        return []
    resolve = _resolver(options)
    claims = []
    for start, end in template_spans(text):
        name_end = _NAME_END.search(text, start + 2, end)
        name = text[start + 2 : name_end.start() if name_end else end]
        if text.startswith("{{{", start) or resolve(name)[0] is TemplatePolicy.DROP:
            claims.append((start, end, ""))
    return claims


_TEMPLATE_OPTIONS = [
    TemplatesOptions(),
    TemplatesOptions(default=TemplatePolicy.RENDER),
    TemplatesOptions(policies=(("a", TemplatePolicy.DROP), ("s-start", TemplatePolicy.RAW))),
]


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(_TEMPLATE_OPTIONS))
def test_template_claims_are_the_plain_search(text, options):
    assert Templates().claim_spans(text, options) == template_claims_plainly(text, options)


def test_a_template_name_ends_at_its_first_bar_or_brace():
    options = TemplatesOptions(default=TemplatePolicy.RENDER, policies=(("a", TemplatePolicy.DROP),))
    rule = Templates()
    assert rule.claim_spans("{{a|b}} {{a}} {{a{{b}}|c}} {{b|a}}", options) == [(0, 7, ""), (8, 13, "")]
    assert rule.claim_spans("{{{a}}} {{b}}", options) == [(0, 7, "")]


def table_claims_plainly(text: str, options) -> list:
    """Tables.claim_spans as first written, without its one-character test first."""
    if "{|" not in text and "|-" not in text and "|}" not in text:
        return []
    opened, tables, indents, rows = [], [], [], []
    for match in _TABLE_LINE.finditer(text):
        if match.group("close") is not None:
            if opened:
                line, brace = opened.pop()
                tables.append((line, match.end()))
                if brace > line and text[line:brace].strip():
                    indents.append((line, brace))
            else:
                rows.append(match.start())
        elif match.group("row") is not None:
            rows.append(match.start())
        else:
            opened.append((match.start(), match.end() - 2))
    claims = [(line, brace, "") for line, brace in indents]
    if rows:
        held = _outermost(sorted(tables) + template_spans(text))
        for start in rows:
            if any(s <= start < e for s, e in held):
                continue
            line = _ROW_ONLY.match(text, start)
            if line is not None:
                claims.append((start, line.end(), ""))
    return sorted(claims)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_table_claims_are_the_plain_search(text):
    options = TablesOptions()
    assert Tables().claim_spans(text, options) == table_claims_plainly(text, options)


class _Notes:
    def __init__(self, text: str):
        self.text = text
        self.notes: list = []

    def note(self, rule_id, value):
        self.notes.append((rule_id, value))


def box_notes_plainly(text: str) -> list:
    """Tables.finish as first written: every box template of a block with "{{"."""
    if "{{" not in text:
        return []
    opens = closes = 0
    for match in _BOX.finditer(text):
        if match.group("open") is not None:
            opens += 1
        else:
            closes += 1
    return [("tables", BoxNote(opens, closes))] if opens or closes else []


@settings(max_examples=400, deadline=None)
@given(texts)
def test_box_notes_are_the_plain_search(text):
    ctx = _Notes(text)
    Tables().finish(TablesOptions(), ctx)
    assert ctx.notes == box_notes_plainly(text)


def test_box_notes_count_every_box_template():
    ctx = _Notes("x {{S-end}} {{s-start}}{{ start box |a}}{{end_box}}")
    Tables().finish(TablesOptions(), ctx)
    assert ctx.notes == [("tables", BoxNote(2, 2))]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([frozenset(), frozenset({"ref", "references", "table"})]))
def test_parse_gives_the_unclaimed_tree(text, prune):
    """Whatever fast path a block takes (no "<" or "{", a link of one text run), its tree is the builder's."""
    expected = _shape(lambda: tree._parse(text, True, prune, ()))
    assert _shape(lambda: tree.parse(text, prune=prune)) == expected


def _shape(build):
    try:
        return _dump(build())
    except Exception as error:
        return ("error", type(error).__name__)


def _dump(value):
    if isinstance(value, tree.Pruned):
        return ("pruned", value.name)
    if isinstance(value, tree.Code):
        return ("code", value._ends, str(value), [_dump(node) for node in value._nodes])
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if hasattr(value, "__dict__"):
        return (type(value).__name__, {k: _dump(v) for k, v in sorted(vars(value).items())})
    return value


def test_a_plain_table_without_tags_never_reaches_the_tokenizer(monkeypatch):
    """The "<"-or-"{" test before the plain-tag search lets a table through."""
    read = record_tokenizer(monkeypatch)
    code = tree.parse("a\n{|\n|b||[[c]]\n|}\nd", prune=frozenset({"table"}))
    assert read and "{|" not in read[-1]
    assert [node.name for node in code.nodes if isinstance(node, tree.Pruned)] == ["table"]


def test_a_link_of_one_text_run_is_built_as_any_link():
    code = tree.parse("a [[b]] c [[d|e]] [[f|g|h]] [[i|]]")
    links = [node for node in code.nodes if type(node).__name__ == "Wikilink"]
    assert [(str(link.title), None if link.text is None else str(link.text)) for link in links] == [
        ("b", None), ("d", "e"), ("f", "g|h"), ("i", ""),
    ]
    assert [link.title._ends for link in links] == [[1], [1], [1], [1]]


def test_a_wikilink_label_starts_after_its_title():
    from wikinorm.core import example

    assert example("links", "[[Paris (band)|the band]] and [[ Lyon |x]]") == "the band and x"
    assert Links().claim_spans("#REDIRECT [[A]]", LinksOptions()) == [(0, 15, "A")]
