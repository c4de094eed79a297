"""The two-pane window, offscreen: live output equals the core's, trace, presets, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from wikinorm.core import RULES, Config, run
from wikinorm.cli import main as cli_main
from wikinorm.core.presets import load_preset
from wikinorm.core.rules.templates import TemplatePolicy
from wikinorm.gui.app import sample_text
from wikinorm.gui.file_prompts import REPLACE_LABEL

REFERENCE = load_preset("reference").config


def wait_settled(qtbot, window, timeout=15_000):
    """Wait until the shown output is for the editor's current text and the model's config."""
    def settled():
        out = window.model.last_output
        assert out is not None and not window.model.busy
        assert out.text_serial == window.editor.serial()
        assert out.result.config == window.model.config
        assert out.stage == window.model.stage
    qtbot.waitUntil(settled, timeout=timeout)
    return window.model.last_output


def editor_text(window) -> str:
    return window.editor.current_text()[0]


def test_starts_with_sample_and_reference_output(make_window, qtbot):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    assert window.preset_bar.current().name == "reference"
    expected = run(sample_text(), REFERENCE).text
    assert window.view.displayed_text() == expected
    assert window.view.text() == expected
    assert "raw 2," in window.run_label.text() and "normalized" in window.run_label.text()


@pytest.mark.parametrize("rule_id", [rule.id for rule in RULES])
def test_toggling_each_rule_matches_core_and_cli(make_window, qtbot, tmp_path, rule_id):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    box = window.rules.checkbox(rule_id)
    was = box.isChecked()
    # Click on the indicator, as a user would (the box's rect is wider than its text).
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != was
    config = REFERENCE.with_enabled(rule_id, not was)
    assert window.model.config == config
    wait_settled(qtbot, window)
    expected = run(sample_text(), config).text
    assert window.view.displayed_text() == expected

    raw = tmp_path / "in.wiki"
    raw.write_text(sample_text(), encoding="utf-8")
    cli_out = tmp_path / "cli.txt"
    flag = "--disable" if was else "--enable"
    assert cli_main(["normalize", str(raw), "--preset", "reference", flag, rule_id, "-o", str(cli_out)]) == 0
    gui_out = tmp_path / "gui.txt"
    assert window.documents.export_to(gui_out)
    assert gui_out.read_bytes() == cli_out.read_bytes()


def test_enum_option_widget_changes_output(make_window, qtbot):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    combo = window.rules.option_widget("references", "mode")
    combo.setCurrentIndex(combo.findData("drop"))
    wait_settled(qtbot, window)
    assert window.view.text() == run(sample_text(), REFERENCE.with_option("references", "mode", "drop")).text
    assert window.preset_bar._combo.currentText().endswith("*")  # marked as modified
    window.presets.reset_to_preset()
    wait_settled(qtbot, window)
    assert window.model.config == REFERENCE
    assert window.view.text() == run(sample_text(), REFERENCE).text


def test_typing_updates_the_right_pane(make_window, qtbot):
    window = make_window(text="Hello [[world|World]].\n\nSecond {{tmpl}} paragraph.")
    wait_settled(qtbot, window)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, " More ''text'' here")
    out = wait_settled(qtbot, window)
    assert editor_text(window).endswith("More ''text'' here")
    assert window.view.displayed_text() == run(editor_text(window), REFERENCE).text
    assert out.text.endswith("more text here")
    # Undo goes back and the view follows.
    for _ in range(30):
        window.editor.undo()
    wait_settled(qtbot, window)
    assert window.view.displayed_text() == run(editor_text(window), REFERENCE).text


def test_trace_maps_a_clicked_output_word_to_its_raw_span(make_window, qtbot):
    text = "The [[Eiffel Tower|tower]] is in '''Paris'''.<ref>A source</ref> It is tall."
    window = make_window(preset="plain", text=text)
    window.show()
    qtbot.waitExposed(window)
    out = wait_settled(qtbot, window)
    word_at = out.text.index("Paris") + 2
    rect = window.view.cursorRect(_cursor_at(window.view, word_at))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    a, b = window.editor.linked_span()
    assert text[a:b] == "Paris"
    # A link label maps back into the link.
    word_at = out.text.index("tower") + 1
    rect = window.view.cursorRect(_cursor_at(window.view, word_at))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    a, b = window.editor.linked_span()
    assert text[a:b] == "tower"
    # And the reverse: clicking a raw word marks its output.
    raw_at = text.index("tall") + 1
    rect = window.editor.cursorRect(_cursor_at(window.editor, raw_at))
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    a, b = window.view.linked_span()
    assert out.text[a:b] == "tall"


def _cursor_at(edit, pos16):
    cursor = QTextCursor(edit.document())
    cursor.setPosition(pos16)
    return cursor


def test_trace_with_astral_characters(make_window, qtbot):
    text = "\U0001F600\U0001F600 {{x}} '''Bold''' word \U00010348 end"
    window = make_window(preset="plain", text=text)
    out = wait_settled(qtbot, window)
    start = out.text.index("word")
    window.view.spanPicked.emit(start, start + 4)
    a16, b16 = window.editor.linked_span()
    index = out.raw_index
    assert text[index.to_py(a16) : index.to_py(b16)] == "word"
    assert index.to_utf16(text.index("word")) == text.index("word") + 2


def test_trace_overlay_is_drawn_and_toggleable(make_window, qtbot):
    window = make_window(text=sample_text())
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.traceShown, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: window.editor.trace_selection_count() > 0)
    window.steps.set_trace_checked(False)
    qtbot.waitUntil(lambda: window.editor.trace_selection_count() == 0)
    assert not window.trace_action.isChecked()


def test_loading_another_text_drops_the_old_trace(make_window, qtbot, qtlog):
    window = make_window(text=sample_text())
    with qtbot.waitSignal(window.traceShown, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: window.editor.trace_selection_count() > 0)
    window.load_text("Short [[text]].")
    # The old trace's spans lie past the end of the new text: none may be drawn.
    assert window.editor.trace_selection_count() == 0
    with qtbot.waitSignal(window.traceShown, timeout=10_000):
        pass
    assert not [m for m in qtlog.records if "out of range" in m.message]


def test_step_through_shows_text_after_a_rule(make_window, qtbot):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    window.steps.choose("references")
    out = wait_settled(qtbot, window)
    result = run(sample_text(), REFERENCE)
    assert out.stage == "references"
    assert window.view.displayed_text() == result.text_after("references")
    # The trace still maps into the raw text at that stage.
    start = out.text.index("Metastasis")
    window.view.spanPicked.emit(start, start + len("Metastasis"))
    a, b = window.editor.linked_span()
    assert sample_text()[a:b] == "Metastasis"
    window.steps.choose(None)
    wait_settled(qtbot, window)
    assert window.view.displayed_text() == result.text


def test_explain_view_lists_rules_from_the_core(make_window, qtbot):
    window = make_window(text=sample_text())
    window.show()
    wait_settled(qtbot, window)
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000, check_params_cb=lambda out: out.kind == "explain"):
        window.panel_docks["explain"].show()
    report = run(sample_text(), REFERENCE).explain(examples=3)
    assert window.panels["explain"].report() == report
    assert window.panels["explain"].topLevelItemCount() == len(report)


def test_explain_view_shows_collected_categories(make_window, qtbot):
    text = "Text.\n[[Category:Cats]]\n[[Kategorie:Katzen]]"
    window = make_window(text=text)
    window.rules.set_config(window.model.config.with_option("links", "categories", "collect"))
    window.rules.configChanged.emit(window.rules.config())
    wait_settled(qtbot, window)
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000, check_params_cb=lambda out: out.kind == "explain"):
        window.panel_docks["explain"].show()
    assert window.panels["explain"].metadata() == {"categories": ["Cats", "Katzen"]}


def test_template_panel_lists_inventory_and_sets_policies(make_window, qtbot):
    text = "It is {{convert|5|km}} long.{{cn}} {{cn}}\n\n{{Infobox|a=1}}"
    window = make_window(text=text)
    window.show()
    wait_settled(qtbot, window)
    assert window.view.displayed_text() == run(text, window.model.config).text
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000, check_params_cb=lambda out: out.kind == "templates"):
        window.panel_docks["templates"].show()
    assert window.panels["templates"].row_count() == 3
    combo = window.panels["templates"].policy_combo("convert")
    assert combo.currentData() == "render"
    combo.setCurrentIndex(combo.findData("drop"))
    wait_settled(qtbot, window)
    config = window.model.config
    assert dict(config.options_for("templates").policies) == {"convert": TemplatePolicy.DROP}
    assert window.view.displayed_text() == run(text, config).text
    assert "5 km" not in window.view.displayed_text()
    label = window.rules.option_widget("templates", "policies")
    assert label.text().strip().startswith("1 set")


def test_presets_save_load_and_remembered(make_window, qtbot, gui_settings, tmp_path):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    window.rules.checkbox("lowercase").click()
    path = window.presets.save_preset_as("Mine")
    assert path is not None and path.parent == tmp_path / "presets"
    assert load_preset(str(path)).config == REFERENCE.with_enabled("lowercase", False)
    window.preset_bar.choose("none")
    out = wait_settled(qtbot, window)
    assert out.text == sample_text()
    window.preset_bar.choose("Mine")
    wait_settled(qtbot, window)
    assert window.view.text() == run(sample_text(), REFERENCE.with_enabled("lowercase", False)).text
    window.close()
    again = make_window(preset=None, text="x")
    assert again.preset_bar.current().name == "Mine"
    assert again.model.config == REFERENCE.with_enabled("lowercase", False)


def test_window_layout_and_zoom_are_remembered(make_window, qtbot):
    window = make_window(text="a")
    before = window.zoom()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom() == before + 1
    assert window.editor.font().pointSize() == window.view.font().pointSize() == before + 1
    window.close()
    again = make_window(text="b")
    assert again.zoom() == before + 1
    qtbot.keyClick(again, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert again.zoom() == before


@pytest.fixture
def no_dialogs(monkeypatch):
    calls = []

    def warning(parent, title, text, *a, **k):
        calls.append(("warning", text))
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *a, **k):
        calls.append(("question", text))
        return calls.answer

    def get_item(parent, title, text, items, *a, **k):
        calls.append(("choose", text, list(items)))
        return (calls.item if calls.item is not None else items[0]), calls.item is not None

    calls_obj = type("Calls", (list,), {})()
    calls = calls_obj
    calls.answer = QMessageBox.StandardButton.Cancel
    calls.item = None  # None: the user cancels the choice
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    return calls


def test_non_utf8_file_shows_error_and_keeps_document(make_window, qtbot, tmp_path, no_dialogs):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    bad = tmp_path / "latin1.wiki"
    bad.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    assert not window.open_file(bad)
    kind, message, choices = no_dialogs[-1]
    assert kind == "choose" and "latin1.wiki" in message and "UTF-8" in message
    assert choices == ["Windows-1252", "Latin-1 (ISO 8859-1)", REPLACE_LABEL]
    assert editor_text(window) == sample_text()
    assert window.view.text() == run(sample_text(), REFERENCE).text
    # Choosing replacement characters opens it with them.
    no_dialogs.item = REPLACE_LABEL
    assert window.open_file(bad)
    wait_settled(qtbot, window)
    assert editor_text(window) == "Caf\ufffd au lait"


@pytest.mark.parametrize("kind", ["missing", "binary", "too_large", "folder"])
def test_unusable_files_show_error_and_keep_document(make_window, qtbot, tmp_path, no_dialogs, kind):
    window = make_window(text="keep me")
    path = tmp_path / "f.wiki"
    if kind == "binary":
        path.write_bytes(b"abc\x00def")
    elif kind == "too_large":
        with open(path, "wb") as handle:
            handle.truncate(10 * 1024 * 1024 + 1)
    elif kind == "folder":
        path.mkdir()
    assert not window.open_file(path)
    assert no_dialogs and no_dialogs[-1][0] == "warning" and "f.wiki" in no_dialogs[-1][1]
    assert editor_text(window) == "keep me"


def test_unsaved_changes_prompt_on_open(make_window, qtbot, tmp_path, no_dialogs):
    window = make_window(text="original")
    qtbot.keyClicks(window.editor, "typed ")
    assert window.editor.document().isModified()
    other = tmp_path / "other.wiki"
    other.write_text("other", encoding="utf-8")
    no_dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.open_file(other)
    assert "typed" in editor_text(window)
    no_dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.open_file(other)
    assert editor_text(window) == "other"
    assert window.documents.recent_files()[0] == str(other)


def test_save_is_atomic_and_keeps_crlf(make_window, qtbot, tmp_path, no_dialogs):
    path = tmp_path / "crlf.wiki"
    path.write_bytes(b"one\r\ntwo\r\n")
    window = make_window(text=None)
    assert window.open_file(path)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.editor, "three")
    assert window.documents.save()
    assert path.read_bytes() == b"one\r\ntwo\r\nthree"
    assert not window.editor.document().isModified()


def test_exception_in_run_is_shown_and_last_output_stays(make_window, qtbot, monkeypatch):
    window = make_window(text=sample_text())
    good = wait_settled(qtbot, window).text

    def boom(self, start, end, new_text):
        raise RuntimeError("rule exploded")

    # Document.edit: typed keys reach it directly, whole texts through Document.update.
    monkeypatch.setattr("wikinorm.core.document.Document.edit", boom)
    qtbot.keyClicks(window.editor, "x")
    qtbot.waitUntil(lambda: "rule exploded" in window.error_label.text(), timeout=10_000)
    assert window.view.text() == good
    monkeypatch.undo()
    qtbot.keyClicks(window.editor, "y")
    wait_settled(qtbot, window)
    assert window.error_label.text() == ""
    assert window.view.text() == run(editor_text(window), REFERENCE).text


def test_dropping_a_file_opens_it(make_window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "dropped.wiki"
    path.write_text("dropped '''text'''", encoding="utf-8")
    window = make_window(text="a")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_settled(qtbot, window)
    assert editor_text(window) == "dropped '''text'''"
    assert window.view.text() == "dropped text"


def test_largest_corpus_article_live(make_window, qtbot, corpus_dir):
    largest = max(corpus_dir.glob("*.wiki"), key=lambda p: p.stat().st_size)
    text = largest.read_text("utf-8")
    window = make_window(text=text)
    wait_settled(qtbot, window, timeout=30_000)
    cursor = window.editor.textCursor()
    cursor.setPosition(len(text) // 2)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "zz ")
    wait_settled(qtbot, window, timeout=30_000)
    current = editor_text(window)
    assert window.view.displayed_text() == run(current, REFERENCE).text
    window.rules.checkbox("lowercase").click()
    wait_settled(qtbot, window, timeout=30_000)
    assert window.view.displayed_text() == run(current, REFERENCE.with_enabled("lowercase", False)).text


def test_normalized_text_waits_for_the_worker_never_runs_here(make_window, qtbot, monkeypatch):
    import threading

    from wikinorm.core import BlockCache

    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    threads = set()
    get = BlockCache.get

    def spy(self, raw, plan):
        threads.add(threading.get_ident())
        return get(self, raw, plan)

    monkeypatch.setattr(BlockCache, "get", spy)
    qtbot.keyClicks(window.editor, "New words. ")
    window.rules.checkbox("lowercase").click()
    assert window.model.busy  # the output is behind the editor
    text = window.normalized_text()
    monkeypatch.undo()
    assert threads and threading.get_ident() not in threads
    assert text == run(editor_text(window), REFERENCE.with_enabled("lowercase", False)).text


def test_export_when_the_run_fails_says_so(make_window, qtbot, monkeypatch, tmp_path, no_dialogs):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)

    def boom(self, start, end, new_text):
        raise RuntimeError("rule exploded")

    monkeypatch.setattr("wikinorm.core.document.Document.edit", boom)
    qtbot.keyClicks(window.editor, "x")
    target = tmp_path / "out.txt"
    assert not window.documents.export_to(target)
    assert no_dialogs[-1][0] == "warning" and "rule exploded" in no_dialogs[-1][1]
    assert not target.exists()


def test_save_and_export_errors_show_the_engines_message_as_is(make_window, qtbot, tmp_path, no_dialogs,
                                                               monkeypatch):
    from wikinorm.core.files import FileError

    message = f"{tmp_path / 'f.wiki'}: cannot write (disk full); the file is unchanged"

    def fail(path, text):
        raise FileError(message, path, "unwritable")

    monkeypatch.setattr("wikinorm.gui.document_controller.atomic_write_text", fail)
    window = make_window(text="some text")
    wait_settled(qtbot, window)
    assert not window.documents.save_to(tmp_path / "f.wiki")
    assert no_dialogs[-1] == ("warning", message)
    assert not window.documents.export_to(tmp_path / "f.wiki")
    assert no_dialogs[-1] == ("warning", message)


def test_status_bar_names_blocks_that_skipped_the_parser(make_window, qtbot):
    # Hundreds of unclosed openers in one block: the engine's guard sends it
    # through the linear fallback; the window says so instead of hiding it.
    window = make_window(text="Intro.\n\n" + "<ref>x " * 400 + "\n\nLast paragraph.")
    out = wait_settled(qtbot, window)
    assert out.result.fallback_blocks
    assert "simplified without parsing" in window.run_label.text()
    assert "openers" in window.run_label.text()
    assert window.run_label.toolTip()
    window.load_text("Plain text.")
    wait_settled(qtbot, window)
    assert "simplified" not in window.run_label.text()
    assert window.run_label.toolTip() == ""


def test_hover_names_the_rule_and_shows_at_most_60_characters_of_a_long_source(make_window, qtbot, monkeypatch):
    window = make_window(text="a {{cite|" + "x" * 5_000 + "}} b")
    out = wait_settled(qtbot, window)
    shown = []
    monkeypatch.setattr(window.view, "show_hover", lambda pos, html: shown.append(html))
    space = out.text.index(" ")
    assert out.alignment.rules_at(space), out.text
    window.traces.hover(space, QPoint(0, 0))
    assert "Templates" in shown[-1]
    source = shown[-1].split("<tt>")[1].split("</tt>")[0]
    assert source.endswith("…") and len(source) == 60 and source.lstrip().startswith("{{cite|x")


def test_option_labels_are_words_not_identifiers(make_window, qtbot):
    window = make_window(text="x")
    widget = window.rules.option_widget("headings", "empty_sections")
    assert widget.accessibleName() == "Headings: empty sections"
    assert [label.text() for label in window.rules.findChildren(QLabel) if label.buddy() is widget] == ["empty sections"]
    assert not [label.text() for label in window.rules.findChildren(QLabel) if "_" in label.text() and label.buddy()]
