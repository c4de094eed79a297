"""EditMap directly: offsets through one stage and through chains of stages, both ways."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core.edits import Edit, EditMap, apply_edits


@st.composite
def edited_texts(draw, max_size: int = 30) -> tuple[str, list[Edit]]:
    """A text and sorted, non-overlapping edits on it: removals, replacements, insertions."""
    text = draw(st.text(st.sampled_from("ab<>{}\n \U0001F600"), max_size=max_size))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        replacement = draw(st.sampled_from(["", "", "x", "XY", " "]))
        if start == end and not replacement:
            replacement = "+"  # an empty edit that inserts nothing is no edit
        if edits and edits[-1].end == start and edits[-1].start == start == end:
            continue  # two insertions at one point would be one edit
        edits.append(Edit(start, end, replacement, "r"))
    return text, edits


def _produced(edit_map: EditMap, q: int) -> bool:
    """Whether output character ``q`` came from a replacement."""
    return any(s <= q < e for s, e in zip(edit_map.out_starts, edit_map.out_ends))


def _removed(edit_map: EditMap, p: int) -> bool:
    """Whether input character ``p`` was removed or replaced."""
    return any(s <= p < e for s, e in zip(edit_map.starts, edit_map.ends))


@settings(max_examples=300, deadline=None)
@given(case=edited_texts())
def test_bounds_monotone_and_copied_characters(case):
    text, edits = case
    out = apply_edits(text, edits)
    edit_map = EditMap(edits, len(text))
    assert edit_map.out_len == len(out)
    previous = (0, 0)
    for q in range(len(out) + 1):
        left, right = edit_map.to_input(q), edit_map.to_input(q, right=True)
        assert 0 <= left <= len(text) and 0 <= right <= len(text)
        assert left >= previous[0] and right >= previous[1], q
        previous = (left, right)
        if q < len(out) and not _produced(edit_map, q):
            # An untouched character maps onto itself, both ways (inversion).
            assert text[left] == out[q]
            assert edit_map.to_input(q + 1, right=True) == left + 1
            assert edit_map.to_output(left) == q
    previous = (0, 0)
    for p in range(len(text) + 1):
        left, right = edit_map.to_output(p), edit_map.to_output(p, right=True)
        assert 0 <= left <= len(out) and 0 <= right <= len(out)
        assert left >= previous[0] and right >= previous[1], p
        previous = (left, right)
        if p < len(text) and not _removed(edit_map, p):
            assert out[left] == text[p]
            assert edit_map.to_input(left) == p


@settings(max_examples=200, deadline=None)
@given(case=edited_texts())
def test_a_non_empty_span_never_crosses(case):
    # Only an empty span on a removal may map to start > end; a span with
    # content always maps to a span, both ways.
    text, edits = case
    edit_map = EditMap(edits, len(text))
    for a in range(edit_map.out_len):
        for b in range(a + 1, min(a + 4, edit_map.out_len) + 1):
            assert edit_map.to_input(a) <= edit_map.to_input(b, right=True)
    for a in range(len(text)):
        for b in range(a + 1, min(a + 4, len(text)) + 1):
            assert edit_map.to_output(a) <= edit_map.to_output(b, right=True)


@settings(max_examples=200, deadline=None)
@given(first=edited_texts(), data=st.data())
def test_composition_of_two_stages(first, data):
    # A chain maps through each stage in turn: a character copied by both
    # stages lands on the same raw character.
    raw, edits = first
    middle = apply_edits(raw, edits)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(middle)), max_size=6)))
    second = [Edit(s, e, "" if s < e else "+", "r2") for s, e in zip(cuts[::2], cuts[1::2])]
    second = [e for i, e in enumerate(second) if not (i and e.start == e.end == second[i - 1].end)]
    out = apply_edits(middle, second)
    maps = [EditMap(edits, len(raw)), EditMap(second, len(middle))]
    for q in range(len(out)):
        if _produced(maps[1], q):
            continue
        m = maps[1].to_input(q)
        if _produced(maps[0], m):
            continue
        assert raw[maps[0].to_input(m)] == out[q]
    # The whole text maps to the whole text: a span's end at the start and its
    # start at the end stay at the ends, whatever was inserted or removed there.
    assert maps[0].to_input(maps[1].to_input(0, right=True), right=True) == 0
    assert maps[0].to_input(maps[1].to_input(len(out))) == len(raw)
    assert maps[1].to_output(maps[0].to_output(0, right=True), right=True) == 0
    assert maps[1].to_output(maps[0].to_output(len(raw))) == len(out)


def test_replacement_maps_to_its_whole_source():
    edit_map = EditMap([Edit(2, 5, "X", "r")], 8)  # "ab<c>de" style: [2, 5) became "X"
    assert edit_map.out_len == 6
    assert (edit_map.to_input(2), edit_map.to_input(3, right=True)) == (2, 5)
    assert (edit_map.to_output(3), edit_map.to_output(4, right=True)) == (2, 3)
    assert edit_map.to_input(4) == 6 and edit_map.to_output(6) == 4


def test_empty_spans_on_a_removal_and_an_insertion():
    removal = EditMap([Edit(2, 5, "", "r")], 8)
    # The output point where text was removed: a span starting there starts
    # after the removed piece, a span ending there ends before it.
    assert removal.to_input(2) == 5
    assert removal.to_input(2, right=True) == 2
    # Every input point inside the removed piece lands on that one output point.
    assert {removal.to_output(p) for p in range(2, 6)} == {2}
    assert {removal.to_output(p, right=True) for p in range(3, 6)} == {2}

    insertion = EditMap([Edit(3, 3, "new", "r")], 5)
    assert insertion.out_len == 8
    assert (insertion.to_input(3), insertion.to_input(6, right=True)) == (3, 3)
    assert insertion.to_output(3) == 6 and insertion.to_output(3, right=True) == 3
    assert insertion.to_input(7) == 4


def test_removal_next_to_a_replacement():
    # The shape behind the first issue-8 counterexample: a removal, then a
    # replacement at the same output point.
    edit_map = EditMap([Edit(10, 17, "", "html"), Edit(17, 30, "\ue001", "references")], 31)
    assert edit_map.out_starts == [10, 10] and edit_map.out_ends == [10, 11]
    assert edit_map.to_input(10) == 17  # a span starting at the placeholder starts at its source
    assert edit_map.to_input(10, right=True) == 10  # a span ending there ends before the removal
    assert edit_map.to_input(11, right=True) == 30
    assert edit_map.edits_touching_output(10, 11) == [edit_map.edits[1]]
    assert edit_map.edits_touching_output(9, 11) == list(edit_map.edits)


def test_bounds_clamp_at_both_ends():
    edit_map = EditMap([Edit(0, 2, "", "r"), Edit(4, 6, "xyz", "r")], 6)
    assert edit_map.out_len == 5
    assert edit_map.to_input(0) == 2 and edit_map.to_input(0, right=True) == 0
    assert edit_map.to_input(5, right=True) == 6 and edit_map.to_output(6, right=True) == 5
    assert edit_map.to_output(0) == 0 and edit_map.to_output(1) == 0


def test_copy_runs_split_around_edits():
    edit_map = EditMap([Edit(1, 2, "", "r"), Edit(4, 4, "ZZ", "r")], 6)  # "abcdef" -> "acdZZef"
    assert apply_edits("abcdef", edit_map.edits) == "acdZZef"
    # A run never spans a removal: each run is one contiguous piece of the input.
    assert edit_map.copy_runs(0, 7) == [(0, 1), (1, 3), (5, 7)]
    assert edit_map.copy_runs(3, 5) == []
    assert [edit_map.to_input(a) for a, _ in edit_map.copy_runs(0, 7)] == [0, 2, 4]


def test_no_edits_is_the_identity():
    edit_map = EditMap([], 4)
    assert len(edit_map) == 0 and edit_map.out_len == 4
    for p in range(5):
        assert edit_map.to_input(p) == edit_map.to_input(p, True) == p
        assert edit_map.to_output(p) == edit_map.to_output(p, True) == p
    assert edit_map.copy_runs(0, 4) == [(0, 4)]


@settings(max_examples=100, deadline=None)
@given(case=edited_texts())
def test_deferred_edits_are_made_once_and_map_alike(case):
    text, edits = case
    made = []

    def make():
        made.append(1)
        return list(edits)

    deferred = EditMap.deferred(make, len(edits), len(text))
    assert len(deferred) == len(edits) and not made  # counted without making them
    eager = EditMap(edits, len(text))
    assert deferred.out_len == eager.out_len == len(apply_edits(text, edits))
    for p in range(len(text) + 1):
        assert deferred.to_output(p) == eager.to_output(p)
        assert deferred.to_output(p, right=True) == eager.to_output(p, right=True)
    assert deferred.edits == edits and deferred.edits is deferred.edits
    assert made == [1]


@settings(max_examples=300, deadline=None)
@given(case=edited_texts(), data=st.data())
def test_map_ends_maps_as_to_output(case, data):
    """The pipeline's one-pass mapping of kept texts' ends, against the map's own."""
    from wikinorm.core.pipeline import _map_ends

    text, edits = case
    ends = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edit_map = EditMap(edits, len(text))
    assert _map_ends(ends, edits) == [edit_map.to_output(p) for p in ends]
