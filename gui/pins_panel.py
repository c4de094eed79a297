"""The Pins panel: a preset's pinned examples, each passing or failing (red, with its diff).

Also :class:`PinsBadge`, the line under the rule panel that says which pins the
last change broke.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core.pins import PinOutcome
from wikinorm.core.word_diff import DiffKind

from .diff_colors import diff_formats, pass_fail_colors
from .text_positions import Utf16Index

NO_PINS = "No pinned examples. Select raw text and use Presets ▸ Pin Example."


class PinsPanel(QWidget):
    """The list of pins and the chosen one's raw text, expected text (editable) and actual output."""

    expectedSaved = Signal(int, str)  # pin number (1-based), new expected text
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._outcomes: list[PinOutcome] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(NO_PINS)
        self.summary.setObjectName("pins-summary")
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setObjectName("pins-list")
        self.list.currentRowChanged.connect(self._show_row)
        splitter.addWidget(self.list)
        detail = QWidget()
        grid = QVBoxLayout(detail)
        grid.setContentsMargins(0, 0, 0, 0)
        columns = QHBoxLayout()
        self.raw = self._pane("Raw wikitext", columns, read_only=True)
        self.expected = self._pane("Expected output (editable)", columns, read_only=False)
        self.actual = self._pane("Actual output", columns, read_only=True)
        grid.addLayout(columns, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save Expected")
        self.save_button.clicked.connect(self._save)
        self.accept_button = QPushButton("Accept Actual")
        self.accept_button.setToolTip("Make the actual output the expected one")
        self.accept_button.clicked.connect(self._accept)
        self.delete_button = QPushButton("Delete Pin")
        self.delete_button.clicked.connect(lambda: self._current() and self.deleteRequested.emit(self._current().number))
        for button in (self.save_button, self.accept_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons)
        splitter.addWidget(detail)
        splitter.setSizes([220, 600])
        layout.addWidget(splitter, 1)
        self._show_row(-1)

    @staticmethod
    def _pane(title: str, layout: QHBoxLayout, read_only: bool) -> QPlainTextEdit:
        column = QVBoxLayout()
        column.addWidget(QLabel(title))
        pane = QPlainTextEdit()
        pane.setReadOnly(read_only)
        pane.setObjectName("pin-" + title.split()[0].lower())
        column.addWidget(pane, 1)
        layout.addLayout(column, 1)
        return pane

    def sizeHint(self) -> QSize:  # noqa: N802, D102
        # A dock under the panes: keep their room.
        return QSize(900, 230)

    def show_outcomes(self, outcomes: list[PinOutcome], broken: set[int] = frozenset()) -> None:
        """List ``outcomes`` (failing ones red; ``broken``: numbers the last change broke)."""
        row = max(self.list.currentRow(), 0)
        self._outcomes = list(outcomes)
        self.list.blockSignals(True)
        self.list.clear()
        red = pass_fail_colors(self.palette())[1]
        for outcome in outcomes:
            mark = "✓" if outcome.passed else "✗"
            note = "  (broken by the last change)" if outcome.number in broken else ""
            item = QListWidgetItem(f"{mark} {outcome.number}. {outcome.pin.label()}{note}")
            if not outcome.passed:
                item.setForeground(QBrush(red))
                item.setToolTip(outcome.describe(context=40))
            self.list.addItem(item)
        self.list.blockSignals(False)
        failed = sum(not o.passed for o in outcomes)
        if not outcomes:
            self.summary.setText(NO_PINS)
        else:
            self.summary.setText(f"{len(outcomes) - failed} of {len(outcomes)} pins pass" + (f", {failed} fail" if failed else ""))
        self.summary.setStyleSheet(f"color: {red.name()};" if failed else "")
        self.list.setCurrentRow(min(row, len(outcomes) - 1))
        self._show_row(self.list.currentRow())

    def outcomes(self) -> list[PinOutcome]:
        """The outcomes shown."""
        return list(self._outcomes)

    def _current(self) -> PinOutcome | None:
        row = self.list.currentRow()
        return self._outcomes[row] if 0 <= row < len(self._outcomes) else None

    def _show_row(self, row: int) -> None:
        outcome = self._outcomes[row] if 0 <= row < len(self._outcomes) else None
        for button in (self.save_button, self.accept_button, self.delete_button):
            button.setEnabled(outcome is not None)
        if outcome is None:
            for pane in (self.raw, self.expected, self.actual):
                pane.setPlainText("")
            return
        self.raw.setPlainText(outcome.pin.raw)
        self.expected.setPlainText(outcome.pin.expected)
        self.actual.setPlainText(outcome.actual)
        self.accept_button.setEnabled(not outcome.passed)
        if not outcome.passed:
            diff = outcome.diff()
            formats = diff_formats(self.palette())
            for pane, text, spans, fmt in ((self.expected, diff.left_text, diff.left, formats.removed),
                                           (self.actual, diff.right_text, diff.right, formats.inserted)):
                index = Utf16Index(text)
                cursor = QTextCursor(pane.document())
                for span in spans:
                    if span.kind is not DiffKind.EQUAL:
                        cursor.setPosition(index.to_utf16(span.start))
                        cursor.setPosition(index.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
                        cursor.mergeCharFormat(fmt)
            self.expected.document().setModified(False)

    def _save(self) -> None:
        outcome = self._current()
        if outcome is not None:
            self.expectedSaved.emit(outcome.number, self.expected.toPlainText())

    def _accept(self) -> None:
        outcome = self._current()
        if outcome is not None:
            self.expectedSaved.emit(outcome.number, outcome.actual)


class PinsBadge(QLabel):
    """One line under the rule panel: all pins pass, or which pins the last change broke."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pins-badge")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.hide()

    def show_state(self, outcomes: list[PinOutcome], broken: list[PinOutcome], change: str) -> None:
        """``broken``: the pins ``change`` (e.g. ``--disable formatting``) made fail."""
        if not outcomes:
            self.hide()
            return
        failed = [o for o in outcomes if not o.passed]
        green, red = (color.name() for color in pass_fail_colors(self.palette()))
        if broken:
            names = ", ".join(f"{o.number} ({html.escape(o.pin.label(24))})" for o in broken)
            text = (f"<span style='color:{red}'>✗ {html.escape(change) or 'The last change'} broke "
                    f"pin{'s' * (len(broken) != 1)} {names}</span>")
        elif failed:
            text = f"<span style='color:{red}'>✗ {len(failed)} of {len(outcomes)} pins fail</span>"
        else:
            text = f"<span style='color:{green}'>✓ All {len(outcomes)} pins pass</span>"
        self.setText(text)
        self.setToolTip("\n".join(f"pin {o.number}: {o.describe(context=30)}" for o in failed))
        self.show()
