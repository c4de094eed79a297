"""Block splitting: where blocks end, and that re-splitting from any block start agrees with a full split."""

from __future__ import annotations

import pytest
from document_checks import check_split_restarts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wikitext_strategies import dense_wikitext, edit_steps

from wikinorm.core import Config, Document
from wikinorm.core.blocks import boundaries, split

SPLITS = [
    # tables: the newline before |} is inside the table, the one after it ends the block
    ("a\n{|\n|x\n|}\nb", [0, 2, 11]),
    ("{|\n|x\n |}\nb", [0, 10]),
    ("{|\n{|\n|}\n|}\nb", [0, 12]),
    # a stray |} at depth zero opens nothing and takes no newline with it
    ("a\n|}\nb", [0, 2, 5]),
    # comments: closed, and unclosed (runs to the end)
    ("a<!-- x\ny -->\nb", [0, 14]),
    ("a<!-- x\ny\nb", [0]),
    # raw tags: nothing inside opens anything; unclosed and unended run to the end
    ("<nowiki>x\n{{\n</nowiki>\nb", [0, 23]),
    ("<pre>\n{|\n</pre>\nc", [0, 16]),
    ("<nowiki>x\n{{\nb", [0]),
    ("<nowiki\nb\nc", [0]),
    ("<nowiki/>\n{{x}}\nb", [0, 10, 16]),
    # paired tags, with attributes over lines; unended openers and closers run to the end
    ("<ref>x\n</ref>\nb", [0, 14]),
    ("a<ref name=x\n>y</ref>\nb", [0, 22]),
    ("a<ref name=x/>\nb", [0, 15]),
    ("a<ref\nb\nc", [0]),
    ("a</ref\nb", [0]),
    # templates and file captions
    ("{{a\n}}\nb\n", [0, 7, 9]),
    ("[[File:x.jpg|a\n[[b]]\nc]]\nd", [0, 25]),
]


@pytest.mark.parametrize(("text", "starts"), SPLITS)
def test_split(text, starts):
    assert split(text) == starts
    check_split_restarts(text)


# (text, edit) pairs where an edit at a block start or far below once changed
# where earlier blocks end; a document must re-split to the full split.
EDITS = [
    ("a\n\nb\nc", (2, 2, "|}")),  # |} typed at a block start must not take the newline before it
    ("{|\n|x\nb\nc", (6, 6, "|}")),
    ("a<ref\nb\nc\nd", (11, 11, ">")),  # a > far below an unended opener
    ("a</ref\nb\nc", (10, 10, ">")),
    ("a<nowiki\nb\nc", (12, 12, ">")),
    ("x\n<!--\ny\nz", (9, 9, "-->")),
    ("a\n{|\n|x\n|}\nb\nc", (8, 11, "")),  # removing a table's end
    ("a\n{|\n|x\n|}\nb\nc", (2, 4, "")),  # removing a table's start
    ("<pre>a\n</pre>\nb\nc", (7, 13, "")),
    ("a\n<nowiki>\nb\n</nowiki>\nc", (2, 10, "")),
    ("{{\n}}\nb\nc", (3, 5, "")),
    ("a\nb\nc", (2, 2, "<ref>")),
    ("a\nb\nc", (1, 2, "")),
]


@pytest.mark.parametrize(("text", "edit"), EDITS)
def test_incremental_resplit_equals_full_split(text, edit):
    document = Document(text, Config.none())
    document.edit(*edit)
    assert document.starts == split(document.text)
    check_split_restarts(document.text)


def test_restart_requires_a_block_start():
    text = "a\nb\nc"
    assert list(boundaries(text)) == [1, 3]
    assert list(boundaries(text, 2)) == [3]
    assert list(boundaries(text, 4)) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dense_wikitext)
def test_restart_from_any_block_start_equals_full_split(text):
    check_split_restarts(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dense_wikitext, steps=st.lists(edit_steps, min_size=1, max_size=6))
def test_incremental_split_after_random_edits_equals_full_split(text, steps):
    document = Document(text, Config.none())
    for step in steps:
        document.edit(*step.resolve(document.text))
        assert document.starts == split(document.text)


def test_file_link_lookahead_turns_away_no_file_link():
    """The token pattern's look-ahead for file links holds because no namespace name has a stop character."""
    from wikinorm.core.markup_data import FILE_NAMESPACES

    names = {name for names in FILE_NAMESPACES.values() for name in names}
    assert names and not [name for name in names if set(name) & set("\n[]|:")]
    # A file link's caption spans lines; a plain link's label does not hold the block.
    assert split("[[ : File :a.jpg|x\ny]]\nb") == [0, 23]
    assert split("[[File|x\n\ny]]\nb") == [0, 9, 10, 14]


# --- template_spans: a whole simple template is one token; the spans are those of a brace-by-brace count


def _spans_counted(text: str) -> list[tuple[int, int]]:
    """The outermost ``{{…}}`` spans counted brace run by brace run (the oracle: no whole-template token)."""
    import re

    from wikinorm.core.blocks import _skip_unparsed

    braces = re.compile(_TEMPLATE_TOKENS, re.IGNORECASE)
    spans, depth, opened, pos = [], 0, 0, 0
    while True:
        match = braces.search(text, pos)
        if match is None:
            return spans
        token, pos = match.group(), match.end()
        if token[0] == "{":
            opened = match.start() if not depth else opened
            depth += len(token) // 2
        elif token[0] == "}":
            if depth:
                closes = len(token) // 2
                if closes >= depth:
                    spans.append((opened, match.start() + (len(token) if closes == depth else 2 * depth)))
                    depth = 0
                else:
                    depth -= closes
        else:
            pos = _skip_unparsed(text, match, pos)


def _template_tokens() -> str:
    from wikinorm.core.blocks import _RAW_TAGS

    return r"\{\{+|\}\}+|<!--|<(?P<raw>" + _RAW_TAGS + r")(?=[\s>/])[^>]*?(?P<rawself>/?)>"


_TEMPLATE_TOKENS = _template_tokens()


@pytest.mark.parametrize(
    "text, spans",
    [
        ("a {{b}} c", [(2, 7)]),
        ("{{a}}}", [(0, 6)]),  # a third } belongs to the run, as the count reads it (no whole token)
        ("{{a <!-- }} --> b}}", [(0, 19)]),  # no whole token over a comment
        ("{{a|{{b}}|{{c}}}} {{d}}", [(0, 17), (18, 23)]),
        ("{{{a|{{b}}}}}", [(0, 13)]),
        ("{{a <nowiki>}}</nowiki>}}", [(0, 25)]),
        ("{{a\n|b=c}}", [(0, 10)]),
    ],
)
def test_template_spans_examples(text, spans):
    from wikinorm.core.blocks import template_spans

    assert template_spans(text) == spans == _spans_counted(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["{", "}", "{{", "}}", "{{{", "}}}", "a", "\n", "|", "<", "<!--", "-->",
                                 "<nowiki>", "</nowiki>", "<nowiki/>", "<math>", "</math>"]), max_size=16).map("".join))
def test_template_spans_equal_a_brace_by_brace_count(text):
    from wikinorm.core.blocks import template_spans

    assert template_spans(text) == _spans_counted(text)
