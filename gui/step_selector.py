"""Step-through: see the text as written, after any rule, up to the final text; and the step card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core import RAW_STAGE, RULES, Config

from .step_card import StepCard


class StepSelector(QWidget):
    """A combo of pipeline steps in recipe order, back/forward buttons, the trace toggle and the card.

    The steps are "Raw wikitext", then after each enabled rule; the last enabled
    rule's step *is* the final text (the data "", shown as the stage None), so
    no two steps show the same thing.
    """

    stageChosen = Signal(str)  # rule id, RAW_STAGE, or "" for the final text
    traceToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        column.addLayout(layout)
        label = QLabel("&Show:")
        layout.addWidget(label)
        self._back = QPushButton("◀")
        self._back.setToolTip("Previous step (Alt+Left)")
        self._back.setAccessibleName("Previous step")
        self._back.setFixedWidth(30)
        self._next = QPushButton("▶")
        self._next.setToolTip("Next step (Alt+Right)")
        self._next.setAccessibleName("Next step")
        self._next.setFixedWidth(30)
        self._combo = QComboBox()
        self._combo.setObjectName("step-combo")
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._combo.setMinimumContentsLength(12)
        self._combo.setAccessibleName("Step shown in the normalized pane")
        self._combo.setToolTip("Show the text as it stands after a rule, like stepping through a recipe")
        label.setBuddy(self._combo)
        layout.addWidget(self._back)
        layout.addWidget(self._combo, 1)
        layout.addWidget(self._next)
        self._trace = QCheckBox("Trace")
        self._trace.setObjectName("trace-toggle")
        self._trace.setChecked(True)
        self._trace.setToolTip("Show in the raw pane what each rule removed (colored by rule)")
        self._trace.toggled.connect(self.traceToggled)
        layout.addWidget(self._trace)
        self.card = StepCard()
        # A long example on a small screen scrolls inside the card instead of being cut off.
        self.card_area = QScrollArea()
        self.card_area.setObjectName("step-card-area")
        self.card_area.setWidget(self.card)
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QFrame.Shape.NoFrame)
        self.card_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_area.hide()  # until the user steps (or presents)
        column.addWidget(self.card_area)
        self._last_rule: str | None = None
        self._combo.currentIndexChanged.connect(self._on_index)
        self._back.clicked.connect(lambda: self.step(-1))
        self._next.clicked.connect(lambda: self.step(1))
        self.set_config(Config.default())

    def set_config(self, config: Config) -> None:
        """List the steps of ``config``, keeping the selection if it is still there."""
        current = self._combo.currentData() if self._combo.count() else ""
        enabled = [(number, rule) for number, rule in enumerate(RULES, 1) if config.is_enabled(rule.id)]
        self._last_rule = enabled[-1][1].id if enabled else None
        self._combo.blockSignals(True)
        self._combo.clear()
        # "" rather than None: None stored in a QVariant upsets PySide6's refcounts.
        self._combo.addItem("Raw wikitext" if enabled else "Raw wikitext = final text (no rule on)",
                            RAW_STAGE if enabled else "")
        for step, (number, rule) in enumerate(enabled, 1):
            last = step == len(enabled)
            self._combo.addItem(f"After {number}. {rule.title}" + (" = final text" if last else ""),
                                "" if last else rule.id)
        found = self._combo.findData(current)
        self._combo.setCurrentIndex(found if found >= 0 else self._combo.count() - 1)
        self._combo.blockSignals(False)
        self._update()
        if found < 0 and current:
            self.stageChosen.emit("")

    def stage(self) -> str | None:
        """The chosen stage: a rule id, :data:`RAW_STAGE`, or None (final text)."""
        return self._combo.currentData() or None

    def choose(self, rule_id: str | None) -> None:
        """Select a step (emits :attr:`stageChosen` if it changes); the last rule's step is the final text."""
        wanted = "" if rule_id is None or rule_id == self._last_rule else rule_id
        i = self._combo.findData(wanted)
        if i >= 0:
            self._combo.setCurrentIndex(i)

    def step(self, delta: int) -> None:
        """Go ``delta`` steps forward (or back), stopping at the raw text and the final text."""
        i = max(0, min(self._combo.count() - 1, self._combo.currentIndex() + delta))
        self.set_card_visible(True)
        self._combo.setCurrentIndex(i)

    def can_step(self, delta: int) -> bool:
        """Whether there is a step in that direction."""
        return 0 <= self._combo.currentIndex() + delta < self._combo.count()

    def step_labels(self) -> list[str]:
        """The steps as listed (tests read them)."""
        return [self._combo.itemText(i) for i in range(self._combo.count())]

    def set_card_visible(self, on: bool) -> None:
        """Show or hide the step card."""
        self.card_area.setVisible(on)

    def set_trace_checked(self, on: bool) -> None:
        """Set the trace toggle (emits :attr:`traceToggled` if it changes)."""
        self._trace.setChecked(on)

    def trace_checked(self) -> bool:
        """Whether the trace toggle is on."""
        return self._trace.isChecked()

    def _on_index(self, _index: int) -> None:
        if self._combo.currentIndex() not in (-1, self._combo.count() - 1):
            self.set_card_visible(True)  # choosing an intermediate step is stepping through
        self._update()
        self.stageChosen.emit(self._combo.currentData())

    def _update(self) -> None:
        i, n = self._combo.currentIndex(), self._combo.count()
        self._back.setEnabled(i > 0)
        self._next.setEnabled(0 <= i < n - 1)
        self.card.show_step(self.stage(), i, n - 1, self._last_rule)
        self._fit_card()

    def _fit_card(self) -> None:
        # As tall as the card's text at this width, and no taller; scrolls past that.
        width = self.card_area.viewport().width() or self.width()
        needed = self.card.heightForWidth(max(width, 100))
        self.card_area.setMaximumHeight(needed + 2 if needed > 0 else 16777215)

    def resizeEvent(self, event) -> None:  # noqa: N802, D102
        super().resizeEvent(event)
        self._fit_card()

    def set_font_size(self, points: int) -> None:
        """Zoom: the step card follows the panes' text size."""
        self.card.set_font_size(points)
        self._fit_card()
