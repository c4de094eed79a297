"""The Compare view: two outputs of the same raw text side by side, their word-level diff highlighted."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core.word_diff import DiffKind, WordDiff

from .diff_colors import diff_formats
from .text_positions import Utf16Index


class CompareSource(NamedTuple):
    """One thing to compare: a key the controller understands, a title, and why it cannot run ("" if it can)."""

    key: str
    title: str
    missing: str = ""


class CompareView(QWidget):
    """Two read-only panes with a source chooser each; emits :attr:`sourcesChanged` when either changes."""

    sourcesChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self._combos = (QComboBox(), QComboBox())
        self._panes = (QPlainTextEdit(), QPlainTextEdit())
        self._titles = (QLabel(), QLabel())
        for name, combo in zip(("left", "right"), self._combos):
            combo.setObjectName(f"compare-{name}")
            combo.currentIndexChanged.connect(lambda _i: self.sourcesChanged.emit())
        self._swap = QPushButton("⇄")
        self._swap.setToolTip("Swap the two sides")
        self._swap.setFixedWidth(34)
        self._swap.clicked.connect(self._swap_sides)
        self.summary = QLabel("")
        self.summary.setObjectName("compare-summary")
        row.addWidget(QLabel("Left:"))
        row.addWidget(self._combos[0], 1)
        row.addWidget(self._swap)
        row.addWidget(QLabel("Right:"))
        row.addWidget(self._combos[1], 1)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in self._panes:
            pane.setReadOnly(True)
            pane.setUndoRedoEnabled(False)
            splitter.addWidget(pane)
        layout.addWidget(splitter, 1)
        # Both sides scroll together (in proportion: their lengths differ).
        left, right = (p.verticalScrollBar() for p in self._panes)
        left.valueChanged.connect(lambda v: self._follow(left, right))
        right.valueChanged.connect(lambda v: self._follow(right, left))
        self._following = False

    def sizeHint(self) -> QSize:  # noqa: N802, D102
        # A dock under the panes: keep their room.
        return QSize(900, 260)

    # -- sources ----------------------------------------------------------------

    def set_sources(self, sources: list[CompareSource], left: str, right: str) -> None:
        """List ``sources`` on both sides and choose ``left`` and ``right`` (keys) if listed."""
        for combo, wanted in zip(self._combos, (left, right)):
            current = combo.currentData() or wanted
            blocked = combo.blockSignals(True)
            combo.clear()
            for source in sources:
                combo.addItem(source.title, source.key)
                if source.missing:
                    item = combo.model().item(combo.count() - 1)
                    item.setEnabled(False)
                    item.setToolTip(source.missing)
            usable = [s.key for s in sources if not s.missing]
            # A source that cannot run (not installed) is listed but never chosen.
            key = next((k for k in (current, wanted) if k in usable), usable[0] if usable else "")
            combo.setCurrentIndex(max(combo.findData(key), 0))
            combo.blockSignals(blocked)

    def sources(self) -> tuple[str, str]:
        """The keys chosen on the left and on the right."""
        return self._combos[0].currentData() or "", self._combos[1].currentData() or ""

    def choose(self, left: str | None = None, right: str | None = None) -> None:
        """Choose sources by key (emits :attr:`sourcesChanged` if that changes anything)."""
        for combo, key in zip(self._combos, (left, right)):
            if key is not None and combo.findData(key) >= 0:
                combo.setCurrentIndex(combo.findData(key))

    def _swap_sides(self) -> None:
        left, right = self.sources()
        blocked = self._combos[0].blockSignals(True)
        self.choose(left=right)
        self._combos[0].blockSignals(blocked)
        self.choose(right=left)

    # -- content ----------------------------------------------------------------

    def show_busy(self) -> None:
        """Say that a comparison is being computed (the panes keep the last one)."""
        self.summary.setText("Comparing…")

    def show_error(self, message: str) -> None:
        """Say why the comparison could not be made."""
        self.summary.setText(f"Cannot compare: {message}")

    def show_comparison(self, diff: WordDiff) -> None:
        """Show both texts with what differs highlighted: red on the left, green on the right."""
        formats = diff_formats(self.palette())
        for pane, text, spans, fmt in (
            (self._panes[0], diff.left_text, diff.left, formats.removed),
            (self._panes[1], diff.right_text, diff.right, formats.inserted),
        ):
            pane.setPlainText(text)
            index = Utf16Index(text)  # Qt positions are UTF-16: astral characters count twice
            cursor = QTextCursor(pane.document())
            cursor.beginEditBlock()
            for span in spans:
                if span.kind is DiffKind.EQUAL:
                    continue
                cursor.setPosition(index.to_utf16(span.start))
                cursor.setPosition(index.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
            cursor.endEditBlock()
        words = diff.differing_words()
        self.summary.setText("The same text" if diff.same else f"{words:,} word{'s' * (words != 1)} differ")

    def texts(self) -> tuple[str, str]:
        """The two texts shown (for tests)."""
        return self._panes[0].toPlainText(), self._panes[1].toPlainText()

    def marked(self, side: int) -> list[str]:
        """The highlighted pieces of one side (0 left, 1 right), in order (for tests)."""
        pane = self._panes[side]
        found, block = [], pane.document().begin()
        while block.isValid():
            for fragment in _fragments(block):
                if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                    found.append(fragment.text())
            block = block.next()
        return found

    def _follow(self, leader, follower) -> None:
        if self._following or not leader.maximum():
            return
        self._following = True
        follower.setValue(round(leader.value() / leader.maximum() * follower.maximum()))
        self._following = False


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid():
            yield fragment
        it += 1
