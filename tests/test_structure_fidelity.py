"""Issue-11 structure classes: indented tables, link labels over lines, row syntax among
templates, escaped wikitext, and the reference tokenizer's possessives and initials.

Each case is a small excerpt written for the class, not a corpus page.
"""

from __future__ import annotations

import re

import pytest
from document_checks import check_alignment, check_same_as_full_run, check_split_restarts

from bench.corpus import ARTICLES, corpus_params, read

from wikinorm.core import Document, run
from wikinorm.core.blocks import split
from wikinorm.core.presets import builtin_preset

PLAIN = builtin_preset("plain").config
REFERENCE = builtin_preset("reference").config
LINES = PLAIN.with_option("tables", "mode", "lines")

# Table syntax that must never reach the output.
TABLE_SYNTAX = re.compile(r"\{\||\|\}|\|-|\|\||!!|class=")


def out(text: str, config=PLAIN) -> str:
    result = run(text, config)
    check_alignment(result, samples=60)
    return result.text


# --- 1. indented tables -------------------------------------------------------------

INDENTED = [
    'Intro\n:{| class="wikitable"\n|-\n! Year !! Team\n|-\n| 1990 || Alpha\n|}\nAfter',
    'Intro\n::{| class="wikitable"\n| 1990 || Alpha\n|}\nAfter',
    'Intro\n: {| class="wikitable"\n| 1990 || Alpha\n|}\nAfter',
    'Intro\n*{| class="wikitable"\n| 1990 || Alpha\n|}\nAfter',
    'Intro\n#{|\n|-\n| 1990\n| Alpha\n|}\nAfter',
]


@pytest.mark.parametrize("text", INDENTED)
def test_indented_table_is_one_block(text):
    starts = split(text)
    table = text.index("{|")
    line = text.rfind("\n", 0, table) + 1
    assert line in starts
    following = [s for s in starts if s > line]
    assert following and text[following[0] - 1 :].startswith("\nAfter")
    check_split_restarts(text)


@pytest.mark.parametrize("text", INDENTED)
@pytest.mark.parametrize("config", [PLAIN, REFERENCE], ids=["plain", "reference"])
def test_indented_table_dropped(text, config):
    normalized = out(text, config)
    assert not TABLE_SYNTAX.search(normalized), normalized
    assert "1990" not in normalized and "lpha" not in normalized
    assert normalized.lower().replace("\n", " ").split() == ["intro", "after"]


@pytest.mark.parametrize("text", INDENTED)
def test_indented_table_lines_keep_cells(text):
    normalized = out(text, LINES)
    assert not TABLE_SYNTAX.search(normalized), normalized
    lines = [line.strip() for line in normalized.splitlines() if line.strip()]
    assert lines[0] == "Intro" and lines[-1] == "After"
    assert "1990" in lines and "Alpha" in lines


def test_unclosed_indented_table_is_text_for_the_lists_rule():
    # No |} ever: not a table; the indent goes as a list marker would.
    assert out("Intro\n:{| x\nmore") == "Intro\n{| x\nmore"


def test_indented_table_edit_matches_full_run():
    text = "a\n:{|\n| x\nb\nc"
    document = Document(text, PLAIN)
    document.edit(len(text), len(text), "\n|}\nd")
    check_same_as_full_run(document)
    assert "x" not in document.result.text and "{|" not in document.result.text


# --- 3. a link label across a line break --------------------------------------------


@pytest.mark.parametrize("config", [PLAIN, REFERENCE], ids=["plain", "reference"])
def test_link_label_over_a_line_break(config):
    text = "Paid in [[Pound sterling|\npounds]] and [[Euro|eu\nros]] today.\nNext"
    assert split(text) == [0, text.index("Next")]
    normalized = out(text, config)
    assert "[[" not in normalized and "]]" not in normalized and "|" not in normalized
    assert "sterling" not in normalized.lower()
    assert "pounds" in normalized
    check_split_restarts(text)


def test_unclosed_link_holds_no_more_than_its_paragraph():
    text = "a [[x|y\nb\n\nc\nd ]]\ne"
    # The [[ is not closed before the blank line: every newline is a boundary.
    assert split(text) == [0, 8, 10, 11, 13, 18]
    # Nor before another link opens.
    text = "a [[x|y\nb [[c]]\nd ]]\ne"
    assert split(text) == [0, 8, 16, 21]


