"""A long page in the window: the first screen comes first, both panes take it a chunk at a
time, typing reaches the core as edits, the highlighter stays within its budget, and closing
mid-load leaves no timer running."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QTextCursor
from test_gui_window import editor_text, wait_settled

from wikinorm.core import Document, run
from wikinorm.core.lexer import lex_line
from wikinorm.gui import run_worker
from wikinorm.gui.normalizer_model import SWITCH_INTERVAL
from wikinorm.gui.run_worker import OPENING_SWITCH_INTERVAL, first_screen_end
from wikinorm.gui.text_positions import FIRST_CHUNK, SCAN_WINDOW, Utf16Index, astral_positions

PARAGRAPHS = [
    "'''Topic {n}''' is a [[Link {n}|label]] with a ref.<ref>Source {n}, p. {n}.</ref> "
    "It has {{{{cite web|url=http://example.org/{n}|title=T{n}}}}} text &amp; more words here.",
    "== Section {n} ==",
    "* item {n} with ''italics'' and [http://example.com/{n} an external link]",
    "{{{{Infobox\n| name = N{n}\n| size = {n}\n}}}}",
    "<!-- a comment {n} -->Plain prose about {n}, " + "and more prose " * 12,
]


def long_page(chars: int) -> str:
    """A generated page of about ``chars`` characters (its blocks repeat, so the core's cache keeps it quick)."""
    parts, size, n = [], 0, 0
    while size < chars:
        part = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n % 97)
        parts.append(part)
        size += len(part) + 2
        n += 1
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def page() -> str:
    return long_page(1_000_000)


def wait_loaded(qtbot, window):
    qtbot.waitUntil(lambda: not window.editor.is_loading() and not window.view.is_loading(), timeout=30_000)


@pytest.mark.slow
def test_opening_shows_the_first_screen_then_the_whole(make_window, qtbot, page):
    window = make_window(text="short")
    shown = []
    window.model.partialReady.connect(lambda out: shown.append(("first", window.view.text())))
    window.model.textReady.connect(lambda out: shown.append(("all", window.view.text())))
    window.load_text(page)
    # The editor shows its first chunk at once and is read-only until the rest is in.
    assert window.editor.is_loading() and window.editor.isReadOnly()
    assert editor_text(window) == page
    wait_settled(qtbot, window, timeout=60_000)
    end = first_screen_end(page)
    assert end is not None
    assert [kind for kind, _ in shown] == ["first", "all"]
    assert shown[0][1] == run(page[:end], window.model.config).text
    expected = run(page, window.model.config).text
    assert shown[1][1] == expected
    wait_loaded(qtbot, window)
    assert window.view.displayed_text() == expected
    assert window.editor.document().toRawText().replace("\u2029", "\n") == page
    assert not window.editor.isReadOnly() and not window.editor.document().isModified()


def test_typing_into_a_long_page_matches_a_full_run(make_window, qtbot, page, monkeypatch):
    window = make_window(text=page)
    wait_settled(qtbot, window, timeout=60_000)
    wait_loaded(qtbot, window)
    updates = []
    monkeypatch.setattr(Document, "update", lambda self, text: updates.append(text))
    at = page.index("Plain prose", len(page) // 2) + 6
    cursor = window.editor.textCursor()
    cursor.setPosition(at)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "new words ")  # most arrive while a run is in flight
    cursor.setPosition(10)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "xy")
    wait_settled(qtbot, window, timeout=60_000)
    text = editor_text(window)
    assert "new words " in text and text.count("xy") == page.count("xy") + 1
    assert window.view.displayed_text() == run(text, window.model.config).text
    assert updates == []  # every run took the editor's edits, never a diff of the whole text


def test_a_keystroke_leaves_the_alignment_to_the_trace(make_window, qtbot):
    window = make_window(text=long_page(20_000))
    wait_settled(qtbot, window, timeout=60_000)
    built_on_arrival = []
    window.model.textReady.connect(lambda out: built_on_arrival.append("alignment" in vars(out)))
    cursor = window.editor.textCursor()
    cursor.setPosition(100)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "ab")
    out = wait_settled(qtbot, window, timeout=60_000)
    assert built_on_arrival and not any(built_on_arrival)  # the run did not build it
    # Once typing pauses, the trace builds it off the UI thread, on the output itself.
    qtbot.waitUntil(lambda: window.model.last_trace is not None and window.model.last_trace.text_serial == out.text_serial)
    assert "alignment" in vars(out)
    expected = out.result.alignment(out.stage)
    assert out.alignment.changes() == expected.changes() == window.model.last_trace.changes
    assert out.alignment.to_raw(10, 20) == expected.to_raw(10, 20)


def test_astral_characters_are_found_across_scan_windows():
    text = "a" * (3 * SCAN_WINDOW)
    at = [0, SCAN_WINDOW - 1, SCAN_WINDOW, 2 * SCAN_WINDOW + 5, len(text) - 1]
    chars = list(text)
    for i in at:
        chars[i] = "\U0001F600"
    text = "".join(chars)
    assert astral_positions(text) == at
    assert astral_positions(text, 7) == [p + 7 for p in at]
    index = Utf16Index(text)
    assert index.length16 == len(text) + len(at)
    assert index.to_utf16(SCAN_WINDOW + 1) == SCAN_WINDOW + 4  # three astral characters before it
    assert index.patched(1, 1, "\U0001F601").to_utf16(SCAN_WINDOW + 2) == SCAN_WINDOW + 6  # and one more


