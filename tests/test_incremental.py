"""Incremental documents: after any edit sequence, output and alignment equal a full run."""

from __future__ import annotations

import random

import pytest
from document_checks import check_edit, check_edit_sequence, check_same_as_full_run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikitext_strategies import FRAGMENTS, article_cases, config_of, configs, dense_wikitext, edit_steps, wikitext

from bench.corpus import articles as article_paths
from bench.corpus import corpus_params, read
from wikinorm.core import Config, Document, run
from wikinorm.core.changes import diff_range
from wikinorm.core.presets import builtin_preset

from bench.corpus import ARTICLES, missing

edits = st.lists(
    st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(FRAGMENTS) | st.text(max_size=4)),
    min_size=1,
    max_size=8,
)


@pytest.mark.slow
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=wikitext, config=configs(), steps=edits)
def test_random_edit_sequences_match_full_run(text, config, steps):
    document = Document(text, config)
    for x, y, new in steps:
        n = len(document.text)
        start = int(x * n)
        end = min(n, start + int(y * 6))
        check_edit(document, start, end, new)
        check_same_as_full_run(document)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dense_wikitext, config=configs(), steps=st.lists(edit_steps, min_size=1, max_size=6))
def test_random_markup_edits_on_dense_text_match_full_run(text, config, steps):
    check_edit_sequence(text, config, steps)


_ARTICLES = {p.stem: p for p in article_paths()}


@pytest.mark.corpus
@pytest.mark.skipif(not _ARTICLES, reason="shared corpus absent")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=article_cases(sorted(_ARTICLES) or ["-"], max_length=4000, max_steps=6))
def test_random_markup_edits_on_corpus_articles_match_full_run(case):
    check_edit_sequence(read(_ARTICLES[case.name])[: case.length], case.config, case.steps)


@pytest.mark.corpus
def test_table_closer_typed_at_a_block_start_resplits_like_a_full_run():
    # Issue 8 counterexample 2: after these edits the document had 8 blocks
    # where a full run had 7 ("\n|}" was one token, so |} typed at a block's
    # start swallowed the boundary newline before it).
    path = ARTICLES / "Transport_in_Angola.wiki"
    if not path.exists():
        pytest.skip(missing(path))
    config = config_of({
        "comments": {},
        "references": {"mode": "drop"},
        "links": {"wiki": "zh"},
        "formatting": {},
        "headings": {"mode": "drop"},
        "tables": {"mode": "drop"},
        "html": {},
        "mojibake": {},
        "whitespace": {"mode": "paragraphs"},
        "quotes": {"style": "leave"},
    })
    document = Document(read(path)[:5543], config)
    edits = [(2431, 2431, "|"), (2486, 2486, "</div>"), (2472, 2472, "[["), (162, 162, "|}</nowiki>\n{|#"),
             (808, 808, "|"), (2993, 2993, "*")]
    for start, end, new in edits:
        check_edit(document, start, end, new)
        check_same_as_full_run(document)


@pytest.mark.parametrize(
    "text, start, end, new",
    [
        ("Intro.\n== H ==\n", 12, 14, ""),  # the heading of an empty section, dropped, becomes text
        ("Intro.\n== H \n", 12, 12, "=="),  # and back
        ("Intro.\n\n== Empty ==\n\n== Next ==\nMore", 17, 19, ""),  # an empty section between two
    ],
)
def test_a_lead_follows_a_block_an_earlier_hook_no_longer_empties(text, start, end, new):
    # CI found it (tests/test_edit_window.py): the whitespace rule's leads were
    # kept from before the edit, when the headings rule had emptied the block,
    # so "Intro." and "== H" ran together in the edited document.
    document = Document(text, builtin_preset("plain").config)
    document.result.text
    check_edit(document, start, end, new)
    check_same_as_full_run(document)


@settings(max_examples=100, deadline=None)
@given(text=wikitext, other=wikitext)
def test_update_with_whole_text_equals_edit(text, other):
    document = Document(text, builtin_preset("plain").config)
    document.update(other)
    assert document.text == other
    check_same_as_full_run(document)


