"""The lean builder (core/tree.py) makes the tree mwparserfromhell's builder makes."""

from __future__ import annotations

import re

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Node, Tag
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.wikicode import Wikicode

from bench import corpus
from wikinorm.core.blocks import split
from wikinorm.core.guard import assess
from wikinorm.core.markup_data import KNOWN_TAGS, MULTILINE_TAGS, UNPARSED_TAGS
from wikinorm.core import tree
from wikinorm.core.tree import Code, Pruned, parse
from tree_helpers import record_tokenizer
from wikitext_strategies import MARKUP, dense_wikitext, wikitext


def shape(value):
    """A plain, comparable form of a tree: node types and every field, recursively."""
    if isinstance(value, Wikicode):
        return ("code", [shape(node) for node in value.nodes])
    if isinstance(value, (Node, Attribute, Parameter)):
        return (type(value).__name__, {k: shape(v) for k, v in sorted(vars(value).items())})
    if isinstance(value, list):
        return [shape(v) for v in value]
    return value


def outcome(build, text):
    try:
        return shape(build(text))
    except Exception as error:  # both must fail alike: the pipeline keeps such a block as written
        return ("error", type(error).__name__)


def runs_are_written_text(value) -> int:
    """Check that every node list's remembered run and node ends are what its nodes write; count the lists."""
    checked = 0
    if isinstance(value, Code):
        if value._ends is not None:
            checked += 1
            assert len(value._ends) == len(value.nodes)
            previous = 0
            for node, end in zip(value.nodes, value._ends):
                # A node's str() reads its lists' runs, each checked in turn below
                # (down to text nodes, which are what they say): one written text.
                assert value._text[previous:end] == str(node)
                previous = end
            assert previous == len(value._text)
        for node in value.nodes:
            checked += runs_are_written_text(node)
    elif isinstance(value, (Node, Attribute, Parameter)):
        for field in vars(value).values():
            for item in field if isinstance(field, list) else [field]:
                checked += runs_are_written_text(item)
    return checked


def tag_names(value, found: set[str]) -> set[str]:
    """The lower-case names of every tag in a tree."""
    if isinstance(value, Code):
        for node in value.nodes:
            tag_names(node, found)
    elif isinstance(value, (Node, Attribute, Parameter)):
        if isinstance(value, Tag):
            found.add(str(value.tag).strip().lower())
        for field in vars(value).values():
            for item in field if isinstance(field, list) else [field]:
                tag_names(item, found)
    return found


def same_runs_when_pruned(text: str, code: Code) -> None:
    """Pruning every tag gives the top-level nodes the runs they have when built."""
    pruned = parse(text, prune=frozenset(tag_names(code, set())))
    assert pruned._ends == code._ends and str(pruned) == str(code), text[:200]
    for node, built in zip(pruned.nodes, code.nodes):
        if isinstance(node, Pruned):
            assert isinstance(built, Tag) and node.name == str(built.tag).strip().lower()
        else:
            assert type(node) is type(built)


def same_tree(text: str) -> bool:
    """Check the tree and its runs; whether it has runs (False when the builder fell back)."""
    expected = outcome(lambda t: mwparserfromhell.parse(t, skip_style_tags=True), text)
    assert outcome(parse, text) == expected, text[:200]
    try:
        code = parse(text)
    except Exception:
        return False
    if code._ends is not None:
        assert code._text == text
    runs_are_written_text(code)
    if code._ends is not None:
        same_runs_when_pruned(text, code)
    return code._ends is not None


def test_a_list_remembers_its_run_of_the_text():
    code = parse('a<ref name="x y" group=g>b [[c|d]]</ref>\n* {{e|f=g}}')
    assert code._ends is not None and str(code.nodes[1].contents) == "b [[c|d]]"
    tag = code.nodes[1]
    assert code._text[code._ends[0]:code._ends[1]] == str(tag) == '<ref name="x y" group=g>b [[c|d]]</ref>'
    assert tag.contents._ends == [2, 9]
    assert str(code.nodes[3].tag) == "li" and code.nodes[3].tag._ends is None  # an implied name: no run


