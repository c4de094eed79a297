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
