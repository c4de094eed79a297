"""The Explain view: per rule, how many edits it made, with examples from the core."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from .rule_colors import rule_color


class ExplainView(QTreeWidget):
    """A tree: one row per rule, its examples as children. Emits :attr:`exampleChosen`."""

    exampleChosen = Signal(int)  # raw offset of the example

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["Rule / example (raw)", "Edits", "Becomes"])
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)
        self._report: list[dict] = []
        self._metadata: dict = {}

    def set_report(self, report: list[dict]) -> None:
        """Show the report of ``Result.explain()``."""
        self._report = report
        self.clear()
        if not report:
            QTreeWidgetItem(self, ["No rule changed anything.", "", ""]).setData(0, 256, -1)
            return
        for entry in report:
            item = QTreeWidgetItem(self, [entry.title, f"{entry.edits:,}", ""])
            item.setData(0, 256, -1)
            item.setForeground(0, rule_color(entry.rule).darker(130))
            item.setToolTip(0, entry.rule)
            for ex in entry.examples:
                child = QTreeWidgetItem(item, [repr(ex.before), f"@{ex.raw_start}", repr(ex.after)])
                child.setData(0, 256, ex.raw_start)
            item.setExpanded(True)
        for column in range(3):
            self.resizeColumnToContents(column)

    def show_analysis(self, explanation: dict) -> None:
        """Show ``{"rules": Result.explain(), "metadata": Result.metadata}`` (collected categories…)."""
        self.set_report(explanation["rules"])
        for key, values in explanation.get("metadata", {}).items():
            item = QTreeWidgetItem(self, [f"{key.capitalize()} (collected)", f"{len(values):,}", ""])
            item.setData(0, 256, -1)
            for value in values:
                QTreeWidgetItem(item, [str(value), "", ""]).setData(0, 256, -1)
            item.setExpanded(True)
        self._metadata = explanation.get("metadata", {})

    def metadata(self) -> dict:
        """The collected metadata shown."""
        return self._metadata

    def report(self) -> list[dict]:
        """The report shown."""
        return self._report

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        raw_start = item.data(0, 256)
        if isinstance(raw_start, int) and raw_start >= 0:
            self.exampleChosen.emit(raw_start)
