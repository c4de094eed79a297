"""Pinned examples in preset TOML, the user presets folder, and the word and step diffs."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings, strategies as st

from wikinorm.core import Config, run
from wikinorm.core.pins import Pin, broken_by, check_pins
from wikinorm.core.presets import Preset, PresetError, builtin_preset, load_preset
from wikinorm.core.step_diff import SegmentKind, step_diff
from wikinorm.core.user_presets import (
    delete_user_preset,
    import_preset,
    load_user_presets,
    rename_user_preset,
    save_user_preset,
    user_presets_folder,
)
from wikinorm.core.word_diff import DiffKind, inline, word_diff

PINS = (Pin("'''Bold''' text", "Bold text", "bold goes"), Pin("a\n\n<!-- c -->b", "a\n\nb"))


def test_pins_round_trip_through_toml_and_read_as_they_look():
    preset = Preset("mine", "", Config.default(), pins=PINS)
    text = preset.to_toml()
    assert '[[pins]]\nnote = "bold goes"\nraw = "\'\'\'Bold\'\'\' text"\nexpected = "Bold text"' in text
    assert 'raw = """\na\n\n<!-- c -->b"""' in text  # line breaks stay line breaks
    assert Preset.from_toml(text) == preset


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.text())
def test_any_pin_text_survives_toml(raw, expected, note):
    preset = Preset("p", "", Config.default(), pins=(Pin(raw, expected, note),))
    assert Preset.from_toml(preset.to_toml()).pins == preset.pins


@pytest.mark.parametrize(
    "tail, message, line",
    [
        ('[[pins]]\nraw = "x"\n', "pin 1: 'raw' and 'expected' must both be given", 3),
        ('[[pins]]\nraw = "x"\nexpected = "x"\n[[pins]]\nraw = "y"\nexpected = 3\n', "pin 2:", 6),
        ('[[pins]]\nraw = "x"\nexpected = "x"\nwhy = "z"\n', "unknown key 'why'", 3),
        ('pins = "x"\n', "'pins' must be [[pins]] tables", 3),
    ],
)
def test_pin_errors_name_the_pin_and_line(tail, message, line):
    with pytest.raises(PresetError) as info:
        Preset.from_toml('name = "x"\n\n' + tail, "my.toml")
    assert message in str(info.value) and f"my.toml, line {line}" in str(info.value)


def test_check_pins_reports_failures_with_a_one_line_diff():
    outcomes = check_pins(Config.default(), PINS + (Pin("x '''y'''", "x z"),))
    assert [o.passed for o in outcomes] == [True, True, False]
    assert outcomes[2].actual == "x y" and outcomes[2].describe() == "x [-z-]{+y+}"
    multi = check_pins(Config.none(), [PINS[1]])[0]
    assert not multi.passed and "\n" not in multi.describe() and "⏎" in multi.describe()


def test_broken_by_names_only_pins_a_change_broke():
    pins = PINS + (Pin("q", "never"),)
    before = check_pins(Config.default(), pins)
    after = check_pins(Config.default().with_enabled("formatting", False), pins)
    assert [o.number for o in broken_by(before, after)] == [1]  # pin 3 failed already


def test_user_folder_is_one_place_found_by_name(user_presets_folder_path):
    assert user_presets_folder() == user_presets_folder_path
    saved = save_user_preset(Preset("Mine 2", "d", Config.none(), pins=PINS))
    dotted = save_user_preset(Preset("v1.2", "", Config.default()))
    assert load_preset("v1.2") == dotted  # a name with a dot is still a name
    assert saved.path == user_presets_folder_path / "Mine_2.toml"
    assert load_preset("Mine 2") == saved and load_preset("Mine 2").where == str(saved.path)
    with pytest.raises(PresetError, match="no preset 'other'.*Mine 2"):
        load_preset("other")
    with pytest.raises(PresetError, match="built-in"):
        save_user_preset(Preset("plain", "", Config.none()))


def test_rename_delete_import(tmp_path, user_presets_folder_path):
    first = save_user_preset(Preset("a", "", Config.none(), pins=PINS))
    save_user_preset(Preset("b", "", Config.default()))
    with pytest.raises(PresetError, match="already a preset named 'b'"):
        rename_user_preset(first, "b")
    renamed = rename_user_preset(first, "c")
    assert not first.path.exists() and renamed.path.name == "c.toml" and renamed.pins == PINS
    assert [p.name for p in load_user_presets()[0]] == ["b", "c"]
    outside = tmp_path / "shared.toml"
    outside.write_text('name = "shared"\n[rules.lowercase]\nenabled = true\n', encoding="utf-8")
    imported = import_preset(outside)
    assert imported.path.parent == user_presets_folder_path and load_preset("shared").config.is_enabled("lowercase")
    with pytest.raises(PresetError, match="already a preset named 'shared'"):
        import_preset(outside)
    delete_user_preset(renamed)
    assert [p.name for p in load_user_presets()[0]] == ["b", "shared"]
    with pytest.raises(PresetError, match="not a user preset"):
        delete_user_preset(builtin_preset("plain"))


def test_two_files_with_one_name_are_a_problem(user_presets_folder_path):
    user_presets_folder_path.mkdir()
    for stem in ("x1", "x2"):
        (user_presets_folder_path / f"{stem}.toml").write_text('name = "x"\n', encoding="utf-8")
    presets, problems = load_user_presets()
    assert [p.path.name for p in presets] == ["x1.toml"] and "already holds a preset named 'x'" in problems[0]


@pytest.fixture
def user_presets_folder_path(user_presets_folder):
    return user_presets_folder


# -- word diff ---------------------------------------------------------------------


def test_word_diff_spans_tile_both_texts():
    diff = word_diff("one two three four", "one 2 three four five")
    for text, spans in ((diff.left_text, diff.left), (diff.right_text, diff.right)):
        assert spans[0].start == 0 and spans[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(spans, spans[1:]))
    assert [("one two three four"[s.start:s.end], s.kind) for s in diff.left if s.kind is not DiffKind.EQUAL] == [
        ("two", DiffKind.CHANGED)]
    assert inline(diff) == "one [-two-]{+2+} three four{+ five+}"
    assert diff.differing_words() == 3 and not diff.same and word_diff("a", "a").same


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=30), st.text(alphabet="ab .\n", max_size=30))
def test_word_diff_keeps_every_character(left, right):
    diff = word_diff(left, right)
    assert "".join(left[s.start:s.end] for s in diff.left) == left
    assert "".join(right[s.start:s.end] for s in diff.right) == right
    equal_left = "".join(left[s.start:s.end] for s in diff.left if s.kind is DiffKind.EQUAL)
    assert equal_left == "".join(right[s.start:s.end] for s in diff.right if s.kind is DiffKind.EQUAL)


# -- step diff ----------------------------------------------------------------------


def _rebuilt(diff, side):
    keep = {SegmentKind.KEPT, SegmentKind.REMOVED if side == "before" else SegmentKind.INSERTED}
    return "".join(s.text for s in diff.segments() if s.kind in keep)


@pytest.mark.parametrize("rule_id", builtin_preset("reference").config.enabled_ids())
def test_step_diff_rebuilds_both_sides_of_every_step(rule_id):
    text = ("{{Infobox x|a=1}}'''Bold''' [[link|text]] &amp; <!-- c --> “q”<ref>n</ref>.\n\n"
            "== H ==\n* item\n{| class=x\n| cell\n|}\nEND")
    result = run(text, builtin_preset("reference").config)
    diff = step_diff(result, rule_id)
    assert _rebuilt(diff, "before") == diff.before and _rebuilt(diff, "after") == diff.after
    assert diff.after == result.text_after(rule_id)
    if diff.before != diff.after:
        assert any(s.kind is not SegmentKind.KEPT for s in diff.segments())


def test_step_diff_shows_what_one_rule_removed_and_inserted():
    result = run("x &amp; y <!-- gone --> z", Config.default())
    entities = step_diff(result, "entities").segments()
    assert (SegmentKind.REMOVED, "&amp;") in entities and (SegmentKind.INSERTED, "&") in entities
    comments = step_diff(result, "comments").segments()
    assert [s.text for s in comments if s.kind is SegmentKind.REMOVED] == ["<!-- gone -->"]
    assert not [s for s in comments if s.kind is SegmentKind.INSERTED]


@pytest.mark.corpus
@pytest.mark.slow
def test_step_diff_on_corpus_pages_rebuilds_both_sides(corpus_dir):
    config = builtin_preset("reference").config
    for path in sorted(corpus_dir.glob("*.wiki"))[:3]:
        result = run(path.read_text(encoding="utf-8"), config)
        for rule_id in config.enabled_ids():
            diff = step_diff(result, rule_id)
            assert _rebuilt(diff, "before") == diff.before and _rebuilt(diff, "after") == diff.after, (path, rule_id)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc .\n", max_size=60), st.text(alphabet="abc .\n", max_size=60))
def test_word_diff_cut_at_unique_tokens_keeps_every_character(left, right):
    """Long texts are cut at tokens found once on each side first; every stretch still tiles both texts."""
    import wikinorm.core.word_diff as module

    saved = module._EXACT_UP_TO
    module._EXACT_UP_TO = 0  # every stretch takes the long-text path
    try:
        diff = word_diff(left, right)
    finally:
        module._EXACT_UP_TO = saved
    assert "".join(left[s.start:s.end] for s in diff.left) == left
    assert "".join(right[s.start:s.end] for s in diff.right) == right
    equal_left = "".join(left[s.start:s.end] for s in diff.left if s.kind is DiffKind.EQUAL)
    assert equal_left == "".join(right[s.start:s.end] for s in diff.right if s.kind is DiffKind.EQUAL)


def test_a_long_page_s_word_diff_finds_the_one_change():
    words = [f"w{i}" for i in range(40_000)]
    left = " ".join(words)
    right = " ".join(words[:20_000] + ["new"] + words[20_001:])
    diff = word_diff(left, right)
    assert [left[s.start:s.end] for s in diff.left if s.kind is not DiffKind.EQUAL] == ["w20000"]
    assert [right[s.start:s.end] for s in diff.right if s.kind is not DiffKind.EQUAL] == ["new"]
