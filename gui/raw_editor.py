"""The raw wikitext editor: highlighting, line numbers, zoom and the trace overlay."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFontDatabase,
    QPainter,
    QPalette,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from wikinorm.core import get_rule

from .line_number_area import LineNumberArea
from .rule_colors import rule_text, rule_tint
from .rule_text import one_line
from .run_worker import TraceOutput
from .text_positions import FIRST_CHUNK, ChunkPacer, Utf16Edit, chunk_end, covering_span
from .theme import link_format, muted_text, readable
from .wikitext_highlighter import WikitextHighlighter


def map_position(pos: int, edits: list[tuple[int, int, int, int]], since: int) -> int:
    """Carry a UTF-16 position through the edits made after serial ``since``."""
    for serial, at, removed, added in edits:
        if serial <= since:
            continue
        if pos >= at + removed:
            pos += added - removed
        elif pos > at:
            pos = at
    return pos


class RawEditor(QPlainTextEdit):
    """Editable wikitext. Emits :attr:`edited` on every real text change.

    The trace overlay (spans the pipeline removed, tinted by rule) is drawn as
    extra selections for the visible part only, and carried through edits made
    since the trace was computed, so it stays put while the user types.
    """

    edited = Signal()
    spanPicked = Signal(int, int)  # UTF-16 selection or click position in this document
    fileDropped = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(11)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.setAccessibleName("Raw wikitext")
        self._highlighter = WikitextHighlighter(self.document(), self.palette())
        self._gutter = LineNumberArea(self, self.line_number_width, self._paint_line_numbers)
        self._serial = 0
        self._edits: list[tuple[int, int, int, int]] = []
        self._trace: TraceOutput | None = None
        self._trace_visible = True
        self._link: tuple[int, int] | None = None  # UTF-16, current document
        self._trace_selections: list[QTextEdit.ExtraSelection] = []
        self._loading = False
        self._pending: str | None = None  # the text being loaded a chunk at a time
        self._pending_at = 0
        self._pacer = ChunkPacer()
        self._load_timer = QTimer(self)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load_step)

        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._rebuild_selections)

        self.blockCountChanged.connect(self._update_margins)
        self.blockCountChanged.connect(self._gutter.update)
        self.document().documentLayout().documentSizeChanged.connect(self._gutter.update)
        self.updateRequest.connect(self._on_update_request)
        self.verticalScrollBar().valueChanged.connect(self._schedule_refresh)
        self.document().contentsChange.connect(self._on_contents_change)
        self._update_margins()

    # -- text -------------------------------------------------------------------

    def load_text(self, text: str) -> int:
        """Replace the whole text (not undoable, not "modified"); returns the new serial.

        A long text is shown a chunk at a time, one chunk per event-loop turn:
        laying out 2 MB at once blocks the window for a fraction of a second.
        The editor is read-only until the last chunk is in; :meth:`current_text`
        is the whole text from the start.
        """
        self._load_timer.stop()
        self._highlighter.resume()  # a load still going in left it suspended
        self._loading = True
        self._trace = None  # it described the previous text
        self._trace_selections = []
        self.setExtraSelections([])  # Qt would carry them through the replacement
        first = chunk_end(text, 0, FIRST_CHUNK)
        self._pending = text if first < len(text) else None
        self._pending_at = first
        try:
            self.setUndoRedoEnabled(False)
            self.setPlainText(text[:first])
        finally:
            self._loading = self._pending is not None
        self._serial += 1
        self._edits.clear()
        self._link = None
        if self._pending is None:
            self._finish_loading()
        else:
            self.setReadOnly(True)
            self._highlighter.suspend()
            self._load_timer.start()
        return self._serial

    def _load_step(self) -> None:
        text = self._pending
        if text is None:
            self._load_timer.stop()
            return
        end = chunk_end(text, self._pending_at, self._pacer.size)
        started = time.perf_counter()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text[self._pending_at : end])
        self._pacer.took(end - self._pending_at, time.perf_counter() - started)
        self._pending_at = end
        if end >= len(text):
            self._load_timer.stop()
            self._pending = None
            self._loading = False
            self.setReadOnly(False)
            self._highlighter.resume(chunk_end(text, 0, FIRST_CHUNK))
            self._finish_loading()

    def _finish_loading(self) -> None:
        self.setUndoRedoEnabled(True)
        self.document().setModified(False)
        self._schedule_refresh()

    def is_loading(self) -> bool:
        """Whether a long text is still being put into the editor a chunk at a time."""
        return self._pending is not None

    def hold_highlighting(self, held: bool) -> None:
        """Pause the background syntax highlighting (True: the worker is opening a page) or let it go on."""
        self._highlighter.hold(held)

    def current_text(self) -> tuple[str, int]:
        """The text as the core sees it (``\\n`` between lines) and its edit serial."""
        if self._pending is not None:
            return self._pending, self._serial
        # toRawText keeps no-break spaces (toPlainText would turn them into spaces).
        return self.document().toRawText().replace("\u2029", "\n"), self._serial

    def serial(self) -> int:
        """A number that changes with every edit (matches :meth:`current_text`)."""
        return self._serial

    def edit_since(self, serial: int) -> Utf16Edit | None:
        """The edits made since ``serial`` as one edit, read from the document now.

        Keystrokes that arrive while a run is in flight are merged into the one
        span that covers them, so only that span is read (never the whole text).
        None when there was no edit or the edits since are no longer all known:
        the caller then reads the whole text (:meth:`current_text`).
        """
        since = [e for e in self._edits[-(self._serial - serial):] if e[0] > serial] if self._serial > serial else []
        if not since or len(since) != self._serial - serial:
            return None
        span = covering_span((at, removed, added) for _, at, removed, added in since)
        length = self.document().characterCount() - 1
        if span.new_end > length:
            return None  # Qt counted the implicit last paragraph separator
        cursor = QTextCursor(self.document())
        cursor.setPosition(span.start)
        cursor.setPosition(span.new_end, QTextCursor.MoveMode.KeepAnchor)
        added = cursor.selectedText().replace("\u2029", "\n")
        return Utf16Edit(span.start, span.old_end - span.start, added, length)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._loading or (removed == 0 and added == 0):
            return
        self._serial += 1
        self._edits.append((self._serial, position, removed, added))
        if len(self._edits) > 5000:
            # Nothing old can still be referenced by this many edits ago.
            del self._edits[:2500]
        if self._link is not None:
            self._link = None
            self._schedule_refresh()
        # The trace selections' cursors move with the edit by themselves; rebuilding
        # them (and repainting) on every keystroke is what made typing stall.
        self.edited.emit()

    # -- view settings ----------------------------------------------------------

    def set_font_size(self, points: int) -> None:
        """Zoom: the editor's font size in points."""
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)
        self._update_margins()

    def set_word_wrap(self, wrap: bool) -> None:
        """Wrap long lines at the window edge, or scroll sideways."""
        self.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.WidgetWidth if wrap else QPlainTextEdit.LineWrapMode.NoWrap
        )

    # -- line numbers -------------------------------------------------------------

    def line_number_width(self) -> int:
        """Pixels the gutter needs for the largest line number."""
        digits = max(3, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self, *_: object) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        # Line numbers move only when the view scrolls, lines come or go, or a
        # paragraph wraps onto more or fewer rows (documentSizeChanged). Repainting
        # the gutter for every keystroke's or cursor blink's update costs the UI
        # thread the GIL for each Qt call of the painter while the worker runs.
        if dy:
            self._gutter.scroll(0, dy)
        elif rect.contains(self.viewport().rect()):
            self._gutter.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the gutter the height of the viewport."""
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))
        self._schedule_refresh()

    def _paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Window))
        painter.setPen(muted_text(palette, QPalette.ColorRole.Window))
        painter.setFont(self.font())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        width = self._gutter.width() - 5
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # -- trace overlay ------------------------------------------------------------

    def set_trace(self, trace: TraceOutput | None) -> None:
        """Show the spans ``trace`` says the pipeline removed or replaced."""
        self._trace = trace
        if trace is not None:
            self._edits = [e for e in self._edits if e[0] > trace.text_serial]
        self._schedule_refresh()

    def set_trace_visible(self, visible: bool) -> None:
        """Toggle the trace overlay."""
        self._trace_visible = visible
        self._schedule_refresh()

    def trace_selection_count(self) -> int:
        """How many trace spans are drawn right now (for tests)."""
        return len(self._trace_selections)

    def highlight_span(self, start16: int, end16: int, scroll: bool = True) -> None:
        """Mark the span (UTF-16, this document) that a click in the other pane maps to."""
        size = self.document().characterCount() - 1
        start16, end16 = max(0, min(start16, size)), max(0, min(end16, size))
        self._link = (start16, end16)
        if scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(end16)
            self.setTextCursor(cursor)
            cursor.setPosition(start16)
            self.setTextCursor(cursor)
            self.centerCursor()
        self._schedule_refresh()

    def linked_span(self) -> tuple[int, int] | None:
        """The span marked by :meth:`highlight_span`, if any (UTF-16)."""
        return self._link

    def to_trace_serial(self, pos16: int, serial: int) -> int:
        """Carry a position from the text at ``serial`` to the current text."""
        return map_position(pos16, self._edits, serial)

    def _schedule_refresh(self, *_: object) -> None:
        self._refresh.start()

    def _visible_range(self) -> tuple[int, int]:
        first = self.firstVisibleBlock()
        start = first.position() if first.isValid() else 0
        bottom_right = self.viewport().rect().bottomRight()
        end = self.cursorForPosition(bottom_right).position()
        block = self.document().findBlock(end)
        return start, block.position() + block.length()

    def _rebuild_selections(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        trace = self._trace
        if trace is not None and self._trace_visible:
            start16, end16 = self._visible_range()
            index = trace.raw_index
            since = trace.text_serial
            pending = [e for e in self._edits if e[0] > since]
            slack = sum(abs(added - removed) for _, _, removed, added in pending) + 1
            lo = max(index.to_py(start16) - slack, 0)
            hi = index.to_py(end16) + slack
            for change in trace.overlapping(lo, hi, limit=3000):
                if change.raw_end == change.raw_start:
                    continue
                a = map_position(index.to_utf16(change.raw_start), pending, since)
                b = map_position(index.to_utf16(change.raw_end), pending, since)
                if b <= start16 or a >= end16 or b <= a:
                    continue
                selections.append(self._trace_selection(a, b, change.rule_id, not change.replacement))
        self._trace_selections = selections
        extra = list(selections)
        if self._link is not None:
            a, b = self._link
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(max(b, a), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = link_format(self.palette())
            extra.append(sel)
        self.setExtraSelections(extra)

    def _trace_selection(self, a: int, b: int, rule_id: str, removed: bool) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        tint = rule_tint(rule_id, self.palette().color(QPalette.ColorRole.Base))
        fmt.setBackground(tint)
        if removed:
            # Removed text is struck through in the rule's hue; replaced text only tinted.
            fmt.setFontStrikeOut(True)
            fmt.setForeground(rule_text(rule_id, tint))
        else:
            # The syntax color under a tint of a similar hue could vanish (orange on orange).
            fmt.setForeground(readable(self.palette().color(QPalette.ColorRole.Text), tint))
        sel.format = fmt
        return sel

    def changes_at(self, pos16: int) -> list:
        """Trace changes covering UTF-16 position ``pos16`` of the current text."""
        trace = self._trace
        if trace is None:
            return []
        index = trace.raw_index
        since = trace.text_serial
        pending = [e for e in self._edits if e[0] > since]
        guess = index.to_py(pos16)
        found = []
        for change in trace.overlapping(max(guess - 50, 0), guess + 50, limit=500):
            a = map_position(index.to_utf16(change.raw_start), pending, since)
            b = map_position(index.to_utf16(change.raw_end), pending, since)
            if a <= pos16 < b:
                found.append(change)
        return found

    # -- mouse and drops ----------------------------------------------------------

    def event(self, event: QEvent) -> bool:  # noqa: D102
        if event.type() == QEvent.Type.ToolTip:
            pos16 = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos())).position()
            changes = self.changes_at(pos16) if self._trace_visible else []
            if changes:
                lines = []
                for change in changes[:6]:
                    replacement = change.replacement
                    what = "removed" if not replacement else f"replaced by “{html.escape(one_line(replacement[:40]))}”"
                    lines.append(f"<b>{html.escape(get_rule(change.rule_id).title)}</b>: {what}")
                QToolTip.showText(event.globalPos(), "<br>".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Tab types a tab; Ctrl+Tab and Ctrl+Shift+Tab leave the editor, so the keyboard is never trapped."""
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            # QPlainTextEdit's own override refuses while the text is editable.
            QWidget.focusNextPrevChild(self, forward)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802, D102
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            cursor = self.textCursor()
            self.spanPicked.emit(cursor.selectionStart(), cursor.selectionEnd())

    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802, D102
        # A dropped file opens it instead of pasting its path into the text.
        if source.hasUrls():
            return False
        return super().canInsertFromMimeData(source)

    def dragEnterEvent(self, event) -> None:  # noqa: N802, D102
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802, D102
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, D102
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.fileDropped.emit(urls[0].toLocalFile())
            return
        super().dropEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Recolor syntax and trace for a new palette (light or dark desktop)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_palette(self.palette())
            self._schedule_refresh()

    def shutdown(self) -> None:
        """Stop the refresh, loading and highlighting timers (window closing)."""
        self._refresh.stop()
        self._load_timer.stop()
        self._highlighter.stop()

    def is_busy(self) -> bool:
        """Whether the editor is still loading, highlighting or refreshing the trace."""
        return self._refresh.isActive() or self._load_timer.isActive() or self._highlighter.is_busy()