def test_link_label_edit_matches_full_run():
    text = "a [[x|y\nb\nc"
    document = Document(text, PLAIN)
    document.edit(9, 9, "]]")  # after "b": the label now spans the line break
    check_same_as_full_run(document)
    assert document.result.text.startswith("a y\nb")
    assert split(document.text) == [0, 12]


# --- 4. row syntax among templates --------------------------------------------------

SUCCESSION = (
    "He was king.\n"
    "{{s-start}}\n{{s-reg|uk}}\n{{s-bef|before=[[Anne]]}}\n{{s-ttl|title=King|years=1714–1727}}\n"
    "{{s-aft|after=[[George II]]}}\n|-\n{{s-legal}}\n{{s-bef|before=X}}\n|- style=\"x\"\n"
    "{{s-aft|after=Y}}\n|}\n{{s-end}}\nAfter the box."
)


@pytest.mark.parametrize("config", [PLAIN, REFERENCE, LINES], ids=["plain", "reference", "lines"])
def test_succession_box_row_syntax_goes(config):
    normalized = out(SUCCESSION, config)
    assert not TABLE_SYNTAX.search(normalized), normalized
    assert "style" not in normalized
    assert normalized.lower().replace(".", " ").split() == ["he", "was", "king", "after", "the", "box"]


BOXES = [
    "He was mayor.\n{{s-start}}\n{{s-off}}\n|-\n! colspan=\"3\" | Political offices\n|-\n"
    "{{s-bef|before=[[A]]}}\n{{s-ttl|title=Mayor|years=1990–1995}}\n{{s-aft|after=[[B]]}}\n"
    "|-\n| a cell line\n{{s-end}}\nAfter the box.",
    "He was mayor.\n{{Start box}}\n! Header row\n| a cell line\n{{End box}}\nAfter the box.",
    "He was mayor.\n{{S-start}}\n{{s-ttl|title=Mayor}}\n! [[Political offices]]\n{{S-end}}\n\nAfter the box.",
]


@pytest.mark.parametrize("text", BOXES)
@pytest.mark.parametrize("config", [PLAIN, REFERENCE, LINES], ids=["plain", "reference", "lines"])
def test_succession_box_header_and_cell_lines_go(text, config):
    normalized = out(text, config)
    assert normalized.lower().replace(".", " ").split() == ["he", "was", "mayor", "after", "the", "box"]


def test_cell_lines_stay_outside_a_closed_box():
    # Before a box, after it, and in a box never closed: nothing says they are cells.
    text = "! Before\n{{s-start}}\n! In\n{{s-end}}\n| After\n{{start box}}\n! Open"
    assert out(text) == "! Before\n\n| After\n\n! Open"


def test_succession_box_edits_match_full_run():
    text = "A.\n{{s-start}}\n! Offices\n| cell\nB."
    document = Document(text, PLAIN)
    assert "Offices" in document.result.text  # not closed yet
    document.edit(len(text), len(text), "\n{{s-end}}")
    assert "Offices" not in document.result.text
    check_same_as_full_run(document)
    start = document.text.index("Offices")
    document.edit(start, start + len("Offices"), "Political offices")  # a cell line's text changes
    assert "offices" not in document.result.text
    check_same_as_full_run(document)


def test_row_syntax_inside_a_table_or_kept_template_is_theirs():
    # In lines mode the table's own |- rows must reach the parser intact.
    text = "{|\n|-\n| a\n|-\n| b\n|}"
    assert out(text, LINES).split() == ["a", "b"]
    # Outside any table, a line that may hold text (a cell's, or prose) is kept.
    assert out("x\n| a cell?\ny") == "x\n| a cell?\ny"
    # A stray |} line goes; a |}} closing a template does not count as one.
    assert out("x\n|}\ny") == "x\n\ny"


