"""The find bar (Ctrl+F) above the raw editor: find in either pane, replace in the wikitext."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from .theme import error_text

RAW, NORMALIZED = "raw", "normalized"


class FindBar(QWidget):
    """Starts hidden. Emits :attr:`findRequested` (text, backwards, case-sensitive, pane, past the
    selection: False while typing) and
    :attr:`replaceRequested` (text, replacement, case-sensitive, all); Esc closes it."""

    findRequested = Signal(str, bool, bool, str, bool)
    replaceRequested = Signal(str, str, bool, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        find_label = QLabel("F&ind:")
        self.edit = QLineEdit()
        self.edit.setObjectName("find-edit")
        self.edit.setAccessibleName("Text to find")
        self.edit.setPlaceholderText("text to find")
        self.edit.returnPressed.connect(lambda: self._find(False))
        self.edit.textChanged.connect(lambda _t: self._find(False, again=False))
        find_label.setBuddy(self.edit)
        self._pane = QComboBox()
        self._pane.setObjectName("find-pane")
        self._pane.setAccessibleName("Pane to search")
        self._pane.addItem("in the wikitext", RAW)
        self._pane.addItem("in the normalized text", NORMALIZED)
        self._pane.currentIndexChanged.connect(lambda _i: self._update_replace())
        self._case = QCheckBox("Match &case")
        prev = QPushButton("Previous")
        prev.clicked.connect(lambda: self._find(True))
        nxt = QPushButton("Next")
        nxt.clicked.connect(lambda: self._find(False))
        close = QPushButton("✕")
        close.setFixedWidth(28)
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close the find bar")
        close.clicked.connect(self.close_bar)
        self.status = QLabel("")
        self.status.setStyleSheet(f"color: {error_text(self.palette()).name()};")
        for column, widget in enumerate((find_label, self.edit, self._pane, self._case, prev, nxt, close, self.status)):
            grid.addWidget(widget, 0, column)
        grid.setColumnStretch(1, 1)
        self._replace_label = QLabel("Re&place:")
        self.replacement = QLineEdit()
        self.replacement.setObjectName("replace-edit")
        self.replacement.setAccessibleName("Replacement text")
        self.replacement.setPlaceholderText("replacement (in the wikitext)")
        self._replace_label.setBuddy(self.replacement)
        self._replace_one = QPushButton("Replace")
        self._replace_one.clicked.connect(lambda: self._replace(False))
        self._replace_all = QPushButton("Replace &All")
        self._replace_all.clicked.connect(lambda: self._replace(True))
        self.replacement.returnPressed.connect(lambda: self._replace(False))
        grid.addWidget(self._replace_label, 1, 0)
        grid.addWidget(self.replacement, 1, 1)
        grid.addWidget(self._replace_one, 1, 4)
        grid.addWidget(self._replace_all, 1, 5)
        self._replacing = False
        self._update_replace()
        self.hide()  # until Ctrl+F

    def open_bar(self, text: str = "", pane: str = RAW, replace: bool = False) -> None:
        """Show and focus the bar, optionally prefilled, searching ``pane``; ``replace`` shows the replace row."""
        self._replacing = replace
        self._pane.setCurrentIndex(self._pane.findData(RAW if replace else pane))
        self._update_replace()
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def pane(self) -> str:
        """The pane searched: :data:`RAW` or :data:`NORMALIZED`."""
        return self._pane.currentData()

    def close_bar(self) -> None:
        """Hide the bar."""
        self.hide()
        self.closed.emit()

    def set_found(self, found: bool) -> None:
        """Say whether the last search found anything."""
        self.status.setText("" if found or not self.edit.text() else "not found")

    def set_status(self, text: str) -> None:
        """Say something about the last command (e.g. how many were replaced)."""
        self.status.setText(text)

    def find_next(self) -> None:
        """Find the next match of the current text (Find Next), or open the bar when it is empty."""
        if self.edit.text():
            self._find(False)
        else:
            self.open_bar()

    def _update_replace(self) -> None:
        # Only the wikitext can be edited: the normalized text is the rules' output.
        on = self._replacing and self.pane() == RAW
        for widget in (self._replace_label, self.replacement, self._replace_one, self._replace_all):
            widget.setVisible(on)

    def _find(self, backwards: bool, again: bool = True) -> None:
        text = self.edit.text()
        if text:
            self.findRequested.emit(text, backwards, self._case.isChecked(), self.pane(), again)

    def _replace(self, everywhere: bool) -> None:
        if self.edit.text():
            self.replaceRequested.emit(self.edit.text(), self.replacement.text(), self._case.isChecked(), everywhere)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Esc closes the bar."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
