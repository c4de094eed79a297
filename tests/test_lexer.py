"""The highlighting lexer: right kinds, multi-line state, never raises."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import corpus
from wikinorm.core.lexer import KINDS, lex_line, lex_text


def kinds_of(line: str, state: int = 0) -> dict[str, list[str]]:
    spans, _ = lex_line(line, state)
    found: dict[str, list[str]] = {}
    for start, length, kind in spans:
        found.setdefault(kind, []).append(line[start : start + length])
    return found


def test_each_kind_is_found():
    assert kinds_of("a {{cite|x=1}} b")["template"] == ["{{cite|x=1}}"]
    assert kinds_of("[[Paris|the capital]]")["link"] == ["[[Paris|the capital]]"]
    assert kinds_of("see [http://x.org the site] now")["external_link"] == ["[http://x.org the site]"]
    assert kinds_of("x<ref name=a>cite</ref>y")["ref"] == ["<ref name=a>cite</ref>"]
    assert kinds_of('x<ref name="a" />y')["ref"] == ['<ref name="a" />']
    assert kinds_of("a<br/>b<span class=x>c</span>")["tag"] == ["<br/>", "<span class=x>", "</span>"]
    assert kinds_of("a <!-- hidden --> b")["comment"] == ["<!-- hidden -->"]
    assert kinds_of("== History ==")["heading"] == ["== History =="]
    assert kinds_of("a&nbsp;b&#233;&#x2013;")["entity"] == ["&nbsp;", "&#233;", "&#x2013;"]
    assert kinds_of("{| class=wikitable")["table"] == ["{|"]
    assert kinds_of("| a || b")["table"] == ["|", "||"]
    assert kinds_of("'''bold''' and ''it''")["formatting"] == ["'''", "'''", "''", "''"]
    assert kinds_of("*# item")["list_marker"] == ["*#"]
    assert kinds_of("x __NOTOC__ y")["magic_word"] == ["__NOTOC__"]
    assert set(KINDS) >= {k for line in ["{{a}}[[b]]<ref>c</ref>"] for k in kinds_of(line)}


def test_nested_templates_and_links_are_one_region():
    spans, state = lex_line("{{a|{{b}}|c}} [[File:x.jpg|a [[b]] c]]")
    assert state == 0
    assert (0, 13, "template") in spans
    assert (14, 24, "link") in spans


def test_multiline_template_carries_depth():
    lines = ["{{Infobox", "| name = {{nowrap|x}}", "}} after"]
    state = 0
    result = []
    for line in lines:
        spans, state = lex_line(line, state)
        result.append(spans)
    assert result[0][0] == (0, 9, "template")
    assert result[1][0] == (0, len(lines[1]), "template")
    assert result[2][0] == (0, 2, "template")
    assert state == 0


def test_multiline_comment_and_ref():
    out = lex_text("a <!-- one\ntwo\nthree --> b\nx<ref>one\ntwo</ref> y")
    assert out[0] == [(2, 8, "comment")]
    assert out[1] == [(0, 3, "comment")]
    assert out[2] == [(0, 9, "comment")]
    assert (1, 8, "ref") in out[3]
    assert (0, 9, "ref") in out[4]


def test_markup_inside_comment_is_ignored():
    spans, state = lex_line("<!-- {{not a template [[x]] -->")
    assert spans == [(0, 31, "comment")]
    assert state == 0


def test_heading_not_detected_inside_template():
    _, state = lex_line("{{a")
    spans, _ = lex_line("== not a heading ==", state)
    assert all(kind != "heading" for _, _, kind in spans)


def test_stray_closers_and_negative_state():
    spans, state = lex_line("}} ]] </ref> -->", -1)
    assert state == 0
    assert all(0 <= s and s + n <= 16 for s, n, _ in spans)


def _check(line: str, spans, state) -> None:
    assert isinstance(state, int) and 0 <= state < 2**31
    for start, length, kind in spans:
        assert kind in KINDS
        assert length > 0
        assert 0 <= start and start + length <= len(line)


@given(st.text(alphabet=st.sampled_from(list("{}[]<>!-=|'&#;:*_ abAZref/hts:\n\t\U0001F600")), max_size=200),
       st.integers(min_value=-5, max_value=2**12))
@settings(max_examples=400, deadline=None)
def test_fuzz_markup_alphabet_never_raises(text, state):
    for line in text.split("\n"):
        spans, state = lex_line(line, state)
        _check(line, spans, state)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_fuzz_any_text_never_raises(text):
    state = 0
    for line in text.split("\n"):
        spans, state = lex_line(line, state)
        _check(line, spans, state)


def test_deep_nesting_is_capped():
    spans, state = lex_line("{{" * 1000)
    _check("{{" * 1000, spans, state)
    spans, state = lex_line("}}" * 1000, state)
    assert state == 0


def test_largest_corpus_article_is_fast():
    largest = corpus.largest_article()
    if largest is None:
        pytest.skip(corpus.missing(corpus.ARTICLES))
    text = corpus.read(largest)
    start = time.perf_counter()
    out = lex_text(text)
    elapsed = time.perf_counter() - start
    assert len(out) == text.count("\n") + 1
    # Generous bound: highlighting the whole article must not take seconds.
    assert elapsed < 2.0
