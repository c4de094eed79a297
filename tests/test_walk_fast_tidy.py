"""Tidy's quick path (finish's checks before the view) against its full check, over random blocks and edits.

``Tidy.finish`` decides from the edits alone, for nearly every block, that the
full check (:meth:`Tidy.tidy`) would find nothing; these tests make the full
check on every block and compare what both leave.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core.markup import MarkupEdit, WalkContext, dispatch_tables
from wikinorm.core.config import Config
from wikinorm.core.registry import MARKUP_RULES
from wikinorm.core.rules.tidy import _HOLE, _NOTHING, _SPAN, _UNSURE, Tidy, TidyOptions, _scan

_TABLES = dispatch_tables(MARKUP_RULES, Config.default())
_TIDY = Tidy()
_REPLACEMENTS = ["", "", "", "", "x", " ", ",", "(", ")", ".", " ;", "\n", "a b", "* "]


@st.composite
def blocks(draw):
    """A block's text and its markup edits as the walk leaves them: unsorted, some inside others."""
    # Mostly punctuation: the lines and holes tidy looks for need few word characters left.
    raw = draw(st.text(alphabet=" ,;()[].!?\n\t*#:-ab", min_size=1, max_size=20))
    n = len(raw)
    edits = []
    for _ in range(draw(st.integers(0, 6))):
        if edits and draw(st.booleans()):  # inside (or starting inside) an earlier one: a template in a reference
            outer = draw(st.sampled_from(edits))
            a = draw(st.integers(outer[0], outer[1]))
        else:
            a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + draw(st.integers(0, 8)))))
        replacement = draw(st.sampled_from(_REPLACEMENTS))
        if b > a or replacement:
            edits.append(MarkupEdit(a, b, replacement, draw(st.sampled_from(["templates", "lists"])), draw(st.booleans())))
    return raw, draw(st.permutations(edits))


def _context(raw, edits):
    ctx = WalkContext(raw, _TABLES)
    ctx.edits = list(edits)
    return ctx


def _options(draw):
    return TidyOptions(brackets=draw(st.booleans()), commas=draw(st.booleans()), lines=draw(st.booleans()))


@settings(max_examples=3000, deadline=None)
@given(blocks(), st.data())
def test_finish_leaves_what_the_full_check_leaves(block, data):
    raw, edits = block
    options = _options(data.draw)
    quick = _context(raw, edits)
    _TIDY.finish(options, quick)
    full = _context(raw, sorted(edits, key=_SPAN))
    if any(e[4] for e in edits):
        _TIDY.tidy(options, full, full.edits)
    # finish sorts the edits only when it looks at them; collect_edits sorts them all after.
    assert sorted(quick.edits, key=_SPAN) == sorted(full.edits, key=_SPAN)


@settings(max_examples=3000, deadline=None)
@given(blocks(), st.data())
def test_scan_says_nothing_only_where_the_full_check_finds_nothing(block, data):
    raw, edits = block
    options = _options(data.draw)
    ordered = sorted(edits, key=_SPAN)
    found = _scan(raw, ordered, options.brackets or options.commas)
    assert found in (_NOTHING, _HOLE, _UNSURE)
    if found == _NOTHING:
        full = _context(raw, ordered)
        _TIDY.tidy(options, full, full.edits)
        assert full.edits == ordered, (raw, ordered)


def test_scan_examples():
    def scan(raw, *spans):
        edits = [MarkupEdit(a, b, r, "templates", g) for a, b, r, g in spans]
        return _scan(raw, edits, True)

    # `word ({{x}}) more`: a bracket emptied.
    assert scan("w (xx) m", (3, 5, "", True)) == _HOLE
    # `a, {{x}}, b`: a comma doubled, read past a replacement before and a removal after.
    assert scan("a,yxx , b", (2, 3, "", False), (3, 5, "", True), (5, 6, "", True)) == _HOLE
    # `word,<ref/> more`: a comma before the cut, a word after it.
    assert scan("w,xx m", (2, 4, "", True)) == _NOTHING
    # A template inside a reference is not a cut of its own.
    assert scan("a (xxxx) b", (2, 8, "", True), (3, 7, "", True)) == _NOTHING
    # `ship, {{x}}.`: a separator left before a full stop.
    assert scan("s,xx. b", (2, 4, "", True)) == _HOLE
    # `[{{x}}, y]`: a separator left just inside a bracket.
    assert scan("[xx, y]", (1, 3, "", True)) == _HOLE
    # The bracket, or the full stop, is another edit's replacement.
    assert scan("a yxx) b", (2, 3, "(", False), (3, 5, "", True)) == _HOLE
    assert scan("a,xxyb", (2, 4, "", True), (4, 5, ".", False)) == _HOLE
    # A list item whose one template went: a blank line stays.
    assert scan("* xx", (0, 1, "", True), (2, 4, "", True)) == _NOTHING
    # No word left on a line, or lines: the view decides.
    assert scan("- xx", (2, 4, "", True)) == _UNSURE
    assert scan("a\nxx", (2, 4, "", True)) == _UNSURE
    # The word is in the template inside the removal: the view has none.
    assert scan("-(abcde)-", (1, 8, "", True), (2, 6, "", True)) == _UNSURE
