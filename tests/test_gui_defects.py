"""Defects a new user met: find keeps the place, find/replace in both panes, panels side by side,
preset modified marks, the sample's title, recent files that went away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox
from test_gui_window import editor_text, no_dialogs, wait_settled  # noqa: F401 (a fixture)

from wikinorm.gui.app import SAMPLE_NAME, sample_text
from wikinorm.gui.find_bar import NORMALIZED

LONG = "\n".join(f"Line {i} of the text, with words." for i in range(400))


def test_failed_find_keeps_the_cursor_and_the_scroll(make_window, qtbot):
    window = make_window(text=LONG)
    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(LONG.index("Line 300"))
    editor.setTextCursor(cursor)
    editor.centerCursor()
    position, scroll = editor.textCursor().position(), editor.verticalScrollBar().value()
    assert scroll > 0
    window.open_find()
    qtbot.keyClicks(window.find_bar.edit, "zq")  # no "z" anywhere: not found from the first key
    assert window.find_bar.status.text() == "not found"
    assert editor.textCursor().position() == position
    assert editor.verticalScrollBar().value() == scroll


def test_find_in_the_normalized_pane(make_window, qtbot):
    window = make_window(text="Some '''bold''' words and more words.")
    wait_settled(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.find_bar.isVisible() and window.find_bar.pane() == NORMALIZED
    qtbot.keyClicks(window.find_bar.edit, "bold words")  # only the output has it: the markup is gone
    assert window.view.textCursor().selectedText() == "bold words"
    assert window.find_bar.status.text() == ""


def test_replace_in_the_raw_pane_one_and_all_undoable(make_window, qtbot):
    window = make_window(text="cat dog cat bird cat")
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.replacement.isVisible()
    qtbot.keyClicks(bar.edit, "cat")
    qtbot.keyClicks(bar.replacement, "fox")
    qtbot.keyClick(bar.replacement, Qt.Key.Key_Return)
    assert editor_text(window) == "fox dog cat bird cat"
    window.finder.replace("cat", "fox", False, True)
    assert editor_text(window) == "fox dog fox bird fox"
    assert bar.status.text() == "2 replaced"
    window.editor.undo()  # replace all is one step
    assert editor_text(window) == "fox dog cat bird cat"
    wait_settled(qtbot, window)


def test_explain_and_templates_open_together_are_tabs(make_window, qtbot):
    window = make_window(text=sample_text())
    explain, templates = window.panel_docks["explain"], window.panel_docks["templates"]
    explain.show()
    templates.show()
    assert templates in window.tabifiedDockWidgets(explain)
    explain.raise_()
    qtbot.waitUntil(lambda: explain.widget().isVisible())
    assert explain.widget().width() > 600  # the whole width, not a ~185 px sliver


def test_preset_saved_then_changed_is_marked_modified(make_window, qtbot):
    window = make_window(text=sample_text())
    window.rules.checkbox("lowercase").click()
    assert window.presets.save_preset_as("Mine")
    assert not window.preset_bar._combo.currentText().endswith("*")
    window.rules.checkbox("quotes").click()  # the first change after saving
    assert window.preset_bar._combo.currentText().endswith("*")


def test_edited_sample_keeps_its_title(make_window, qtbot):
    window = make_window()
    window.documents.load_text(sample_text(), name=SAMPLE_NAME)
    assert window.windowTitle() == f"{SAMPLE_NAME} — wikinorm"
    qtbot.keyClicks(window.editor, "x")
    assert window.windowTitle() == f"{SAMPLE_NAME}* — wikinorm"


def test_recent_files_that_went_away_are_shown_disabled(make_window, qtbot, tmp_path):
    window = make_window(text="x")
    kept, gone = tmp_path / "kept.wiki", tmp_path / "gone.wiki"
    for path in (kept, gone):
        path.write_text("text", encoding="utf-8")
        assert window.open_file(path, ask_to_save=False)
    gone.unlink()
    menu = next(m for m in window.findChildren(QMenu) if m.title() == "Open &Recent")
    menu.aboutToShow.emit()
    actions = {a.text(): a.isEnabled() for a in menu.actions()}
    assert actions == {f"{gone} (missing)": False, str(kept): True}


def test_templates_filter_and_jump_to_uses(make_window, qtbot):
    text = "A {{convert|5|km}} b.\n{{cn}} c {{Cite web|t=1}}\nd {{cite_web|t=2}} {{convert|1|m}}"
    window = make_window(text=text)
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000,
                          check_params_cb=lambda out: out.kind == "templates"):
        window.panel_docks["templates"].show()
    panel = window.panels["templates"]
    panel.set_filter("CITE")
    assert [n.lower().replace("_", " ") for n in panel.visible_names()] == ["cite web"]
    panel.set_filter("")
    assert len(panel.visible_names()) == panel.row_count() == 3
    # Each activation selects the next use, wrapping around.
    starts = []
    for _ in range(3):
        assert window.finder.find_template("cite web")
        starts.append(window.editor.textCursor().selectionStart())
    assert starts == [text.index("{{Cite web"), text.index("{{cite_web"), text.index("{{Cite web")]
    table = panel._table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "convert")
    table.itemActivated.emit(table.item(row, 0))
    assert window.editor.textCursor().selectedText().startswith("{{convert")


@pytest.mark.parametrize("label, data, expected", [
    ("Windows-1252", "Caf\u00e9 \u2013 \u201cquoted\u201d".encode("cp1252"), "Caf\u00e9 \u2013 \u201cquoted\u201d"),
    ("Latin-1 (ISO 8859-1)", "Caf\u00e9 \u00bd".encode("latin-1"), "Caf\u00e9 \u00bd"),
])
def test_non_utf8_file_opens_in_the_chosen_encoding(make_window, qtbot, tmp_path, no_dialogs, label, data, expected):
    window = make_window(text="keep")
    path = tmp_path / "legacy.wiki"
    path.write_bytes(data)
    no_dialogs.item = label
    assert window.open_file(path)
    assert no_dialogs[-1][0] == "choose" and no_dialogs[-1][2][0] == "Windows-1252"
    assert editor_text(window) == expected
    wait_settled(qtbot, window)


def test_utf16_with_a_byte_order_mark_opens_without_asking(make_window, qtbot, tmp_path, no_dialogs):
    window = make_window(text="keep")
    path = tmp_path / "utf16.wiki"
    path.write_bytes("Ärzte '''bold'''\n".encode("utf-16"))  # with its BOM
    assert window.open_file(path)
    assert not no_dialogs
    assert editor_text(window) == "Ärzte '''bold'''\n"
    wait_settled(qtbot, window)


def test_file_over_the_size_limit_opens_after_a_warning(make_window, qtbot, tmp_path, no_dialogs, monkeypatch):
    from wikinorm.gui import document_controller

    # The same path as for 10 MB, without loading 10 MB into the window.
    monkeypatch.setattr(document_controller, "MAX_BYTES", 4096)
    window = make_window(text="keep")
    path = tmp_path / "big.wiki"
    path.write_bytes(b"word " * 1000)
    no_dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.open_file(path)
    assert no_dialogs[0][0] == "question" and "too large" in no_dialogs[0][1]
    assert editor_text(window) == "keep"
    no_dialogs.answer = QMessageBox.StandardButton.Open
    assert window.open_file(path)
    assert editor_text(window) == "word " * 1000
    wait_settled(qtbot, window)


def test_find_in_the_normalized_pane_across_a_display_split(make_window, qtbot):
    words = " ".join(f"w{i}" for i in range(4000))  # one long line: shown in chunks
    window = make_window(text=words)
    wait_settled(qtbot, window)
    text = window.view.text()
    qtbot.waitUntil(lambda: not window.view.is_loading())
    split = window.view.index().to_py(window.view._breaks[0])  # a space shown as a block break
    wanted = text[split - 5: split + 6]  # spans the space where the display splits the line
    window.find_bar.open_bar("", NORMALIZED)
    qtbot.keyClicks(window.find_bar.edit, wanted)
    cursor = window.view.textCursor()
    index = window.view.index()
    assert text[index.to_py(cursor.selectionStart()):index.to_py(cursor.selectionEnd())] == wanted
    assert window.find_bar.status.text() == ""
