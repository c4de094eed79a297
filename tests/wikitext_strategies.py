"""Hypothesis strategies: wikitext-like strings, random configs and random edit sequences.

Used by the property tests and by the long run (``bench/fuzz.py``). Tag names,
namespaces and rule options come from the engine's own tables (``markup_data``,
the rule registry's option specs), so a new tag, rule or option is fuzzed
without touching this file.
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import strategies as st

from wikinorm.core import Config
from wikinorm.core.markup_data import FILE_NAMESPACES, KNOWN_TAGS, MULTILINE_TAGS, UNPARSED_TAGS
from wikinorm.core.registry import RULES
from wikinorm.core.rules.base import OptionKind
from wikinorm.core.template_data import RENDERINGS

FRAGMENTS = [
    "word", "Word", " ", "  ", "\n", "\n\n", ".", ",", ";", "(", ")", '"', "'", "''", "'''",
    "{{", "}}", "{{cite|a=b}}", "[[", "]]", "[[a|b]]", "[[File:x.jpg|thumb|cap]]", "|",
    "<ref>", "</ref>", "<ref name=x/>", "<!--", "-->", "<!-- c -->", "&amp;", "&nbsp;", "&#233;",
    "== H ==", "\n* ", "\n# ", "\n: ", "{|", "\n|}", "|-", "<br>", "<math>x</math>", "<nowiki>",
    "</nowiki>", "__TOC__", "[http://x.org y]", "é", "e\u0301", "\U0001F600", "â€“", "n't", "'s",
    "\t", "1,000", "U.S.", "<div>", "</div>", "<span>s</span>", "[[Category:C]]", "{{{1}}}",
]

wikitext = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40).map("".join)

_ATTRIBUTES = ["", " name=x", ' name="a b"', " group=n name='q'", ' class="c" style="s:1"', " /", "\n name=y"]

# Every opener and closer of every construct, and characters that trip
# decoders and offsets; then tags with and without attributes, unended (no ">").
STRUCTURE = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "{|", "|}", "|-", "|+", "||", "!!", "!", "|", "=",
    "<!--", "-->", "''", "'''", "'''''", "==", "===", "\n=", "=\n", "\n*", "\n#", "\n:", "\n;", "\n----",
    "\n ", "__TOC__", "~~~~", "<br/>", "</br>", "<br>", "http://x.org", "[http://x.org y]", "#REDIRECT",
    "&amp;", "&nbsp;", "&#233;", "&#x1F600;", "&#0;", "&#xD800;", "&bogus;", "&lt;ref&gt;", "&",
    "\x00", "\r", "\r\n", "\n", "\n\n", "\t", "\xa0", "\u200b", "\ufeff", "\U0001F600", "\U00046b0b",
    "e\u0301", "â€“", "Ã©", " ", "a", "Z", "1", ".", ",", "'", '"', "«", "»", "(", ")",
    "-", "{{cite|a=b|c}}", "{{convert|1|km}}", "{{lang|fr|x}}", "{{#if:x|y}}",
] + sorted({f"[[{name}:x.jpg|thumb|cap" for names in FILE_NAMESPACES.values() for name in names[:1]})
TAGS = sorted(
    {f"<{tag}" for tag in UNPARSED_TAGS + MULTILINE_TAGS}
    | {f"</{tag}" for tag in UNPARSED_TAGS + MULTILINE_TAGS}
    | {f"<{tag}{attrs}>" for tag in UNPARSED_TAGS + MULTILINE_TAGS for attrs in _ATTRIBUTES}
    | {f"</{tag}>" for tag in UNPARSED_TAGS + MULTILINE_TAGS + tuple(sorted(KNOWN_TAGS))}
    | {f"<{tag}>" for tag in sorted(KNOWN_TAGS)}
    | {f"<{tag} class=x/>" for tag in sorted(KNOWN_TAGS)[::3]}
)
MARKUP = STRUCTURE + TAGS

_CHARACTERS = st.characters(exclude_categories=("Cs",)) | st.sampled_from(
    ["\x00", "\r", "\n", "\U0001F600", "\U00046b0b", "\xa0", "<", ">", "{", "}", "[", "]", "|", "&", ";"]
)

#: Markup-dense text: every opener and closer, tags with attributes, astral and control characters.
dense_wikitext = st.lists(
    st.sampled_from(STRUCTURE) | st.sampled_from(TAGS) | st.sampled_from(FRAGMENTS) | st.text(_CHARACTERS, max_size=3),
    max_size=60,
).map("".join)

_TEMPLATE_NAMES = sorted(RENDERINGS)[:8] + ["cite", "t", "Infobox x"]


@st.composite
def configs(draw) -> Config:
    """A random config: each rule on or off, every option at a random value (from its spec)."""
    config = Config.none()
    for rule in RULES:
        if draw(st.booleans()):
            config = config.with_enabled(rule.id, True)
        for spec in rule.option_specs():
            if spec.kind is OptionKind.CHOICE:
                config = config.with_option(rule.id, spec.name, draw(st.sampled_from(spec.choices)))
            elif spec.kind is OptionKind.FLAG:
                config = config.with_option(rule.id, spec.name, draw(st.booleans()))
            elif spec.kind is OptionKind.MAPPING:
                entries = draw(st.dictionaries(st.sampled_from(_TEMPLATE_NAMES), st.sampled_from(spec.choices), max_size=3))
                config = config.with_option(rule.id, spec.name, entries)
    return config


def config_of(rules: dict[str, dict[str, object]]) -> Config:
    """Only the rules named on, each with the options given (by name, as in presets)."""
    config = Config.none()
    for rule_id, options in rules.items():
        config = config.with_enabled(rule_id, True)
        for name, value in options.items():
            config = config.with_option(rule_id, name, value)
    return config


#: What random edits on real articles insert or delete.
EDIT_TOKENS = [
    "{{", "}}", "<ref>", "</ref>", "{|", "|}", "[[", "]]", "<nowiki>", "</nowiki>", "</div>", "\n", "\n\n",
    "<!--", "-->", "<pre>", "|", "<ref name=x/>", "<ref", "''", "*", "\n|}", "|}\n{|", "&amp;", "\U0001F600",
]


class EditStep(NamedTuple):
    """One random edit, placed relative to the text it lands on.

    ``at`` in [0, 1] picks a position. An insertion puts ``token`` there; a
    deletion removes the first ``token`` at or after it (wrapping round), or
    ``span`` characters there if the text has no such token.
    """

    at: float
    token: str
    delete: bool
    span: int

    def resolve(self, text: str) -> tuple[int, int, str]:
        """The concrete edit ``(start, end, new_text)`` on ``text``."""
        pos = min(int(self.at * len(text)), len(text))
        if not self.delete:
            return pos, pos, self.token
        found = text.find(self.token, pos)
        if found < 0:
            found = text.find(self.token)
        if found >= 0:
            return found, found + len(self.token), ""
        return pos, min(len(text), pos + self.span), ""


edit_steps = st.builds(
    EditStep,
    at=st.floats(0, 1),
    token=st.sampled_from(EDIT_TOKENS) | st.sampled_from(STRUCTURE) | st.sampled_from(TAGS),
    delete=st.booleans(),
    span=st.integers(0, 12),
)


class ArticleCase(NamedTuple):
    """A prefix of a corpus article, a config, and edits to apply in order."""

    name: str
    length: int
    config: Config
    steps: list[EditStep]


def article_cases(names: list[str], max_length: int = 6000, max_steps: int = 8) -> st.SearchStrategy[ArticleCase]:
    """Random edit sequences on prefixes of the named corpus articles."""
    return st.builds(
        ArticleCase,
        name=st.sampled_from(names),
        # Hypothesis favours small numbers: half the cases take the longer half.
        length=st.integers(0, max_length) | st.integers(max_length // 2, max_length),
        config=configs(),
        steps=st.lists(edit_steps, min_size=1, max_size=max_steps),
    )
