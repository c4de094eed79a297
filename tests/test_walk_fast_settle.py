"""settle() over runs of adjacent edits: only a run's first glue removal changes, each run decided once.

``tests/test_markup_settle.py`` states what settle does run by run; these
cases make runs of several adjacent edits (glue or not, removals or not) the
usual case rather than a rare one.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core.edits import Edit
from wikinorm.core.markup import MarkupEdit, settle

from test_markup_settle import settle_by_runs


@st.composite
def runs_of_edits(draw):
    text = draw(st.text(alphabet="ab '(.,\t\u00a0", min_size=1, max_size=30))
    pos = 0
    edits = []
    while pos < len(text):
        pos += draw(st.sampled_from([0, 0, 1, 2]))  # mostly adjacent to the edit before
        end = min(len(text), pos + draw(st.integers(0, 3)))
        replacement = draw(st.sampled_from(["", "", "", "x"]))
        if end > pos or replacement:
            glue = draw(st.booleans()) and not replacement
            edits.append(MarkupEdit(pos, end, replacement, draw(st.sampled_from(["links", "templates"])), glue))
        pos = max(end, pos + 1)
    return text, edits


@settings(max_examples=1000, deadline=None)
@given(runs_of_edits(), st.sampled_from([None, frozenset({"links"})]))
def test_settle_decides_runs_of_adjacent_edits_as_run_by_run(case, allowed):
    text, edits = case
    assert settle(text, edits, allowed) == settle_by_runs(text, edits, allowed)


def test_only_the_first_glue_removal_of_a_run_changes():
    text = "a{{x}}{{y}}b"
    edits = [MarkupEdit(1, 6, "", "templates", True), MarkupEdit(6, 11, "", "templates", True)]
    assert settle(text, edits) == [Edit(1, 6, " ", "templates"), Edit(6, 11, "", "templates")]
    # A marker removal before it in the run: the run still joins two words once.
    edits = [MarkupEdit(1, 3, "", "links", False), MarkupEdit(3, 11, "", "templates", True)]
    assert settle(text, edits) == [Edit(1, 3, "", "links"), Edit(3, 11, " ", "templates")]
    # A replacement in the run: every edit as it is.
    edits = [MarkupEdit(1, 6, "", "templates", True), MarkupEdit(6, 11, "y", "links", False)]
    assert settle(text, edits) == [Edit(1, 6, "", "templates"), Edit(6, 11, "y", "links")]


def test_a_long_run_is_decided_once():
    """Ten thousand adjacent references: settled in linear time (each run looked at once)."""
    n = 10_000
    text = "a" + "<ref/>" * n + "."
    edits = [MarkupEdit(1 + 6 * i, 7 + 6 * i, "", "references", True) for i in range(n)]
    out = settle(text, edits)
    assert len(out) == n and out[0] == Edit(1, 7, "", "references") and out[1:] == [Edit(*e[:4]) for e in edits[1:]]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 6)), max_size=10))
def test_drop_overlaps_keeps_what_the_loop_keeps(spans):
    """_drop_overlaps' quick look for an overlap against the plain loop (edits sorted by span, as it gets them)."""
    from wikinorm.core.markup import _SPAN, _drop_overlaps

    edits = sorted((MarkupEdit(a, a + n, "", "links", False) for a, n in spans), key=_SPAN)
    kept, last_end = [], -1
    for edit in edits:
        if edit.start >= last_end:
            kept.append(edit)
            last_end = max(last_end, edit.end)
    assert _drop_overlaps(list(edits)) == kept
