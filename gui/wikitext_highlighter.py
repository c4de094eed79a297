"""Wikitext syntax colors for the raw editor; the lexing itself is in the core.

Qt's highlighter lexes every block an edit touches and then every following
block whose starting state changed: all 2 MB when a page is loaded, and the
rest of the page when a keystroke opens a comment. Here each synchronous chain
of blocks gets a small time budget; blocks past it keep their old state (which
stops Qt's chain) and are lexed by a background pass, a few milliseconds per
event-loop turn, from the first block left behind until the states settle.
"""

from __future__ import annotations

import time

from PySide6.QtCore import SIGNAL, SLOT, QObject, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from wikinorm.core.lexer import KINDS, lex_line

from .text_positions import Utf16Index
from .theme import mix, readable

# Hue, bold, italic, and whether the construct gets a faint background of its hue.
# The hues are adjusted against the palette's base (light or dark) by kind_formats;
# None is the palette's own text color.
_STYLE = {
    "template": ("#7a3e9d", False, False, True),
    "link": ("#1f5fbf", False, False, False),
    "external_link": ("#0f7f8f", False, False, False),
    "ref": ("#8a6d00", False, False, True),
    "tag": ("#b3541e", False, False, False),
    "comment": ("#6f7a6f", False, True, False),
    "heading": (None, True, False, True),
    "entity": ("#c2185b", True, False, False),
    "table": ("#2e7d32", True, False, False),
    "formatting": ("#808080", True, False, False),
    "list_marker": ("#d84315", True, False, False),
    "magic_word": ("#ad1457", True, False, False),
}
#: Opacity of a construct's hue in its background.
_BACKGROUND = 0.09
_HEADING_HUE = "#3d6fb4"

# Qt's own connection from the document to its highlighter (QSyntaxHighlighter::setDocument).
_CONTENTS_CHANGE = SIGNAL("contentsChange(int,int,int)")
_REFORMAT = SLOT("_q_reformatBlocks(int,int,int)")

#: Seconds one synchronous chain (an edit, a loaded chunk) may spend lexing.
CHAIN_BUDGET = 0.004
#: Seconds the background pass may spend per event-loop turn.
PASS_BUDGET = 0.008


def kind_formats(palette: QPalette | None = None) -> dict[str, QTextCharFormat]:
    """A character format per lexer kind, every color readable on ``palette``'s base."""
    palette = palette or QGuiApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    formats = {}
    for kind in KINDS:
        hue, bold, italic, tinted = _STYLE.get(kind, (None, False, False, False))
        background = mix(base, QColor(hue or _HEADING_HUE), _BACKGROUND) if tinted else base
        fmt = QTextCharFormat()
        fmt.setForeground(readable(QColor(hue) if hue else palette.color(QPalette.ColorRole.Text), background))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        if tinted:
            fmt.setBackground(background)
        formats[kind] = fmt
    return formats


