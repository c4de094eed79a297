"""Edits reach the core as edits: typing, pasting and deleting (astral characters, CRLF, pair
splits, batches) keep the right pane equal to a full run of the editor's text."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from test_gui_window import editor_text, wait_settled

from wikinorm.core import Document, run
from wikinorm.gui.text_positions import TextEdit, Utf16Edit, Utf16Index, covering_span, to_code_points

GRIN, GOTHIC = "\U0001F600", "\U00010348"
TEXT = f"Intro {GRIN} with [[link|label]] and '''bold'''.\n\n{GOTHIC}{GOTHIC} second {{{{cn}}}} para.\n"


@pytest.fixture
def core_calls(monkeypatch):
    """Which Document method each run used: ``edit`` (the editor's own edit) or ``update`` (a diff)."""
    calls: list[str] = []
    edit, update = Document.edit, Document.update

    def spy_edit(self, start, end, new_text):
        calls.append("edit")
        return edit(self, start, end, new_text)

    def spy_update(self, text):
        calls.append("update")
        result = update(self, text)
        # update() diffs and then calls edit(): count the diff only.
        if calls[-1] == "edit":
            calls.pop()
        return result

    monkeypatch.setattr(Document, "edit", spy_edit)
    monkeypatch.setattr(Document, "update", spy_update)
    return calls


def check(qtbot, window):
    """Wait for the output of the editor's current text and compare it with a full run."""
    wait_settled(qtbot, window)
    text = editor_text(window)
    assert window.view.displayed_text() == run(text, window.model.config).text
    return text


def put_cursor(window, pos16: int, anchor16: int | None = None) -> None:
    cursor = window.editor.textCursor()
    if anchor16 is not None:
        cursor.setPosition(anchor16)
        cursor.setPosition(pos16, QTextCursor.MoveMode.KeepAnchor)
    else:
        cursor.setPosition(pos16)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_typed_keys_reach_the_core_as_edits(make_window, qtbot, core_calls):
    window = make_window(text=TEXT)
    wait_settled(qtbot, window)
    put_cursor(window, u16(TEXT[: TEXT.index("second")]))
    for ch in "new words ":
        qtbot.keyClick(window.editor, ch)
        check(qtbot, window)
    assert core_calls and set(core_calls) == {"edit"}


def test_typing_and_deleting_astral_characters(make_window, qtbot, core_calls):
    window = make_window(text=TEXT)
    wait_settled(qtbot, window)
    after_grin = u16(TEXT[: TEXT.index(GRIN) + 1])
    put_cursor(window, after_grin)
    window.editor.insertPlainText(GOTHIC)  # as a typed astral character arrives
    assert check(qtbot, window) == TEXT.replace(GRIN, GRIN + GOTHIC, 1)
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)  # removes the pair, both halves
    assert check(qtbot, window) == TEXT
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    assert check(qtbot, window) == TEXT.replace(GRIN, "", 1)
    # Text after astral characters sits two UTF-16 units per pair further on.
    put_cursor(window, window.editor.document().characterCount() - 1)
    for ch in "tail":
        qtbot.keyClick(window.editor, ch)
        check(qtbot, window)
    assert editor_text(window).endswith("para.\ntail")
    assert "update" not in core_calls


def test_paste_and_delete_a_selection_across_lines_and_pairs(make_window, qtbot, core_calls):
    window = make_window(text=TEXT)
    wait_settled(qtbot, window)
    QGuiApplication.clipboard().setText(f"pasted {GRIN}\n\n''it'' {GOTHIC}")
    put_cursor(window, u16(TEXT[: TEXT.index("with")]))
    window.editor.paste()
    text = check(qtbot, window)
    assert f"pasted {GRIN}" in text
    # A selection from inside the first paragraph to after the Gothic letters.
    a, b = text.index("[[link"), text.index("second")
    put_cursor(window, u16(text[:b]), anchor16=u16(text[:a]))
    qtbot.keyClick(window.editor, Qt.Key.Key_Delete)
    assert check(qtbot, window) == text[:a] + text[b:]
    window.editor.undo()
    assert check(qtbot, window) == text
    window.editor.redo()
    assert check(qtbot, window) == text[:a] + text[b:]
    assert "update" not in core_calls


