"""Display-only splits of a very long line, moved to where word wrap breaks the line anyway.

:class:`~wikinorm.gui.normalized_view.NormalizedView` shows a very long line as
several Qt blocks (see there). A block always starts a new line, so a split
must fall where word wrap would break the line anyway, or the reader sees a
short line where the text has no break. The splits near the screen are moved
back to the start of their chunk's last wrapped line whenever that line has
room for the next word, after each layout change, scroll or resize.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtGui import QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


class WrapAlignedSplits:
    """Mixed into the normalized view: keeps ``self._breaks`` (UTF-16 offsets of the splits) where
    word wrap breaks; the view starts ``self._align_timer`` when its layout, scroll or size changes."""

    _breaks: list[int]
    _pending: str | None

    def resizeEvent(self, event) -> None:  # noqa: N802, D102
        QPlainTextEdit.resizeEvent(self, event)
        if self._breaks:
            self._align_timer.start()

    def split_is_aligned(self, block) -> bool:
        """Whether the soft split after ``block`` falls where word wrap breaks the line anyway."""
        after = block.next()
        self.document().documentLayout().blockBoundingRect(block)  # lays the block out if it is not
        layout = block.layout()
        if not after.isValid() or layout.lineCount() == 0:
            return True
        last = layout.lineAt(layout.lineCount() - 1)
        word = after.text().split(" ", 1)[0]
        room = layout.lineAt(0).width() - last.naturalTextWidth()
        return QFontMetricsF(self.font()).horizontalAdvance(" " + word) > room

    def _align_visible(self) -> None:
        if not self._breaks or self._pending is not None:
            return
        document = self.document()
        block = self.firstVisibleBlock()
        if block.previous().isValid():
            block = block.previous()
        bottom = self.viewport().height()
        for _ in range(200):  # each move is of one line; the screen holds far fewer splits
            after = block.next()
            if not after.isValid():
                return
            split = after.position() - 1
            i = bisect_left(self._breaks, split)
            if i < len(self._breaks) and self._breaks[i] == split and not self.split_is_aligned(block):
                start = block.position()  # edits come after it: the block starts where it did
                self._move_split(block, i)
                block = document.findBlock(start)
                continue
            if self.blockBoundingGeometry(after).translated(self.contentOffset()).top() > bottom:
                return
            block = after

    def _move_split(self, block, i: int) -> None:
        """Split instead at the start of ``block``'s last wrapped line that follows a space."""
        layout, document = block.layout(), self.document()
        line = layout.lineCount() - 1
        while line >= 1 and document.characterAt(block.position() + layout.lineAt(line).textStart() - 1) != " ":
            line -= 1
        old, new = self._breaks[i], block.position() + layout.lineAt(line).textStart() - 1
        if line < 1 or new <= (self._breaks[i - 1] if i else -1):
            # No earlier wrap at a space: drop the split, the two chunks become one.
            new = None
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        cursor.setPosition(old)
        cursor.setPosition(old + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(" ")
        if new is not None:
            cursor.setPosition(new)
            cursor.setPosition(new + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText("\n")
            self._breaks[i] = new
        else:
            del self._breaks[i]
        cursor.endEditBlock()

