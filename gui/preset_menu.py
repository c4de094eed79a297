"""The Presets menu: every preset to choose from, save/reset, import/rename/delete, copy as command line,
pin an example, compare.

Import, rename and delete act on the user presets folder through the engine
(core/user_presets.py), the same folder ``wikinorm presets`` lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from wikinorm.core.command_line import batch_command, normalize_command
from wikinorm.core.presets import Preset, PresetError
from wikinorm.core.user_presets import delete_user_preset, import_preset, rename_user_preset

from .error_reporter import ErrorReporter
from .preset_bar import PresetBar
from .preset_controller import PresetController

PRESET_FILTER = "Presets (*.toml);;All files (*)"


class PresetMenu(QObject):
    """Fills the Presets menu each time it opens and carries out its commands."""

    statusMessage = Signal(str)

    def __init__(self, presets: PresetController, bar: PresetBar, errors: ErrorReporter, dialog_parent: QWidget):
        super().__init__(dialog_parent)
        self._presets, self._bar, self._errors, self._parent = presets, bar, errors, dialog_parent
        self._menu: QMenu | None = None
        #: Commands other controllers add (pin example, compare): (text, slot, shortcut).
        self._extra: list[tuple[str, object, str | None]] = []
        #: The open page's file and the open dump, if any, for the copied command lines (set by the window).
        self.document_paths: Callable[[], tuple[Path | None, Path | None]] = lambda: (None, None)

    def add_command(self, text: str, slot, shortcut: str | None = None) -> None:
        """Add a command under the preset commands (before :meth:`install`)."""
        self._extra.append((text, slot, shortcut))

    def install(self, menu: QMenu) -> None:
        """Build ``menu`` now and again each time it opens (the preset list changes)."""
        self._menu = menu
        menu.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """List the presets (the chosen one checked), then the commands."""
        menu = self._menu
        if menu is None:
            return
        menu.clear()
        group = QActionGroup(menu)
        current = self._presets.preset.name
        for preset in self._bar.presets():
            action = menu.addAction(preset.name if preset.builtin else f"{preset.name} (user)")
            action.setCheckable(True)
            action.setChecked(preset.name == current)
            action.setToolTip(f"{preset.description} — {preset.where}")
            action.setActionGroup(group)
            action.triggered.connect(lambda _on=False, p=preset: self._presets.apply_preset(p))
        menu.addSeparator()
        self._add(menu, "&Save as Preset…", self._presets.save_preset_dialog)
        self._add(menu, "&Reset to Preset", self._presets.reset_to_preset)
        self._add(menu, "&Import Preset…", self.import_dialog)
        user = not self._presets.preset.builtin
        self._add(menu, "Re&name Preset…", self.rename_dialog).setEnabled(user)
        self._add(menu, "&Delete Preset…", self.delete_dialog).setEnabled(user)
        menu.addSeparator()
        self._add(menu, "&Copy as Command Line", self.copy_command_line)
        for text, slot, shortcut in self._extra:
            self._add(menu, text, slot, shortcut)

    def _add(self, menu: QMenu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _on=False: slot())
        return action

    # -- commands -----------------------------------------------------------------

    def command_lines(self) -> str:
        """``wikinorm normalize`` and ``wikinorm batch`` commands with the window's current rules."""
        preset, config = self._presets.preset, self._presets.config()
        page, dump = self.document_paths()
        return (f"{normalize_command(preset, config, page or 'PAGE.wiki')}\n"
                f"{batch_command(preset, config, dump or 'DUMP.xml.bz2')}\n")

    def copy_command_line(self) -> None:
        """Put the equivalent command lines on the clipboard."""
        QGuiApplication.clipboard().setText(self.command_lines())
        modified = self._presets.config() != self._presets.preset.config
        note = " (with the changes made since, as options)" if modified else ""
        self.statusMessage.emit(f"Copied the wikinorm normalize and batch commands for preset "
                                f"{self._presets.preset.name!r}{note}")

    def import_dialog(self) -> None:
        """Ask for a preset file and import it."""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import preset", "", PRESET_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Preset | None:
        """Copy the preset in ``path`` into the user presets folder and choose it."""
        try:
            preset = import_preset(path, self._presets.folder())
        except (OSError, PresetError) as exc:
            self._errors.show("Cannot import the preset", str(exc))
            return None
        self._presets.refresh_presets()
        self._presets.apply_preset(preset)
        self.statusMessage.emit(f"Imported preset {preset.name!r} to {preset.path}")
        return preset

    def rename_dialog(self) -> None:
        """Ask for a new name for the chosen user preset."""
        old = self._presets.preset.name
        name, ok = QInputDialog.getText(self._parent, "Rename preset", f"New name for {old!r}:", text=old)
        if ok and name.strip() and name.strip() != old:
            self.rename(name.strip())

    def rename(self, name: str) -> Preset | None:
        """Rename the chosen user preset (its file too)."""
        try:
            renamed = rename_user_preset(self._presets.preset, name, self._presets.folder())
        except (OSError, PresetError) as exc:
            self._errors.show("Cannot rename the preset", str(exc))
            return None
        self._presets.update_preset(renamed)
        self.statusMessage.emit(f"Renamed the preset to {name!r} ({renamed.path})")
        return renamed

    def delete_dialog(self) -> None:
        """Ask, then delete the chosen user preset."""
        preset = self._presets.preset
        answer = QMessageBox.question(self._parent, "Delete preset",
                                      f"Delete preset {preset.name!r} and its pins ({preset.path})?")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete()

    def delete(self) -> bool:
        """Delete the chosen user preset's file; the window goes back to ``reference``."""
        preset = self._presets.preset
        try:
            delete_user_preset(preset)
        except (OSError, PresetError) as exc:
            self._errors.show("Cannot delete the preset", str(exc))
            return False
        self._presets.refresh_presets()
        fallback = next(p for p in self._bar.presets() if p.name == "reference")
        self._presets.apply_preset(fallback)
        self.statusMessage.emit(f"Deleted preset {preset.name!r}")
        return True