def test_the_tree_is_mwparserfromhells():
    for text in ["", "plain", "{{a|b|c=d|=e|f==g}}", "{{{1|x|y}}}", "[[a|b|c]]", "[http://x.org y]",
                 "[http://x.org]", "http://x.org z", "&amp;&#233;&#x1F600;&bogus;", "== H ==\n=x=",
                 "<!-- c -->", '<ref name="a b" group=x>t</ref><br/><br>', "<div\n class='c'>x</DIV >",
                 "{|\n|a||b\n|-\n!c\n|}", "\n* a\n# b\n: c\n; d\n----", "<ref>unclosed", "[[a|b", "{{a|"]:
        assert same_tree(text) or outcome(parse, text)[0] == "error", text


@settings(max_examples=300, deadline=None)
@given(wikitext)
def test_the_tree_is_mwparserfromhells_on_random_wikitext(text):
    same_tree(text)


@settings(max_examples=300, deadline=None)
@given(dense_wikitext)
def test_the_tree_is_mwparserfromhells_on_dense_markup(text):
    same_tree(text)


REFS = frozenset({"ref", "references", "table"})


def pruned_shape(code: Code):
    """Top-level node types, pruned names, node ends and every built node's fields."""
    return (code._ends, str(code), [node.name if isinstance(node, Pruned) else shape(node) for node in code.nodes])


def claiming_changes_nothing(text: str, prune: frozenset[str] = REFS) -> None:
    """Plain tags and tables claimed before the tokenizer give the tree pruning them after it gives."""
    expected = outcome(lambda t: pruned_shape(tree._parse(t, True, prune, ())), text)
    assert outcome(lambda t: pruned_shape(parse(t, prune=prune)), text) == expected, text[:200]


def test_plain_pruned_tags_never_reach_the_tokenizer(monkeypatch):
    read = record_tokenizer(monkeypatch)
    code = parse('a<ref name="x y">b [[c|d]] [http://e f]</ref> g<ref name=h />', prune=REFS)
    assert read and "<ref" not in read[-1]
    assert [type(node) for node in code.nodes] == [mwparserfromhell.nodes.Text, Pruned] * 2
    assert code._ends == [1, 45, 47, 61] and str(code) == code._text and "\ue000" not in code._text
    code = parse("a\n{|\n|b<ref>c</ref>||[[d]]\n|}\ne", prune=REFS)
    assert "{|" not in read[-1] and "<ref" not in read[-1]
    assert [node.name for node in code.nodes if isinstance(node, Pruned)] == ["table"] and code._ends == [2, 29, 31]
    # A run of filler (the caller's claims) is read as one character, and built as the run.
    text = f"[[a|b{tree.FILL * 40}]] {tree.FILL * 30}<ref>c</ref>"
    code = parse(text, prune=REFS, filled=[(5, 45), (48, 60), (60, 78)])
    assert len(read[-1]) == 10
    assert pruned_shape(code) == pruned_shape(tree._parse(text, True, REFS, ()))


