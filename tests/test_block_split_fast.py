"""The block splitter's short cuts keep its boundaries and dropped openers.

``blocks.boundaries`` reads some constructs whole — a ``{{template}}`` or a
``[[link|label]]`` with no token inside, a paired tag whose closer is on its
line with nothing between that changes what is open — and, while nothing is
open, looks only for openers (newlines between are boundaries; a ``{|`` is a
table's opener only at a line start). Each is checked on the edge of its
condition (a token inside, a closer out of reach, the construct inside another)
against expectations taken from the token-by-token scanner it replaced, and on
random text against the reach rule's reference (``test_reach.reference_split``).
"""

from __future__ import annotations

import pytest
from document_checks import check_split_restarts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reach import reference_split

from wikinorm.core import blocks
from wikinorm.core.blocks import split

# (text, reach or None for blocks.REACH, block starts, dropped openers' starts)
CASES = [
    # templates read whole, alone and inside a construct open over lines
    ("a {{b}}\nc", None, [0, 8], []),
    ("{{" + "x" * 30 + "}}\nb", 24, [0, 35], [0]),  # its }} out of reach: {{ is dropped
    ("{{a|\n{{b}}\n}}\nc", None, [0, 14], []),
    ("{{a\n" + "x" * 18 + "{{b}}\nc\nd", 24, [0, 4, 28, 30], [0]),  # the inner one's }} drops the outer {{
    # links read whole
    ("[[a|b]]\nc", None, [0, 8], []),
    ("[[a|" + "b" * 30 + "]]\nc\nd", 24, [0, 37, 39], [0]),
    ("{{a\n[[b|c]]\n}}\nd", None, [0, 15], []),
    # paired tags read whole, and where they are not
    ("<ref>a {{b|[[c|d]]}} [[e]] [f] } { &amp;</ref>\nx", None, [0, 47], []),
    ("<ref>" + "a" * 30 + "</ref>\nb\nc", 24, [0, 42, 44], [0]),
    ("<ref>[[a<ref>b]]\nc</ref>\nd", None, [0], []),  # a label-less link's title is read: <ref> there opens
    ("<ref>{{a|[[b|c}}d]]}}\ne</ref>\nf", None, [0, 30], []),  # a label is skipped: its }} closes nothing
    ("<ref>[[a}}b]]</ref>\nc", None, [0, 20], []),
    ("<ref>[[a<ref>b]]</ref>\nc</ref>\nd", None, [0, 31], []),  # the inner <ref> opens: the outer one holds the line
    ("<ref>[[a{{b]]</ref>\nc}}\nd", None, [0, 24], []),  # the {{ in the title opens: it holds the line
    ("<REF>x</ref >\ny", None, [0, 14], []),
    ("<ref>x</references>\ny\n</ref>\nz", None, [0, 29], []),
    ("<ref>x<!--\n--></ref>\ny", None, [0, 21], []),
    ("<ref>x</ref\n>\ny", None, [0, 14], []),
    ("<ref>{{{a}}}\n</ref>\nb", None, [0, 20], []),
    # tables while nothing is open: {| only at a line start; a stray |} or }} closes nothing
    ("a{|\nb", None, [0, 4], []),
    (":{|\n|x\n|}\nb", None, [0, 10], []),
    ("x\n  {|\n|}\ny", None, [0, 2, 10], []),
    ("a}}\n|}}\nb", None, [0, 4, 8], []),
    ("{{a}}{|\nb\n|}\nc", None, [0, 8, 10, 13], []),
]


@pytest.mark.parametrize(("text", "reach", "starts", "dropped"), CASES)
def test_short_cuts_keep_boundaries_and_dropped(monkeypatch, text, reach, starts, dropped):
    if reach is not None:
        monkeypatch.setattr(blocks, "REACH", reach)
    found: list[int] = []
    assert split(text, found) == starts == reference_split(text, blocks.REACH)
    assert found == dropped
    check_split_restarts(text)


SMALL = 24
_PIECES = st.sampled_from([
    "{{a}}", "{{", "}}", "{", "}", "{{{", "[[a|b]]", "[[a]]", "[[", "]]", "[", "|", "[[File:x|y]]",
    "[[a<ref>b]]", "[[a{{b]]", "[[a}}b]]", "[[a|{{b]]", "[[a|<ref>b]]", "{{a|[[b|c]]}}",
    "<ref>", "</ref>", "<REF>", "</ref >", "<ref name=a/>", "<references/>", "</references>", "<br>", "<",
    "<!--", "-->", "&lt;ref&gt;", "&", "<nowiki>", "</nowiki>", "\n", "\n\n", "\n{|", "\n|}", "{|", "|}",
    "\n :{|", " ", "x", "xyzzy",
])
_FILLER = st.integers(0, 2 * SMALL).map(lambda n: "x" * n)
short_cut_text = st.lists(_PIECES | _FILLER, max_size=20).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=short_cut_text)
def test_short_cuts_follow_the_reach_rule(monkeypatch, text):
    monkeypatch.setattr(blocks, "REACH", SMALL)
    dropped: list[int] = []
    assert split(text, dropped) == reference_split(text, SMALL)
    check_split_restarts(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=short_cut_text)
def test_short_cuts_split_as_the_rule_says(text):
    assert split(text) == reference_split(text, blocks.REACH)
    check_split_restarts(text)
