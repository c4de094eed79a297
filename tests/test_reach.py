"""The block splitter's reach rule (``blocks.REACH``): an opener whose closer is out of reach is text.

The rule is checked against a reference that states it directly (rescan with
the failing openers ignored until none fails), on random dense wikitext with a
small reach; restarting from any block start and incremental editing must
still agree with a full split and a full run.
"""

from __future__ import annotations

import re

import pytest
from document_checks import check_edit_sequence, check_split_restarts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikitext_strategies import configs, dense_wikitext, edit_steps

from bench import corpus
from wikinorm.core import Config, Document, blocks
from wikinorm.core.blocks import boundaries, split

SMALL = 24


@pytest.fixture
def small_reach(monkeypatch):
    monkeypatch.setattr(blocks, "REACH", SMALL)
    return SMALL


# The splitter's tokens, with each tag's attributes and ">" (the old, unbounded form).
_REF_TOKEN = re.compile(
    r"<!--|\{\{|\}\}|(?P<file>\[" + blocks._FILE_LINK + r")|(?P<link>\[\[[^\n\[\]|]*\|)"
    r"|(?:(?<=\n)|^)[ \t]*" + blocks.INDENTED_TABLE + r"\{\||(?<=\n)[ \t]*\|\}"
    r"|<(?P<raw>" + blocks._RAW_TAGS + r")(?=[\s>/])(?P<rawend>[^>]*?(?P<rawself>/?)>)?"
    r"|<(?P<close>/?)(?P<tag>" + blocks._PAIRED_TAGS + r")(?=[\s>/])|\n",
    re.IGNORECASE,
)


def _constructs(text: str, ignored: set[int], ahead: dict[int, int | None]) -> tuple[list[int], list[tuple[int, int | None]]]:
    """Newlines and every opener's (start, end of its closer or None), openers in ``ignored`` read as text.

    ``ahead`` maps the start of each construct whose end is looked for ahead at
    the opener (comments, raw tags, file links, a tag's ``>``) to that end: the
    splitter drops those where it reads them, the others once their reach has passed.
    """
    newlines, spans = [], []
    braces, tables, tags = [], [], []
    pos = 0
    while pos < len(text):
        m = _REF_TOKEN.search(text, pos)
        if m is None:
            break
        at, kind = m.start(), m.group()
        if at in ignored and kind != "\n":
            # As text: read on after the opener's characters (a tag's name).
            pos = m.start("rawend") if m.group("rawend") else m.end()
            continue
        pos = m.end()
        if kind == "\n":
            newlines.append(at)
        elif kind == "<!--":
            close = text.find("-->", pos)
            spans.append((at, None if close < 0 else close + 3))
            ahead[at] = spans[-1][1]
            pos = len(text) if close < 0 else close + 3
        elif m.group("raw"):
            if not m.group("rawend"):
                spans.append((at, None))
                ahead[at] = None
                pos = len(text)
            elif m.group("rawself"):
                # Self-closing: the tag itself, to its "/>", must be in reach, as for any tag.
                spans.append((at, m.end()))
                ahead[at] = m.end()
            else:
                close = blocks._raw_close(m.group("raw")).search(text, pos)
                spans.append((at, None if close is None else close.end()))
                ahead[at] = spans[-1][1]
                pos = len(text) if close is None else close.end()
        elif m.group("link"):
            # A link's label may span lines; it must close before a blank line or another [[,
            # else the opener is text.
            stop = re.compile(r"\[\[|\]\]|\n\n").search(text, pos)
            if stop is not None and stop.group() == "]]":
                spans.append((at, stop.end()))
                ahead[at] = stop.end()
                pos = stop.end()
        elif m.group("file"):
            depth = 1
            while depth:
                b = blocks._LINK_BRACKETS.search(text, pos)
                if b is None:
                    break
                pos = b.end()
                depth += 1 if b.group() == "[[" else -1
            spans.append((at, pos if not depth else None))
            ahead[at] = spans[-1][1]
            if depth:
                pos = len(text)
        elif kind == "{{":
            braces.append(at)
        elif kind == "}}":
            if braces:
                spans.append((braces.pop(), m.end()))
        elif kind.endswith("{|"):
            tables.append(at)
        elif kind.endswith("|}"):
            if tables:
                spans.append((tables.pop(), m.end()))
        else:
            # The tag itself (to its ">") must be in reach; an opener's attributes
            # are read like the text inside it.
            gt = text.find(">", pos)
            spans.append((at, None if gt < 0 else gt + 1))
            ahead[at] = None if gt < 0 else gt + 1
            name = m.group("tag").lower()
            if gt < 0:
                pos = len(text)
            elif m.group("close"):
                pos = gt + 1
                if any(n == name for n, _ in tags):
                    while True:
                        n, s = tags.pop()
                        spans.append((s, gt + 1))
                        if n == name:
                            break
            elif gt > pos and text[gt - 1] == "/":
                pos = gt + 1
            else:
                tags.append((name, at))
    spans += [(s, None) for s in braces + tables] + [(s, None) for _, s in tags]
    return newlines, sorted(spans, key=lambda span: span[0])


