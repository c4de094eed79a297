"""Small GUI helpers: UTF-16 offsets, display chunking of long lines, in-place patches."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.gui.normalized_view import LONG_LINE, NormalizedView, soft_breaks
from wikinorm.gui.text_positions import Utf16Index


@given(st.text(alphabet=st.sampled_from(["a", "é", "\U0001F600", "\n", "\U00010348"]), max_size=60))
@settings(max_examples=200, deadline=None)
def test_utf16_round_trip(text):
    index = Utf16Index(text)
    assert index.length16 == len(text.encode("utf-16-le")) // 2
    for pos in range(len(text) + 1):
        pos16 = index.to_utf16(pos)
        assert pos16 == len(text[:pos].encode("utf-16-le")) // 2
        assert index.to_py(pos16) == pos


def test_soft_breaks_only_split_long_lines_at_spaces():
    short = "word " * 100
    assert soft_breaks(short) == []
    long = "word " * (LONG_LINE // 2)
    breaks = soft_breaks(long)
    assert breaks and all(long[b] == " " for b in breaks)


def test_patches_keep_the_view_equal_to_the_text(qtbot):
    view = NormalizedView()
    qtbot.addWidget(view)
    rng = random.Random(7)
    words = ["alpha", "beta", "\U0001F600", "gamma", "delta", "x"]
    text = " ".join(rng.choice(words) for _ in range(6000))
    view.set_text(text)
    assert view.document().blockCount() > 1  # long line shown in chunks
    assert view.displayed_text() == text
    for _ in range(200):
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.randrange(30))
        replacement = " ".join(rng.choice(words) for _ in range(rng.randrange(4)))
        new = text[:a] + replacement + text[b:]
        view.patch(a, b, replacement, new, Utf16Index(new))
        text = new
    assert view.text() == text
    assert view.displayed_text() == text


def test_long_line_splits_fall_where_word_wrap_breaks(qtbot):
    # A one-line text split into chunks must read as one wrapped paragraph: no short
    # line where a chunk ends (it looked like a line break every ~2,000 characters).
    view = NormalizedView()
    qtbot.addWidget(view)
    view.resize(420, 900)
    view.show()
    qtbot.waitExposed(view)
    rng = random.Random(3)
    text = " ".join(rng.choice(["alpha", "be", "gamma", "delta", "epsilonic", "x"]) for _ in range(4000))
    view.set_text(text)
    qtbot.waitUntil(lambda: not view.is_loading())
    assert view.document().blockCount() > 1

    def visible_splits_aligned():
        block = view.firstVisibleBlock()
        seen = 0
        while block.isValid() and view.blockBoundingGeometry(block).translated(view.contentOffset()).top() < 900:
            assert view.split_is_aligned(block), block.blockNumber()
            block = block.next()
            seen += 1
        assert seen > 1

    for scroll in (0, view.verticalScrollBar().maximum() // 2):
        view.verticalScrollBar().setValue(scroll)
        qtbot.waitUntil(visible_splits_aligned, timeout=5000)
    assert view.displayed_text() == text and view.text() == text
    view.resize(300, 900)  # a new width: new wraps, the splits follow
    qtbot.waitUntil(visible_splits_aligned, timeout=5000)
    assert view.displayed_text() == text