def test_claimed_tags_come_back_only_from_top_level_text():
    for text in ["[[a|b<ref>c</ref>]] <ref>d</ref>", "== H<ref>x</ref> ==\n<ref>y</ref>", "{|\n|a<ref>b</ref>\n|}",
                 "<!-- <ref>x</ref> --><ref>y</ref>", "<nowiki><ref>x</ref></nowiki>", "<ref>a<ref>b</ref>c</ref>",
                 "<ref>[[a|b</ref>]]", "<ref>[http://x y</ref>]", "<ref>http://x.org</ref>", "<REF>a</Ref >",
                 "<ref name=\"a>b\">c</ref>", "<ref name=a/>b</ref>", "<ref>a\n== H ==\n</ref>", "x<ref>a</ref>\n* b",
                 "<span><ref>a</ref></span>", "{{a|<ref>b</ref>}}", "<ref>unclosed", "<references/>", "<ref/><ref/>",
                 "[http://x.org<ref>a</ref> b]", "http://x.org<ref>a</ref>", "''a<ref>b</ref>''",
                 "{|\n|a\n|}", "a\n{|\n|a||[[b|c]]<br />{{small|[[d]]}}\n|-\n! e\n|}\nf", " {|\n|a\n |}",
                 "x{|\n|a\n|}", "\n  {|\n|a\n|}", "{|\n|a\n  |}\n|}", "{|\n|a<ref>b\n|}\n</ref>\n|}",
                 "{|\n|{{a|\n|}\n}}\n|}", "{|\n|[[a|\n|}]]\n|}", "{|\n|<!--\n|}-->\n|}", "{{a|\n{|\n|b\n|}\n}}",
                 "{|\n| style=\"a|b\n|}", "{|\n|{|\n|a\n|}\n|}", "{| class=\"x\n|a\n|}", ":{|\n|a\n|}",
                 "<div>\n{|\n|a\n|}\n</div>", "{|\n|a\n|}<ref>b</ref>", "{|\n|a\r\n|}", "<ref>\x00</ref>",
                 "a<ref\n name=y></ref>", "<b<ref\n name=y></ref>", "<ref name=y\n></ref>", "<ref>a</ref\n>",
                 "{|\n|<small>a</small> || <font color=\"r\">b</font>\n|}", "{|\n|<small>a\n|}\n</small>\n|}",
                 "{|\n|<font color=\"r>a</font>\n|}\n\"></font>\n|}", "{|\n|<small>a</SMALL>\n|}",
                 "<ref>\n=</ref>=", "<ref>a\n=b</ref>=", "<ref>a\nb</ref>\n=c=", "<ref>[[a\n=b]]</ref>="]:
        claiming_changes_nothing(text)
    for text in ["<wbr></wbr>", "<br>a</br>", "<li>a</li>", "<td>a</td>", "<math><math></math>", "<nowiki>a</nowiki>"]:
        claiming_changes_nothing(text, frozenset({"wbr", "br", "li", "td", "math", "nowiki"}))


def test_a_mark_of_the_texts_own_is_read_as_written():
    # U+E002 is what the tokenizer reads for a filled span; one already in the
    # text turns marking off, and the builder must then take it as a character
    # (it gave each one a span back and parsed again, without end: every
    # markup rule was lost for the block).
    mark = tree._MARK
    for text, filled in [(f"{mark}{{{{a}}}} b", []), (f"{mark} <b>b</b>", []), (f"{mark}<ref>a</ref>", []),
                         (f"a{mark}[[b|c]]{tree.FILL * 5}<ref>d</ref>", [(8, 13)]), (f"{mark}{tree.FILL * 3}", [(1, 4)])]:
        assert pruned_shape(parse(text, prune=REFS, filled=filled)) == pruned_shape(tree._parse(text, True, REFS, ()))
        assert str(parse(text)) == text
    assert [type(node) for node in parse(f"{mark}{{{{a}}}}").nodes] == [mwparserfromhell.nodes.Text,
                                                                       mwparserfromhell.nodes.Template]


def test_filler_in_a_tag_name_keeps_its_length():
    # The tokenizer matches a closing tag to its opening one by name: filled
    # spans of different lengths there, each read as one mark, made a tag of
    # "<{{a}}>x</{{ab}}>" (found by bench/differential.py against 91d8225).
    fill = tree.FILL
    for text in [f"<{fill * 5}>x</{fill * 6}>", f"a<b{fill * 5}>x</b{fill * 6}>c", f"<{fill * 5} x>y</{fill * 7}>",
                 f"<{fill * 2}{fill * 3}>x</{fill * 6}>", f"<ref>a</ref{fill * 6}>"]:
        spans = [(m.start(), m.end()) for m in re.finditer(f"{fill}+", text)]
        expected = pruned_shape(tree._parse(text, True, REFS, ()))
        assert pruned_shape(parse(text, prune=REFS, filled=spans)) == expected, text
        assert pruned_shape(parse(text, prune=REFS, filled=[(2, 4)] if text[1] == fill else spans)) == expected