def reference_split(text: str, reach: int) -> list[int]:
    """The rule as stated: ignore the first opener out of reach, rescan, until none is; then split.

    "First" in the splitter's reading order: a construct whose end is looked for
    ahead fails where it starts; any other once its reach has passed.
    """
    ignored: set[int] = set()

    def fails(start: int, end: int | None) -> bool:
        return (end - start if end is not None else len(text) - start) > reach

    while True:
        ahead: dict[int, int | None] = {}
        newlines, spans = _constructs(text, ignored, ahead)
        failing = [s for s, e in spans if fails(s, e)]
        if not failing:
            break
        ignored.add(min(failing, key=lambda s: s if s in ahead and fails(s, ahead[s]) else s + reach))
    covered = [(s, len(text) if e is None else e) for s, e in spans]
    return [0] + [n + 1 for n in newlines if not any(s < n < e for s, e in covered)]


REACH_SPLITS = [
    # (text, starts with REACH = 24)
    ("a{{b\nc}}\nd", [0, 9]),  # closed in reach: one block
    ("a{{b\n" + "c" * 30 + "\nd}}\ne", [0, 5, 36, 40]),  # closer out of reach: {{ is text
    ("a{{b\nc\nd", [0]),  # unclosed, the text ends in reach: runs to the end
    ("a{{b\nc\n" + "d" * 30, [0, 5, 7]),  # unclosed, the text goes on: dropped
    ("x<!--a\nb\n" + "c" * 30, [0, 7, 9]),
    ("x<!--a\nb-->\nc", [0, 12]),
    ("{{a\n{{b\n" + "c" * 15 + "}}\nd", [0, 4, 26]),  # the outer one drops; the inner one holds
    ("<ref\nb\n" + "c" * 30, [0, 5, 7]),  # a tag opener with no > in reach
    ("<hiero\n* <onlyinclude class=x/>", [0, 7]),  # a self-closing raw tag whose /> is out of reach
    ("a [[b|c\nd]] e\nf", [0, 14]),  # a link label over a line break holds
    ("a [[b|c\n\nd]] e\nf", [0, 8, 9, 15]),  # not over a blank line
    ("a [[b|c\n" + "d" * 30 + "]]\ne", [0, 8, 41]),  # nor out of reach
    (":{|\n|a\n|}\nb", [0, 10]),  # an indented table holds
    # The unclosed <nowiki> is text (dropped where it is read), so the {{ before it closes in reach.
    ("{{<nowiki>\n\n}}" + "x" * 13, [0]),
    # </ref> ends at its ">", 25 characters from <ref>: out of reach, though "</ref" is within it.
    ("<ref>\n={{{{  </bdi></ref>", [0, 6]),
    # A tag with no closer of its own in reach is dropped where it is read; a closer in any
    # case counts, and one inside a comment still keeps the tag open until its reach passes.
    ("<ref>a\nb\n" + "c" * 30, [0, 7, 9]),
    ("<ref>a\n</REF >\n" + "c" * 30, [0, 15]),
    ("<ref>a\n<!-- </ref> -->\nb" + "c" * 30, [0, 7, 23]),
    # The opener's ">" is its closer's: "<ref\n</ref/f>" reads its attributes like its
    # inside, so the closer starts within the tag and the tag holds.
    ("<ref\n</ref/f>" + "x" * 12, [0]),
    # An unclosed file link's caption runs to the text's end in reach (the oracle's file
    # token is built from blocks._FILE_LINK, which starts at the second bracket).
    ("[[File:a|\nb", [0]),
]


@pytest.mark.parametrize(("text", "starts"), REACH_SPLITS)
def test_reach_examples(small_reach, text, starts):
    assert split(text) == starts == reference_split(text, SMALL)
    check_split_restarts(text)


_OPENERS = st.sampled_from(["{{", "}}", "{|", "\n{|", "\n|}", "<ref>", "</ref>", "<ref name=a/>", "<!--", "-->",
                            "<nowiki>", "</nowiki>", "[[File:a|", "]]", "<ref", ">", "\n", "\n\n",
                            "[[a|", "\n:{|", "<hiero", "/>"])
_FILLER = st.integers(0, 2 * SMALL).map(lambda n: "x" * n)
long_wikitext = st.lists(_OPENERS | _FILLER | dense_wikitext, max_size=24).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=long_wikitext)
def test_split_follows_the_reach_rule(small_reach, text):
    dropped: list[int] = []
    assert split(text, dropped) == reference_split(text, SMALL)
    assert dropped == sorted(dropped)
    check_split_restarts(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=long_wikitext, steps=st.lists(edit_steps, min_size=1, max_size=6))
def test_incremental_split_with_small_reach_equals_full_split(small_reach, text, steps):
    check_re_split(text, steps)


def check_re_split(text: str, steps) -> None:
    """After each of ``steps``, the document's blocks and dropped openers are a full split's."""
    document = Document(text, Config.none())
    for step in steps:
        document.edit(*step.resolve(document.text))
        dropped: list[int] = []
        assert document.starts == split(document.text, dropped)
        assert list(document._dropped) == dropped


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=long_wikitext, config=configs(), steps=st.lists(edit_steps, min_size=1, max_size=5))
def test_edits_with_small_reach_match_full_run(small_reach, text, config, steps):
    check_edit_sequence(text, config, steps)


