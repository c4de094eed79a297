"""Holes in the prose (issue 11, points 5–8): each class from small excerpts of our own.

Every case runs through the `plain` preset and checks the alignment stays exact.
"""

from __future__ import annotations

import pytest

from wikinorm.core import Config
from wikinorm.core.presets import builtin_preset

from document_checks import check_run

PLAIN = builtin_preset("plain").config


def plain(text: str, config: Config = PLAIN) -> str:
    return check_run(text, config).text


# --------------------------------------------------------------------------- tidy


@pytest.mark.parametrize(
    "raw, out",
    [
        # Brackets a removal emptied go, with the space before them.
        ("Riyadh ({{foo-lang|ar|x}}) is big.", "Riyadh is big."),
        ("Kraft ({{nosuch|KRA}}).", "Kraft."),
        ("x (<ref>a</ref>) y", "x y"),
        # A separator left just inside a bracket.
        ('Man ({{nosuch|grc}}, "human") is.', 'Man ("human") is.'),
        ("He (born 1950; {{nosuch}}) ran.", "He (born 1950) ran."),
        # Doubled commas and a comma before a period.
        ("Red, {{nosuch}}, blue.", "Red, blue."),
        ("It landed near the ship, {{nosuch|x}}.", "It landed near the ship."),
        # A list item of templates only leaves no punctuation line.
        ("Intro.\n* {{flagicon|A}}, {{flagicon|B}}\n* Real item", "Intro.\n\nReal item"),
    ],
)
def test_tidy_cleans_what_removals_leave(raw, out):
    assert plain(raw) == out


@pytest.mark.parametrize(
    "raw",
    [
        "The comma (,) is the decimal separator.",
        "Call f() twice, then stop, ... later.",
        "A list:\n* —\n* ;",
    ],
)
def test_tidy_leaves_punctuation_written_in_the_source(raw):
    assert plain(raw) == raw.replace("* ", "").replace("\n", "\n")


def test_tidy_options_each_switch_their_class():
    raw = "Riyadh ({{x}}), red, {{x}}, blue, {{x}}.\n* {{x}}, {{y}}"
    off = lambda **kw: PLAIN.with_option("tidy", *next(iter(kw.items())))  # noqa: E731
    assert plain(raw, off(brackets=False)) == "Riyadh (), red, blue."
    assert plain(raw, off(commas=False)) == "Riyadh, red,, blue,."
    assert plain(raw, off(lines=False)) == "Riyadh, red, blue.\n,"


def test_tidy_is_off_in_reference_and_none():
    assert not builtin_preset("reference").config.is_enabled("tidy")
    assert not builtin_preset("none").config.is_enabled("tidy")


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    "raw, out",
    [
        # Pronunciations: an audio file, given as a parameter or named, is not text.
        ("'''France''' ({{IPAc-en|en-us-France.ogg|ˈ|f|r|æ|n|s}}) is", "France (/ˈfræns/) is"),
        ("Paris ({{IPAc-en|audio=Paris.ogg|ˈ|p|ær|ɪ|s}})", "Paris (/ˈpærɪs/)"),
        ("X ({{IPAc-en|us|ˈ|æ}}) y", "X (US: /ˈæ/) y"),
        ("X ({{IPA-fr|fʁɑ̃s|}}; {{Audio|France.ogg|French pronunciation}})", "X (fʁɑ̃s; French pronunciation)"),
        ("X ({{respell|AL|gə-ri-dhəm}})", "X (AL-gə-ri-dhəm)"),
        ("Y {{nosuch|Sound.ogg}} z", "Y z"),
        ("{{lang|fr|Bonjour.ogg}} and {{nowrap|Song.mp3}}", "and"),
        # Inline templates that used to leave holes.
        ("al-kīmiyā’ ({{rtl-lang|ar|الكيمياء}})", "al-kīmiyā’ (الكيمياء)"),
        ('({{lang|grc|{{linktext|ἄνθρωπος}}}}, "human")', '(ἄνθρωπος, "human")'),
        ("particularly {{vr|ai}}, {{vr|au}}.", "particularly ai, au."),
        ("Kraft ({{NYSE|KRA}}) and ({{NASDAQ|AAPL}})", "Kraft (NYSE: KRA) and (NASDAQ: AAPL)"),
        ("At {{Coord|13|19|N|169|9|W|type:event|name=x}} then.", "At 13°19′N 169°9′W then."),
        ("Luanda{{Coord|12|30|S|18|30|E|display=title}} is", "Luanda is"),
        ("A{{Music|flat}} and {{chem|H|2|O}} {{eqm}} x", "A♭ and H2O ⇌ x"),
    ],
)
def test_templates_render_inline_ones_and_no_file_names(raw, out):
    assert plain(raw) == out


