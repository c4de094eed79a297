"""The read-only normalized text, patched in place as runs finish.

A very long paragraph (the one-line presets make the whole article a single
line) is expensive for Qt: every change relays out the whole paragraph (30-50
ms for 100 KB). So very long lines are shown as several Qt blocks, split at
spaces: the separator stands where the space was, so positions stay the same
and only the edited chunk is laid out again. The real text is kept alongside
and is what copy, :meth:`text` and export use.

A split must fall where word wrap breaks the line anyway: gui/wrap_splits.py
moves the splits near the screen there.
"""

from __future__ import annotations

import time

from bisect import bisect_left

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from .text_positions import FIRST_CHUNK, ChunkPacer, Utf16Index, chunk_end
from .theme import link_format
from .wrap_splits import WrapAlignedSplits

CHUNK = 2000  # characters per Qt block in very long lines
LONG_LINE = 6000  # lines up to this long are shown as they are
_RESET_ABOVE = 20000  # a patch bigger than this re-chunks the whole text instead


def soft_breaks(text: str, chunk: int = CHUNK) -> list[int]:
    """Offsets of spaces where a line longer than ``chunk`` is split for display."""
    breaks = []
    line_start = 0
    n = len(text)
    while line_start < n:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = n
        pos = line_start
        while line_end - line_start > LONG_LINE and line_end - pos > chunk:
            cut = text.rfind(" ", pos + chunk // 2, pos + chunk)
            if cut < 0:
                cut = text.find(" ", pos + chunk, line_end)
                if cut < 0:
                    break
            breaks.append(cut)
            pos = cut + 1
        line_start = line_end + 1
    return breaks


class NormalizedView(WrapAlignedSplits, QPlainTextEdit):
    """Shows the pipeline's output; emits :attr:`spanPicked` (code points) on click."""

    spanPicked = Signal(int, int)
    hoverRequested = Signal(int, object)  # code-point offset, global QPoint

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.setAccessibleName("Normalized text")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont(self.font())
        font.setPointSize(11)
        self.setFont(font)
        self._text = ""
        self._index = Utf16Index("")
        self._breaks: list[int] = []  # UTF-16 offsets of soft separators
        self._link: tuple[int, int] | None = None
        self._pending: str | None = None  # display text still going in a chunk at a time
        self._pending_at = 0
        self._pacer = ChunkPacer()
        self._load_timer = QTimer(self)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load_step)
        self._align_timer = QTimer(self)
        self._align_timer.setSingleShot(True)
        self._align_timer.setInterval(0)
        self._align_timer.timeout.connect(self._align_visible)
        self.updateRequest.connect(lambda *_: self._align_timer.start() if self._breaks else None)

    # -- content ----------------------------------------------------------------

    def text(self) -> str:
        """The real text shown (without the display-only line splits)."""
        return self._text

    def displayed_text(self) -> str:
        """What the Qt document holds, with soft splits turned back into spaces (for tests)."""
        self._flush()
        raw = list(self.document().toRawText())
        for b16 in self._breaks:
            b = self._index.to_py(b16)
            if b < len(raw) and raw[b] == "\u2029":
                raw[b] = " "
        return "".join(raw).replace("\u2029", "\n")

    def index(self) -> Utf16Index:
        """The UTF-16 index of the text shown."""
        return self._index

    def set_text(self, text: str, index: Utf16Index | None = None) -> None:
        """Show ``text``, replacing everything.

        A long text shown from the top goes in a chunk per event-loop turn (the
        first chunk fills the screen): laying out a megabyte at once blocks the
        window. Anything that reads or patches the Qt document first puts the
        rest in (:meth:`_flush`).
        """
        index = index or Utf16Index(text)
        breaks = soft_breaks(text)
        display = text
        if breaks:
            parts = []
            prev = 0
            for b in breaks:
                parts.append(text[prev:b])
                prev = b + 1
            parts.append(text[prev:])
            display = "\n".join(parts)
        self._load_timer.stop()
        scroll = self.verticalScrollBar().value()
        first = len(display) if scroll else chunk_end(display, 0, FIRST_CHUNK)
        self._pending = display if first < len(display) else None
        self._pending_at = first
        self.setPlainText(display[:first])
        self.verticalScrollBar().setValue(scroll)
        self._text = text
        self._index = index
        self._breaks = [index.to_utf16(b) for b in breaks]
        self._link = None
        self.setExtraSelections([])
        if self._pending is not None:
            self._load_timer.start()

    def _load_step(self) -> None:
        display = self._pending
        if display is None:
            self._load_timer.stop()
            return
        end = chunk_end(display, self._pending_at, self._pacer.size)
        started = time.perf_counter()
        self._append(display[self._pending_at : end])
        self._pacer.took(end - self._pending_at, time.perf_counter() - started)
        self._pending_at = end
        if end >= len(display):
            self._pending = None
            self._load_timer.stop()

    def _append(self, chunk: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)

    def _flush(self) -> None:
        """Put the rest of a text still being shown a chunk at a time into the document now."""
        if self._pending is not None:
            self._append(self._pending[self._pending_at :])
            self._pending = None
            self._load_timer.stop()

    def is_loading(self) -> bool:
        """Whether a long text is still going into the view a chunk at a time."""
        return self._pending is not None

    def shutdown(self) -> None:
        """Stop the loading and aligning timers (window closing)."""
        self._load_timer.stop()
        self._align_timer.stop()

    def patch(self, start: int, old_end: int, replacement: str, new_text: str, new_index: Utf16Index) -> None:
        """Replace ``[start, old_end)`` (code points of the current text) with ``replacement``."""
        if len(replacement) > _RESET_ABOVE or not (0 <= start <= old_end <= len(self._text)):
            self.set_text(new_text, new_index)
            return
        self._flush()
        old = self._index
        a, b = old.to_utf16(start), old.to_utf16(old_end)
        if a != b or replacement:
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(replacement)
            delta = new_index.to_utf16(start + len(replacement)) - b
            lo = bisect_left(self._breaks, a)
            hi = bisect_left(self._breaks, b)
            self._breaks[lo:] = [x + delta for x in self._breaks[hi:]]
        self._text = new_text
        self._index = new_index
        if self._link is not None:
            self._link = None
            self.setExtraSelections([])

    # -- trace ------------------------------------------------------------------

    def highlight_span(self, start: int, end: int, scroll: bool = True) -> None:
        """Mark output span ``[start, end)`` (code points), e.g. what a raw click maps to."""
        self._flush()
        a, b = self._index.to_utf16(start), self._index.to_utf16(end)
        self._link = (a, b)
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format = link_format(self.palette())
        self.setExtraSelections([sel])
        if scroll:
            move = QTextCursor(self.document())
            move.setPosition(a)
            self.setTextCursor(move)
            self.centerCursor()

    def linked_span(self) -> tuple[int, int] | None:
        """The marked span, in code points, if any."""
        if self._link is None:
            return None
        return self._index.to_py(self._link[0]), self._index.to_py(self._link[1])

    def pick(self, pos16: int, end16: int | None = None) -> tuple[int, int]:
        """The code-point span picked at ``pos16``: the selection, or the word there."""
        if end16 is not None and end16 > pos16:
            return self._index.to_py(pos16), self._index.to_py(end16)
        self._flush()
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos16)
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        if a == b:
            return self._index.to_py(pos16), self._index.to_py(pos16)
        return self._index.to_py(a), self._index.to_py(b)

    # -- mouse, hover, copy -------------------------------------------------------

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802, D102
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            cursor = self.textCursor()
            if cursor.hasSelection():
                span = self.pick(cursor.selectionStart(), cursor.selectionEnd())
            else:
                span = self.pick(self.cursorForPosition(event.position().toPoint()).position())
            self.spanPicked.emit(*span)

    def event(self, event: QEvent) -> bool:  # noqa: D102
        if event.type() == QEvent.Type.ToolTip:
            pos16 = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos())).position()
            self.hoverRequested.emit(self._index.to_py(pos16), event.globalPos())
            return True
        return super().event(event)

    def show_hover(self, global_pos, html: str) -> None:
        """Show (or hide, if empty) the hover text."""
        if html:
            QToolTip.showText(global_pos, html, self)
        else:
            QToolTip.hideText()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802, D102
        # Copy the real text, not the display-only splits.
        cursor = self.textCursor()
        a, b = self._index.to_py(cursor.selectionStart()), self._index.to_py(cursor.selectionEnd())
        data = QMimeData()
        data.setText(self._text[a:b])
        return data

    def set_font_size(self, points: int) -> None:
        """Zoom: the view's font size in points."""
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)
