"""The editor's highlighting waits while a run is in flight: it never stays held, and
colors are right once the window is quiet, whatever ended the run (review)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from test_gui_window import wait_settled

from wikinorm.core import document as core_document
from wikinorm.core.lexer import lex_line
from wikinorm.gui.text_positions import Utf16Index
from wikinorm.gui.wikitext_highlighter import DEFER_ABOVE

LONG = " ".join(f"word [[link {i}]] and ''more'' \U0001F600" for i in range(80))


def colors(block) -> list[str | None]:
    """Each UTF-16 unit's foreground in ``block`` as laid out."""
    out: list[str | None] = [None] * (block.length() - 1)
    for r in block.layout().formats():
        for i in range(r.start, min(r.start + r.length, len(out))):
            out[i] = r.format.foreground().color().name() if r.format.hasProperty(r.format.Property.ForegroundBrush) else None
    return out


def assert_colored_throughout(window) -> None:
    """Every block's state and colors are what lexing the text from the top gives."""
    highlighter = window.editor._highlighter
    state = 0
    block = window.editor.document().begin()
    while block.isValid():
        text = block.text()
        spans, state = lex_line(text, max(state, 0))
        assert block.userState() == state, block.blockNumber()
        index = Utf16Index(text)
        expected: list[str | None] = [None] * index.to_utf16(len(text))
        for s, n, kind in spans:
            fmt = highlighter._formats[kind]
            name = fmt.foreground().color().name() if fmt.hasProperty(fmt.Property.ForegroundBrush) else None
            for i in range(index.to_utf16(s), index.to_utf16(s + n)):
                expected[i] = name
        assert colors(block) == expected, block.blockNumber()
        block = block.next()


def quiet(qtbot, window) -> None:
    wait_settled(qtbot, window)
    qtbot.waitUntil(lambda: not window.editor.is_busy(), timeout=30_000)
    assert not window.editor._highlighter._held


def type_into_long_line(window, at: int = 100, text: str = "[[") -> None:
    block = window.editor.document().firstBlock()
    assert block.length() > DEFER_ABOVE
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + at)
    cursor.insertText(text)


@pytest.fixture
def long_window(make_window, qtbot):
    window = make_window(text=LONG + "\n\nA short [[line]].\n")
    quiet(qtbot, window)
    assert_colored_throughout(window)
    return window


def test_a_failed_run_lets_the_highlighting_go_on(long_window, qtbot, monkeypatch):
    window = long_window

    def failing(self, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(core_document.Document, "edit", failing)
    monkeypatch.setattr(core_document.Document, "update", failing)
    with qtbot.waitSignal(window.model.runFailed, timeout=10_000):
        type_into_long_line(window)
    qtbot.waitUntil(lambda: not window.editor.is_busy(), timeout=30_000)
    assert not window.editor._highlighter._held
    assert_colored_throughout(window)


def test_typing_goes_on_while_a_run_fails(long_window, qtbot, monkeypatch):
    # A failure is reported after the next run has started (the user typed on):
    # that run must still hold the highlighting.
    window = long_window
    calls = []

    def failing_once(self, *args, _real=core_document.Document.edit):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return _real(self, *args)

    monkeypatch.setattr(core_document.Document, "edit", failing_once)
    held_at_failure: list = []
    window.model.runFailed.connect(lambda _m: held_at_failure.append((window.model.busy, window.editor._highlighter._held)))
    type_into_long_line(window)
    type_into_long_line(window, 200, "x")
    quiet(qtbot, window)
    assert_colored_throughout(window)
    assert held_at_failure == [(True, True)]


def test_replacing_the_document_mid_run_leaves_nothing_held(long_window, qtbot):
    window = long_window
    type_into_long_line(window)
    window.load_text(LONG.replace("word", "w") + "\n<!-- open\n" + LONG)
    quiet(qtbot, window)
    assert_colored_throughout(window)


def test_undo_and_redo_of_long_line_edits(long_window, qtbot):
    window = long_window
    for at, text in ((100, "<!--"), (300, "-->"), (5, "{{"), (50, "\n")):
        type_into_long_line(window, at, text)
    for _ in range(4):
        window.editor.undo()
    quiet(qtbot, window)
    assert_colored_throughout(window)
    for _ in range(4):
        window.editor.redo()
    quiet(qtbot, window)
    assert_colored_throughout(window)


def test_pasting_a_huge_text_into_a_long_line(long_window, qtbot):
    window = long_window
    type_into_long_line(window, 10, LONG * 30)
    quiet(qtbot, window)
    assert_colored_throughout(window)
    type_into_long_line(window, 10, ("\n".join([LONG] * 5)))
    quiet(qtbot, window)
    assert_colored_throughout(window)


def test_closing_mid_run(long_window, qtbot):
    window = long_window
    type_into_long_line(window)
    assert window.model.busy or window.editor.is_busy()
    window.shutdown()
    assert not window.editor.is_busy()


def test_a_failure_with_only_a_trace_in_flight_releases_the_hold(long_window, qtbot, monkeypatch):
    # Traces and analyses never hold the highlighting: no output of theirs would release it.
    window = long_window
    window.editor.hold_highlighting(True)
    monkeypatch.setattr(window.model._scheduler, "side_busy", True)
    window._on_failed("boom")
    assert not window.editor._highlighter._held


def test_a_palette_switch_mid_run_recolors_everything_once_the_output_is_in(long_window, qtbot):
    from PySide6.QtGui import QColor, QPalette

    window = long_window
    type_into_long_line(window, 100, "{{")
    dark = QPalette(window.editor.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    window.editor.setPalette(dark)
    quiet(qtbot, window)
    assert_colored_throughout(window)
