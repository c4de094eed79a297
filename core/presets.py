"""Presets: named configs stored as TOML data (never code).

A preset file looks like::

    name = "plain"
    description = "Readable text"

    [rules.references]
    enabled = true
    mode = "drop"

Rules a file does not mention take their defaults. Unknown keys, rule ids and
option values are errors that name the key and its line.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import tomllib
from importlib import resources
from pathlib import Path

from .config import Config, ConfigError
from .files import FileError, atomic_write_text, read_text_file
from .registry import RULE_IDS

BUILTIN_NAMES = ("reference", "plain", "none")
_TOP_KEYS = ("name", "description", "rules")


class PresetError(ValueError):
    """A preset that cannot be read; the message names the file, key and line."""


@dataclasses.dataclass(frozen=True)
class Preset:
    """A named, described config."""

    name: str
    description: str
    config: Config
    builtin: bool = False

    def to_toml(self) -> str:
        """The preset as TOML; every rule and option is written out."""
        lines = [f"name = {_toml_str(self.name)}", f"description = {_toml_str(self.description)}", ""]
        for setting in self.config.settings:
            lines.append(f"[rules.{setting.rule_id}]")
            lines.append(f"enabled = {'true' if setting.enabled else 'false'}")
            tables = []
            for field in dataclasses.fields(setting.options):
                value = getattr(setting.options, field.name)
                if "mapping" in field.metadata:
                    tables.append((field.name, value))
                else:
                    lines.append(f"{field.name} = {_toml_value(value)}")
            lines.append("")
            for name, pairs in tables:
                lines.append(f"[rules.{setting.rule_id}.{name}]")
                lines.extend(f"{_toml_str(key)} = {_toml_value(value)}" for key, value in pairs)
                lines.append("")
        return "\n".join(lines)

    @classmethod
    def from_toml(cls, text: str, source: str = "<preset>") -> "Preset":
        """Parse preset TOML; ``source`` names the file in error messages."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PresetError(f"{source}: not valid TOML: {exc}") from None
        for key in data:
            if key not in _TOP_KEYS:
                raise PresetError(
                    f"{source}, line {_line_of(text, key)}: unknown key {key!r} (expected: {', '.join(_TOP_KEYS)})"
                )
        name = data.get("name", Path(source).stem)
        description = data.get("description", "")
        if not isinstance(name, str) or not isinstance(description, str):
            raise PresetError(f"{source}: 'name' and 'description' must be strings")
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            raise PresetError(f"{source}, line {_line_of(text, 'rules')}: 'rules' must be a table")
        config = Config.default()
        for rule_id, table in rules.items():
            line = _line_of(text, rule_id, section=True)
            if rule_id not in RULE_IDS:
                raise PresetError(
                    f"{source}, line {line}: unknown rule id {rule_id!r} (known: {', '.join(RULE_IDS)})"
                )
            if not isinstance(table, dict):
                raise PresetError(f"{source}, line {line}: [rules.{rule_id}] must be a table")
            for key, value in table.items():
                key_line = _line_of(text, key, after=line)
                if key == "enabled":
                    if not isinstance(value, bool):
                        raise PresetError(f"{source}, line {key_line}: rules.{rule_id}.enabled must be true or false")
                    config = config.with_enabled(rule_id, value)
                    continue
                try:
                    config = config.with_option(rule_id, key, value)
                except ConfigError as exc:
                    raise PresetError(f"{source}, line {key_line}: {exc}") from None
        return cls(name, description, config)


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _toml_value(value) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_str(value)
    raise TypeError(f"cannot write {value!r} to TOML")


def _line_of(text: str, key: str, section: bool = False, after: int = 0) -> int:
    """1-based line where ``key`` is defined (best effort; 0 if not found)."""
    key_re = re.escape(key)
    patterns = [rf"^\s*\[\s*rules\s*\.\s*\"?{key_re}\"?\s*\]"] if section else []
    patterns.append(rf"^\s*\"?{key_re}\"?\s*[=.]")
    patterns.append(rf"[{{,]\s*\"?{key_re}\"?\s*=")
    lines = text.splitlines()
    for pattern in patterns:
        regex = re.compile(pattern)
        for number, line in enumerate(lines[max(after - 1, 0) :], max(after, 1)):
            if regex.search(line):
                return number
    return after


def builtin_preset(name: str) -> Preset:
    """A preset shipped with wikinorm (``reference``, ``plain``, ``none``)."""
    if name not in BUILTIN_NAMES:
        raise PresetError(f"no built-in preset {name!r} (built-ins: {', '.join(BUILTIN_NAMES)})")
    text = resources.files("wikinorm.resources").joinpath("presets", f"{name}.toml").read_text("utf-8")
    preset = Preset.from_toml(text, f"built-in preset {name!r}")
    return dataclasses.replace(preset, builtin=True)


def builtin_presets() -> list[Preset]:
    """All built-in presets, in a stable order."""
    return [builtin_preset(name) for name in BUILTIN_NAMES]


def load_preset(name_or_path: str) -> Preset:
    """A built-in preset by name, or a preset file by path."""
    if name_or_path in BUILTIN_NAMES:
        return builtin_preset(name_or_path)
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        raise PresetError(
            f"no preset {name_or_path!r}: not a built-in ({', '.join(BUILTIN_NAMES)}) and no such file"
        )
    try:
        text = read_text_file(path, max_bytes=1_000_000)
    except FileError as exc:
        raise PresetError(str(exc)) from None
    return Preset.from_toml(text, str(path))


def save_preset(preset: Preset, path: str | Path) -> None:
    """Write ``preset`` to ``path`` atomically."""
    atomic_write_text(Path(path), preset.to_toml())
