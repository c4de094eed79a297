"""Multistream dumps: a bz2 XML dump made of many bz2 streams, with an index of them.

Wikimedia's ``…-pages-articles-multistream.xml.bz2`` compresses its pages in
groups (about 100 each) as separate bz2 streams, one after the other; the
``…-multistream-index.txt.bz2`` beside it has a line ``OFFSET:PAGE_ID:TITLE``
per page, where OFFSET is the byte at which the page's stream starts. So a page
can be read by title without decompressing what comes before it, and the dump
splits into byte ranges of whole streams that different processes read on
their own (:class:`MultistreamPart`). Read from the start, it is an ordinary
bz2 XML dump.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .base import DEFAULT_PART_BYTES, Format, Page, Probe, Source, SourceError, SourceOptions, SourceStats, chunked
from .compression import Bytes, Compression, detect, line_blocks, lines
from .xml_dump import XmlDumpSource, dump_pages, schema_version, size_text


class IndexEntry(NamedTuple):
    """One line of a multistream index."""

    offset: int  # byte at which the bz2 stream holding the page starts
    page_id: int
    title: str


_DUMP_SUFFIXES = (".xml.bz2", ".xml")


def index_for(dump: Path) -> Path | None:
    """The index file beside a multistream dump, if there is one.

    ``x-multistream.xml.bz2`` goes with ``x-multistream-index.txt.bz2`` (Wikimedia's naming);
    ``x.xml.bz2`` may also go with ``x-multistream-index.txt.bz2`` or ``x-index.txt.bz2``.
    """
    stem = dump.name.split(".xml")[0] if ".xml" in dump.name else dump.name.split(".")[0]
    names = [f"{stem}-index.txt.bz2", f"{stem}-index.txt"]
    # x-multistream-index.txt.bz2 is x-multistream.xml.bz2's when that dump lies beside
    # x.xml.bz2 (Wikimedia publishes both): its offsets would point into the wrong file.
    if not any(dump.with_name(f"{stem}-multistream{suffix}").is_file() for suffix in _DUMP_SUFFIXES):
        names += [f"{stem}-multistream-index.txt.bz2", f"{stem}-multistream-index.txt"]
    for name in names:
        candidate = dump.with_name(name)
        if candidate != dump and candidate.is_file():
            return candidate
    return None


def read_index(index: Path) -> Iterator[IndexEntry]:
    """The entries of a multistream index (plain or bz2), streamed in file order."""
    for number, (_, line) in enumerate(lines(Bytes(index)), 1):
        if line.strip():
            yield _entry(index, number, line)


def _entry(index: Path, number: int | None, line: bytes) -> IndexEntry:
    try:
        offset, page_id, title = line.split(b":", 2)
        return IndexEntry(int(offset), int(page_id), title.decode("utf-8"))
    except ValueError:
        where = f"line {number}" if number is not None else "a line"
        raise SourceError(
            f"{index}: {where} is not OFFSET:PAGE_ID:TITLE (it reads {line[:80]!r})", index, "index"
        ) from None


# Each match runs to its line end, so the next one starts at a line start (faster than ^ with re.M).
_OFFSET = re.compile(rb"(\d+):\d+:.*\n")


def stream_offsets(index: Path) -> list[int]:
    """The distinct stream offsets an index lists, sorted.

    Scanned a block of lines at a time with a regular expression: an index has
    a line per page (tens of millions for Wikipedia), and splitting each one in
    Python would take several times as long as decompressing the index.
    """
    found: dict[bytes, None] = {}
    for block in line_blocks(Bytes(index)):
        offsets = _OFFSET.findall(block)
        if len(offsets) != block.count(b"\n"):
            blank = sum(1 for line in block.split(b"\n")[:-1] if not line.strip())
            if len(offsets) != block.count(b"\n") - blank:
                list(read_index(index))  # raises, naming the first bad line
        found.update(dict.fromkeys(offsets))
    return sorted(map(int, found))


def find_in_index(index: Path, title: str) -> IndexEntry | None:
    """The index entry for ``title``, by scanning the index (memory stays flat); None if absent."""
    needle = b":" + title.encode("utf-8") + b"\n"
    for block in line_blocks(Bytes(index)):
        at = block.find(needle)
        while at >= 0:
            start = block.rfind(b"\n", 0, at) + 1
            entry = _entry(index, None, block[start : at + len(needle) - 1].rstrip(b"\r"))
            if entry.title == title:  # not just the end of a longer title with a colon
                return entry
            at = block.find(needle, at + 1)
    return None


class MultistreamPart(Source):
    """The pages in ``path[start:end]``: whole bz2 streams of a multistream dump (``end`` None: to EOF)."""

    def __init__(self, path: str | Path, options: SourceOptions | None, start: int, end: int | None):
        super().__init__(path, options)
        self.start = start
        self.end = end

    def _read(self, stats: SourceStats) -> Iterator[Page]:
        data = Bytes(self.path, self.start, self.end)
        try:
            for page in dump_pages(data, self.options, fragment=True):
                stats.bytes_read = data.position - self.start
                yield page
        except SourceError as exc:
            if exc.kind != "xml":
                raise
            # The XML's byte count starts at this part: say where the part is.
            raise SourceError(f"{exc} (in {self.describe()})", exc.path, exc.kind, exc.offset) from None
        stats.bytes_read = data.position - self.start

    def size_bytes(self) -> int:
        """The length of the byte range."""
        return (self.end if self.end is not None else self.path.stat().st_size) - self.start

    def describe(self) -> str:
        """e.g. ``bytes 612–1830522 of multistream dump /path/x-multistream.xml.bz2``."""
        end = self.end if self.end is not None else self.path.stat().st_size
        return f"bytes {self.start}–{end} of multistream dump {self.path}"


class MultistreamSource(XmlDumpSource):
    """A multistream dump with its index: read whole, split into parts, or look a page up by title."""

    splittable = True

    def __init__(self, path: str | Path, options: SourceOptions | None = None, index: str | Path | None = None):
        super().__init__(path, options)
        found = Path(index) if index is not None else index_for(self.path)
        if found is None:
            raise SourceError(
                f"{self.path}: no multistream index beside it (looked for "
                f"{self.path.name.split('.xml')[0]}-multistream-index.txt.bz2)",
                self.path,
                "index",
            )
        self.index = found
        self._offsets: list[int] | None = None
        self._titles: dict[str, int] | None = None

    def __getstate__(self) -> dict:
        # The title table can be large; a copy sent to a worker rebuilds it if needed.
        return {**self.__dict__, "_titles": None, "_offsets": None}

    def stream_offsets(self) -> list[int]:
        """The start of every indexed bz2 stream, in file order."""
        if self._offsets is None:
            self._offsets = stream_offsets(self.index)
        return self._offsets

    def parts(self, target_bytes: int = DEFAULT_PART_BYTES) -> list[Source]:
        """Byte ranges of whole streams of about ``target_bytes`` each, covering the file."""
        offsets = self.stream_offsets()
        if not offsets:
            return [self]
        size = self.path.stat().st_size
        sizes = [b - a for a, b in zip(offsets, offsets[1:] + [size])]
        groups = list(chunked(offsets, sizes, target_bytes))
        # The first part starts at 0 so that the parts cover the file (the header
        # stream before the first indexed one holds no pages, but counts for progress).
        starts = [0] + [group[0] for group in groups[1:]]
        ends: list[int | None] = [*starts[1:], None]
        return [MultistreamPart(self.path, self.options, start, end) for start, end in zip(starts, ends)]

    def load_titles(self) -> None:
        """Read the whole index into a table of titles, so that each ``find`` is a lookup.

        Worth it for many lookups; the table grows with the number of pages
        (gigabytes for the English Wikipedia). Iteration and ``parts()`` never build it.
        """
        self._titles = {entry.title: entry.offset for entry in read_index(self.index)}

    def find(self, title: str) -> Page | None:
        """The page titled ``title`` (spaces or underscores), read from its stream alone; None if absent.

        The options' filters do not apply: the page asked for is returned.
        Without ``load_titles()``, the index is scanned for the title (flat
        memory, time proportional to the index).
        """
        wanted = title.replace("_", " ")
        if self._titles is not None:
            offset = self._titles.get(wanted)
        else:
            entry = find_in_index(self.index, wanted)
            offset = entry.offset if entry else None
        if offset is None:
            return None
        offsets = self.stream_offsets()
        following = bisect.bisect_right(offsets, offset)
        end = offsets[following] if following < len(offsets) else None
        part = MultistreamPart(self.path, self.options.everything(), offset, end)
        for page in part._read(SourceStats()):
            if page.title == wanted:
                return page
        return None

    def describe(self) -> str:
        """e.g. ``MediaWiki multistream dump 0.10, 1.8 MB, index x-index.txt.bz2: /path``."""
        version = schema_version(self.path)
        return (
            f"MediaWiki multistream dump {version or '(version unknown)'}, {size_text(self.path)}, "
            f"index {self.index.name}: {self.path}"
        )


def _claims(probe: Probe) -> bool:
    return not probe.is_dir and detect(probe.path) is Compression.BZ2 and index_for(probe.path) is not None


FORMAT = Format(
    name="multistream",
    suffixes=(".xml",),
    claims=_claims,
    sniff=lambda probe: False,  # only a .xml.bz2 with its index beside it
    open=lambda path, options: MultistreamSource(path, options),
)
