"""Alignment invariants: hypothesis properties and every shared corpus article."""

from __future__ import annotations

import pytest
from document_checks import check_alignment, check_identity
from hypothesis import HealthCheck, given, settings
from wikitext_strategies import config_of, configs, dense_wikitext, wikitext

from bench.corpus import articles as article_paths
from bench.corpus import corpus_params, read
from wikinorm.core import Config, run
from wikinorm.core.presets import builtin_preset

PRESETS = {name: builtin_preset(name).config for name in ("plain", "reference", "none")}


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=wikitext, config=configs())
def test_alignment_invariants_hold_for_any_text_and_config(text, config):
    check_alignment(run(text, config), samples=50)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dense_wikitext, config=configs())
def test_alignment_invariants_hold_for_markup_dense_text(text, config):
    check_alignment(run(text, config), samples=50)


@settings(max_examples=100, deadline=None)
@given(text=dense_wikitext)
def test_every_rule_off_is_identity_on_markup_dense_text(text):
    check_identity(text)


def test_an_insertion_collapsed_onto_a_removal_maps_monotonically():
    # Issue 8 counterexample 1: tokenize's space before a ref placeholder maps,
    # through whitespace, onto the point where html removed <table>; the span
    # used to map past the removal while the empty span after it mapped before
    # it, so to_raw went backwards (17 then 10).
    text = " [[a|b]]\U00046b0bZ<table><ref name=x/><pre>\xa0"
    config = config_of({
        "comments": {},
        "references": {"mode": "footnotes"},
        "templates": {"default": "drop", "renderings": False},
        "formatting": {},
        "headings": {"mode": "drop"},
        "lists": {"mode": "drop"},
        "html": {"math": "placeholder"},
        "whitespace": {"mode": "paragraphs"},
        "tokenize": {},
        "quotes": {"style": "reference"},
    })
    result = run(text, config)
    alignment = result.alignment()
    for width in (0, 1, 3):
        spans = [alignment.to_raw(q, min(q + width, len(result.text))) for q in range(len(result.text) + 1)]
        assert spans == sorted(spans) and all(a <= b for a, b in spans), (width, spans)
        assert all(a <= c and b <= d for (a, b), (c, d) in zip(spans, spans[1:])), (width, spans)
    check_alignment(result, samples=len(result.text) + len(text))


@settings(max_examples=200, deadline=None)
@given(text=wikitext)
def test_every_rule_off_is_identity_with_identity_alignment(text):
    result = run(text, Config.none())
    assert result.text == text
    alignment = result.alignment()
    for q in range(0, len(text) + 1, max(1, len(text) // 20)):
        assert alignment.to_raw(q, q) == (q, q)
        assert alignment.to_output(q, q) == (q, q)
    assert alignment.copy_runs() == ([(0, len(text), 0)] if text else []) or all(
        a == r for a, _, r in alignment.copy_runs()
    )
    assert alignment.changes() == []


@settings(max_examples=200, deadline=None)
@given(text=wikitext, config=configs())
def test_stage_alignments_hold_too(text, config):
    result = run(text, config)
    for step in result.steps:
        alignment = result.alignment(step.rule_id)
        assert alignment.out_len == len(step.text)
        for out_start, out_end, raw_start in alignment.copy_runs():
            assert text[raw_start : raw_start + out_end - out_start] == step.text[out_start:out_end]


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(article_paths()))
@pytest.mark.parametrize("preset", ["plain", "reference"])
def test_alignment_invariants_on_corpus_article(path, preset):
    check_alignment(run(read(path), PRESETS[preset]))


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params(article_paths()[::10]))
def test_none_preset_is_identity_on_corpus(path):
    text = read(path)
    result = run(text, PRESETS["none"])
    assert result.text == text
    assert result.alignment().copy_runs()[0][0] == 0
