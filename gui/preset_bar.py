"""Preset selector with save-as and reset buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from wikinorm.core.presets import Preset


class PresetBar(QWidget):
    """Lists presets; emits :attr:`presetChosen`, :attr:`saveRequested`, :attr:`resetRequested`."""

    presetChosen = Signal(object)
    saveRequested = Signal()
    resetRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        label = QLabel("&Preset:")
        layout.addWidget(label)
        self._combo = QComboBox()
        self._combo.setObjectName("preset-combo")
        self._combo.setMinimumContentsLength(10)
        self._combo.setAccessibleName("Preset")
        self._combo.activated.connect(self._on_activated)
        label.setBuddy(self._combo)
        layout.addWidget(self._combo, 1)
        self._save = QPushButton("Save as…")
        self._save.setToolTip("Save the current rule settings as a new preset")
        self._save.clicked.connect(self.saveRequested)
        self._reset = QPushButton("Reset")
        self._reset.setToolTip("Go back to the selected preset's settings")
        self._reset.clicked.connect(self.resetRequested)
        layout.addWidget(self._save)
        layout.addWidget(self._reset)
        self._presets: list[Preset] = []
        self._modified = False

    def set_presets(self, presets: list[Preset], current: str | None = None) -> None:
        """Fill the list (built-ins first) and select ``current`` by name."""
        self._presets = list(presets)
        self._modified = False  # the labels are rebuilt without a star
        self._combo.blockSignals(True)
        self._combo.clear()
        for preset in self._presets:
            label = preset.name if preset.builtin else f"{preset.name} (user)"
            self._combo.addItem(label)
            self._combo.setItemData(self._combo.count() - 1, preset.description, 3)  # tooltip role
        self._combo.blockSignals(False)
        if current is not None:
            self.select(current)

    def presets(self) -> list[Preset]:
        """The presets listed."""
        return list(self._presets)

    def select(self, name: str) -> None:
        """Select a preset by name without emitting."""
        for i, preset in enumerate(self._presets):
            if preset.name == name:
                self._combo.blockSignals(True)
                self._combo.setCurrentIndex(i)
                self._combo.blockSignals(False)
                self.setToolTip(preset.description)
                return

    def current(self) -> Preset | None:
        """The selected preset."""
        i = self._combo.currentIndex()
        return self._presets[i] if 0 <= i < len(self._presets) else None

    def set_modified(self, modified: bool) -> None:
        """Mark that the rules differ from the selected preset."""
        if modified == self._modified:
            return
        self._modified = modified
        i = self._combo.currentIndex()
        if i >= 0:
            preset = self._presets[i]
            base = preset.name if preset.builtin else f"{preset.name} (user)"
            self._combo.setItemText(i, f"{base} *" if modified else base)

    def choose(self, name: str) -> None:
        """Select a preset by name and emit :attr:`presetChosen` (as a user would)."""
        self.select(name)
        self._on_activated(self._combo.currentIndex())

    def _on_activated(self, index: int) -> None:
        if 0 <= index < len(self._presets):
            self._modified = True  # force the label refresh
            self.set_modified(False)
            self.presetChosen.emit(self._presets[index])
