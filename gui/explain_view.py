"""The Explain view: per rule, how many edits it made, with examples from the core."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from wikinorm.core import get_rule

from .rule_colors import rule_text
from .rule_text import LineColumn, one_line


class ExplainView(QTreeWidget):
    """A tree: one row per rule, its examples as children. Emits :attr:`exampleChosen`."""

    exampleChosen = Signal(int)  # raw offset of the example

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["Rule / before", "Edits / where", "After"])
        self.setAccessibleName("Explain: what each rule changed")
        self.setRootIsDecorated(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)
        self._report: list[dict] = []
        self._metadata: dict = {}

    def set_report(self, report: list[dict], positions: dict[int, LineColumn] | None = None) -> None:
        """Show the report of ``Result.explain()``; ``positions`` gives each example's raw line:column."""
        positions = positions or {}
        base = self.palette().color(self.palette().ColorRole.Base)
        self._report = report
        self.clear()
        if not report:
            QTreeWidgetItem(self, ["No rule changed anything.", "", ""]).setData(0, 256, -1)
            return
        for entry in report:
            item = QTreeWidgetItem(self, [entry.title, f"{entry.edits:,}", ""])
            item.setData(0, 256, -1)
            item.setForeground(0, rule_text(entry.rule, base))
            item.setToolTip(0, get_rule(entry.rule).description)
            for ex in entry.examples:
                where = positions.get(ex.raw_start)
                child = QTreeWidgetItem(item, [one_line(ex.before), str(where or ""), one_line(ex.after)])
                child.setToolTip(1, f"line {where.line}, column {where.column} of the wikitext" if where else "")
                child.setData(0, 256, ex.raw_start)
            item.setExpanded(True)
        for column in range(3):
            self.resizeColumnToContents(column)
            # A long example must not push the other columns out of a narrow dock.
            self.setColumnWidth(column, min(self.columnWidth(column), 420))

    def show_analysis(self, explanation: dict) -> None:
        """Show ``{"rules": Result.explain(), "metadata": …, "positions": …}`` (see gui/panels.py)."""
        self.set_report(explanation["rules"], explanation.get("positions"))
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
