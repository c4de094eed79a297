"""Colors on every desktop: trace hues, tints, syntax colors and labels, light and dark."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QColor, QPalette, QTextFormat
from PySide6.QtWidgets import QApplication, QStyleFactory

from wikinorm.core import RULE_IDS
from wikinorm.gui.rule_colors import HUES, rule_color, rule_text, rule_tint
from wikinorm.gui.theme import (
    TEXT_CONTRAST,
    contrast_ratio,
    dark_palette,
    delta_e,
    delta_e_lab,
    muted_text,
    readable,
)
from wikinorm.gui.wikitext_highlighter import kind_formats

#: Tints closer than this (CIEDE2000) could be taken for one another.
DISTINCT = 10.0


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


PALETTES = {"light": light_palette, "dark": dark_palette}


@pytest.fixture(params=sorted(PALETTES))
def palette(request, qapp) -> QPalette:
    return PALETTES[request.param]()


def test_delta_e_matches_published_values():
    # Sharma, Wu and Dalal (2005), test pairs 1 and 17.
    assert delta_e_lab((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e_lab((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert delta_e(QColor("white"), QColor("black")) == pytest.approx(100, abs=0.1)


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio(QColor("white"), QColor("black")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    fixed = readable(QColor("#777777"), QColor("white"))
    assert contrast_ratio(fixed, QColor("white")) >= TEXT_CONTRAST


def test_every_rule_has_a_hue_of_its_own():
    assert len(RULE_IDS) <= len(HUES) == len(set(HUES))
    assert len({rule_color(rule_id).name() for rule_id in RULE_IDS}) == len(RULE_IDS)


def test_trace_tints_are_pairwise_distinct(palette):
    base = palette.color(QPalette.ColorRole.Base)
    tints = {rule_id: rule_tint(rule_id, base) for rule_id in RULE_IDS}
    closest = min(
        (delta_e(tints[a], tints[b]), a, b) for a, b in itertools.combinations(RULE_IDS, 2)
    )
    assert closest[0] >= DISTINCT, f"{closest[1]} and {closest[2]} look alike: ΔE {closest[0]:.1f}"


def test_text_on_every_tint_is_readable(palette):
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    for rule_id in RULE_IDS:
        tint = rule_tint(rule_id, base)
        # Removed text is drawn in the rule's hue; other text in the palette's own.
        assert contrast_ratio(rule_text(rule_id, tint), tint) >= TEXT_CONTRAST, rule_id
        assert contrast_ratio(readable(text, tint), tint) >= TEXT_CONTRAST, rule_id
        # The rule's hue as text on the plain base (Explain's rule names).
        assert contrast_ratio(rule_text(rule_id, base), base) >= TEXT_CONTRAST, rule_id


def test_syntax_colors_are_readable(palette):
    base = palette.color(QPalette.ColorRole.Base)
    for kind, fmt in kind_formats(palette).items():
        background = fmt.background().color() if fmt.hasProperty(QTextFormat.Property.BackgroundBrush) else base
        assert contrast_ratio(fmt.foreground().color(), background) >= TEXT_CONTRAST, kind


def test_muted_labels_are_readable(palette):
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast_ratio(muted_text(palette), window) >= TEXT_CONTRAST


def test_dark_palette_is_dark():
    from wikinorm.gui.theme import is_dark

    assert is_dark(dark_palette()) and not is_dark(light_palette())


@pytest.fixture(params=sorted(PALETTES))
def themed_window(request, make_window, qapp):
    """A window built under the Fusion style with a light or a dark palette (the app's is put back)."""
    style, before = qapp.style().name(), qapp.palette()
    qapp.setStyle(QStyleFactory.create("Fusion"))
    qapp.setPalette(PALETTES[request.param]())
    try:
        yield make_window(text="It is '''bold'''.<!-- note --> {{cn}} [[Paris]]")
    finally:
        qapp.setPalette(before)
        qapp.setStyle(QStyleFactory.create(style))


def test_legend_swatches_are_the_trace_tints(themed_window, qtbot):
    import re

    window = themed_window
    base = window.editor.palette().color(QPalette.ColorRole.Base)
    for rule_id in RULE_IDS:
        swatch = window.rules._swatches[rule_id].styleSheet()
        painted = re.search(r"background: (#[0-9a-f]{6})", swatch)[1]
        selection = window.editor._trace_selection(0, 1, rule_id, True)
        trace = QColor(selection.format.background().color())
        assert painted == trace.name() == rule_tint(rule_id, base).name(), rule_id


def test_window_text_is_readable_on_its_palette(themed_window, qtbot):
    window = themed_window
    background = window.rules.palette().color(QPalette.ColorRole.Window)
    for label in window.rules._muted:  # option names
        assert contrast_ratio(label.palette().color(QPalette.ColorRole.WindowText), background) >= TEXT_CONTRAST
    with qtbot.waitSignal(window.model.analysisReady, timeout=10_000,
                          check_params_cb=lambda out: out.kind == "explain"):
        window.panel_docks["explain"].show()
    tree = window.panels["explain"]
    base = tree.palette().color(QPalette.ColorRole.Base)
    assert tree.topLevelItemCount() > 1
    for i in range(tree.topLevelItemCount()):
        color = tree.topLevelItem(i).foreground(0).color()
        assert contrast_ratio(color, base) >= TEXT_CONTRAST, tree.topLevelItem(i).text(0)
