"""The template inventory: every template in the text, how often, and a policy for each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core.inventory import TemplateUse
from wikinorm.core.rules.templates import TemplatePolicy

_COLUMNS = ("Template", "Uses", "Policy", "Rendering")


_INSERT_ONE_BY_ONE = 20  # more changed rows than this are refilled in bulk


class TemplatePanel(QWidget):
    """Lists the current text's templates (from the core's inventory) with a policy combo each.

    Choosing a policy emits :attr:`policyChanged` with the template's normalized
    name and the policy's value; the window turns it into a config change.
    """

    policyChanged = Signal(str, str)
    #: A template's row was activated (double-click, Enter): find its next use in the wikitext.
    usesRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._summary = QLabel("Templates in the text, most used first. A policy applies to every use.")
        self._summary.setWordWrap(True)
        self._filter = QLineEdit()
        self._filter.setObjectName("template-filter")
        self._filter.setPlaceholderText("Filter templates by name")
        self._filter.setAccessibleName("Filter templates by name")
        self._filter.setClearButtonEnabled(True)
        self._filter.textChanged.connect(lambda _t: self._apply_filter())
        self._table = QTableWidget(0, len(_COLUMNS))
        self._table.setHorizontalHeaderLabels(_COLUMNS)
        self._table.verticalHeader().hide()
        self._table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self._table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self._table.setAccessibleName("Templates in the text")
        self._table.setToolTip("Double-click a template (or press Enter) to find its next use in the wikitext")
        self._table.itemActivated.connect(self._on_activated)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._summary)
        layout.addWidget(self._filter)
        layout.addWidget(self._table, 1)
        self._uses: list[TemplateUse] | None = None  # None: nothing shown yet

    def show_analysis(self, uses: list[TemplateUse]) -> None:
        """Show ``uses`` (from :func:`wikinorm.core.inventory.template_inventory`).

        Only the rows between the unchanged first and last ones are rebuilt: a
        2 MB page lists hundreds of templates, each row with its own combo, and
        an edit moves one or two of them.
        """
        new = list(uses)
        if self._uses == new:
            return  # nothing new: keep the table (and the user's scroll position) as it is
        old = self._uses or []
        same = min(len(old), len(new))
        head = 0
        while head < same and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < same - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
            tail += 1
        self._uses = new
        total = sum(u.count for u in uses)
        self._summary.setText(
            f"{len(uses)} templates, {total} uses, most used first. A policy applies to every use."
            if uses
            else "No templates in the text."
        )
        table = self._table
        if len(new) - head - tail > _INSERT_ONE_BY_ONE:
            # Each inserted row re-measures the columns sized to their contents:
            # many rows are cheaper refilled from the first changed one on.
            table.setRowCount(head)
            table.setRowCount(len(new))
            rows = range(head, len(new))
        else:
            for _ in range(len(old) - head - tail):
                table.removeRow(head)
            for row in range(head, len(new) - tail):
                table.insertRow(row)
            rows = range(head, len(new) - tail)
        for row in rows:
            self._fill_row(row, new[row])
        self._apply_filter()

    def set_filter(self, text: str) -> None:
        """Show only templates whose name contains ``text`` (any case)."""
        self._filter.setText(text)

    def visible_names(self) -> list[str]:
        """The names of the templates listed and not filtered out."""
        return [use.name for row, use in enumerate(self._uses or []) if not self._table.isRowHidden(row)]

    def _apply_filter(self) -> None:
        wanted = self._filter.text().strip().casefold()
        for row, use in enumerate(self._uses or []):
            self._table.setRowHidden(row, bool(wanted) and wanted not in use.name.casefold()
                                     and wanted not in use.key.casefold())

    def _on_activated(self, item: QTableWidgetItem) -> None:
        uses = self._uses or []
        if 0 <= item.row() < len(uses):
            self.usesRequested.emit(uses[item.row()].name)

    def _fill_row(self, row: int, use: TemplateUse) -> None:
        table = self._table
        name = QTableWidgetItem(use.name)
        name.setToolTip(f"normalized name: {use.key}")
        count = QTableWidgetItem(f"{use.count:,}")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rendering = QTableWidgetItem(use.rendering or "")
        rendering.setToolTip("built-in rendering, used by the 'render' policy" if use.rendering else "")
        table.setItem(row, 0, name)
        table.setItem(row, 1, count)
        table.setItem(row, 3, rendering)
        table.setCellWidget(row, 2, self._policy_combo(use))

    def _policy_combo(self, use: TemplateUse) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"policy-{use.key}")
        combo.setAccessibleName(f"Policy for {use.name}")
        for policy in TemplatePolicy:
            combo.addItem(policy.value, policy.value)
        combo.setCurrentIndex(combo.findData(use.policy.value))
        combo.currentIndexChanged.connect(lambda _i, key=use.key, c=combo: self.policyChanged.emit(key, c.currentData()))
        return combo

    def policy_combo(self, key: str) -> QComboBox | None:
        """The policy combo of normalized template name ``key`` (tests use it)."""
        for row, use in enumerate(self._uses or []):
            if use.key == key:
                return self._table.cellWidget(row, 2)
        return None

    def summary(self) -> str:
        """The line above the table (how many templates, or that there are none)."""
        return self._summary.text()

    def row_count(self) -> int:
        """How many templates are listed."""
        return self._table.rowCount()
