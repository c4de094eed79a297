"""Hypothesis strategies: wikitext-like strings and random configs."""

from __future__ import annotations

from hypothesis import strategies as st

from wikinorm.core import Config
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import OptionKind

FRAGMENTS = [
    "word", "Word", " ", "  ", "\n", "\n\n", ".", ",", ";", "(", ")", '"', "'", "''", "'''",
    "{{", "}}", "{{cite|a=b}}", "[[", "]]", "[[a|b]]", "[[File:x.jpg|thumb|cap]]", "|",
    "<ref>", "</ref>", "<ref name=x/>", "<!--", "-->", "<!-- c -->", "&amp;", "&nbsp;", "&#233;",
    "== H ==", "\n* ", "\n# ", "\n: ", "{|", "\n|}", "|-", "<br>", "<math>x</math>", "<nowiki>",
    "</nowiki>", "__TOC__", "[http://x.org y]", "é", "e\u0301", "\U0001F600", "â€“", "n't", "'s",
    "\t", "1,000", "U.S.", "<div>", "</div>", "<span>s</span>", "[[Category:C]]", "{{{1}}}",
]

wikitext = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40).map("".join)


@st.composite
def configs(draw) -> Config:
    """A random config: each rule on or off, each choice and flag option at a random value."""
    config = Config.none()
    for rule in RULES:
        if draw(st.booleans()):
            config = config.with_enabled(rule.id, True)
        for spec in rule.option_specs():
            if spec.kind is OptionKind.CHOICE:
                config = config.with_option(rule.id, spec.name, draw(st.sampled_from(spec.choices)))
            elif spec.kind is OptionKind.FLAG:
                config = config.with_option(rule.id, spec.name, draw(st.booleans()))
    return config
