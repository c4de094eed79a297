"""The Help menu, keyboard reach and accessible names."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDockWidget, QHeaderView, QTextBrowser, QWidget

from wikinorm.gui.app import sample_text
from wikinorm.gui.help_controller import about_html, libraries, shortcuts

from wikinorm.gui.accessibility import CONTROLS


def everything_open(make_window):
    window = make_window(text=sample_text())
    for dock in window.findChildren(QDockWidget):  # every panel, whoever added it
        dock.show()
    window.find_bar.open_bar("x", replace=True)
    window.steps.set_card_visible(True)
    QApplication.processEvents()
    return window


def controls(window):
    """Every control shown, but the dock title buttons (the View menu does what they do) and table headers."""
    return [w for w in window.findChildren(QWidget)
            if isinstance(w, CONTROLS) and not isinstance(w, QHeaderView) and w.isVisible() and w.isEnabled()
            and not w.objectName().startswith("qt_dockwidget_")]


def test_help_menu_pages(make_window, qtbot):
    window = make_window(text="x")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    titles = [a.text().replace("&", "") for a in menu.actions()]
    assert titles == ["First Steps", "Keyboard Shortcuts", "About wikinorm"]
    for action in menu.actions():
        action.trigger()
        browser = window.help.dialog.findChild(QTextBrowser)
        assert window.help.dialog.isVisible() and len(browser.toPlainText()) > 200
    window.help.dialog.close()


def test_about_names_version_license_and_every_library_with_its_license():
    text = about_html()
    assert metadata.version("wikinorm") in text and "MIT" in text
    names = {lib.name.lower().replace("_", "-") for lib in libraries()}
    for requirement in ("mwparserfromhell", "ftfy", "pyside6-essentials", "shiboken6", "tqdm"):
        assert requirement in names
    for lib in libraries():
        assert lib.name in text and lib.version in text
        assert lib.license and lib.license != "see the package", lib
    assert "LGPL" in text and "Apache-2.0" in text


def test_shortcuts_page_lists_every_menu_shortcut(make_window):
    window = make_window(text="x")
    listed = {command: keys for _menu, command, keys in shortcuts(window)}
    for command in ("Open", "Next Step", "Previous Step", "Presentation Mode", "Find in Normalized Text",
                    "Replace", "Zoom In", "First Steps"):
        assert command in listed, command
    assert listed["Next Step"] == "Alt+Right" and listed["Presentation Mode"] == "F11"


def test_tab_reaches_every_control(make_window, qtbot):
    window = everything_open(make_window)
    chain, widget = [], window.nextInFocusChain()
    while widget is not window and len(chain) < 5000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    missing = [(type(w).__name__, w.accessibleName() or w.objectName()) for w in controls(window)
               if w not in chain or not w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert not missing


def test_ctrl_tab_leaves_the_raw_editor(make_window, qtbot):
    window = make_window(text="x")
    window.editor.setFocus()
    qtbot.waitUntil(window.editor.hasFocus)
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not window.editor.hasFocus()
    assert "\t" not in window.editor.current_text()[0]
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)  # a plain Tab still types one
    assert "\t" in window.editor.current_text()[0]


def test_every_control_has_an_accessible_name(make_window, qtbot):
    window = everything_open(make_window)
    nameless = []
    for widget in controls(window):
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            nameless.append((type(widget).__name__, widget.objectName()))
    assert not nameless


@pytest.mark.parametrize("shortcut", ["F1", "Ctrl+/"])
def test_help_pages_open_from_the_keyboard(make_window, qtbot, shortcut):
    window = make_window(text="x")
    from PySide6.QtGui import QKeySequence

    sequence = QKeySequence(shortcut)
    combo = sequence[0]
    qtbot.keyClick(window, combo.key(), combo.keyboardModifiers())
    assert window.help.dialog is not None and window.help.dialog.isVisible()
    window.help.dialog.close()


def test_no_two_commands_share_a_shortcut(make_window):
    # Qt fires neither of two actions with the same keys ("ambiguous shortcut").
    window = make_window(text="x")
    seen: dict[str, str] = {}
    for _menu, command, keys in shortcuts(window):
        for key in keys.split(", "):
            assert key not in seen, f"{key}: {seen.get(key)} and {command}"
            seen[key] = command
