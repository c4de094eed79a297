"""One color per rule, derived from the registry order (no hard-coded rule list)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor

from wikinorm.core import RULE_IDS

_GOLDEN = 0.618033988749895


@lru_cache(maxsize=None)
def rule_color(rule_id: str) -> QColor:
    """A saturated, distinct color for ``rule_id`` (golden-ratio hue steps)."""
    index = RULE_IDS.index(rule_id) if rule_id in RULE_IDS else len(RULE_IDS)
    hue = (0.02 + index * _GOLDEN) % 1.0
    return QColor.fromHsvF(hue, 0.75, 0.85)


def rule_tint(rule_id: str, alpha: int = 70) -> QColor:
    """The rule's color made translucent, for backgrounds behind text."""
    color = QColor(rule_color(rule_id))
    color.setAlpha(alpha)
    return color
