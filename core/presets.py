"""Presets: named configs stored as TOML data (never code).

A preset file looks like::

    name = "plain"
    description = "Readable text"

    [rules.references]
    enabled = true
    mode = "drop"

Rules a file does not mention take their defaults. Unknown keys, rule ids and
option values are errors that name the key and its line.

A user preset may also hold pinned examples (:mod:`~wikinorm.core.pins`): raw
wikitext and the output it must give, checked after every change in the window
and by ``wikinorm check PRESET``. Each is one ``[[pins]]`` table after the rules::

    [[pins]]
    note = "bold markup goes, its text stays"   # optional
    raw = "'''Bold''' text"
    expected = "Bold text"

Text with line breaks is written as a multi-line basic string (three double
quotes), so a pin reads as it looks.

User presets live in one folder that the window and the command line share
(:mod:`~wikinorm.core.user_presets`); there a preset is found by its name
(``--preset mine``) as well as by its file.
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
from .pins import Pin
from .registry import RULE_IDS

BUILTIN_NAMES = ("reference", "plain", "none")
_TOP_KEYS = ("name", "description", "rules", "pins")
_PIN_KEYS = ("note", "raw", "expected")
MAX_PRESET_BYTES = 1_000_000


class PresetError(ValueError):
    """A preset that cannot be read; the message names the file, key and line."""


@dataclasses.dataclass(frozen=True)
class Preset:
    """A named, described config, with the examples pinned to it."""

    name: str
    description: str
    config: Config
    builtin: bool = False
    pins: tuple[Pin, ...] = ()
    #: The file it was read from or saved to (None: built in, or not saved).
    path: Path | None = dataclasses.field(default=None, compare=False)

    @property
    def where(self) -> str:
        """Where it lives, for listings: ``built-in`` or its file."""
        return "built-in" if self.builtin else str(self.path or "(not saved)")

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
        for pin in self.pins:
            lines.append("[[pins]]")
            if pin.note:
                lines.append(f"note = {_toml_str(pin.note)}")
            lines.append(f"raw = {_toml_text(pin.raw)}")
            lines.append(f"expected = {_toml_text(pin.expected)}")
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
        return cls(name, description, config, pins=_pins(data.get("pins", []), text, source))


def _pins(tables, text: str, source: str) -> tuple[Pin, ...]:
    """The ``[[pins]]`` tables as pins; errors name the pin and its line."""
    if not isinstance(tables, list):
        raise PresetError(f"{source}, line {_line_of(text, 'pins')}: 'pins' must be [[pins]] tables")
    starts = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*pins\s*\]\]", line)]
    pins = []
    for number, table in enumerate(tables, 1):
        line = starts[number - 1] if number <= len(starts) else 0
        where = f"{source}, line {line}: pin {number}"
        if not isinstance(table, dict):
            raise PresetError(f"{where} must be a [[pins]] table")
        unknown = [key for key in table if key not in _PIN_KEYS]
        if unknown:
            raise PresetError(f"{where}: unknown key {unknown[0]!r} (expected: {', '.join(_PIN_KEYS)})")
        raw, expected, note = table.get("raw"), table.get("expected"), table.get("note", "")
        if not isinstance(raw, str) or not isinstance(expected, str) or not isinstance(note, str):
            raise PresetError(f"{where}: 'raw' and 'expected' must both be given, as strings ('note' too, if given)")
        pins.append(Pin(raw, expected, note))
    return tuple(pins)


def _escape(value: str, multiline: bool) -> str:
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n" and multiline:
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch < " " or ch == "\x7f":
            # Other control characters (a lone CR too) may not stand bare in a TOML string.
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _toml_str(value: str) -> str:
    return f'"{_escape(value, multiline=False)}"'


def _toml_text(value: str) -> str:
    """A string; one with line breaks as a multi-line string that reads as it looks."""
    if "\n" not in value:
        return _toml_str(value)
    # TOML drops a line break right after the opening quotes, so the value starts on the next line.
    return f'"""\n{_escape(value, multiline=True)}"""'


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


def load_preset(name_or_path: str, folder: Path | None = None) -> Preset:
    """A built-in preset by name, a preset file by path, or a user preset by name (in
    ``folder``, default: the user's presets folder)."""
    if name_or_path in BUILTIN_NAMES:
        return builtin_preset(name_or_path)
    path = Path(name_or_path)
    if path.exists():
        return read_preset_file(path)
    from .user_presets import load_user_presets  # that module builds on this one

    user, _ = load_user_presets(folder)
    found = next((p for p in user if p.name == name_or_path), None)
    if found is not None:
        return found
    if path.suffix or len(path.parts) > 1:
        return read_preset_file(path)  # its error names the missing file
    names = ", ".join(list(BUILTIN_NAMES) + [p.name for p in user])
    raise PresetError(f"no preset {name_or_path!r}: not a built-in or user preset ({names}) and no such file")


def read_preset_file(path: Path) -> Preset:
    """The preset in file ``path`` (its ``path`` set)."""
    try:
        text = read_text_file(path, max_bytes=MAX_PRESET_BYTES)
    except FileError as exc:
        raise PresetError(str(exc)) from None
    return dataclasses.replace(Preset.from_toml(text, str(path)), path=Path(path))


def save_preset(preset: Preset, path: str | Path) -> None:
    """Write ``preset`` to ``path`` atomically."""
    atomic_write_text(Path(path), preset.to_toml())
