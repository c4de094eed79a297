"""Where the window keeps user presets: the engine's one folder (core/user_presets.py).

The settings may name another folder (``presets/folder``): tests and screenshots
use it to stay out of the user's own folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from wikinorm.core.user_presets import user_presets_folder

SETTINGS_KEY = "presets/folder"


def presets_folder(settings: QSettings) -> Path:
    """The user presets folder: ``presets/folder`` in the settings if set, else the one the CLI reads."""
    configured = settings.value(SETTINGS_KEY, "", str)
    return Path(configured) if configured else user_presets_folder()