@pytest.mark.parametrize(
    "raw, out",
    [
        ("It had {{formatnum:3003}} people.", "It had 3,003 people."),
        ("{{formatnum:-1234567.25}} {{formatnum:1234|NOSEP}} {{formatnum:1,234|R}}", "-1,234,567.25 1234 1,234"),
        ("{{uc:abc}} {{lc:ABC}} {{ucfirst:abc}} {{lcfirst:ABC}}", "ABC abc Abc aBC"),
        ("{{#if:{{{1|}}}|given|fallback}} {{#if: x |yes|no}} {{#if:|only}}.", "fallback yes."),
        ("{{#ifeq:a|a|same|other}} {{#ifeq:a|b|same|other}}", "same other"),
        ("Before {{#switch:x|x=1}} after {{#expr:1+1}}.", "Before after."),
    ],
)
def test_templates_render_parser_functions(raw, out):
    assert plain(raw) == out


# --------------------------------------------------------------------------- sections

ARTICLE = """Lead text.

== History ==
=== Early ===
Old times.<ref>Source</ref>

=== Unwritten ===
{{Expand section}}

== Notes ==
{{notelist}}

== See also ==
* [[Other page]]

== References ==
{{reflist}}
=== Sources ===
* {{cite book|title=X}}

== Weblinks ==
* [http://x.org Site]

[[Category:Things]]"""


def test_plain_drops_empty_and_boilerplate_sections():
    assert plain(ARTICLE) == "Lead text.\n\nHistory\nEarly\nOld times."


def test_sections_options_each_switch_their_class():
    keep_boilerplate = PLAIN.with_option("headings", "boilerplate", False)
    # Notes and References hold only removed templates: empty. See also and Weblinks keep their links.
    assert plain(ARTICLE, keep_boilerplate) == (
        "Lead text.\n\nHistory\nEarly\nOld times.\n\nSee also\nOther page\n\nWeblinks\nSite"
    )
    keep_empty = PLAIN.with_option("headings", "empty_sections", False)
    assert plain(ARTICLE, keep_empty) == "Lead text.\n\nHistory\nEarly\nOld times.\n\nUnwritten"


@pytest.mark.parametrize(
    "title", ["References", "External links", "Einzelnachweise", "Weblinks", "Références", "Liens externes",
              "Véase también", "Примечания", "脚注", "EXTERNAL  LINKS:"],
)
def test_boilerplate_titles_of_every_wiki(title):
    assert plain(f"Text.\n== {title} ==\nSome prose here.\n== Next ==\nMore.") == "Text.\n\nNext\nMore."


def test_boilerplate_names_cover_every_wiki_the_links_rule_knows():
    from wikinorm.core.markup_data import FILE_NAMESPACES
    from wikinorm.core.section_data import BOILERPLATE_SECTIONS

    assert set(BOILERPLATE_SECTIONS) == set(FILE_NAMESPACES)


def test_section_options_are_off_in_reference_and_by_default():
    for config in (builtin_preset("reference").config, Config.default()):
        options = config.options_for("headings")
        assert not options.empty_sections and not options.boilerplate


def test_sections_inside_a_multi_line_construct():
    raw = "<onlyinclude>\n==Public==\n===Empty===\n{{:Transcluded}}\n===Kept===\n*[[A school]], Town\n</onlyinclude>"
    assert plain(raw) == "Public\n\nKept\nA school, Town"


# --------------------------------------------------------------------------- math


@pytest.mark.parametrize(
    "raw, out",
    [
        # Inline formulas read as text: simple ones rendered, the rest as their TeX.
        (
            "where <math>A</math> is the albedo, <math>D</math> is the diameter",
            "where A is the albedo, D is the diameter",
        ),
        ("if <math>\\alpha > 2</math> and <math>x_1^2</math>", "if α > 2 and x₁²"),
        ("mean <math>\\bar{x} = \\frac{1}{n}\\sum x_i</math> here", "mean x̄ = 1/n Σ xᵢ here"),
        ("the <math>k^{th}</math> and <math>SS_\\text{Total}</math>", "the kᵗʰ and SS_Total"),
        ("as <math>P \\to Q</math>, <math>\\neg Q \\to \\neg P</math>.", "as P → Q, ¬Q → ¬P."),
        ("so <math>\\sqrt[3]{x}</math> is", "so \\sqrt[3]{x} is"),
        ("so <math>\\begin{cases} 1 & x \\end{cases}</math> is", "so \\begin{cases} 1 & x \\end{cases} is"),
        # TeX whose braces would read as wiki markup is a placeholder.
        ("as <math>\\sqrt[n]{\\frac{1}{x}}</math> is", "as [math] is"),
        (
            "as <math>~f(\\omega)=\\frac{1}{\\sqrt{2\\pi}}\\exp(i\\omega t) {\\rm d}t</math>; so",
            "as f(ω)=1/(√(2π))exp(iω t) dt; so",
        ),
        # Display formulas: own line or display=block become a placeholder.
        ("The mass is\n:<math>E = mc^2.</math>\nwhere c is", "The mass is\n[math]\nwhere c is"),
        ('It is <math display="block">x^2</math> so', "It is [math] so"),
        ("Empty <math></math> here", "Empty here"),
    ],
)
def test_math_in_running_text(raw, out):
    assert plain(raw) == out


def test_math_mode_per_preset():
    from wikinorm.core.rules.html import MathMode

    assert builtin_preset("plain").config.options_for("html").math is MathMode.READABLE
    assert builtin_preset("reference").config.options_for("html").math is MathMode.DROP
