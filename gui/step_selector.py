"""Step-through: choose to see the text after any rule instead of the final text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from wikinorm.core import RULES, Config


class StepSelector(QWidget):
    """A combo of pipeline steps plus back/forward buttons and the trace toggle."""

    stageChosen = Signal(str)  # rule id, or "" for the final text
    traceToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Show:"))
        self._back = QPushButton("◀")
        self._back.setToolTip("Previous step")
        self._back.setFixedWidth(30)
        self._next = QPushButton("▶")
        self._next.setToolTip("Next step")
        self._next.setFixedWidth(30)
        self._combo = QComboBox()
        self._combo.setObjectName("step-combo")
        self._combo.setToolTip("Show the text as it stands after a rule, like stepping through a recipe")
        layout.addWidget(self._back)
        layout.addWidget(self._combo, 1)
        layout.addWidget(self._next)
        self._trace = QCheckBox("Trace")
        self._trace.setObjectName("trace-toggle")
        self._trace.setChecked(True)
        self._trace.setToolTip("Show in the raw pane what each rule removed (colored by rule)")
        self._trace.toggled.connect(self.traceToggled)
        layout.addWidget(self._trace)
        self._combo.currentIndexChanged.connect(lambda _i: self.stageChosen.emit(self._combo.currentData()))
        self._back.clicked.connect(lambda: self._step(-1))
        self._next.clicked.connect(lambda: self._step(1))
        self.set_config(Config.default())

    def set_config(self, config: Config) -> None:
        """List the enabled rules as steps, keeping the selection if it is still there."""
        current = self._combo.currentData() if self._combo.count() else ""
        self._combo.blockSignals(True)
        self._combo.clear()
        # "" rather than None: None stored in a QVariant upsets PySide6's refcounts.
        self._combo.addItem("Final text", "")
        for number, rule in enumerate(RULES, 1):
            if config.is_enabled(rule.id):
                self._combo.addItem(f"After {number}. {rule.title}", rule.id)
        found = self._combo.findData(current) if current else 0
        self._combo.setCurrentIndex(max(found, 0))
        self._combo.blockSignals(False)
        if current and found < 0:
            self.stageChosen.emit("")

    def stage(self) -> str | None:
        """The chosen rule id (None: final text)."""
        return self._combo.currentData() or None

    def choose(self, rule_id: str | None) -> None:
        """Select a step (emits :attr:`stageChosen` if it changes)."""
        i = self._combo.findData(rule_id) if rule_id else 0
        if i >= 0:
            self._combo.setCurrentIndex(i)

    def set_trace_checked(self, on: bool) -> None:
        """Set the trace toggle (emits :attr:`traceToggled` if it changes)."""
        self._trace.setChecked(on)

    def trace_checked(self) -> bool:
        """Whether the trace toggle is on."""
        return self._trace.isChecked()

    def _step(self, delta: int) -> None:
        # "Final text" is listed first but is the last step of the recipe.
        n = self._combo.count()
        order = list(range(1, n)) + [0]
        pos = order.index(self._combo.currentIndex())
        self._combo.setCurrentIndex(order[max(0, min(len(order) - 1, pos + delta))])
