"""The corpus builder's preset tools in the window: Compare, pinned examples, step changes, presets menu."""

from __future__ import annotations

import importlib.util
import threading

import mwparserfromhell
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from wikinorm.core import RAW_STAGE, Config, run
from wikinorm.core.pins import Pin
from wikinorm.core.presets import Preset, load_preset, read_preset_file
from wikinorm.core.step_diff import SegmentKind
from wikinorm.core.user_presets import save_user_preset
from wikinorm.gui.background import Background
from wikinorm.gui.theme import TEXT_CONTRAST, contrast_ratio, dark_palette, delta_e, error_text

REFERENCE = load_preset("reference").config
DUMP = """<mediawiki><siteinfo><sitename>W</sitename></siteinfo>
<page><title>One</title><ns>0</ns><id>1</id><revision><id>2</id><text>'''One''' page.</text></revision></page>
</mediawiki>"""
PAGE = "'''Bold''' [[a|b]] &amp; <!-- c --> text.\n\n== Heading ==\nMore ''words'' here."


def wait_settled(qtbot, window, timeout=15_000):
    """Wait until the shown output is for the editor's current text and the model's config."""
    def settled():
        out = window.model.last_output
        assert out is not None and not window.model.busy
        assert out.text_serial == window.editor.serial() and out.result.config == window.model.config
        assert out.stage == window.model.stage
    qtbot.waitUntil(settled, timeout=timeout)
    return window.model.last_output


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes answered without showing them; each call is recorded."""
    calls = []

    def warning(parent, title, text, *a, **k):
        calls.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return calls


def click_rule(qtbot, window, rule_id):
    box = window.rules.checkbox(rule_id)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def wait_checked(qtbot, window, trigger):
    with qtbot.waitSignal(window.tools.pins.checked, timeout=10_000):
        trigger()
    qtbot.waitUntil(lambda: not window.tools.pins.busy(), timeout=10_000)


# -- background work ---------------------------------------------------------------


def test_background_runs_off_the_ui_thread_and_drops_stale_answers(qtbot):
    background = Background()
    got = []
    background.done.connect(got.append)
    background.submit(lambda: threading.current_thread() is threading.main_thread())
    background.submit(lambda: "latest")
    qtbot.waitUntil(lambda: not background.busy(), timeout=5_000)
    assert got == ["latest"]
    failures = []
    background.failed.connect(failures.append)
    background.submit(lambda: 1 / 0)
    qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    assert failures == ["ZeroDivisionError: division by zero"]
    background.submit(lambda: threading.current_thread() is threading.main_thread())
    qtbot.waitUntil(lambda: not background.busy(), timeout=5_000)
    assert got[-1] is False
    background.wait()


@pytest.mark.parametrize("dark", [False, True])
def test_diff_colors_are_readable_and_distinct_in_light_and_dark(qapp, dark):
    from PySide6.QtWidgets import QStyleFactory

    from wikinorm.gui.diff_colors import diff_formats, pass_fail_colors

    palette = dark_palette() if dark else QStyleFactory.create("Fusion").standardPalette()
    formats = diff_formats(palette, strike_removed=True)
    for fmt in (formats.removed, formats.inserted):
        assert contrast_ratio(fmt.foreground().color(), fmt.background().color()) >= TEXT_CONTRAST
    assert delta_e(formats.removed.background().color(), formats.inserted.background().color()) > 10
    assert formats.removed.fontStrikeOut() and not formats.inserted.fontStrikeOut()
    window = palette.color(palette.ColorRole.Window)
    assert all(contrast_ratio(color, window) >= TEXT_CONTRAST for color in pass_fail_colors(palette))


# -- §3 Compare ----------------------------------------------------------------------


def open_compare(qtbot, window, left=None, right=None):
    with qtbot.waitSignal(window.tools.compare.compared, timeout=15_000):
        window.tools.show_compare(left, right)
    return window.tools.compare.view


def test_compare_sets_strip_code_beside_the_window_output_with_the_word_diff(make_window, qtbot):
    window = make_window(text=PAGE)
    wait_settled(qtbot, window)
    view = open_compare(qtbot, window)
    assert view.sources() == ("current", "extractor:strip_code")
    ours, theirs = view.texts()
    assert ours == run(PAGE, REFERENCE).text
    assert theirs == mwparserfromhell.parse(PAGE).strip_code()
    # Reference lower-cases; strip_code keeps the heading's '==' out but its case in.
    assert "bold" in view.marked(0) and "Bold" in view.marked(1)
    assert "words differ" in view.summary.text()


def test_compare_preset_against_preset_follows_edits(make_window, qtbot):
    window = make_window(text=PAGE)
    wait_settled(qtbot, window)
    view = open_compare(qtbot, window, "preset:plain", "preset:reference")
    assert view.texts() == (run(PAGE, load_preset("plain").config).text, run(PAGE, REFERENCE).text)
    assert view.marked(0)[0] == "Bold" and view.marked(1)[0] == "bold"
    with qtbot.waitSignal(window.tools.compare.compared, timeout=15_000):
        window.load_text("Only '''this'''.")
    assert view.texts() == ("Only this.", "only this .")
    with qtbot.waitSignal(window.tools.compare.compared, timeout=15_000):
        view.choose(right="preset:plain")
    assert view.summary.text() == "The same text" and view.marked(0) == view.marked(1) == []


def test_wikiextractor_is_offered_only_when_installed(make_window, qtbot, monkeypatch):
    from wikinorm.core import extractors

    window = make_window(text=PAGE)
    combo = window.tools.compare.view._combos[1]
    index = combo.findData("extractor:wikiextractor")
    installed = importlib.util.find_spec("wikiextractor") is not None
    assert combo.model().item(index).isEnabled() == installed
    if installed:
        wait_settled(qtbot, window)
        view = open_compare(qtbot, window, "current", "extractor:wikiextractor")
        assert view.texts()[1] == extractors.extract("wikiextractor", PAGE)
    monkeypatch.setattr(extractors, "_wikiextractor_missing", lambda: "WikiExtractor is not installed")
    monkeypatch.setattr(extractors, "EXTRACTORS", tuple(
        e._replace(missing=extractors._wikiextractor_missing) if e.name == "wikiextractor" else e
        for e in extractors.EXTRACTORS))
    from wikinorm.gui import compare_controller

    monkeypatch.setattr(compare_controller, "EXTRACTORS", extractors.EXTRACTORS)
    window.tools.compare._sources_changed()
    item = combo.model().item(combo.findData("extractor:wikiextractor"))
    assert not item.isEnabled() and item.toolTip() == "WikiExtractor is not installed"
    assert window.tools.compare.view.sources()[1] != "extractor:wikiextractor"  # never left on one that cannot run


# -- §4 pinned examples -----------------------------------------------------------------


def mine_window(make_window, qtbot, pins=(), config=REFERENCE, text=PAGE):
    save_user_preset(Preset("mine", "", config, pins=tuple(pins)))
    window = make_window(preset="mine", text=text)
    wait_settled(qtbot, window)
    qtbot.waitUntil(lambda: len(window.tools.pins.outcomes()) == len(pins) and not window.tools.pins.busy(),
                    timeout=10_000)
    return window


def select_raw(window, start, end):
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def test_pin_example_stores_the_selection_and_its_output_in_the_preset_toml(make_window, qtbot, user_presets_folder):
    window = mine_window(make_window, qtbot)
    select_raw(window, 0, len("'''Bold''' [[a|b]]"))
    _, menu = menu_texts(window)
    pin = next(a for a in menu.actions() if a.text() == "&Pin Example")
    assert pin.shortcut().toString() == "Ctrl+Shift+P"
    wait_checked(qtbot, window, pin.trigger)
    saved = read_preset_file(user_presets_folder / "mine.toml")
    assert saved.pins == (Pin("'''Bold''' [[a|b]]", "bold b"),) and saved.config == REFERENCE
    assert '[[pins]]\nraw = "\'\'\'Bold\'\'\' [[a|b]]"\nexpected = "bold b"' in saved.to_toml()
    panel = window.tools.pins.panel
    assert panel.summary.text() == "1 of 1 pins pass" and panel.list.item(0).text().startswith("✓ 1.")
    assert window.tools.pins.badge.text().endswith("✓ All 1 pins pass</span>")


def test_a_toggle_that_breaks_a_pin_shows_it_red_and_the_rule_panel_names_it(make_window, qtbot):
    window = mine_window(make_window, qtbot, pins=[Pin("'''Bold''' x", "bold x", "bold goes"), Pin("A", "a")])
    wait_checked(qtbot, window, lambda: click_rule(qtbot, window, "formatting"))
    panel, badge = window.tools.pins.panel, window.tools.pins.badge
    assert panel.summary.text() == "1 of 2 pins pass, 1 fail"
    assert panel.list.item(0).text() == "✗ 1. bold goes  (broken by the last change)"
    assert panel.list.item(0).foreground().color() == error_text(panel.palette())
    assert "Turning off “Bold and italic” broke pin 1 (bold goes)" in badge.text()
    panel.list.setCurrentRow(0)
    assert panel.actual.toPlainText() == "'''bold''' x"
    assert panel.expected.toPlainText() == "bold x"
    # The failing pin's diff is highlighted: the actual's extra quotes in green.
    view_marks = [f for f in _marked(panel.actual)]
    assert view_marks == ["'''", "'''"]
    # Turning it back on repairs it; the next change is named only if it breaks something.
    wait_checked(qtbot, window, lambda: click_rule(qtbot, window, "formatting"))
    assert panel.summary.text() == "2 of 2 pins pass" and "All 2 pins pass" in badge.text()
    wait_checked(qtbot, window, lambda: click_rule(qtbot, window, "lowercase"))
    assert "Turning off “Lowercase” broke pins 1 (bold goes), 2 (A)" in badge.text()


def test_the_badge_names_an_option_change_in_words():
    from wikinorm.gui.pins_controller import _change_text

    assert _change_text(REFERENCE, REFERENCE.with_option("whitespace", "mode", "paragraphs").with_enabled("tokenize", False)) \
        == "Setting whitespace.mode to paragraphs, turning off “Tokenize”"


def _marked(pane):
    found, block = [], pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                found.append(fragment.text())
            it += 1
        block = block.next()
    return found


def test_expected_output_is_editable_and_pins_can_be_accepted_and_deleted(make_window, qtbot, user_presets_folder):
    window = mine_window(make_window, qtbot, pins=[Pin("'''X'''", "wrong"), Pin("Y", "y")])
    panel, path = window.tools.pins.panel, user_presets_folder / "mine.toml"
    assert panel.summary.text() == "1 of 2 pins pass, 1 fail"
    panel.list.setCurrentRow(0)
    wait_checked(qtbot, window, panel.accept_button.click)
    assert read_preset_file(path).pins[0] == Pin("'''X'''", "x")
    panel.list.setCurrentRow(1)
    panel.expected.setPlainText("Y!")
    wait_checked(qtbot, window, panel.save_button.click)
    assert read_preset_file(path).pins[1].expected == "Y!" and panel.summary.text() == "1 of 2 pins pass, 1 fail"
    panel.list.setCurrentRow(1)
    wait_checked(qtbot, window, panel.delete_button.click)
    assert read_preset_file(path).pins == (Pin("'''X'''", "x"),) and panel.list.count() == 1


def test_pins_keep_unsaved_rule_changes_out_of_the_file(make_window, qtbot, user_presets_folder):
    window = mine_window(make_window, qtbot)
    wait_checked(qtbot, window, lambda: click_rule(qtbot, window, "lowercase"))
    select_raw(window, 0, 10)
    wait_checked(qtbot, window, window.tools.pins.pin_selection)
    saved = read_preset_file(user_presets_folder / "mine.toml")
    assert saved.config == REFERENCE and saved.pins == (Pin("'''Bold'''", "Bold"),)
    assert window.preset_bar.current().name == "mine" and window.model.config == REFERENCE.with_enabled("lowercase", False)


def test_pinning_needs_a_user_preset_and_a_selection(make_window, qtbot, dialogs):
    window = make_window(text=PAGE)
    wait_settled(qtbot, window)
    messages = []
    window.tools.statusMessage.connect(messages.append)
    window.tools.pins.pin_selection()
    assert messages == ["Select some raw wikitext to pin first"]
    select_raw(window, 0, 5)
    window.tools.pins.pin_selection()
    assert dialogs and "'reference' is a built-in preset" in dialogs[-1][1] and "Save as Preset" in dialogs[-1][1]


# -- §5 step changes --------------------------------------------------------------------


def test_step_through_shows_what_the_rule_removed_and_inserted(make_window, qtbot):
    window = make_window(text=PAGE)
    wait_settled(qtbot, window)
    stack, changes = window.tools.compare.stack, window.tools.compare.changes
    assert stack.currentWidget() is window.view
    with qtbot.waitSignal(window.tools.compare.stepShown, timeout=10_000):
        window.steps.choose("entities")
    assert stack.currentWidget() is changes
    segments = changes.segments()
    assert (SegmentKind.REMOVED, "&amp;") in segments and (SegmentKind.INSERTED, "&") in segments
    kept_and_inserted = "".join(s.text for s in segments if s.kind is not SegmentKind.REMOVED)
    assert kept_and_inserted == run(PAGE, REFERENCE).text_after("entities")
    assert "What “" in changes.header.text() and "1 removed" in changes.header.text()
    # Struck through in red, not only the text after the rule.
    removed = [f for f in _fragments(changes.text_view) if f.text() == "&amp;"]
    assert removed and removed[0].charFormat().fontStrikeOut()
    with qtbot.waitSignal(window.tools.compare.stepShown, timeout=10_000):
        window.steps.choose("comments")
    assert [s.text for s in changes.segments() if s.kind is SegmentKind.REMOVED] == ["<!-- c -->"]
    window.steps.choose(None)
    wait_settled(qtbot, window)
    assert stack.currentWidget() is window.view
    window.steps.choose(RAW_STAGE)  # the raw text itself: no rule's changes to show
    wait_settled(qtbot, window)
    assert stack.currentWidget() is window.view and window.model.stage == RAW_STAGE


def _fragments(pane):
    block = pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


def test_a_long_text_s_changes_are_shown_around_them():
    from wikinorm.core.step_diff import Segment
    from wikinorm.gui.step_changes_view import shown_segments

    segments = [Segment(SegmentKind.KEPT, "a" * 5000), Segment(SegmentKind.REMOVED, "x"),
                Segment(SegmentKind.KEPT, "b" * 5000)]
    assert shown_segments(segments, whole_up_to=100_000) == segments
    cut = shown_segments(segments, whole_up_to=1000, context=10)
    assert [s and s.text for s in cut] == [None, "a" * 10, "x", "b" * 10, None]


# -- §6 presets menu ---------------------------------------------------------------------


def menu_texts(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Presets")
    menu.aboutToShow.emit()
    return [a.text() for a in menu.actions() if not a.isSeparator()], menu


def test_presets_menu_lists_presets_and_chooses_one(make_window, qtbot):
    save_user_preset(Preset("mine", "", REFERENCE.with_enabled("lowercase", False)))
    window = make_window(text=PAGE)
    texts, menu = menu_texts(window)
    assert texts[:4] == ["reference", "plain", "none", "mine (user)"]
    assert {"&Import Preset…", "Re&name Preset…", "&Delete Preset…", "&Copy as Command Line", "&Pin Example",
            "Co&mpare…", "&Save as Preset…"} <= set(texts)
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["reference"]
    next(a for a in menu.actions() if a.text() == "Co&mpare…").trigger()
    assert window.tools.docks["compare"].isVisible()
    next(a for a in menu.actions() if a.text() == "mine (user)").trigger()
    assert window.preset_bar.current().name == "mine"
    assert window.model.config == REFERENCE.with_enabled("lowercase", False)


def test_copy_as_command_line_reproduces_the_window(make_window, qtbot, tmp_path, user_presets_folder):
    import shlex

    from wikinorm.cli import _config, _parser

    save_user_preset(Preset("my rules", "", REFERENCE))
    window = make_window(preset="my rules", text=PAGE)
    page = tmp_path / "page.wiki"
    page.write_text(PAGE, encoding="utf-8")
    window.open_file(page, ask_to_save=False)
    wait_settled(qtbot, window)
    click_rule(qtbot, window, "lowercase")
    window.tools.menu.copy_command_line()
    normalize, batch = QGuiApplication.clipboard().text().splitlines()
    assert normalize == f"wikinorm normalize --preset 'my rules' --disable lowercase {page}"
    assert batch == "wikinorm batch DUMP.xml.bz2 -o OUTDIR --preset 'my rules' --disable lowercase"
    assert _config(_parser().parse_args(shlex.split(normalize)[1:])) == window.model.config
    # With a dump open, the batch command reads it.
    dump = tmp_path / "my dump.xml"
    dump.write_text(DUMP, encoding="utf-8")
    window.dumps.open_dump(dump)
    qtbot.waitUntil(lambda: window.dumps.panel.model.rowCount() > 0, timeout=10_000)
    window.dumps.choose(0)
    qtbot.waitUntil(lambda: window.documents.origin is not None and window.documents.path is None, timeout=10_000)
    window.tools.menu.copy_command_line()
    normalize, batch = QGuiApplication.clipboard().text().splitlines()
    assert batch == f"wikinorm batch '{dump}' -o OUTDIR --preset 'my rules' --disable lowercase"
    assert normalize.endswith(" PAGE.wiki")  # a page read from a dump has no file of its own


def test_import_rename_delete_presets(make_window, qtbot, tmp_path, user_presets_folder, dialogs, monkeypatch):
    window = make_window(text=PAGE)
    outside = tmp_path / "team.toml"
    outside.write_text('name = "team"\n[rules.lowercase]\nenabled = false\n[[pins]]\nraw = "A"\nexpected = "A"\n',
                       encoding="utf-8")
    menu = window.tools.menu
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(outside), "")))
    menu.import_dialog()
    imported = load_preset("team")
    assert imported.path == user_presets_folder / "team.toml" and window.preset_bar.current().name == "team"
    assert menu.import_file(outside) is None and "already a preset named 'team'" in dialogs[-1][1]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("team 2", True)))
    menu.rename_dialog()
    renamed = load_preset("team 2")
    assert renamed.path == user_presets_folder / "team_2.toml" and not imported.path.exists()
    assert window.preset_bar.current().name == "team 2" and load_preset("team 2").pins == (Pin("A", "A"),)
    assert [p.name for p in window.preset_bar.presets()][-1] == "team 2"
    menu.delete_dialog()  # answered Yes
    assert not renamed.path.exists()
    assert window.preset_bar.current().name == "reference"
    assert "team 2" not in [p.name for p in window.preset_bar.presets()]


def test_a_preset_saved_in_the_window_is_one_the_command_line_finds(make_window, qtbot, tmp_path):
    from wikinorm.cli import main

    window = make_window(text=PAGE)
    wait_settled(qtbot, window)
    click_rule(qtbot, window, "lowercase")
    window.presets.save_preset_as("from window")
    page = tmp_path / "p.wiki"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["normalize", str(page), "--preset", "from window", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == run(PAGE, REFERENCE.with_enabled("lowercase", False)).text