@pytest.mark.slow
def test_the_highlighter_stays_in_budget_and_catches_up(make_window, qtbot):
    window = make_window(text="short")
    window.load_text("\n\n".join(f"Line {i} with [[a link]] and ''it''." for i in range(1000)))
    assert window.editor.is_loading()  # in chunks, which the highlighter sits out
    highlighter = window.editor._highlighter
    qtbot.waitUntil(lambda: not window.editor.is_busy(), timeout=30_000)
    assert_lexed_throughout(window)  # its background pass caught up with every block
    last = window.editor.document().lastBlock()
    before = last.userState()
    # Opening a comment at the top changes the state of every later block: the
    # keystroke lexes a few of them, the background pass the rest.
    cursor = QTextCursor(window.editor.document())
    cursor.insertText("<!--")
    assert last.userState() == before and highlighter.is_busy()
    qtbot.waitUntil(lambda: not highlighter.is_busy(), timeout=30_000)
    assert last.userState() != before
    assert_lexed_throughout(window)


@pytest.mark.slow
def test_an_opening_run_has_the_gil_to_itself_until_its_output_is_in(make_window, qtbot, page, monkeypatch):
    window = make_window(text="short")
    intervals = []
    real = run_worker.Document

    def document(*args, **kwargs):  # the worker's runs of a new text: the first screen, then the whole
        intervals.append(sys.getswitchinterval())
        return real(*args, **kwargs)

    monkeypatch.setattr(run_worker, "Document", document)
    after_first_chunk = []
    window.model.textReady.connect(
        lambda out: after_first_chunk.append(window.editor.document().findBlock(FIRST_CHUNK + 1000).userState())
    )
    window.load_text(page)
    qtbot.waitUntil(lambda: bool(after_first_chunk), timeout=60_000)
    # The background highlighting waited for the output (it starts right after the first chunk).
    assert after_first_chunk == [-1]
    assert intervals == [pytest.approx(SWITCH_INTERVAL, rel=0.05), pytest.approx(OPENING_SWITCH_INTERVAL, rel=0.05)]
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL, rel=0.05)
    qtbot.waitUntil(lambda: not window.editor.is_busy(), timeout=60_000)
    assert_lexed_throughout(window)


def assert_lexed_throughout(window) -> None:
    """Every block's highlighter state is what lexing the text from the top gives."""
    state = 0
    block = window.editor.document().begin()
    while block.isValid():
        _, state = lex_line(block.text(), max(state, 0))
        assert block.userState() == state, block.blockNumber()
        block = block.next()


def test_closing_in_the_middle_of_a_load_stops_every_timer(make_window, qtbot, page):
    window = make_window(text="short")
    window.load_text(page)
    assert window.editor.is_loading()
    window.shutdown()
    assert not window.editor.is_busy() and not window.view.is_loading()
    assert not window.model.is_running()


def test_a_short_text_has_no_first_screen_run():
    assert first_screen_end("x\n" * 1000) is None
    index = Utf16Index("a\U0001F600b")
    assert index.patched(0, 0, "").to_utf16(2) == 3


def test_the_template_panel_rebuilds_only_the_rows_that_changed(qtbot):
    from wikinorm.core.inventory import TemplateUse
    from wikinorm.core.rules.templates import TemplatePolicy
    from wikinorm.gui.template_panel import TemplatePanel

    panel = TemplatePanel()
    qtbot.addWidget(panel)

    def use(key: str, count: int) -> TemplateUse:
        return TemplateUse(key.title(), key, count, TemplatePolicy.DROP, None)

    first = [use(f"t{i}", 100 - i) for i in range(50)]
    panel.show_analysis(first)
    combos = {u.key: panel.policy_combo(u.key) for u in first}
    # t20 is used more often (moves up to row 10), t99 comes, t15 goes.
    second = first[:10] + [use("t20", 91)] + first[10:15] + [use("t99", 84)] + first[16:20] + first[21:]
    panel.show_analysis(second)
    check_rows(panel, second)
    assert panel.policy_combo("t0") is combos["t0"] and panel.policy_combo("t49") is combos["t49"]
    assert panel.policy_combo("t15") is None
    # Many changed rows are refilled in bulk, with the same outcome.
    third = list(reversed(second))
    panel.show_analysis(third)
    check_rows(panel, third)


def check_rows(panel, uses):
    table = panel._table
    assert panel.row_count() == len(uses)
    for row, u in enumerate(uses):
        assert table.item(row, 0).text() == u.name and table.item(row, 1).text() == f"{u.count:,}"
        assert table.cellWidget(row, 2) is panel.policy_combo(u.key)
        assert table.cellWidget(row, 2).objectName() == f"policy-{u.key}"


def test_the_template_panel_says_when_a_text_has_no_templates(qtbot):
    from wikinorm.gui.template_panel import TemplatePanel

    panel = TemplatePanel()
    qtbot.addWidget(panel)
    panel.show_analysis([])
    assert panel.summary() == "No templates in the text."
    assert panel.row_count() == 0
