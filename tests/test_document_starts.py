"""Document internals an edit relies on: carried block-start shifts, the block cache's memo, kept hook shapes."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core import BlockCache, Config, Document, run
from wikinorm.core.document import Starts
from wikinorm.core.pipeline import plan_for


@st.composite
def splices(draw):
    """A list of increasing starts and a sequence of splices (first, resume or None, fresh, delta) on it."""
    starts = sorted(set(draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=40))))
    return [0] + starts, draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 6), st.integers(-5, 5),
                                                 st.booleans()), min_size=1, max_size=25))


@settings(max_examples=200, deadline=None)
@given(case=splices())
def test_starts_with_carried_shifts_equal_plain_offsets(case):
    true, steps = case
    starts = Starts(array("q", true))
    for pick, width, delta, keep in steps:
        n = len(true)
        first = pick % n
        resume = first + 1 + width if keep and first + 1 + width < n else None
        fresh = [true[first]]
        expected = true[:first] + fresh + ([s + delta for s in true[resume:]] if resume is not None else [])
        starts = starts.spliced(first, resume, fresh, delta)
        true = expected
        assert list(starts) == true
        assert len(starts) == len(true)
        assert [starts[i] for i in range(-len(true), len(true))] == true + true
        assert list(starts[first:]) == true[first:] and list(starts[: first + 1]) == true[: first + 1]


def test_the_cache_memo_counts_hits_and_keeps_the_order():
    plan = plan_for(Config.default())
    cache = BlockCache()
    a = cache.get("a '''b'''", plan)
    assert cache.get("a '''b'''", plan) is a  # the memo
    cache.get("c", plan)
    assert cache.get("a '''b'''", plan) is a  # the dictionary, then the memo again
    assert (cache.hits, cache.misses) == (2, 2)
    assert list(cache._entries)[-1][0] == "a '''b'''"  # most recently used last, as a plain lookup leaves it
    cache.clear()
    assert cache.get("a '''b'''", plan) is not a


def test_typing_in_one_place_keeps_the_whitespace_shape_and_equals_a_full_run():
    text = "\n\n".join(f"Paragraph {i} with '''bold''' text." for i in range(300))
    config = Config.default()
    document = Document(text, config)
    leads = document.result.final.leads
    at = text.index("Paragraph 150") + 9
    for k, letter in enumerate("xyz"):
        document.edit(at + k, at + k, letter)
        assert document.result.final.leads is leads  # kept, not recomputed
        assert document.result.text == run(document.text, config).text
    document.edit(at, at, "\n\n")  # a new paragraph: the hook runs again
    assert document.result.final.leads is not leads
    assert document.result.text == run(document.text, config).text
