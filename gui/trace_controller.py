"""Trace picking and hover: mapping spans between the raw editor and the normalized view."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, QPoint, Signal

from wikinorm.core import get_rule

from .normalized_view import NormalizedView
from .normalizer_model import NormalizerModel
from .raw_editor import RawEditor
from .run_worker import TraceOutput


class TraceController(QObject):
    """Links the two panes through the last run's alignment.

    A span picked in one pane is marked in the other; hovering the normalized
    text says which rules touched it; an Explain example marks its raw span.
    """

    traceShown = Signal()

    def __init__(self, editor: RawEditor, view: NormalizedView, model: NormalizerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._editor = editor
        self._view = view
        self._model = model

    def show_trace(self, trace: TraceOutput) -> None:
        """Draw a finished trace in the raw editor."""
        self._editor.set_trace(trace)
        self.traceShown.emit()

    def output_picked(self, start: int, end: int) -> None:
        """Mark the raw span behind output ``[start, end)`` (code points)."""
        out = self._model.last_output
        if out is None:
            return
        raw_start, raw_end = out.alignment.to_raw(start, end)
        self._mark_raw(raw_start, raw_end)

    def raw_picked(self, start16: int, end16: int) -> None:
        """Mark the output of the raw span (UTF-16) picked in the editor."""
        out = self._model.last_output
        if out is None:
            return
        if out.text_serial != self._editor.serial():
            return  # the output is behind the editor; the next run will catch up
        a, b = out.raw_index.to_py(start16), out.raw_index.to_py(end16)
        if a == b:
            # A click picks the word around it, like in the normalized view.
            cursor = self._editor.textCursor()
            cursor.select(cursor.SelectionType.WordUnderCursor)
            if cursor.hasSelection():
                a, b = out.raw_index.to_py(cursor.selectionStart()), out.raw_index.to_py(cursor.selectionEnd())
        o_start, o_end = out.alignment.to_output(a, b)
        self._view.highlight_span(o_start, o_end)

    def hover(self, pos: int, global_pos: QPoint) -> None:
        """Say which rules produced the output character at ``pos``."""
        out = self._model.last_output
        if out is None or pos >= len(out.text):
            self._view.show_hover(global_pos, "")
            return
        rules = out.alignment.rules_at(pos)
        if rules:
            names = ", ".join(html.escape(get_rule(r).title) for r in rules)
            raw_a, raw_b = out.alignment.to_raw(pos, pos + 1)
            # At most 60 characters are shown: a removed table or reference may span 100 kB.
            source = out.result.raw_slice(raw_a, min(raw_b, raw_a + 60))
            if raw_b - raw_a > 60:
                source = source[:59] + "…"
            self._view.show_hover(global_pos, f"Touched by: <b>{names}</b><br>from <tt>{html.escape(source)}</tt>")
        else:
            self._view.show_hover(global_pos, "Copied unchanged from the wikitext")

    def example_chosen(self, raw_start: int) -> None:
        """Mark the raw span of an Explain example starting at ``raw_start``."""
        out = self._model.last_output
        trace = self._model.last_trace
        if out is None:
            return
        end = raw_start
        if trace is not None and trace.generation == out.generation:
            for change in trace.overlapping(raw_start, raw_start, limit=20):
                if change.raw_start == raw_start:
                    end = max(end, change.raw_end)
        self._mark_raw(raw_start, end)

    def _mark_raw(self, raw_start: int, raw_end: int) -> None:
        # Raw offsets of the last output's text, carried through edits made since.
        out = self._model.last_output
        a = self._editor.to_trace_serial(out.raw_index.to_utf16(raw_start), out.text_serial)
        b = self._editor.to_trace_serial(out.raw_index.to_utf16(raw_end), out.text_serial)
        self._editor.highlight_span(a, b)
