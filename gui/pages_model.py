"""The rows of the Pages panel: a table model that grows a batch at a time.

It is a QStandardItemModel, so the view and the filter read cells in C++: a
Python ``data()`` would be called for every role of every visible cell on each
repaint, and while the dump reader's thread holds the GIL each of those calls
waits its turn (a repaint of 40 rows took 100–200 ms on a loaded machine).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from .dump_listing import PageEntry

COLUMNS = ("Title", "NS", "Size", "Redirect")
TITLE, NAMESPACE, SIZE, REDIRECT = range(4)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def size_text(size: int | None) -> str:
    """A page size for the table: ``812 B``, ``12.4 kB``; empty while unknown."""
    if size is None:
        return ""
    return f"{size} B" if size < 1000 else f"{size / 1000:,.1f} kB"


def _cells(entry: PageEntry) -> list[QStandardItem]:
    title = QStandardItem(entry.title)
    namespace = QStandardItem(str(entry.namespace))
    namespace.setTextAlignment(_RIGHT)
    size = QStandardItem(size_text(entry.size))
    size.setTextAlignment(_RIGHT)
    redirect = QStandardItem("→" if entry.redirect else "")
    if entry.redirect:
        redirect.setToolTip("A redirect page")
    cells = [title, namespace, size, redirect]
    for cell in cells:
        cell.setEditable(False)
    return cells


class PagesModel(QStandardItemModel):
    """Pages in dump order; :meth:`add` appends a batch, :meth:`fill` completes listed rows."""

    def __init__(self, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self._rows: list[PageEntry] = []
        self._titles: dict[str, int] = {}

    def clear(self) -> None:
        """No rows (another dump is being opened)."""
        self.removeRows(0, self.rowCount())
        self._rows = []
        self._titles = {}

    def add(self, entries: list[PageEntry]) -> None:
        """Append ``entries`` (numbered from the current row count on)."""
        for entry in entries:
            self._rows.append(entry)
            self._titles.setdefault(entry.title, entry.number)
            self.appendRow(_cells(entry))

    def fill(self, entries: list[PageEntry]) -> None:
        """Replace listed rows by the same pages with their size and redirect flag known."""
        for entry in entries:
            self._rows[entry.number] = entry
            self.item(entry.number, SIZE).setText(size_text(entry.size))
            redirect = self.item(entry.number, REDIRECT)
            redirect.setText("→" if entry.redirect else "")
            redirect.setToolTip("A redirect page" if entry.redirect else "")

    def entry(self, number: int) -> PageEntry:
        """Row ``number``."""
        return self._rows[number]

    def number_of(self, title: str) -> int | None:
        """The row of the page titled ``title``, or None."""
        return self._titles.get(title)
