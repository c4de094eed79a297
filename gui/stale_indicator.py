"""The busy sign over the right pane: shown whenever the output and counts are not of the text beside them.

A new document (a file or a dump page opened) shows it at once, before the
window paints the new raw text, so a new text is never shown beside the
previous one's output as if that were current. A run for an edit or a changed
setting shows it only if the run takes longer than :data:`STALE_DELAY_MS`
(typing must not flicker). It goes when an output of the editor's current text,
config and step arrives; a failed run leaves it up, saying so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QWidget

from .normalizer_model import NormalizerModel
from .raw_editor import RawEditor
from .rule_panel import RulePanel

STALE_DELAY_MS = 200
MARGIN = 8


class StaleIndicator(QFrame):
    """An overlay at the top right of ``view``; also greys the rule panel's counts while shown."""

    def __init__(self, view: QWidget, editor: RawEditor, model: NormalizerModel, rules: RulePanel):
        super().__init__(view)
        self.setObjectName("stale-indicator")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._editor, self._model, self._rules = editor, model, rules
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: no known end
        self.bar.setFixedSize(48, 8)
        self.bar.setTextVisible(False)
        self.label = QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.bar)
        row.addWidget(self.label)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(STALE_DELAY_MS)
        self._delay.timeout.connect(lambda: self._still_stale("Updating…"))
        view.installEventFilter(self)
        model.runStarted.connect(self._run_started)
        model.textReady.connect(self._output)
        model.partialReady.connect(lambda _out: self._show("First screen shown; normalizing the rest…"))
        model.runFailed.connect(lambda _m: self._still_stale("Out of date: the run failed", busy=False))
        self.hide()

    def is_stale(self) -> bool:
        """Whether the indicator is up (the right pane and counts are out of date)."""
        return not self.isHidden()

    def _current(self) -> bool:
        return self._model.is_current(self._editor.serial())

    def _run_started(self, new_document: bool) -> None:
        if new_document:
            self._show("Normalizing the new text…")
        elif self.isHidden():
            self._delay.start()

    def _output(self, _out) -> None:
        if self._current():
            self._delay.stop()
            self.hide()
            self._rules.set_counts_stale(False)

    def _still_stale(self, text: str, busy: bool = True) -> None:
        if not self._current():
            self._show(text, busy)

    def _show(self, text: str, busy: bool = True) -> None:
        self._delay.stop()
        self.label.setText(text)
        self.bar.setVisible(busy)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._rules.set_counts_stale(True)

    def _place(self) -> None:
        parent = self.parentWidget()
        self.move(max(0, parent.width() - self.width() - MARGIN - 16), MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Keep to the top right corner when the pane is resized."""
        if event.type() == QEvent.Type.Resize and not self.isHidden():
            self._place()
        return False
