"""settle() against a plain run-by-run statement of what it does, over random edit lists."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core.edits import Edit
from wikinorm.core.markup import CLOSING, HSPACE, OPENING, MarkupEdit, _closes_word, settle


def settle_by_runs(text, edits, allowed=None):
    """Each run of adjacent edits in turn: a run of removals with a glue one decides that one's glue."""
    chosen = [e for e in edits if allowed is None or e.rule_id in allowed]
    out = []
    i = 0
    while i < len(chosen):
        j = i + 1
        while j < len(chosen) and chosen[j].start == chosen[j - 1].end:
            j += 1
        run = chosen[i:j]
        glued = [k for k in range(i, j) if chosen[k].glue]
        if not glued or any(e.replacement for e in run):
            out.extend(Edit(*e[:4]) for e in run)
            i = j
            continue
        first_glue = glued[0]
        run_start, run_end = run[0].start, run[-1].end
        before = text[run_start - 1] if run_start > 0 else ""
        after = text[run_end] if run_end < len(text) else ""
        for k in range(i, j):
            e = chosen[k]
            start, replacement = e.start, ""
            if k == first_glue:
                if after in CLOSING and before and before in HSPACE and k == i:
                    while start > 0 and text[start - 1] in HSPACE:
                        start -= 1
                    if out and out[-1].end > start:
                        start = out[-1].end
                elif (
                    before and after and not before.isspace() and not after.isspace()
                    and after not in CLOSING and (before not in OPENING or _closes_word(text, run_start - 1))
                ):
                    replacement = " "
            out.append(Edit(start, e.end, replacement, e.rule_id))
        i = j
    return out


@st.composite
def texts_and_edits(draw):
    text = draw(st.text(alphabet="ab '(.,\t\u00a0", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        replacement = draw(st.sampled_from(["", "", "", "x"]))
        rule = draw(st.sampled_from(["links", "templates"]))
        glue = draw(st.booleans()) and not replacement
        if b > a or replacement:
            edits.append(MarkupEdit(a, b, replacement, rule, glue))
    return text, edits


@settings(max_examples=500, deadline=None)
@given(texts_and_edits(), st.sampled_from([None, frozenset({"links"}), frozenset()]))
def test_settle_decides_as_run_by_run(case, allowed):
    text, edits = case
    assert settle(text, edits, allowed) == settle_by_runs(text, edits, allowed)


def test_settle_examples():
    # A template between words leaves a space; before a full stop, it takes the space before it.
    assert settle("a{{x}}b", [MarkupEdit(1, 6, "", "templates", True)]) == [Edit(1, 6, " ", "templates")]
    assert settle("a <ref/>.", [MarkupEdit(2, 8, "", "references", True)]) == [Edit(1, 8, "", "references")]
    # A run with a replacement in it stays as it is.
    run = [MarkupEdit(1, 2, "", "templates", True), MarkupEdit(2, 3, "y", "links", False)]
    assert settle("abcd", run) == [Edit(1, 2, "", "templates"), Edit(2, 3, "y", "links")]
