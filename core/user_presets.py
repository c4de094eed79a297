"""The user's presets: one folder of TOML files, shared by the window and the command line.

``$WIKINORM_PRESETS`` names the folder; else it is the platform's data folder (on
Linux ``~/.local/share/wikinorm/wikinorm/presets``). A preset there is found by its
name (``wikinorm normalize --preset mine``); ``wikinorm presets`` lists them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from pathlib import Path

from .presets import BUILTIN_NAMES, Preset, PresetError, read_preset_file, save_preset

#: Names the folder of user presets (window and command line alike).
FOLDER_ENV = "WIKINORM_PRESETS"


def user_presets_folder() -> Path:
    """Where user presets live: ``$WIKINORM_PRESETS``, else the platform's data folder.

    The default is where the window kept them before the command line read them
    too (Qt's application data folder for organization and application
    ``wikinorm``), so presets saved by earlier versions are still found.
    """
    configured = os.environ.get(FOLDER_ENV, "")
    if configured:
        return Path(configured)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "wikinorm" / "wikinorm" / "presets"


def load_user_presets(folder: Path | None = None) -> tuple[list[Preset], list[str]]:
    """Every readable preset in ``folder`` (default: the user's), and one message per file that is not."""
    folder = user_presets_folder() if folder is None else folder
    presets: list[Preset] = []
    problems: list[str] = []
    if not folder.is_dir():
        return presets, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            preset = read_preset_file(path)
        except PresetError as exc:
            problems.append(str(exc))
            continue
        if preset.name in BUILTIN_NAMES:
            problems.append(f"{path}: the name {preset.name!r} is taken by a built-in preset")
        elif any(p.name == preset.name for p in presets):
            problems.append(f"{path}: another file in {folder} already holds a preset named {preset.name!r}")
        else:
            presets.append(preset)
    return presets, problems


def file_name_for(name: str) -> str:
    """A safe file name for a preset called ``name``."""
    stem = re.sub(r"[^\w.-]+", "_", name.strip()).strip("._") or "preset"
    return f"{stem}.toml"


def save_user_preset(preset: Preset, folder: Path | None = None) -> Preset:
    """Write ``preset`` into the user folder (created if needed) atomically; returns it with its path.

    A preset read from a file in that folder is written back to that file.
    """
    folder = user_presets_folder() if folder is None else folder
    if preset.name in BUILTIN_NAMES:
        raise PresetError(f"{preset.name!r} is a built-in preset; choose another name")
    folder.mkdir(parents=True, exist_ok=True)
    path = preset.path if preset.path is not None and preset.path.parent == folder else folder / file_name_for(preset.name)
    save_preset(preset, path)
    return dataclasses.replace(preset, path=path)


def _check_free(name: str, folder: Path, keep: Path | None = None) -> None:
    if not name.strip():
        raise PresetError("a preset needs a name")
    if name in BUILTIN_NAMES:
        raise PresetError(f"{name!r} is a built-in preset; choose another name")
    user, _ = load_user_presets(folder)
    for other in user:
        if other.name == name and other.path != keep:
            raise PresetError(f"there is already a preset named {name!r} ({other.path})")
    target = folder / file_name_for(name)
    if target.exists() and target != keep:
        raise PresetError(f"{target} already exists")


def rename_user_preset(preset: Preset, new_name: str, folder: Path | None = None) -> Preset:
    """Give user preset ``preset`` a new name (and file); returns it renamed."""
    folder = user_presets_folder() if folder is None else folder
    new_name = new_name.strip()
    _check_free(new_name, folder, keep=preset.path)
    renamed = save_user_preset(dataclasses.replace(preset, name=new_name, path=None), folder)
    if preset.path is not None and preset.path != renamed.path:
        preset.path.unlink(missing_ok=True)
    return renamed


def delete_user_preset(preset: Preset) -> None:
    """Remove user preset ``preset``'s file."""
    if preset.builtin or preset.path is None:
        raise PresetError(f"{preset.name!r} is not a user preset; only those can be deleted")
    preset.path.unlink(missing_ok=True)


def import_preset(path: Path, folder: Path | None = None) -> Preset:
    """Copy the preset in file ``path`` into the user folder (checked first); returns the copy."""
    folder = user_presets_folder() if folder is None else folder
    preset = read_preset_file(Path(path))
    _check_free(preset.name, folder)
    return save_user_preset(dataclasses.replace(preset, path=None), folder)
