"""One color per rule, derived from the registry order (no hard-coded rule list)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor

from wikinorm.core import RULE_IDS

# Kelly's colors of maximum contrast (white and black left out), in his order:
# neighbours in the pipeline get colors far apart. Hue steps alone repeated
# near-identical greens and blues among sixteen rules.
_PALETTE = (
    "#be0032", "#0067a5", "#f38400", "#008856", "#875692", "#f3c300", "#e68fac", "#848482",
    "#a1caf1", "#882d17", "#8db600", "#604e97", "#f99379", "#c2b280", "#b3446c", "#2b3d26",
    "#dcd300", "#654522", "#e25822", "#f6a600",
)


@lru_cache(maxsize=None)
def rule_color(rule_id: str) -> QColor:
    """A distinct color for ``rule_id``, by its place in the registry."""
    index = RULE_IDS.index(rule_id) if rule_id in RULE_IDS else len(RULE_IDS)
    return QColor(_PALETTE[index % len(_PALETTE)])


def rule_tint(rule_id: str, alpha: int = 70) -> QColor:
    """The rule's color made translucent, for backgrounds behind text."""
    color = QColor(rule_color(rule_id))
    color.setAlpha(alpha)
    return color
