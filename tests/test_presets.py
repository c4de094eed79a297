"""Presets are TOML data: built-ins, round trips, and errors that name the key and line."""

from __future__ import annotations

import pytest

from wikinorm.core import Config
from wikinorm.core.presets import (
    BUILTIN_NAMES,
    Preset,
    PresetError,
    builtin_preset,
    builtin_presets,
    load_preset,
    save_preset,
)
from wikinorm.core.registry import RULE_IDS


def test_builtins_exist_and_none_is_all_off():
    assert [p.name for p in builtin_presets()] == list(BUILTIN_NAMES)
    assert builtin_preset("none").config == Config.none()
    plain = builtin_preset("plain").config
    assert not plain.is_enabled("tokenize") and not plain.is_enabled("lowercase")
    assert plain.is_enabled("mojibake") and plain.is_enabled("entities")
    reference = builtin_preset("reference").config
    assert not reference.is_enabled("mojibake")
    assert reference.options_for("references").mode.value == "keep_text"


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_round_trip_through_toml_and_file(name, tmp_path):
    preset = builtin_preset(name)
    again = Preset.from_toml(preset.to_toml(), "x.toml")
    assert again.config == preset.config and again.name == preset.name
    path = tmp_path / f"{name}.toml"
    save_preset(preset, path)
    loaded = load_preset(str(path))
    assert loaded.config == preset.config and loaded.description == preset.description


def test_round_trip_keeps_every_option():
    config = Config.default().with_option("whitespace", "mode", "one_line").with_option("quotes", "style", "ptb")
    config = config.with_enabled("lowercase", True).with_option("unicode", "form", "NFKC")
    preset = Preset("mine", 'A "quoted" name\nwith a newline', config)
    again = Preset.from_toml(preset.to_toml())
    assert again == preset
    assert all(f"[rules.{rule_id}]" in preset.to_toml() for rule_id in RULE_IDS)


def test_missing_rules_take_defaults():
    preset = Preset.from_toml('name = "x"\n[rules.lowercase]\nenabled = true\n')
    assert preset.config == Config.default().with_enabled("lowercase", True)


@pytest.mark.parametrize(
    "text, message, line",
    [
        ('name = "x"\n\n[rules.nosuchrule]\nenabled = true\n', "unknown rule id 'nosuchrule'", 3),
        ('name = "x"\n[rules.references]\nenabled = true\nmode = "sometimes"\n', "unknown value 'sometimes'", 4),
        ('name = "x"\n[rules.references]\nenabled = true\ncolour = "red"\n', "no option 'colour'", 4),
        ('name = "x"\nauthor = "me"\n', "unknown key 'author'", 2),
        ('name = "x"\n[rules.lowercase]\nenabled = "yes"\n', "must be true or false", 3),
    ],
)
def test_errors_name_the_key_and_the_line(text, message, line):
    with pytest.raises(PresetError) as info:
        Preset.from_toml(text, "my.toml")
    assert message in str(info.value)
    assert f"my.toml, line {line}:" in str(info.value)


def test_invalid_toml_and_missing_file_are_clear(tmp_path):
    with pytest.raises(PresetError, match="not valid TOML"):
        Preset.from_toml("name = ", "bad.toml")
    with pytest.raises(PresetError, match="no such file"):
        load_preset(str(tmp_path / "gone.toml"))
    with pytest.raises(PresetError, match="not a built-in"):
        load_preset("nosuchpreset")


def test_presets_are_data_not_code(tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text('name = "__import__(\'os\').system(\'false\')"\n', encoding="utf-8")
    assert load_preset(str(path)).name == "__import__('os').system('false')"
