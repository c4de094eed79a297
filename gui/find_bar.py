"""The find bar (Ctrl+F) above the raw editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from .theme import error_text


class FindBar(QWidget):
    """Starts hidden. Emits :attr:`findRequested` (text, backwards, case-sensitive); Esc closes it."""

    findRequested = Signal(str, bool, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("Find:"))
        self.edit = QLineEdit()
        self.edit.setObjectName("find-edit")
        self.edit.setPlaceholderText("text to find in the wikitext")
        self.edit.returnPressed.connect(lambda: self._find(False))
        self.edit.textChanged.connect(lambda _t: self._find(False))
        layout.addWidget(self.edit, 1)
        self._case = QCheckBox("Match case")
        layout.addWidget(self._case)
        prev = QPushButton("Previous")
        prev.clicked.connect(lambda: self._find(True))
        nxt = QPushButton("Next")
        nxt.clicked.connect(lambda: self._find(False))
        close = QPushButton("✕")
        close.setFixedWidth(28)
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        for w in (prev, nxt, close):
            layout.addWidget(w)
        self.status = QLabel("")
        self.status.setStyleSheet(f"color: {error_text(self.palette()).name()};")
        layout.addWidget(self.status)
        self.hide()  # until Ctrl+F

    def open_bar(self, text: str = "") -> None:
        """Show and focus the bar, optionally prefilled."""
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Hide the bar."""
        self.hide()
        self.closed.emit()

    def set_found(self, found: bool) -> None:
        """Say whether the last search found anything."""
        self.status.setText("" if found or not self.edit.text() else "not found")

    def find_next(self) -> None:
        """Find the next match of the current text (Find Next), or open the bar when it is empty."""
        if self.edit.text():
            self._find(False)
        else:
            self.open_bar()

    def _find(self, backwards: bool) -> None:
        text = self.edit.text()
        if text:
            self.findRequested.emit(text, backwards, self._case.isChecked())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Esc closes the bar."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
