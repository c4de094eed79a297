"""The colors of differences (removed / left only, inserted / right only), from the palette (gui/theme.py)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from .theme import error_text, mix, muted_text, readable

REMOVED_HUE = QColor("#d1242f")
INSERTED_HUE = QColor("#1a7f37")
TINT = 0.36  # how much of the hue is laid over the base for the background


class DiffFormats(NamedTuple):
    """Character formats for removed / left-only text, inserted / right-only text, and elisions."""

    removed: QTextCharFormat
    inserted: QTextCharFormat
    elided: QTextCharFormat


def _tinted(palette: QPalette, hue: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    background = mix(palette.color(QPalette.ColorRole.Base), hue, TINT)
    fmt.setBackground(background)
    fmt.setForeground(readable(palette.color(QPalette.ColorRole.Text), background))
    return fmt


def diff_formats(palette: QPalette, strike_removed: bool = False) -> DiffFormats:
    """Formats for ``palette``; ``strike_removed``: removed text is also struck through (step changes)."""
    removed = _tinted(palette, REMOVED_HUE)
    removed.setFontStrikeOut(strike_removed)
    elided = QTextCharFormat()
    elided.setForeground(muted_text(palette, QPalette.ColorRole.Base))
    return DiffFormats(removed, _tinted(palette, INSERTED_HUE), elided)


def pass_fail_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """The text colors of passing (green) and failing (red) pins, readable on the window background."""
    window = palette.color(QPalette.ColorRole.Window)
    return readable(INSERTED_HUE, window), error_text(palette)


__all__ = ["DiffFormats", "diff_formats", "pass_fail_colors"]