@given(old=st.text(max_size=30), new=st.text(max_size=30))
def test_diff_range(old, new):
    start, old_end, new_end = diff_range(old, new)
    assert old[:start] + new[start:new_end] + old[old_end:] == new
    assert old[:start] == new[:start] and old[old_end:] == new[new_end:]


def test_config_switch_reuses_cache_and_matches_full_run():
    text = "Intro [[a|b]].\n\n== H ==\n* item {{t}}\n"
    document = Document(text, builtin_preset("plain").config)
    for name in ("reference", "none", "plain", "reference"):
        document.set_config(builtin_preset(name).config)
        check_same_as_full_run(document)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(article_paths()[::6]))
def test_random_edits_on_corpus_article_match_full_run(path):
    text = read(path)
    rng = random.Random(path.name)
    document = Document(text, builtin_preset("reference" if rng.random() < 0.5 else "plain").config)
    for _ in range(6):
        n = len(document.text)
        start = rng.randint(0, n)
        end = min(n, start + rng.choice([0, 0, 1, 2, 10, 200]))
        check_edit(document, start, end, rng.choice(FRAGMENTS + ["x", "", "\n"]))
    check_same_as_full_run(document)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=wikitext, config=configs(), steps=st.lists(edit_steps, min_size=1, max_size=8))
