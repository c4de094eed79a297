"""The gutter that shows line numbers beside the raw editor."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget


class LineNumberArea(QWidget):
    """Paints whatever its editor's painter callback draws; sized by its width callback.

    The editor owns the geometry of its blocks, so it does the painting; this
    widget only gives it a place to paint (the Qt "code editor" pattern).
    """

    def __init__(self, parent: QWidget, width: Callable[[], int], paint: Callable[[QPaintEvent], None]):
        super().__init__(parent)
        self._width = width
        self._paint = paint

    def sizeHint(self) -> QSize:  # noqa: N802
        """As wide as the largest line number needs."""
        return QSize(self._width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Delegate to the editor's painter."""
        self._paint(event)
