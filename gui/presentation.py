"""Teaching from the front of a room: stepping from the keyboard, the step card, presentation mode, zoom.

The window's View menu gets the actions; the window itself only forwards its
zoom here (:func:`zoom_window`), so menus, docks, the status bar and tooltips
grow with the panes.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QPlainTextEdit, QToolTip

#: The panes' text size the window's other text is drawn at its usual size against.
DEFAULT_POINTS = 11
#: Presentation mode's smallest pane text, in points.
PRESENTATION_POINTS = 20


def zoom_window(window: QMainWindow, points: int) -> None:
    """Scale every text of ``window`` (menus, docks, status bar, tooltips) with the panes' ``points``."""
    app = QApplication.instance()
    base = app.property("wikinorm_ui_points") if app is not None else None
    if base is None:
        base = QApplication.font().pointSizeF() if app is not None else 9.0
        if app is not None:
            app.setProperty("wikinorm_ui_points", base)
    font = QFont(window.font())
    font.setPointSizeF(max(6.0, base * points / DEFAULT_POINTS))
    window.setFont(font)
    # Menus and floating docks are windows of their own: fonts do not flow into them.
    for child in window.findChildren(QMenu) + window.findChildren(QDockWidget):
        child.setFont(font)
    QToolTip.setFont(font)
    # Text views other than the two panes (step changes, compare…) keep a font of their own.
    for view in window.findChildren(QPlainTextEdit):
        if view is not getattr(window, "editor", None):
            view_font = view.font()
            view_font.setPointSize(points)
            view.setFont(view_font)
    steps = getattr(window, "steps", None)
    if steps is not None:
        steps.set_font_size(points)


@dataclasses.dataclass
class _Before:
    """What presentation mode changed, to put back."""

    zoom: int
    docks: dict[str, bool]
    status_bar: bool
    card: bool
    state: Qt.WindowState
    splitter: QByteArray


class PresentationController(QObject):
    """Previous/next step (Alt+Left/Alt+Right), the step card, and presentation mode (F11)."""

    def __init__(self, window, menu: QMenu):
        super().__init__(window)
        self._window = window
        self._before: _Before | None = None
        menu.addSeparator()
        self.previous_action = self._add(menu, "&Previous Step", "Alt+Left", lambda: window.steps.step(-1))
        self.next_action = self._add(menu, "&Next Step", "Alt+Right", lambda: window.steps.step(1))
        self.card_action = self._add(menu, "Step &Card", "Ctrl+K", window.steps.set_card_visible, checkable=True)
        window.steps.card_area.installEventFilter(self)
        self.presentation_action = self._add(menu, "P&resentation Mode", "F11", self.set_presenting,
                                             checkable=True)

    def _add(self, menu: QMenu, text: str, shortcut: str, slot, checkable: bool = False) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        return action

    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: N802
        """Keep the Step Card entry checked exactly when the card is shown."""
        if event.type() in (event.Type.Show, event.Type.Hide):
            blocked = self.card_action.blockSignals(True)
            self.card_action.setChecked(self._window.steps.card_area.isVisibleTo(self._window))
            self.card_action.blockSignals(blocked)
        return False

    def presenting(self) -> bool:
        """Whether presentation mode is on."""
        return self._before is not None

    def set_presenting(self, on: bool) -> None:
        """Bigger text everywhere, secondary panels hidden, the step card shown; off puts all back."""
        window = self._window
        if on == self.presenting():
            return
        if on:
            docks = {dock.objectName(): dock.isVisible() for dock in window.findChildren(QDockWidget)}
            self._before = _Before(window.zoom(), docks, window.statusBar().isVisible(),
                                   window.steps.card_area.isVisible(), window.windowState(),
                                   window.splitter.saveState())
            for dock in window.findChildren(QDockWidget):
                dock.hide()
            window.statusBar().hide()
            window.steps.set_card_visible(True)
            window.set_zoom(max(PRESENTATION_POINTS, round(window.zoom() * 1.6)))
            window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
            window.splitter.setSizes([1000, 1000])  # both panes readable, whatever the screen
        else:
            before, self._before = self._before, None
            window.setWindowState(before.state)
            window.splitter.restoreState(before.splitter)
            window.set_zoom(before.zoom)
            window.steps.set_card_visible(before.card)
            window.statusBar().setVisible(before.status_bar)
            for dock in window.findChildren(QDockWidget):
                dock.setVisible(before.docks.get(dock.objectName(), False))
        blocked = self.presentation_action.blockSignals(True)
        self.presentation_action.setChecked(on)
        self.presentation_action.blockSignals(blocked)

    def saved_zoom(self) -> int:
        """The zoom to remember: the one from before presentation mode, if on."""
        return self._before.zoom if self._before is not None else self._window.zoom()
