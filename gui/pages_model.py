"""The rows of the Pages panel: a table model that grows a batch at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from .dump_listing import PageEntry

COLUMNS = ("Title", "NS", "Size", "Redirect")
TITLE, NAMESPACE, SIZE, REDIRECT = range(4)

_Index = QModelIndex | QPersistentModelIndex


def size_text(size: int | None) -> str:
    """A page size for the table: ``812 B``, ``12.4 kB``; empty while unknown."""
    if size is None:
        return ""
    return f"{size} B" if size < 1000 else f"{size / 1000:,.1f} kB"


class PagesModel(QAbstractTableModel):
    """Pages in dump order; :meth:`add` appends a batch, :meth:`fill` completes listed rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PageEntry] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, D102
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, D102
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, D102
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: D102
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return entry.title
            if column == NAMESPACE:
                return str(entry.namespace)
            if column == SIZE:
                return size_text(entry.size)
            return "" if entry.redirect is None else ("→" if entry.redirect else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NAMESPACE, SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == REDIRECT and entry.redirect:
            return "A redirect page"
        return None

    def clear(self) -> None:
        """No rows (another dump is being opened)."""
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def add(self, entries: list[PageEntry]) -> None:
        """Append ``entries`` (numbered from the current row count on) in one insertion."""
        if not entries:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._rows.extend(entries)
        self.endInsertRows()

    def fill(self, entries: list[PageEntry]) -> None:
        """Replace listed rows by the same pages with their size and redirect flag known."""
        if not entries:
            return
        for entry in entries:
            self._rows[entry.number] = entry
        low = min(e.number for e in entries)
        high = max(e.number for e in entries)
        self.dataChanged.emit(self.index(low, SIZE), self.index(high, REDIRECT))

    def entry(self, number: int) -> PageEntry:
        """Row ``number``."""
        return self._rows[number]

    def number_of(self, title: str) -> int | None:
        """The row of the page titled ``title``, or None."""
        return next((e.number for e in self._rows if e.title == title), None)
