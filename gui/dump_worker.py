"""The thread that reads dumps for the Pages panel: the list in slices, and pages on request.

One :class:`DumpWorker` lives in its own QThread and owns the open
:class:`~gui.dump_listing.DumpListing`. Listing runs a slice at a time from a
zero-interval timer, so a request to read a page is served between two slices
instead of after the whole dump. Rows leave in batches at most every
:data:`EMIT_MS` (the first at once), so the UI thread inserts them a batch at a
time. Every message carries the generation of the dump it belongs to; the
controller drops those of a dump that was replaced since.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Iterator
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from wikinorm.core.files import FileError
from wikinorm.core.sources import Page

from .dump_listing import DumpListing, ListingStep, PageEntry

SLICE_S = 0.02  # reading between two looks at the event loop
EMIT_MS = 100  # rows are sent at most this often after the first batch
# After each slice the reader rests, holding no GIL: every Python call the UI thread
# makes (a slot, a paint callback) needs the GIL, and on a busy machine a reader
# descheduled while holding it made the window wait for tens of milliseconds.
REST_S = 0.005
# For the same reason, after sending rows the reader waits (up to this long) until the
# window has taken them in (:meth:`DumpWorker.rows_taken`), so inserting them never
# competes with the reader for the GIL.
TAKEN_WAIT_S = 0.05


class DumpOpened(NamedTuple):
    """A dump is open and being listed."""

    generation: int
    multistream: bool


class RowsRead(NamedTuple):
    """Rows read since the last message."""

    generation: int
    new: list[PageEntry]
    filled: list[PageEntry]
    bytes_done: int
    bytes_total: int


class ListingDone(NamedTuple):
    """The whole dump has been listed (or reading it failed: ``error``)."""

    generation: int
    pages: int
    seconds: float
    error: str | None
    description: str = ""  # format, compression, size (read after the listing: it reads the dump's start again)


class PageRead(NamedTuple):
    """A page read back for the editor; ``number`` is its row (None: found by title, not listed yet)."""

    generation: int
    number: int | None
    page: Page | None
    error: str | None


class DumpWorker(QObject):
    """Lives in a worker thread; slots are called through queued signals."""

    opened = Signal(object)  # DumpOpened
    rowsRead = Signal(object)  # RowsRead
    listingDone = Signal(object)  # ListingDone
    pageRead = Signal(object)  # PageRead

    def __init__(self) -> None:
        super().__init__()
        self._listing: DumpListing | None = None
        self._steps: Iterator[ListingStep] | None = None
        self._generation = 0
        self._timer: QTimer | None = None
        self._started = 0.0
        self._last_emit = 0.0
        self._new: list[PageEntry] = []
        self._filled: list[PageEntry] = []
        self._bytes = (0, 0)
        self._sent_first = False
        self._taken = threading.Event()

    def rows_taken(self) -> None:
        """The window has inserted the last rows sent (called from the UI thread)."""
        self._taken.set()

    @Slot(int, str)
    def open(self, generation: int, path: str) -> None:
        """Start listing ``path`` (dropping any dump listed before)."""
        if self._timer is None:  # created here, in the worker thread, so it runs here
            self._timer = QTimer(self)
            self._timer.setInterval(0)
            self._timer.timeout.connect(self._slice)
        self._timer.stop()
        self._generation = generation
        self._new, self._filled, self._sent_first = [], [], False
        self._started = self._last_emit = time.perf_counter()
        try:
            self._listing = DumpListing(path)
        except (FileError, OSError) as exc:
            self._listing = self._steps = None
            self.listingDone.emit(ListingDone(generation, 0, 0.0, str(exc)))
            return
        self._steps = self._listing.steps()
        self.opened.emit(DumpOpened(generation, self._listing.multistream))
        self._timer.start()

    @Slot()
    def close(self) -> None:
        """Stop listing and forget the dump (the window is closing)."""
        if self._timer is not None:
            self._timer.stop()
        self._listing = self._steps = None

    def _slice(self) -> None:
        steps, deadline = self._steps, time.perf_counter() + SLICE_S
        if steps is None:
            self._timer.stop()
            return
        try:
            while time.perf_counter() < deadline:
                step = next(steps)
                self._new.extend(step.new)
                self._filled.extend(step.filled)
                self._bytes = (step.bytes_done, step.bytes_total)
                if step.new and not self._sent_first:
                    break  # the first rows go at once
        except StopIteration:
            self._finish(None)
            return
        except Exception as exc:  # noqa: BLE001 - a damaged dump ends the listing, not the window
            self._finish(str(exc) if isinstance(exc, FileError) else f"{type(exc).__name__}: {exc}")
            return
        now = time.perf_counter()
        if (self._new and not self._sent_first) or (now - self._last_emit) * 1000 >= EMIT_MS:
            self._emit_rows(now)
        time.sleep(REST_S)

    def _emit_rows(self, now: float) -> None:
        if self._new or self._filled:
            self._sent_first = self._sent_first or bool(self._new)
            self._taken.clear()
            self.rowsRead.emit(RowsRead(self._generation, self._new, self._filled, *self._bytes))
            self._new, self._filled = [], []
            self._taken.wait(TAKEN_WAIT_S)
        self._last_emit = time.perf_counter()

    def _finish(self, error: str | None) -> None:
        self._timer.stop()
        self._steps = None
        self._emit_rows(time.perf_counter())
        pages = len(self._listing.entries) if self._listing is not None else 0
        seconds = time.perf_counter() - self._started
        try:
            description = self._listing.describe() if self._listing is not None else ""
        except (FileError, OSError):
            description = ""
        self.listingDone.emit(ListingDone(self._generation, pages, seconds, error, description))

    @Slot(int, int)
    def read(self, generation: int, number: int) -> None:
        """Read page ``number`` of the list back (for the editor)."""
        if self._listing is None or generation != self._generation:
            return
        self.pageRead.emit(self._attempt(generation, lambda: (number, self._listing.read_page(number))))

    @Slot(int, str)
    def find(self, generation: int, title: str) -> None:
        """Find the page titled ``title`` through a multistream index (the dump is not read through)."""
        if self._listing is None or generation != self._generation:
            return
        found = self._attempt(generation, lambda: self._listing.find(title) or (None, None))
        if found.page is None and found.error is None:
            found = found._replace(error=f"no page titled {title!r} in the index of {self._listing.path.name}")
        self.pageRead.emit(found)

    def _attempt(self, generation: int, read) -> PageRead:
        try:
            number, page = read()
            return PageRead(generation, number, page, None)
        except (FileError, OSError, IndexError) as exc:
            return PageRead(generation, None, None, str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, the window goes on
            traceback.print_exc()
            return PageRead(generation, None, None, f"{type(exc).__name__}: {exc}")