# Pages many reaches long: an edit's re-split reads a window of them (Document.edit),
# trusted up to its end less a reach; past that it reads on to the text's end.
paged_wikitext = st.lists(long_wikitext, min_size=6, max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=paged_wikitext, steps=st.lists(edit_steps, min_size=1, max_size=8))
def test_edits_re_split_in_a_window_like_a_full_split(small_reach, text, steps):
    check_re_split(text, steps)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=paged_wikitext, config=configs(), steps=st.lists(edit_steps, min_size=1, max_size=5))
def test_edits_in_a_window_match_full_run(small_reach, text, config, steps):
    check_edit_sequence(text, config, steps)


def test_an_edit_reads_a_window_not_the_whole_text(small_reach, monkeypatch):
    lines = [f"Line {i} {{{{t|{i}}}}} <ref>r</ref>" for i in range(2_000)]
    text = "\n".join(lines)
    read: list[int] = []

    def recording(window, start=0, dropped=None):
        read.append(len(window))
        return boundaries(window, start, dropped)

    monkeypatch.setattr(blocks, "boundaries", recording)
    document = Document(text, Config.none())
    read.clear()
    middle = text.index("\n", len(text) // 2) + 1
    document.edit(middle, middle, "x")
    assert read and max(read) < 10 * SMALL
    document.edit(middle, middle, "{{")  # holds a reach of text: the window is read past its trusted part
    assert document.starts == split(document.text)
    assert document.text == text[:middle] + "{{x" + text[middle:]


def test_an_opener_typed_mid_page_holds_at_most_its_reach():
    lines = [f"Line {i} with a [[link]] and {{{{t|{i}}}}}." for i in range(20_000)]
    text = "\n".join(lines)
    document = Document(text, Config.none())
    middle = text.index("\n", len(text) // 2) + 1
    document.edit(middle, middle, "{{")
    longest = max(b - a for a, b in zip(document.starts, document.starts[1:] + [len(document.text)]))
    assert longest < 100
    assert document.starts == split(document.text)
    document.edit(middle + 2, middle + 2, "x}}")  # closed at once: an ordinary template again
    assert document.starts == split(document.text)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus.corpus_params(corpus.articles() + corpus.edge_pages()))
def test_no_corpus_construct_is_out_of_reach(path):
    # REACH is chosen above the longest real construct: the corpus splits as if unbounded.
    dropped: list[int] = []
    split(corpus.read(path), dropped)
    assert dropped == []


@pytest.mark.corpus
def test_an_unclosed_opener_out_of_reach_leaves_the_page_as_it_was():
    # Before the reach rule "{{" atop a long page glued it into one block for the fallback.
    from wikinorm.core import run
    from wikinorm.core.presets import builtin_preset

    long_pages = [p for p in corpus.articles() if len(corpus.read(p)) > blocks.REACH][:2]
    if not long_pages:
        pytest.skip(corpus.missing(corpus.ARTICLES))
    config = builtin_preset("plain").config
    for path in long_pages:
        article = corpus.read(path)
        glued = run("{{\n" + article, config)
        assert glued.fallback_blocks == ()
        assert glued.text.endswith(run(article, config).text)


# Runs of unclosed openers whose closers come late, split or straddle where an earlier
# search stopped: the splitter remembers where a closer is absent (blocks._Absent),
# which must never change the split.
_LATE_CLOSERS = st.sampled_from(["<!--", "-->", "--", ">", "<nowiki>", "</nowiki>", "</NoWiki  >", "</nowiki\n>",
                                 "<pre", "</pre>", "<", "</", "<ref", "\n", "x", "xxxxxxx"])
closer_runs = st.lists(_LATE_CLOSERS | _FILLER, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=closer_runs)
def test_remembered_absent_closers_never_change_the_split(small_reach, text):
    assert split(text) == reference_split(text, SMALL)
    check_split_restarts(text)


def test_a_closer_known_absent_is_not_searched_for_again():
    # Each "<!--" looks REACH characters ahead for its "-->"; without remembering
    # where none was, 40,000 of them in a row would scan 4 billion characters.
    class Recording(str):
        searched: list = []

        def find(self, sub, start, end):  # noqa: D102
            self.searched.append((sub, start, end))
            return str.find(self, sub, start, end)

    text = Recording("<!--x" * 100)
    absent = blocks._Absent()
    assert absent.find(text, "-->", None, 4, 300) is None
    assert absent.find(text, "-->", None, 9, 305) is None  # only [298, 305) is new
    assert absent.find(text, "-->", None, 14, 200) is None  # known absent: no search at all
    assert Recording.searched == [("-->", 4, 300), ("-->", 298, 305)]
    # A closer straddling where the last search stopped is still found.
    text = "<!--" + "x" * 20 + "-->"
    absent = blocks._Absent()
    assert absent.find(text, "-->", None, 4, 25) is None
    assert absent.find(text, "-->", None, 5, 40) == 24
