"""The Rules dock's content: the preset bar over the rule panel."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .preset_bar import PresetBar
from .rule_panel import RulePanel
from .theme import muted_text


class RulesBox(QWidget):
    """Lays out ``bar`` and ``rules`` with a hint about the trace colors between them, and ``footer`` under them."""

    def __init__(self, bar: PresetBar, rules: RulePanel, footer: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(bar)
        hint = QLabel("Swatches are the trace colors in the raw pane.")
        hint.setStyleSheet(f"color: {muted_text(self.palette()).name()}; padding: 0 6px;")
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addWidget(rules, 1)
        if footer is not None:  # e.g. which pinned examples the last change broke
            box.addWidget(footer)