def test_a_claim_is_a_tag_the_tokenizer_names_so():
    # The claims' pattern is case-blind, which folds more than name.lower() (the
    # tokenizer's and the builder's test): "<referenceſ/>" (a long s) was claimed
    # as a <references/> and failed the walk, and "</referenceſ>" closed "<references>".
    for text in ["a<referenceſ/>b", "a<ref>x</ref>b<referenceſ>c</referenceſ>d", "a<references>x</referenceſ>y",
                 "a<references>x</referenceſ>y</references>z", "a<refereNces>x</REFERENCES>y", "<\u212aref>a</kref>"]:
        claiming_changes_nothing(text)
    claiming_changes_nothing("<linK>a</link> <link>b</lin\u212a>", frozenset({"link"}))


_REF_PIECES = ["<ref>", "</ref>", "<ref name=x/>", "<ref name=\"a b\">", "<ref\n name=y>", "<references/>",
               "<REF>", "</ref >", "[[a|b]]", "[http://x.org y]", "http://x.org", " ", "a", "\n",
               "{|", "\n{|", "\n|}", "\n |}", "\n|-", "\n| a || b", "\n! c", "{{small|[[a|b]]}}", "<br />", "| s=\"t\" |",
               "<small>", "</small>", "<small>x</small>", "<font color=\"red\">", "<font color=\"r>", "</font>", "<b>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_REF_PIECES + MARKUP), max_size=40).map("".join))
def test_claiming_plain_tags_changes_no_tree(text):
    claiming_changes_nothing(text)


#: Every tag name the strategies write (void, unparsed, implicitly closed ones among them).
ANY_TAG = REFS | frozenset(KNOWN_TAGS) | frozenset(UNPARSED_TAGS) | frozenset(MULTILINE_TAGS) | {"li", "dt", "dd", "td", "th", "tr"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_REF_PIECES + MARKUP), max_size=40).map("".join))
def test_claiming_any_plain_tag_changes_no_tree(text):
    claiming_changes_nothing(text, ANY_TAG)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_REF_PIECES + MARKUP + ["<", "</", ">", "<b", "</b", "<ref"]) | st.integers(1, 30), max_size=40),
       st.randoms())
def test_filler_read_as_one_character_changes_no_tree(parts, rnd):
    """The caller's filled spans, whole runs or pieces of one, nested or not, build the tree the text does."""
    text = ""
    spans = []
    for part in parts:
        if isinstance(part, int):
            start, end = len(text), len(text) + part
            cut = rnd.randint(start, end)
            spans += [(start, cut), (cut, end)] if rnd.random() < 0.3 else [(start, end)]
            if rnd.random() < 0.2:
                spans.append((rnd.randint(start, end), end))  # inside the run
            text += tree.FILL * part
        else:
            text += part
    expected = outcome(lambda t: pruned_shape(tree._parse(t, True, REFS, ())), text)
    assert outcome(lambda t: pruned_shape(parse(t, prune=REFS, filled=sorted(spans))), text) == expected, text[:200]


@pytest.mark.slow
def test_the_tree_is_mwparserfromhells_on_the_corpus():
    paths = corpus.articles()[::3] + corpus.edge_pages()
    if not paths:
        pytest.skip(corpus.missing(corpus.ARTICLES))
    for path in paths:
        text = corpus.read(path)
        starts = split(text) + [len(text)]
        for a, b in zip(starts, starts[1:]):
            block = text[a:b]
            if assess(block) is None:
                # Every corpus block keeps its runs: a fallback here would hide a miscounted token.
                assert same_tree(block) or outcome(parse, block)[0] == "error", block[:200]


_NO_MARKUP = st.lists(
    st.sampled_from(list("ab Zé9\n\t.,!?\"/()%$@+^`\\") + [tree.FILL, "\u00a0", "\u3000", "http", "ISBN ", "RFC 1", "\r"]),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NO_MARKUP)
def test_a_text_without_markup_characters_is_one_text_run(text):
    """What the markup phase relies on to skip the parser once claims took every markup character."""
    from mwparserfromhell.nodes import Text

    from wikinorm.core.markup import has_markup

    assert not has_markup(text)
    for code in (parse(text), mwparserfromhell.parse(text, skip_style_tags=True)):
        assert len(code.nodes) == 1 and type(code.nodes[0]) is Text and code.nodes[0].value == text, text
