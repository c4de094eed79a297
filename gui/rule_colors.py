"""One trace color per rule, by registry order, and its tint over a palette's base.

The eighteen hues (one per rule, two to spare) were chosen (CIEDE2000, greedy
max-min over an HSL grid) so that their tints, laid over a white base at
:data:`LIGHT_TINT` and over a dark one at :data:`DARK_TINT`, differ pairwise by
more than 10, and each tint keeps the palette's text readable on it;
``tests/test_gui_theme.py`` checks both. A rule past the last hue would repeat
one: add a hue with the rule.
The legend swatches are painted with :func:`rule_tint` over the same base as
the raw pane, so they look exactly like the trace.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor

from wikinorm.core import RULE_IDS

from .theme import luminance, mix, readable

HUES = (
    "#7a1f43", "#00991f", "#1f5f7a", "#b87614", "#cc00ff", "#00998a", "#808080", "#1f317a", "#d65cbe",
    "#ff4d00", "#7d8a0f", "#ff0066", "#8e75f0", "#0000ff", "#7a3a1f", "#590f8a", "#cc0000", "#007fff",
)
#: Opacity of a hue over a light and over a dark base.
LIGHT_TINT = 0.45
DARK_TINT = 0.5


@lru_cache(maxsize=None)
def rule_color(rule_id: str) -> QColor:
    """The full-strength hue of ``rule_id``, by its place in the registry."""
    index = RULE_IDS.index(rule_id) if rule_id in RULE_IDS else len(RULE_IDS)
    return QColor(HUES[index % len(HUES)])


def rule_tint(rule_id: str, base: QColor) -> QColor:
    """The rule's trace background: its hue laid over ``base`` (opaque, so swatches match exactly)."""
    amount = DARK_TINT if luminance(base) < 0.18 else LIGHT_TINT
    return mix(base, rule_color(rule_id), amount)


def rule_text(rule_id: str, background: QColor) -> QColor:
    """The rule's hue as text, darkened or lightened until readable on ``background``."""
    return readable(rule_color(rule_id), background)
