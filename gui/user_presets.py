"""The user's own presets: TOML files in a folder chosen by the settings."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from wikinorm.core.files import FileError, read_text_file
from wikinorm.core.presets import BUILTIN_NAMES, Preset, PresetError, save_preset

SETTINGS_KEY = "presets/folder"


def presets_folder(settings: QSettings) -> Path:
    """Where user presets live: ``presets/folder`` in the settings, else the app data folder."""
    configured = settings.value(SETTINGS_KEY, "", str)
    if configured:
        return Path(configured)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".wikinorm") / "presets"


def load_user_presets(folder: Path) -> tuple[list[Preset], list[str]]:
    """Every readable preset in ``folder``, and one message per file that is not."""
    presets, problems = [], []
    if not folder.is_dir():
        return presets, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            preset = Preset.from_toml(read_text_file(path, max_bytes=1_000_000), str(path))
        except (FileError, PresetError) as exc:
            problems.append(str(exc))
            continue
        if preset.name in BUILTIN_NAMES:
            problems.append(f"{path}: the name {preset.name!r} is taken by a built-in preset")
            continue
        presets.append(preset)
    return presets, problems


def file_name_for(name: str) -> str:
    """A safe file name for a preset called ``name``."""
    stem = re.sub(r"[^\w.-]+", "_", name.strip()).strip("._") or "preset"
    return f"{stem}.toml"


def save_user_preset(folder: Path, preset: Preset) -> Path:
    """Write ``preset`` into ``folder`` (created if needed) atomically; returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name_for(preset.name)
    save_preset(preset, path)
    return path
