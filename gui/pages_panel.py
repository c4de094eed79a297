"""The Pages panel: a dump's pages (title, namespace, size, redirect), a filter box and progress."""

from __future__ import annotations

import random

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .pages_model import NAMESPACE, REDIRECT, SIZE, TITLE, PagesModel

FILTER_DELAY_MS = 150  # refiltering waits for typing to pause (a big list takes a moment)


class PagesPanel(QWidget):
    """Emits :attr:`pageChosen` (row number) on a click or Enter, and :attr:`titleRequested`
    when Enter is pressed in the filter on a title no listed row matches."""

    pageChosen = Signal(int)
    titleRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PagesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(TITLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter titles (Enter: open the page with this title)")
        self.filter.setClearButtonEnabled(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.status = QLabel("Open a dump (File ▸ Open…) to list its pages.")
        self.status.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, whatever the list's length.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # Set widths, not ResizeToContents: that measures every row on each insertion.
        for column, sample in ((NAMESPACE, " 828 "), (SIZE, " 123.4 kB "), (REDIRECT, " Redirect ")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self._enter)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        self._random = random.Random()
        self._listing = False
        self._shown: int | None = None  # the row in the editor

    # -- listing ------------------------------------------------------------------

    def start(self, name: str) -> None:
        """A new dump is being listed."""
        self.model.clear()
        self._shown = None
        self._listing = True
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Reading {name}…")

    def show_progress(self, done: int, total: int) -> None:
        """How far through the dump's bytes the listing is."""
        self.progress.setValue(int(1000 * done / total) if total else 0)
        self.status.setText(f"{self.model.rowCount():,} pages listed · reading {done / max(total, 1):.0%}")

    def finish(self, message: str) -> None:
        """The listing ended; ``message`` says how."""
        self._listing = False
        self.progress.hide()
        self.status.setText(message)

    def is_listing(self) -> bool:
        """Whether a dump is still being listed."""
        return self._listing

    # -- choosing -------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.proxy.setFilterFixedString(self.filter.text().strip())
        self.select(self._shown)

    def _enter(self) -> None:
        self._filter_timer.stop()
        self._apply_filter()
        text = self.filter.text().strip()
        exact = self.model.number_of(text.replace("_", " "))
        if exact is not None:
            self.pageChosen.emit(exact)
        elif self.proxy.rowCount() == 1:
            self.pageChosen.emit(self._number(self.proxy.index(0, 0)))
        elif text:
            self.titleRequested.emit(text)

    def _number(self, proxy_index: QModelIndex) -> int:
        return self.proxy.mapToSource(proxy_index).row()

    def _chosen(self, proxy_index: QModelIndex) -> None:
        self.pageChosen.emit(self._number(proxy_index))

    def select(self, number: int | None) -> None:
        """Mark row ``number`` as the page in the editor (None: none is)."""
        self._shown = number
        selection = self.table.selectionModel()
        index = self.proxy.mapFromSource(self.model.index(number, 0)) if number is not None else QModelIndex()
        if not index.isValid():  # none, or filtered out: no other row may look like the page shown
            selection.clear()
            return
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def neighbour(self, number: int | None, step: int) -> int | None:
        """The row ``step`` places from ``number`` among the rows the filter shows (None at either end)."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return None
        if number is None:
            at = 0 if step > 0 else rows - 1
            return self._number(self.proxy.index(at, 0))
        here = self.proxy.mapFromSource(self.model.index(number, 0))
        if here.isValid():
            at = here.row() + step
        else:  # filtered out: the first shown row after (or before) it
            after = [r for r in range(rows) if self._number(self.proxy.index(r, 0)) > number]
            at = (after[0] if after else rows) if step > 0 else (after[0] - 1 if after else rows - 1)
        return self._number(self.proxy.index(at, 0)) if 0 <= at < rows else None

    def random_row(self, number: int | None) -> int | None:
        """A row the filter shows, chosen at random (not ``number`` when there is another)."""
        rows = self.proxy.rowCount()
        if rows == 0:
            return None
        at = self._random.randrange(rows)
        if rows > 1 and self._number(self.proxy.index(at, 0)) == number:
            at = (at + 1 + self._random.randrange(rows - 1)) % rows
        return self._number(self.proxy.index(at, 0))
