"""A dump's list of pages, read a step at a time, and its pages read back one by one (no Qt).

The Pages panel lists what :class:`DumpListing` reads with the engine's dump
readers (``wikinorm.core.sources``); the window never parses XML or wikitext
itself. A multistream dump is listed from its index first (titles appear before
a byte of the dump is decompressed), then the dump is read to fill in each page's
size and redirect flag; a page is read back from its own bz2 stream. Other dumps
are listed as they are read; page texts are kept up to a budget, and a page past
it is read back by reading the dump again up to it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from wikinorm.core.sources import (
    MultistreamPart,
    MultistreamSource,
    Page,
    SourceError,
    SourceOptions,
    XmlDumpSource,
    namespace_of,
    open_source,
    read_index,
)
from wikinorm.core.sources.compression import Compression, detect, inner_suffix
from wikinorm.core.sources.multistream import find_in_index

#: Page texts kept in memory for reading back without reading the dump again (characters).
TEXT_BUDGET = 256_000_000
#: Every page, whatever its namespace, model or redirect flag: the list shows the dump as it is.
EVERYTHING = SourceOptions().everything()

_DUMP_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<mediawiki\b", re.S)


class PageEntry(NamedTuple):
    """One row of the Pages panel."""

    number: int  # position in the dump, from 0
    title: str
    namespace: int
    size: int | None  # bytes of wikitext (UTF-8); None until the page has been read
    redirect: bool | None  # None until the page has been read
    page_id: int | None


class ListingStep(NamedTuple):
    """What reading produced since the last step."""

    new: list[PageEntry]  # rows to add, in dump order
    filled: list[PageEntry]  # listed rows whose size and redirect flag are now known
    bytes_done: int  # of ``bytes_total``, for the progress bar
    bytes_total: int


def is_dump(path: str | Path) -> bool:
    """Whether ``path`` is a MediaWiki XML dump (plain, bz2, gzip or multistream) rather than wikitext.

    A compressed file or an ``.xml`` file counts as a dump (reading it says what is
    wrong with it); a plain file of another name only when it starts like one.
    """
    path = Path(path)
    if not path.is_file():
        return False
    try:
        if detect(path) is not Compression.NONE or inner_suffix(path) == ".xml":
            return True
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False
    return bool(_DUMP_START.match(head.lstrip(b"\xef\xbb\xbf")))


def check_dump(path: str | Path) -> None:
    """Raise :class:`SourceError` (naming the file) unless ``path`` opens as a dump and its start reads."""
    next(iter(DumpListing(path).steps()), None)


def page_file_name(title: str) -> str:
    """The file name Save As suggests for a dump page: ``Foo/Bar: baz`` -> ``Foo_Bar_ baz.wiki``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", title).strip(" .") or "page"
    return name[:150] + ".wiki"


def entry_of(number: int, page: Page) -> PageEntry:
    """The row for ``page``, read as the ``number``-th page of its dump."""
    return PageEntry(number, page.title, page.namespace, len(page.text.encode("utf-8")),
                     page.redirect is not None, page.id)


