"""The corpus builder's preset tools, wired in one place: Presets menu, pinned examples, Compare, step changes.

The window makes one :class:`PresetTools` and hands it its menus and panes;
the docks (Pins, Compare) and every command live here and in the controllers
it builds, so the main window stays wiring only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStackedWidget, QWidget

from .compare_controller import CompareController
from .error_reporter import ErrorReporter
from .normalizer_model import NormalizerModel
from .pins_controller import PinsController
from .preset_bar import PresetBar
from .preset_controller import PresetController
from .preset_menu import PresetMenu
from .raw_editor import RawEditor


class PresetTools(QObject):
    """Builds the pins, compare and preset-menu controllers and their docks."""

    statusMessage = Signal(str)

    def __init__(self, window: QMainWindow, presets: PresetController, bar: PresetBar, editor: RawEditor,
                 model: NormalizerModel, errors: ErrorReporter):
        super().__init__(window)
        self._window = window
        self.pins = PinsController(presets, editor, errors, self)
        self.compare = CompareController(model, presets, bar, self)
        self.menu = PresetMenu(presets, bar, errors, window)
        self.menu.add_command("&Pin Example", self.pins.pin_selection, "Ctrl+Shift+P")
        self.menu.add_command("Co&mpare…", self.show_compare, "Ctrl+Shift+K")
        for source in (self.pins, self.menu):
            source.statusMessage.connect(self.statusMessage)
        self.docks: dict[str, QDockWidget] = {}

    def pane(self, normalized: QWidget) -> QStackedWidget:
        """The normalized pane's content (the text, or in step-through what the rule changed)."""
        return self.compare.pane(normalized)

    def install(self, presets_menu: QMenu, view_menu: QMenu) -> None:
        """Add the Pins and Compare docks (with View-menu entries) and fill the Presets menu."""
        for name, title, widget, area in (
            ("pins", "Pinned Examples", self.pins.panel, Qt.DockWidgetArea.BottomDockWidgetArea),
            ("compare", "Compare", self.compare.view, Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock = QDockWidget(title, self._window)
            dock.setObjectName(f"{name}-dock")  # the saved window state refers to it
            dock.setWidget(widget)
            self._window.addDockWidget(area, dock)
            dock.hide()
            view_menu.addAction(dock.toggleViewAction())
            self.docks[name] = dock
        self.docks["compare"].visibilityChanged.connect(self.compare.set_visible)
        self.menu.install(presets_menu)

    def show_compare(self, left: str | None = None, right: str | None = None) -> None:
        """Show the Compare dock (optionally choosing its two sides by key)."""
        dock = self.docks["compare"]
        dock.show()
        dock.raise_()
        if left or right:
            self.compare.compare_with(left, right)

    def shutdown(self) -> None:
        """Wait for background work (window closing)."""
        self.pins.shutdown()
        self.compare.shutdown()