def test_crlf_documents_and_pasted_crlf(make_window, qtbot, tmp_path):
    path = tmp_path / "crlf.wiki"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    window = make_window(text=None)
    assert window.open_file(path)
    assert check(qtbot, window) == TEXT
    put_cursor(window, u16(TEXT[: TEXT.index("para")]))
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    check(qtbot, window)
    QGuiApplication.clipboard().setText("one\r\ntwo\rthree\r\n")
    window.editor.paste()
    text = check(qtbot, window)
    assert "\r" not in text


def test_an_edit_splitting_a_surrogate_pair_falls_back_to_the_whole_text(make_window, qtbot, core_calls):
    window = make_window(text=TEXT)
    wait_settled(qtbot, window)
    inside = u16(TEXT[: TEXT.index(GRIN)]) + 1  # between the two halves of the pair
    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(inside)
    cursor.insertText("x")
    check(qtbot, window)
    assert core_calls == ["update"]


def test_a_batch_of_edits_since_the_last_run_reaches_the_core_as_one_edit(make_window, qtbot, core_calls):
    window = make_window(text=TEXT)
    wait_settled(qtbot, window)
    put_cursor(window, 0)
    # The first edit starts a run; the next ones arrive while it is in flight, in two places.
    qtbot.keyClicks(window.editor, "abc")
    assert window.model.busy
    put_cursor(window, u16(TEXT[: TEXT.index("second")]) + 3)
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.editor, "de")
    check(qtbot, window)
    assert core_calls and set(core_calls) == {"edit"}


@pytest.mark.parametrize("seed", range(40))
def test_covering_span_of_edits_made_one_after_another(seed):
    rng = random.Random(seed)
    before = "".join(rng.choice("ab\ncd") for _ in range(rng.randint(0, 30)))
    text, edits = before, []
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        removed = rng.randint(0, len(text) - at)
        added = "".join(rng.choice("XY") for _ in range(rng.randint(0, 3)))
        text = text[:at] + added + text[at + removed :]
        edits.append((at, removed, len(added)))
    span = covering_span(edits)
    # Replacing the covered old span with the covered new span gives the text after.
    assert before[: span.start] + text[span.start : span.new_end] + before[span.old_end :] == text
    assert span.new_end - span.old_end == len(text) - len(before)


def test_typing_at_the_end_of_the_document(make_window, qtbot):
    window = make_window(text="end")
    wait_settled(qtbot, window)
    put_cursor(window, 3)
    for ch in (GRIN, "\n", "x", GOTHIC):
        window.editor.insertPlainText(ch)
        check(qtbot, window)
    for _ in range(3):
        qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
        check(qtbot, window)
    assert editor_text(window) == "end" + GRIN


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (Utf16Edit(1, 0, "x", 5), TextEdit(1, 1, "x")),  # before the pair
        (Utf16Edit(3, 0, GOTHIC, 6), TextEdit(2, 2, GOTHIC)),  # after it: one code point, two units
        (Utf16Edit(1, 2, "", 2), TextEdit(1, 2, "")),  # the whole pair
        (Utf16Edit(2, 0, "x", 5), None),  # inside the pair
        (Utf16Edit(1, 1, "", 3), None),  # half of the pair
        (Utf16Edit(0, 0, "\ud800", 5), None),  # a lone surrogate
        (Utf16Edit(3, 2, "y", 3), None),  # past the end (Qt's implicit last separator)
        (Utf16Edit(0, 0, "x", 9), None),  # lengths that do not add up
    ],
)
def test_utf16_edits_map_to_code_points_only_when_safe(edit, expected):
    before = Utf16Index(f"a{GRIN}b")  # four UTF-16 units
    assert to_code_points(edit, before) == expected


@pytest.mark.parametrize("seed", range(30))
def test_a_patched_index_equals_a_fresh_one(seed):
    rng = random.Random(seed)
    alphabet = ["a", "é", GRIN, GOTHIC, "\n"]
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
    index = Utf16Index(text)
    for _ in range(4):
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        added = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
        index = index.patched(start, end, added)
        text = text[:start] + added + text[end:]
        fresh = Utf16Index(text)
        assert (index.length, index.length16) == (fresh.length, fresh.length16)
        assert [index.to_utf16(p) for p in range(len(text) + 1)] == [fresh.to_utf16(p) for p in range(len(text) + 1)]
        assert [index.to_py(p) for p in range(fresh.length16 + 1)] == [fresh.to_py(p) for p in range(fresh.length16 + 1)]