class DumpListing:
    """The pages of one dump: :meth:`steps` lists them, :meth:`read_page` reads one back.

    Raises :class:`~wikinorm.core.sources.SourceError` (naming the file) when
    ``path`` is not a dump that can be read.
    """

    def __init__(self, path: str | Path, text_budget: int = TEXT_BUDGET):
        self.path = Path(path)
        self.source = open_source(self.path, EVERYTHING)
        if not isinstance(self.source, XmlDumpSource):
            raise SourceError(f"{self.path}: not a MediaWiki XML dump", self.path, "format")
        self.multistream = isinstance(self.source, MultistreamSource)
        self.entries: list[PageEntry] = []
        self.last_read_bytes = 0  # compressed bytes the last read_page read (a multistream page: its stream)
        self._budget = text_budget
        self._kept = 0
        self._texts: dict[int, Page] = {}
        self._offsets: list[int] = []  # multistream: the stream each listed page is in
        self._stream_starts: list[int] = []

    def describe(self) -> str:
        """One line about the dump (format, compression, size, path)."""
        return self.source.describe()

    # -- listing ------------------------------------------------------------------

    def steps(self) -> Iterator[ListingStep]:
        """Read the list a little at a time (a step per page, or per block of index lines)."""
        total = self.source.size_bytes()
        if self.multistream:
            yield from self._index_steps(total)
        by_id = {e.page_id: e.number for e in self.entries} if self.multistream else {}
        for number, page in enumerate(self.source):
            stats = self.source.stats
            self._keep(number, page)
            if self.multistream:
                known = by_id.get(page.id)
                if known is not None:
                    entry = self.entries[known] = entry_of(known, page)
                    yield ListingStep([], [entry], stats.bytes_read, total)
                    continue
                self._offsets.append(-1)  # a page the index leaves out: listed at the end
            entry = entry_of(len(self.entries), page)
            self.entries.append(entry)
            yield ListingStep([entry], [], stats.bytes_read, total)
        yield ListingStep([], [], total, total)

    def _index_steps(self, total: int) -> Iterator[ListingStep]:
        batch: list[PageEntry] = []
        for item in read_index(self.source.index):
            entry = PageEntry(len(self.entries), item.title, namespace_of(item.title), None, None, item.page_id)
            self.entries.append(entry)
            self._offsets.append(item.offset)
            batch.append(entry)
            if len(batch) >= 500:
                yield ListingStep(batch, [], 0, total)
                batch = []
        if batch:
            yield ListingStep(batch, [], 0, total)
        self._stream_starts = sorted(set(self._offsets))

    def _keep(self, number: int, page: Page) -> None:
        if self._kept + len(page.text) <= self._budget:
            self._texts[number] = page
            self._kept += len(page.text)

    # -- reading pages back ---------------------------------------------------------

    def read_page(self, number: int) -> Page:
        """Page ``number`` of the list: kept, else from its stream (multistream), else read again."""
        self.last_read_bytes = 0
        kept = self._texts.get(number)
        if kept is not None:
            return kept
        entry = self.entries[number]
        if self.multistream and self._offsets[number] >= 0:
            page = self._from_stream(self._offsets[number], entry.title)
            if page is not None:
                return page
        for seen, page in enumerate(self._read_again()):
            if seen == number:
                return page
        raise IndexError(f"{self.path}: no page {number} (the dump has changed since it was listed?)")

    def _read_again(self) -> Iterator[Page]:
        source = open_source(self.path, EVERYTHING)
        try:
            yield from source
        finally:
            self.last_read_bytes = source.stats.bytes_read

    def _from_stream(self, offset: int, title: str) -> Page | None:
        starts = self._stream_starts or [offset]
        following = bisect.bisect_right(starts, offset)
        end = starts[following] if following < len(starts) else None
        part = MultistreamPart(self.path, EVERYTHING, offset, end)
        try:
            for page in part:
                if page.title == title:
                    return page
        finally:
            self.last_read_bytes = part.stats.bytes_read
        return None

    def find(self, title: str) -> tuple[int | None, Page] | None:
        """The page titled ``title`` without reading the whole dump (multistream: the index gives its stream).

        Returns its list number (None if not listed yet) and the page, or None if
        the dump has no such page or is not multistream.
        """
        if not self.multistream:
            return None
        wanted = title.replace("_", " ").strip()
        item = find_in_index(self.source.index, wanted)
        if item is None:
            return None
        page = self._from_stream(item.offset, item.title)
        if page is None:
            return None
        number = next((e.number for e in self.entries if e.page_id == item.page_id and e.title == item.title), None)
        return number, page


__all__ = ["DumpListing", "ListingStep", "PageEntry", "check_dump", "is_dump", "page_file_name"]
