"""Dumps in the window: open one, list its pages in the Pages panel, load pages into the editor.

The dump is read by a :class:`~gui.dump_worker.DumpWorker` in a thread of its
own; this controller sends it requests and turns its messages into rows, progress
and editor documents. A page in the editor is marked as coming from the dump
(:class:`~gui.document_controller.Origin`): it has no file, so Save asks for a
``.wiki`` file and the dump is never written. Next, previous and random page
follow the rows the panel's filter shows.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar

from wikinorm.core.presets import Preset

from .document_controller import DocumentController, Origin
from .dump_listing import is_dump, page_file_name
from .dump_worker import DumpOpened, DumpWorker, ListingDone, PageRead, RowsRead
from .error_reporter import ErrorReporter
from .normalizer_model import NormalizerModel
from .pages_panel import PagesPanel
from .preset_controller import PresetController

NEXT_KEYS, PREVIOUS_KEYS, RANDOM_KEYS = "Alt+PgDown", "Alt+PgUp", "Ctrl+R"


class DumpController(QObject):
    """The open dump, its Pages dock and the page commands (Go menu, Run Batch…)."""

    _openRequested = Signal(int, str)
    _readRequested = Signal(int, int)
    _findRequested = Signal(int, str)
    #: A page of the dump is in the editor (its row; None when found by title before it was listed).
    pageLoaded = Signal(object)
    statusMessage = Signal(str)

    def __init__(
        self,
        settings: QSettings,
        documents: DocumentController,
        presets: PresetController,
        model: NormalizerModel,
        errors: ErrorReporter,
        window: QMainWindow,
    ):
        super().__init__(window)
        self._settings = settings
        self._documents = documents
        self._errors = errors
        self._window = window
        self._presets = presets
        self._model = model
        self._status = self.statusMessage.emit
        self.path: Path | None = None
        self.multistream = False
        self.current: int | None = None  # the row in the editor
        self._generation = 0
        self._pending_title: str | None = None  # a page asked for by title before it is listed
        self._first_page = False  # load the first listed page (a dump just opened)
        self.panel = PagesPanel()
        self.dock = QDockWidget("Pages", window)
        self.dock.setObjectName("pages-dock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(340)  # room for titles beside the three narrow columns
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        self.panel.pageChosen.connect(self.choose)
        self.panel.titleRequested.connect(self.find_title)
        documents.other_opener = self.open_dump

        self._thread = QThread()
        self._thread.setObjectName("wikinorm-dump-reader")
        self._worker = DumpWorker()
        self._worker.moveToThread(self._thread)
        self._openRequested.connect(self._worker.open)
        self._readRequested.connect(self._worker.read)
        self._findRequested.connect(self._worker.find)
        self._worker.opened.connect(self._on_opened)
        self._worker.rowsRead.connect(self._on_rows)
        self._worker.listingDone.connect(self._on_done)
        self._worker.pageRead.connect(self._on_page)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self._batch = None

    def add_menus(self, bar: QMenuBar, file: QMenu, view: QMenu) -> None:
        """Run Batch… in ``file``, the Pages dock in ``view``, and a Go menu for pages."""
        batch = QAction("Run &Batch…", self)
        batch.triggered.connect(self.run_batch_dialog)
        file.insertAction(next((a for a in file.actions() if a.isSeparator()), None), batch)
        view.addAction(self.dock.toggleViewAction())
        go = bar.addMenu("&Go")
        for text, keys, slot in (("&Next Page", NEXT_KEYS, lambda: self.step(1)),
                                 ("&Previous Page", PREVIOUS_KEYS, lambda: self.step(-1)),
                                 ("&Random Page", RANDOM_KEYS, self.random_page)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            go.addAction(action)
        find = QAction("&Find Page by Title…", self)
        find.triggered.connect(self.focus_filter)
        go.addAction(find)

    # -- opening --------------------------------------------------------------------

    def open_dump(self, path: Path) -> bool | None:
        """List the dump at ``path`` and load its first page; None when ``path`` is not a dump."""
        if not is_dump(path):
            return None
        self._generation += 1
        self.path, self.current, self.multistream = Path(path), None, False
        self._pending_title, self._first_page = None, True
        self.panel.start(self.path.name)
        self.dock.show()
        self.dock.raise_()
        self._openRequested.emit(self._generation, str(self.path))
        return True

    def _mine(self, generation: int) -> bool:
        return generation == self._generation

    @Slot(object)
    def _on_opened(self, opened: DumpOpened) -> None:
        if self._mine(opened.generation):
            self.multistream = opened.multistream

    @Slot(object)
    def _on_rows(self, rows: RowsRead) -> None:
        if not self._mine(rows.generation):
            self._worker.rows_taken()
            return
        self.panel.model.add(rows.new)
        self.panel.model.fill(rows.filled)
        self.panel.show_progress(rows.bytes_done, rows.bytes_total)
        self._worker.rows_taken()
        if self._pending_title is not None:
            found = next((e.number for e in rows.new if e.title == self._pending_title), None)
            if found is not None:
                self._pending_title = None
                self._request(found)
        elif self._first_page and rows.new:
            self._first_page = False
            self._request(rows.new[0].number)

    @Slot(object)
    def _on_done(self, done: ListingDone) -> None:
        if not self._mine(done.generation):
            return
        self.panel.setToolTip(done.description)
        if done.error is not None:
            self.panel.finish(f"{done.pages:,} pages listed; reading stopped: {done.error}")
            if done.pages == 0:
                self._errors.show("Cannot open dump", f"{done.error}\n\nThe current document is unchanged.")
        else:
            redirects = sum(1 for r in range(done.pages) if self.panel.model.entry(r).redirect)
            self.panel.finish(f"{done.pages:,} pages ({redirects:,} redirects) · listed in {done.seconds:.1f} s")
        if self._pending_title is not None:
            title, self._pending_title = self._pending_title, None
            self.find_title(title)

    # -- pages ----------------------------------------------------------------------

    def choose(self, number: int) -> None:
        """Load row ``number`` into the editor (after asking about unsaved changes)."""
        if self.path is None or (number == self.current and self._documents.origin is not None):
            return
        if self._documents.maybe_save():
            self._request(number)

    def _request(self, number: int) -> None:
        self._status(f"Reading “{self.panel.model.entry(number).title}” from {self.path.name}…")
        self._readRequested.emit(self._generation, number)

    def find_title(self, title: str) -> None:
        """Open the page titled ``title``: a listed row, else through the multistream index."""
        number = self.panel.model.number_of(title.replace("_", " "))
        if number is not None:
            self.choose(number)
        elif self.multistream:
            if self._documents.maybe_save():
                self._status(f"Looking up “{title}” in the index of {self.path.name}…")
                self._findRequested.emit(self._generation, title)
        elif self.panel.is_listing():
            self._pending_title = title.replace("_", " ")
        else:
            self._status(f"No page titled “{title}” in {self.path.name}")

    @Slot(object)
    def _on_page(self, read: PageRead) -> None:
        if not self._mine(read.generation):
            return
        if read.page is None:
            self._errors.show("Cannot read the page", str(read.error))
            return
        page = read.page
        self._documents.load_text(page.text, origin=Origin(f"{page.title} — {self.path.name}", page_file_name(page.title)))
        self.current = read.number if read.number is not None else self.panel.model.number_of(page.title)
        self.panel.select(self.current)
        self._status(f"{page.title}: page {(self.current or 0) + 1:,} of {self.path.name}")
        self.pageLoaded.emit(self.current)

    def step(self, offset: int) -> None:
        """Load the next (1) or previous (-1) page among the rows the filter shows."""
        number = self.panel.neighbour(self.current, offset)
        if number is not None:
            self.choose(number)

    def random_page(self) -> None:
        """Load a page chosen at random among the rows the filter shows."""
        number = self.panel.random_row(self.current)
        if number is not None:
            self.choose(number)

    def focus_filter(self) -> None:
        """Show the Pages dock and put the cursor in its filter."""
        self.dock.show()
        self.panel.filter.setFocus()
        self.panel.filter.selectAll()

    def show_page(self, dump: Path, title: str) -> None:
        """Open page ``title`` of ``dump`` (opening that dump first if another is open)."""
        if self.path is None or Path(dump).resolve() != self.path.resolve():
            # The page replaces the document when it is listed: ask about unsaved changes now.
            if not self._documents.maybe_save() or not self.open_dump(Path(dump)):
                return
            self._first_page = False
            self._pending_title = title
            return
        self.find_title(title)

    # -- batch ----------------------------------------------------------------------

    def current_preset(self) -> Preset:
        """The chosen preset with the rule settings the window has now (what a batch runs with)."""
        return dataclasses.replace(self._presets.preset, config=self._model.config)

    def run_batch_dialog(self) -> None:
        """Show the Run Batch dialog with the open dump as its input."""
        from .batch_dialog import BatchDialog  # built on first use

        if self._batch is None:
            self._batch = BatchDialog(self._settings, self.current_preset, self.show_failing_page, self._window)
        self._batch.prepare(self.path)
        self._batch.show()
        self._batch.raise_()

    def show_failing_page(self, source: Path, title: str) -> None:
        """Open a page the batch could not normalize: from its dump, or its ``.wiki`` file."""
        if source.is_dir():
            for name in (title, title.replace(" ", "_")):
                candidate = source / f"{name}.wiki"
                if candidate.is_file():
                    self._documents.open_file(candidate)
                    return
            self._status(f"No file for “{title}” in {source}")
        else:
            self.show_page(source, title)

    def shutdown(self) -> None:
        """Stop the reader thread and a running batch (the window is closing)."""
        if self._batch is not None:
            self._batch.shutdown()
        if self._thread.isRunning():
            self._thread.quit()  # the worker's timer stops with its event loop
            self._thread.wait()

    def is_running(self) -> bool:
        """Whether the reader thread is alive."""
        return self._thread.isRunning()
