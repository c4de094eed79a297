"""Teaching: stepping from the raw text to the final text from the keyboard, the step card,
presentation mode, zoom of the whole window, and rule texts without Python syntax."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QDockWidget, QMenu
from test_gui_window import REFERENCE, wait_settled

from wikinorm.core import RAW_STAGE, RULES, doc_examples, example, get_rule, run
from wikinorm.gui.app import sample_text
from wikinorm.gui.rule_text import LineStarts, rule_help

ENABLED = [rule.id for rule in RULES if REFERENCE.is_enabled(rule.id)]


def alt(qtbot, widget, key):
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def test_steps_list_is_raw_then_each_rule_the_last_being_the_final_text(make_window):
    window = make_window(text="x")
    labels = window.steps.step_labels()
    assert labels[0] == "Raw wikitext"
    assert len(labels) == 1 + len(ENABLED)
    assert labels[-1].endswith("= final text") and sum("final" in label for label in labels) == 1
    assert window.steps.stage() is None  # the final text is shown first
    assert not window.steps.can_step(1)


def test_alt_arrows_step_from_raw_to_final_with_the_card(make_window, qtbot):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    window.editor.setFocus()
    result = run(sample_text(), REFERENCE)
    for _ in range(len(ENABLED) + 2):  # past the start: stays on the raw text
        alt(qtbot, window.editor, Qt.Key.Key_Left)
    out = wait_settled(qtbot, window)
    assert out.stage == RAW_STAGE and window.view.text() == sample_text()
    assert window.steps.card.isVisible() and "raw wikitext" in window.steps.card.title()
    assert "showing the raw text" in window.run_label.text()
    for number, rule_id in enumerate(ENABLED, 1):
        alt(qtbot, window.editor, Qt.Key.Key_Right)
        out = wait_settled(qtbot, window)
        last = number == len(ENABLED)
        assert out.stage == (None if last else rule_id)
        assert window.view.text() == (result.text if last else result.text_after(rule_id))
        card = window.steps.card
        assert card.title().startswith(f"Step {number} of {len(ENABLED)}: {get_rule(rule_id).title}")
        shown = QTextDocumentFragment.fromHtml(card.body()).toPlainText()
        assert get_rule(rule_id).description in shown and "Before" in shown and "After" in shown
        assert ">>>" not in shown
    assert not window.steps.can_step(1)
    alt(qtbot, window.editor, Qt.Key.Key_Right)  # past the end: stays on the final text
    assert window.steps.stage() is None


def test_status_bar_counts_the_step_shown(make_window, qtbot):
    window = make_window(text=sample_text())
    wait_settled(qtbot, window)
    window.steps.choose("references")
    out = wait_settled(qtbot, window)
    assert f"{len(out.text):,} chars" in window.run_label.text()
    assert f"{len(out.result.text):,} chars" not in window.run_label.text()


def test_last_rule_step_is_the_final_text_and_next_is_disabled(make_window, qtbot):
    window = make_window(text=sample_text())
    window.steps.choose(ENABLED[-1])
    assert window.steps.stage() is None
    assert not window.steps._next.isEnabled() and window.steps._back.isEnabled()


def test_step_card_example_is_what_the_rule_does():
    for rule in RULES:
        for ex in doc_examples(rule.id):
            assert example(rule.id, ex.before, **dict(ex.options)) == ex.after
    assert len([r for r in RULES if doc_examples(r.id)]) == len(RULES)


def test_rule_tooltips_have_no_python_syntax():
    for rule in RULES:
        text = rule_help(rule)
        assert ">>>" not in text and "example(" not in text and "import" not in text, rule.id
        assert "Before:" in text and "After:" in text


def test_explain_shows_plain_text_and_line_column(make_window, qtbot):
    text = "First line.\nIt is '''bold''' and <!-- hidden -->here."
    window = make_window(text=text)
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000,
                          check_params_cb=lambda out: out.kind == "explain"):
        window.panel_docks["explain"].show()
    tree = window.panels["explain"]
    rows = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        rows += [[item.child(j).text(c) for c in range(3)] for j in range(item.childCount())]
    assert rows
    for before, where, after in rows:
        assert not before.startswith(("'", '"')) and "\\n" not in before and "@" not in where
        line, column = map(int, where.split(":"))
        assert line >= 1 and column >= 1
    starts = LineStarts(text)
    assert str(starts.at(text.index("<!--"))) in [row[1] for row in rows]
    assert str(starts.at(text.index("'''"))) == "2:7"


def test_presentation_mode_enlarges_everything_hides_panels_and_restores(make_window, qtbot):
    window = make_window(text=sample_text())
    window.panel_docks["explain"].show()
    zoom, ui = window.zoom(), window.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation.presenting()
    assert window.zoom() >= 20 and window.font().pointSizeF() > ui
    assert window.steps.card.isVisible() and window.steps.card.font().pointSizeF() >= ui
    assert not any(dock.isVisible() for dock in window.findChildren(QDockWidget))
    assert not window.statusBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.presentation.presenting()
    assert window.zoom() == zoom and window.font().pointSizeF() == pytest.approx(ui)
    assert window.panel_docks["explain"].isVisible() and window.rules_dock.isVisible()
    assert window.statusBar().isVisible()


def test_zoom_applies_to_the_whole_window(make_window, qtbot):
    window = make_window(text="a")
    before = {
        "rules": window.rules.font().pointSizeF(),
        "explain": window.panels["explain"].font().pointSizeF(),
        "templates": window.panels["templates"].font().pointSizeF(),
        "status": window.run_label.font().pointSizeF(),
        "menu": window.findChildren(QMenu)[0].font().pointSizeF(),
    }
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after = {
        "rules": window.rules.font().pointSizeF(),
        "explain": window.panels["explain"].font().pointSizeF(),
        "templates": window.panels["templates"].font().pointSizeF(),
        "status": window.run_label.font().pointSizeF(),
        "menu": window.findChildren(QMenu)[0].font().pointSizeF(),
    }
    assert all(after[k] > before[k] for k in before), (before, after)