# --- 9. the reference tokenizer: plural possessives and initials ----------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("the cells' fault", "the cells' fault"),
        ("It was the cells' fault.", "it was the cells' fault ."),
        ("the cells', then", "the cells' , then"),
        ("''the cells' fault''", "the cells' fault"),
        ("the [[cell]]s' fault", "the cells' fault"),
        # a possessive before a removed construct keeps its space to the next word
        ("the cells'<ref>Smith</ref> fault", "the cells' smith fault"),
        ("the cells'{{efn|x}} fault", "the cells' fault"),
        # the singular clitic splits, as in the reference file (agent 's)
        ("the agent's body", "the agent 's body"),
    ],
)
def test_reference_plural_possessive_is_one_token(raw, expected):
    assert out(raw, REFERENCE) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        # a capital's period at the end of the text (of a block) ends a sentence
        ("They chose Plan B.", "they chose plan b ."),
        ("the First World War I.\n\nThe war", "the first world war i . the war"),
        ("'''Plan B.'''", "plan b ."),
        ('He said "Plan B."', "he said '' plan b . ''"),
        # an initial before a name, or before a lowercase word, stays with its letter
        # (corpus: Joseph J. and Ralph E. Bernstein; P. pyrifolia; M. F. et al.)
        ("He met John F. Kennedy.", "he met john f. kennedy ."),
        ("J. R. R. Tolkien wrote it", "j. r. r. tolkien wrote it"),
        ("brothers Joseph J. and Ralph E. Bernstein", "brothers joseph j. and ralph e. bernstein"),
        ("species include P. pyrifolia, and", "species include p. pyrifolia , and"),
        ("see note a.", "see note a."),
    ],
)
def test_reference_capital_initial_or_sentence_end(raw, expected):
    assert out(raw, REFERENCE) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        # a capital's period that ends a kept reference's text ends a sentence
        ("Seen.<ref>Source B.</ref> here", "seen . source b . here"),
        ("Seen<ref>Source B.</ref> here", "seen source b . here"),
        ("Seen.<ref>Source B. </ref> here", "seen . source b . here"),
        ("Seen.<ref>Smith, Plan B.{{cite web|title=X}}</ref> here", "seen . smith , plan b . here"),
        ("Seen.<ref name=\"s\">Author, ''Plan B.''</ref> here", "seen . author , plan b . here"),
        ("Seen.<ref>Source B.</ref><ref>Source C.</ref> here", "seen . source b . source c . here"),
        # a reference whose kept text is empty (a citation template): it ends after the period
        # (corpus: Germany, Apollo 11)
        ("died in World War I.<ref>{{cite news|url=x}}</ref> The war", "died in world war i . the war"),
        ("Go.<ref>X B.</ref>\nStop.<ref>Y C.</ref> end", "go . x b . stop . y c . end"),
        # initials inside or before a kept reference stay with their letters
        ("Seen.<ref>John F. Kennedy</ref> here", "seen . john f. kennedy here"),
        ("Seen.<ref>Joseph J. and Ralph</ref> here", "seen . joseph j. and ralph here"),
        ("Seen.<ref>see P. pyrifolia</ref> here", "seen . see p. pyrifolia here"),
        ("Seen.<ref>O. a. adametzi</ref> here", "seen . o. a. adametzi here"),
        ("J. F.<ref>x</ref> Kennedy", "j. f. x kennedy"),
    ],
)
def test_reference_capital_period_ends_kept_reference(raw, expected):
    assert out(raw, REFERENCE) == expected


def test_kept_reference_end_edit_matches_full_run():
    # An edit that closes the reference after "B." makes the period a sentence end.
    text = "Seen.<ref>Source B. and more</ref> here\nnext"
    document = Document(text, REFERENCE)
    start = text.index(" and more")
    document.edit(start, start + len(" and more"), "")
    assert document.result.text.startswith("seen . source b . here")
    check_same_as_full_run(document)


def test_kept_reference_ends_map_as_an_edit_map_maps_a_start():
    from wikinorm.core.edits import Edit, EditMap
    from wikinorm.core.pipeline import _map_ends

    # An insertion, a replacement, a removal, an insertion where a replacement starts.
    edits = [Edit(1, 1, "ab", "r"), Edit(3, 6, "x", "r"), Edit(8, 10, "", "r"), Edit(12, 12, "y", "r"),
             Edit(12, 14, "zz", "r")]
    edit_map = EditMap(edits, 16)
    ends = list(range(17))
    assert _map_ends(ends, edits) == [edit_map.to_output(p) for p in ends]


def test_kept_reference_ends_only_in_keep_text_mode():
    # Dropped references leave no end behind: the initial stays an initial.
    dropped = REFERENCE.with_option("references", "mode", "drop")
    assert out("Seen John F.<ref>Source</ref> Kennedy", dropped) == "seen john f. kennedy"


