"""The right pane never passes for current when it is not: the busy indicator and greyed counts."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from bench import corpus
from test_gui_window import wait_settled
from wikinorm.core import run
from wikinorm.core.presets import load_preset

REFERENCE = load_preset("reference").config


def largest_pages(n: int) -> list[str]:
    paths = sorted(corpus.articles(), key=lambda p: -p.stat().st_size)[:n]
    if not paths:
        corpus.require(corpus.ARTICLES)
    return [corpus.read(p) for p in paths]


class Watch:
    """Polls every millisecond: whenever the shown output is of an earlier document, the indicator must be up."""

    def __init__(self, window):
        self.window = window
        self.loaded_serial = None  # serial of the last document loaded
        self.violations: list[str] = []
        self.seen_stale = 0
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self):
        window = self.window
        out = window.model.last_output
        behind = self.loaded_serial is not None and (out is None or out.text_serial < self.loaded_serial)
        if behind:
            if window.stale.is_stale():
                self.seen_stale += 1
            else:
                self.violations.append(f"output of serial {out and out.text_serial}, editor at {self.loaded_serial}")
            if not window.rules.counts_stale():
                self.violations.append("counts of the previous text not greyed")


def test_a_new_text_is_never_shown_beside_the_previous_output_without_the_indicator(make_window, qtbot):
    first, *others = largest_pages(3)
    window = make_window(text=first)
    wait_settled(qtbot, window)
    assert not window.stale.is_stale() and not window.rules.counts_stale()
    shown_before = window.view.text()
    watch = Watch(window)
    for text in others:
        window.load_text(text)
        watch.loaded_serial = window.editor.serial()
        # Before the window paints the new raw text, the old output is marked out of date.
        assert window.stale.is_stale() and window.rules.counts_stale()
        assert "new text" in window.stale.label.text()
        assert window.view.text() == shown_before or window.view.text() != run(text, REFERENCE).text
        wait_settled(qtbot, window, timeout=60_000)
        qtbot.waitUntil(lambda: not window.stale.is_stale())
        shown_before = window.view.text()
        assert shown_before == run(text, REFERENCE).text
    watch.timer.stop()
    assert not watch.violations, watch.violations[:5]
    assert watch.seen_stale > 0
    assert not window.rules.counts_stale()


def test_dump_pages_switched_by_key_are_never_shown_with_the_previous_output(make_window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from batch_helpers import small_dump
    from test_gui_pages import wait_listed, wait_page

    window = make_window()
    window.open_file(small_dump(tmp_path), ask_to_save=False)
    wait_listed(qtbot, window)
    wait_page(qtbot, window, window.dumps.panel.model.entry(0).title)
    watch = Watch(window)
    window.documents.loaded.connect(lambda: setattr(watch, "loaded_serial", window.editor.serial()))
    for number in range(1, 6):
        qtbot.keyClick(window.editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
        wait_page(qtbot, window, window.dumps.panel.model.entry(number).title)
    wait_settled(qtbot, window)
    watch.timer.stop()
    assert not watch.violations, watch.violations[:5]
    assert not window.stale.is_stale()


def test_a_long_run_after_a_setting_change_shows_the_indicator(make_window, qtbot):
    window = make_window(text=largest_pages(1)[0])
    wait_settled(qtbot, window, timeout=60_000)
    window.stale._delay.setInterval(1)  # a run of this page takes longer than that
    window.rules.checkbox("lowercase").click()
    qtbot.waitUntil(window.stale.is_stale, timeout=5_000)
    assert window.stale.label.text() == "Updating…" and window.rules.counts_stale()
    wait_settled(qtbot, window, timeout=60_000)
    qtbot.waitUntil(lambda: not window.stale.is_stale())
    assert not window.rules.counts_stale()


def test_quick_edits_do_not_flash_the_indicator(make_window, qtbot):
    window = make_window(text="A short '''page''' with [[a link]].")
    wait_settled(qtbot, window)
    shown = []
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(lambda: window.stale.is_stale() and shown.append(True))
    poll.start()
    window.editor.setFocus()
    for ch in "more text":
        qtbot.keyClicks(window.editor, ch)
        qtbot.wait(20)
    wait_settled(qtbot, window)
    poll.stop()
    assert not shown
