"""The lean builder (core/tree.py) makes the tree mwparserfromhell's builder makes."""

from __future__ import annotations

import mwparserfromhell
import pytest
from hypothesis import given, settings
from mwparserfromhell.nodes import Node
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.wikicode import Wikicode

from bench import corpus
from wikinorm.core.blocks import split
from wikinorm.core.guard import assess
from wikinorm.core.tree import parse
from wikitext_strategies import dense_wikitext, wikitext


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


def same_tree(text: str) -> None:
    expected = outcome(lambda t: mwparserfromhell.parse(t, skip_style_tags=True), text)
    assert outcome(parse, text) == expected, text[:200]


def test_the_tree_is_mwparserfromhells():
    for text in ["", "plain", "{{a|b|c=d|=e|f==g}}", "{{{1|x|y}}}", "[[a|b|c]]", "[http://x.org y]",
                 "[http://x.org]", "http://x.org z", "&amp;&#233;&#x1F600;&bogus;", "== H ==\n=x=",
                 "<!-- c -->", '<ref name="a b" group=x>t</ref><br/><br>', "<div\n class='c'>x</DIV >",
                 "{|\n|a||b\n|-\n!c\n|}", "\n* a\n# b\n: c\n; d\n----", "<ref>unclosed", "[[a|b", "{{a|"]:
        same_tree(text)


@settings(max_examples=300, deadline=None)
@given(wikitext)
def test_the_tree_is_mwparserfromhells_on_random_wikitext(text):
    same_tree(text)


@settings(max_examples=300, deadline=None)
@given(dense_wikitext)
def test_the_tree_is_mwparserfromhells_on_dense_markup(text):
    same_tree(text)


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
                same_tree(block)
