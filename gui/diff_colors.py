"""The colors of differences (removed/left-only, inserted/right-only), readable in light and dark palettes."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QWidget


class DiffFormats(NamedTuple):
    """Character formats for text only on the left / removed, only on the right / inserted, and elisions."""

    removed: QTextCharFormat
    inserted: QTextCharFormat
    elided: QTextCharFormat


def is_dark(widget: QWidget) -> bool:
    """Whether ``widget`` is drawn on a dark background."""
    return widget.palette().base().color().lightness() < 128


def diff_formats(widget: QWidget, strike_removed: bool = False) -> DiffFormats:
    """Formats for ``widget``'s palette; ``strike_removed``: removed text is also struck through."""
    dark = is_dark(widget)
    removed = QTextCharFormat()
    removed.setBackground(QColor("#6b2228" if dark else "#ffd7d5"))
    removed.setForeground(QColor("#ffb3b3" if dark else "#82071e"))
    removed.setFontStrikeOut(strike_removed)
    inserted = QTextCharFormat()
    inserted.setBackground(QColor("#1f5130" if dark else "#ccf2d4"))
    inserted.setForeground(QColor("#b4f0c2" if dark else "#055d20"))
    elided = QTextCharFormat()
    elided.setForeground(QColor("#8b949e"))
    return DiffFormats(removed, inserted, elided)