class WikitextHighlighter(QSyntaxHighlighter):
    """Maps :func:`wikinorm.core.lexer.lex_line` spans to colors, block by block, within a time budget."""

    def __init__(self, document: QTextDocument, palette: QPalette | None = None):
        super().__init__(document)
        self._formats = kind_formats(palette)
        self._chain_started: float | None = None
        self._only: int | None = None
        self._suspended = False  # the background pass lexes this block number only
        self._held = False  # the background pass waits (see hold)
        # Blocks left behind: from the first (a cursor, so it moves with edits) to the last.
        self._behind_from: QTextCursor | None = None
        self._behind_to: QTextCursor | None = None
        self._end_chain = QTimer(self)
        self._end_chain.setSingleShot(True)
        self._end_chain.setInterval(0)
        self._end_chain.timeout.connect(self._chain_ended)
        self._pass = QTimer(self)
        self._pass.setInterval(0)
        self._pass.timeout.connect(self._pass_step)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        """Color one block; the lexer state is carried in the block state."""
        block = self.currentBlock()
        if self._only is not None:
            if block.blockNumber() != self._only:
                self._leave_behind(block)
                return
        else:
            now = time.perf_counter()
            if self._chain_started is None:
                self._chain_started = now
                self._end_chain.start()
            elif now - self._chain_started > CHAIN_BUDGET:
                self._leave_behind(block)
                return
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

    def set_palette(self, palette: QPalette) -> None:
        """Recolor for a new palette (the desktop switched between light and dark)."""
        self._formats = kind_formats(palette)
        self._mark_behind(0, self.document().lastBlock().position())

    def suspend(self) -> None:
        """Stop following the document's changes (while a long text goes in a chunk at a time).

        Every block Qt reports is a Python call that needs the GIL, which the
        worker holds while it runs the same text: the chunks go in faster
        without. :meth:`resume` hands the new blocks to the background pass.
        """
        if not self._suspended:
            QObject.disconnect(self.document(), _CONTENTS_CHANGE, self, _REFORMAT)
            self._suspended = True

    def resume(self, from_position: int | None = None) -> None:
        """Follow the document again; blocks from ``from_position`` on are lexed by the background pass."""
        if self._suspended:
            QObject.connect(self.document(), _CONTENTS_CHANGE, self, _REFORMAT)
            self._suspended = False
        doc = self.document()
        if from_position is not None and from_position < doc.characterCount() - 1:
            self._mark_behind(doc.findBlock(from_position).position(), doc.lastBlock().position())

    def hold(self, held: bool) -> None:
        """Pause the background pass (True) or let it go on (False).

        While the worker runs a newly opened long page, every step of the pass
        takes the GIL from it (with a repaint of the line numbers): lexing 2 MB
        a few milliseconds at a time nearly doubled the time until the whole
        output was shown. Blocks left behind meanwhile wait; edits are still
        lexed at once.
        """
        self._held = held
        if held:
            self._pass.stop()
        elif self._behind_from is not None and not self._pass.isActive():
            self._pass.start()

    def _mark_behind(self, first: int, last: int) -> None:
        if self._behind_from is None:
            self._behind_from = QTextCursor(self.document())
            self._behind_to = QTextCursor(self.document())
            self._behind_from.setPosition(first)
            self._behind_to.setPosition(last)
        else:
            self._behind_from.setPosition(min(self._behind_from.position(), first))
            self._behind_to.setPosition(max(self._behind_to.position(), last))
        if not self._pass.isActive() and not self._held:
            self._pass.start()

    def _leave_behind(self, block: QTextBlock) -> None:
        # The old state stays, so Qt stops here; the background pass comes back.
        self.setCurrentBlockState(self.currentBlockState())
        if self._only is not None:
            return  # the pass goes on to this block itself
        at = block.position()
        self._mark_behind(at, at)

    def _chain_ended(self) -> None:
        self._chain_started = None

    def _pass_step(self) -> None:
        doc = self.document()
        if self._behind_from is None or doc is None:
            self._pass.stop()
            return
        block = doc.findBlock(self._behind_from.position())
        last = self._behind_to.position() if self._behind_to is not None else block.position()
        self._behind_from = self._behind_to = None
        deadline = time.perf_counter() + PASS_BUDGET
        settled = False
        while block.isValid() and time.perf_counter() < deadline:
            before = block.userState()
            self._only = block.blockNumber()
            try:
                self.rehighlightBlock(block)
            finally:
                self._only = None
            # Past the last block left behind, a block whose state did not change
            # means every later block was lexed from the right state already.
            if block.position() >= last and block.userState() == before:
                settled = True
                break
            block = block.next()
        if not settled and block.isValid():
            # Out of time: the rest is picked up on the next turn (edits made
            # meanwhile may have left blocks behind too: take the widest span).
            self._mark_behind(block.position(), max(last, block.position()))
        if self._behind_from is None:
            self._pass.stop()

    def is_busy(self) -> bool:
        """Whether blocks are still waiting for the background pass (held or not)."""
        return self._pass.isActive() or self._end_chain.isActive() or self._behind_from is not None

    def stop(self) -> None:
        """Stop the timers (window closing)."""
        self._pass.stop()
        self._end_chain.stop()
        self._behind_from = self._behind_to = None