def test_edits_never_joining_the_text_keep_its_lengths_and_content(text, config, steps):
    # An edit joins neither the raw nor the final text; each result's lengths are
    # carried from the one before. Here nothing asks for a text until the end.
    document = Document(text, config)
    expected = text
    for step in steps:
        start, end, new = step.resolve(expected)
        document.edit(start, end, new)
        expected = expected[:start] + new + expected[end:]
    result = document.result
    assert result.known_raw is None or len(steps) == 0
    full = run(expected, config)
    assert (result.raw_length, result.text_length) == (len(expected), len(full.text))
    for a in range(0, len(expected) + 1, max(1, len(expected) // 7)):
        for width in (0, 1, 5, 40):
            assert result.raw_slice(a, a + width) == expected[a : a + width]
    assert result.known_raw is None  # raw_slice read the blocks
    assert document.text == expected and result.text == full.text


def test_edit_rejects_out_of_range():
    document = Document("abc", Config.default())
    with pytest.raises(ValueError):
        document.edit(2, 10, "x")
    assert document.text == "abc"


def test_results_and_documents_leave_no_reference_cycles():
    # Results are freed by reference counting alone: the window freezes the heap
    # after loading a document and relies on it (a cycle here once kept every
    # block result alive until a full collection paused the UI).
    import gc

    text = "Intro [[a|b]].<ref>r</ref>\n\n== H ==\n* item {{convert|1|km}}\n{|\n|x\n|}"
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = run(text, builtin_preset("reference").config)
        assert result.steps[0].text and result.explain() and result.alignment().changes()
        del result
        document = Document(text, builtin_preset("plain").config)
        for i in range(5):
            document.edit(i, i, "x")
        document.set_config(builtin_preset("reference").config)
        del document
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def test_block_cache_can_be_freed_in_slices():
    from wikinorm.core import BlockCache

    cache = BlockCache()
    document = Document("\n".join(f"line {i} [[x]]" for i in range(50)), builtin_preset("plain").config, cache)
    assert cache.misses == 50
    assert cache.drop_some(20) is True
    assert cache.drop_some(1000) is False
    document.set_text(document.text)  # everything is computed again
    assert cache.misses == 100


def test_block_cache_is_bounded_by_bytes_least_recently_used_out():
    from wikinorm.core import BlockCache
    from wikinorm.core.pipeline import plan_for

    plan = plan_for(builtin_preset("plain").config)
    blocks = [f"line {i:02d} [[x|y]] {{{{t}}}}" for i in range(8)]
    probe = BlockCache(max_bytes=None)
    probe.get(blocks[0], plan)
    one = probe.bytes
    cache = BlockCache(max_bytes=5 * one)
    for block in blocks[:5]:
        cache.get(block, plan)
    assert len(cache) == 5 and cache.bytes == 5 * one and cache.evictions == 0
    cache.get(blocks[0], plan)  # a hit: now the most recently used
    cache.get(blocks[5], plan)  # a miss over the budget: the least recently used (1) goes
    assert len(cache) == 5 and cache.bytes <= cache.max_bytes and cache.evictions == 1
    misses = cache.misses
    cache.get(blocks[0], plan)
    assert cache.misses == misses
    cache.get(blocks[1], plan)
    assert cache.misses == misses + 1
    assert cache.drop_some(3) is True and len(cache) == 2 and cache.bytes == 2 * one


def test_an_unweighed_cache_keeps_every_block_and_weighs_none():
    from wikinorm.core import BlockCache

    config = builtin_preset("reference").config
    text = "Intro [[a|b]].<ref>r</ref>\n\n== H ==\n* item {{convert|1|km}}\nIntro [[a|b]].<ref>r</ref>"
    cache = BlockCache(max_bytes=None, weigh=False)
    document = Document(text, config, cache)
    assert cache.bytes == 0 and cache.evictions == 0
    assert len(cache) == 4 and cache.hits == 1  # the repeated line is computed once
    assert document.result.text == run(text, config).text == Document(text, config, BlockCache()).result.text
    assert BlockCache(max_bytes=5, weigh=False).weigh  # a bound needs the weights


def test_a_tiny_cache_changes_nothing_but_speed():
    from wikinorm.core import BlockCache

    text = "Intro [[a|b]].<ref>r</ref>\n\n== H ==\n* item {{convert|1|km}}\n{|\n|x\n|}\nend"
    document = Document(text, builtin_preset("reference").config, BlockCache(max_bytes=1))
    for i in range(0, len(text), 7):
        check_edit(document, i, i, "<ref>" if i % 2 else "x")
        check_same_as_full_run(document)


def test_a_document_over_the_cache_budget_keeps_its_blocks(monkeypatch):
    # A re-split fetches the blocks it passes again; evicted ones would be computed again.
    from wikinorm.core import BlockCache, blocks

    monkeypatch.setattr(blocks, "REACH", 500)
    text = "\n".join(f"Line {i} [[a|b]] {{{{t|{i}}}}}" for i in range(300))
    cache = BlockCache(max_bytes=1)
    document = Document(text, builtin_preset("reference").config, cache)
    assert cache.evictions == 0 and len(cache) == 300
    misses = cache.misses
    at = text.index("Line 150")
    document.edit(at, at, "{{")  # dropped 500 characters on: the blocks up to there are fetched again
    assert cache.misses == misses + 1
    check_same_as_full_run(document)


@pytest.mark.corpus
@pytest.mark.parametrize("preset", ["none", "plain", "reference"])
def test_opening_step_by_step_ends_with_the_document_of_a_full_run(preset):
    paths = article_paths()
    if not paths:
        pytest.skip(missing(ARTICLES))
    text = "\n\n".join(read(p) for p in paths[:6])
    config = builtin_preset(preset).config
    steps = list(Document.opening(text, config, first_screen=5_000, every=20_000))
    assert [s.document is not None for s in steps] == [False] * (len(steps) - 1) + [True]
    done = [s.done for s in steps]
    assert done == sorted(done) and done[0] >= 5_000 and done[-1] == len(text) == steps[0].total
    assert steps[0].preview is not None and all(s.preview is None for s in steps[1:])
    preview, document = steps[0].preview, steps[-1].document
    full = run(text, config)
    assert document.result.text == full.text and document.result.counts == full.counts
    assert document.starts == Document(text, config).starts
    # The first screen is the output of the first blocks (document-level shaping aside).
    assert len(preview.raw) >= 5_000
    first = run(preview.raw, config)
    assert preview.text == first.text
    assert full.text.startswith(preview.text)
    check_same_as_full_run(document)


def test_opening_a_text_shorter_than_a_screen_gives_one_step_with_both():
    (step,) = Document.opening("a\n\nb", Config.default())
    assert step.preview is step.document.result and step.done == step.total == 4