# --- 2. HTML-escaped wikitext -------------------------------------------------------

WIKITEXT = (
    "'''Paris''' is a city.<ref name=\"a\">Smith, ''Cities'', p.&nbsp;4.</ref> It has"
    " 2&nbsp;million people<!-- check -->.<ref>Jones &amp; Co.</ref>\n"
    "<!-- a comment\nover lines -->\n"
    "See<ref>\n{{cite web|title=X}}\n</ref> also [[Lyon|a city]] &ndash; far.<br />End"
)


def escape(text: str) -> str:
    """As an XML export or some APIs deliver wikitext."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.mark.parametrize("config", [PLAIN, REFERENCE], ids=["plain", "reference"])
def test_escaped_wikitext_reads_as_wikitext(config):
    escaped = escape(WIKITEXT)
    assert out(escaped, config) == out(WIKITEXT, config)
    assert split(escaped) == [0, escaped.index("&lt;!-- a"), escaped.index("See")]


def test_escaped_wikitext_is_reported_and_aligned():
    escaped = escape(WIKITEXT)
    result = run(escaped, PLAIN)
    report = {r.rule: r for r in result.explain()}
    assert report["unescape"].title == "Escaped wikitext" and report["unescape"].edits > 0
    # Its edits are a stage of their own, before the markup rules': each one escape.
    changes = result.changes("unescape")
    assert len(changes) == report["unescape"].edits == escaped.count("&")  # every escape starts with &
    assert all(escaped[c.raw_start : c.raw_end] in ("&amp;", "&lt;", "&gt;", "&quot;") for c in changes)
    assert result.text_after("unescape") == WIKITEXT
    # The space from a decoded no-break space maps back to the escaped entity it came from.
    alignment = result.alignment()
    at = result.text.index(" million")
    assert escaped[slice(*alignment.to_raw(at, at + 1))] == "&amp;nbsp;"


def test_escaped_wikitext_option_off():
    escaped = escape("A city.<ref>Smith</ref> End")
    off = PLAIN.with_enabled("unescape", False)
    assert out(escaped, off) == "A city.<ref>Smith</ref> End"
    assert out(escaped, PLAIN) == "A city. End"


@pytest.mark.parametrize(
    "text",
    [
        "<code>&lt;ref&gt;</code> opens a reference",  # real tags: the escapes mean the characters
        "Write &lt;ref&gt;Source&lt;/ref&gt;<!-- sic --> here",
        "if a &lt; b and b &gt; c",  # no escaped markup at all
    ],
)
def test_text_with_real_markup_or_no_escaped_markup_is_left(text):
    result = run(text, PLAIN)
    assert "unescape" not in result.counts
    assert "&" not in result.text  # the entities rule decodes them, as before


def test_typing_a_real_tag_turns_the_unescape_off_incrementally():
    text = "A&lt;ref&gt;B&lt;/ref&gt; c\nnext"
    document = Document(text, PLAIN)
    assert document.result.text == "A c\nnext"
    document.edit(len("A&lt;ref&gt;B&lt;/ref&gt; c"), len("A&lt;ref&gt;B&lt;/ref&gt; c"), " <b>x</b>")
    check_same_as_full_run(document)
    assert document.result.text.startswith("A<ref>B</ref> c x")


# Articles with the escaped constructs that span lines: comments, galleries, <math>, references.
ESCAPED_ARTICLES = [ARTICLES / f"{name}.wiki" for name in ("ASCII", "Abacus", "Accessibility", "Actinopterygii")]


@pytest.mark.parametrize("path", corpus_params([p for p in ESCAPED_ARTICLES if p.exists()]))
def test_escaped_corpus_article_reads_as_written(path):
    text = read(path)
    assert run(escape(text), PLAIN).text == run(text, PLAIN).text


def test_window_explain_panel_reports_the_unescape(qtbot):
    from wikinorm.gui.explain_view import ExplainView
    from wikinorm.gui.panels import explain_analysis

    view = ExplainView()
    qtbot.addWidget(view)
    view.show_analysis(explain_analysis(run(escape(WIKITEXT), PLAIN)))
    first = view.topLevelItem(0)
    assert first.text(0) == "Escaped wikitext" and first.text(1) == str(escape(WIKITEXT).count("&"))
    assert first.childCount() > 0 and "&lt;ref" in first.child(0).text(0) and "<ref" in first.child(0).text(2)
