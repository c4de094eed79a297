"""What the shown rule changed, CyberChef style: removed text struck through in red, inserted in green.

Shown in the normalized pane during step-through (instead of the bare text after
the rule). A long text is shown around its changes only, the rest cut to ``…``.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from wikinorm.core.step_diff import Segment, SegmentKind, StepDiff
from wikinorm.core.registry import get_rule

from .diff_colors import diff_formats

#: Texts longer than this (characters) are shown around their changes only.
WHOLE_UP_TO = 200_000
CONTEXT = 300  # characters kept either side of a change in a long text


def shown_segments(
    segments: list[Segment], whole_up_to: int = WHOLE_UP_TO, context: int = CONTEXT
) -> list[Segment | None]:
    """``segments``, with long unchanged stretches of a long text cut to their ends around an elision (None)."""
    if sum(len(s.text) for s in segments) <= whole_up_to:
        return segments
    out: list[Segment | None] = []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        if seg.kind is not SegmentKind.KEPT or len(seg.text) <= 2 * context + 20:
            out.append(seg)
            continue
        head = seg.text[:context] if i > 0 else ""
        tail = seg.text[-context:] if i < last else ""
        if head:
            out.append(Segment(SegmentKind.KEPT, head))
        out.append(None)
        if tail:
            out.append(Segment(SegmentKind.KEPT, tail))
    return out


class StepChangesView(QWidget):
    """A header naming the rule and its changes, over the merged text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel("")
        self.header.setObjectName("step-changes-header")
        self.header.setWordWrap(True)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("step-changes")
        self.text_view.setReadOnly(True)
        self.text_view.setUndoRedoEnabled(False)
        layout.addWidget(self.header)
        layout.addWidget(self.text_view, 1)
        self._segments: list[Segment | None] = []

    def show_busy(self, rule_id: str) -> None:
        """Say that the changes of ``rule_id`` are being worked out."""
        self.header.setText(f"Finding what “{get_rule(rule_id).title}” changed…")

    def show_diff(self, diff: StepDiff) -> None:
        """Show the text after the rule with its removals and insertions marked."""
        segments = diff.segments()
        removed = sum(1 for s in segments if s.kind is SegmentKind.REMOVED)
        inserted = sum(1 for s in segments if s.kind is SegmentKind.INSERTED)
        title = get_rule(diff.rule_id).title
        if not diff.hunks:
            self.header.setText(f"“{title}” changed nothing in this text.")
        else:
            self.header.setText(
                f"What “{title}” changed against the step before: "
                f"<span style='text-decoration: line-through'>{removed:,} removed</span>, {inserted:,} inserted"
            )
        self._segments = shown_segments(segments)
        formats = diff_formats(self.text_view.palette(), strike_removed=True)
        plain = QTextCharFormat()
        self.text_view.clear()
        cursor = QTextCursor(self.text_view.document())
        cursor.beginEditBlock()
        for seg in self._segments:
            if seg is None:
                cursor.insertText(" … ", formats.elided)
            else:
                fmt = {SegmentKind.REMOVED: formats.removed, SegmentKind.INSERTED: formats.inserted}.get(seg.kind, plain)
                cursor.insertText(seg.text, fmt)
        cursor.endEditBlock()
        self.text_view.moveCursor(QTextCursor.MoveOperation.Start)

    def segments(self) -> list[Segment | None]:
        """The pieces shown, in order (None: an elision)."""
        return list(self._segments)
