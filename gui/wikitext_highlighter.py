"""Wikitext syntax colors for the raw editor; the lexing itself is in the core."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from wikinorm.core.lexer import KINDS, lex_line

from .text_positions import Utf16Index

# Chosen for legibility on a white background and on a projector.
_STYLE = {
    "template": ("#7a3e9d", False, False, "#f6effa"),
    "link": ("#1f5fbf", False, False, None),
    "external_link": ("#0f7f8f", False, False, None),
    "ref": ("#8a6d00", False, False, "#fff8e0"),
    "tag": ("#b3541e", False, False, None),
    "comment": ("#6f7a6f", False, True, None),
    "heading": ("#101010", True, False, "#e9eef5"),
    "entity": ("#c2185b", True, False, None),
    "table": ("#2e7d32", True, False, None),
    "formatting": ("#a0a0a0", True, False, None),
    "list_marker": ("#d84315", True, False, None),
    "magic_word": ("#ad1457", True, False, None),
}


def kind_formats() -> dict[str, QTextCharFormat]:
    """A character format per lexer kind."""
    formats = {}
    for kind in KINDS:
        color, bold, italic, background = _STYLE.get(kind, ("#000000", False, False, None))
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(color))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        if background:
            fmt.setBackground(QColor(background))
        formats[kind] = fmt
    return formats


class WikitextHighlighter(QSyntaxHighlighter):
    """Maps :func:`wikinorm.core.lexer.lex_line` spans to colors, block by block."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._formats = kind_formats()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        """Color one block; the lexer state is carried in the block state."""
        try:
            spans, state = lex_line(text, max(self.previousBlockState(), 0))
        except Exception:  # highlighting is cosmetic: never let it take the editor down
            self.setCurrentBlockState(0)
            return
        if spans and not text.isascii():
            # Qt positions within the block are UTF-16 units.
            index = Utf16Index(text)
            spans = [
                (index.to_utf16(s), index.to_utf16(s + n) - index.to_utf16(s), kind) for s, n, kind in spans
            ]
        formats = self._formats
        for start, length, kind in spans:
            self.setFormat(start, length, formats[kind])
        self.setCurrentBlockState(state)
