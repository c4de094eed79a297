"""JSON lines: one page per line, an object with at least ``title`` and ``text``.

Optional fields: ``id``, ``ns`` (or ``namespace``; else from the title's prefix),
``revision_id`` (or ``revid``), ``timestamp``, ``redirect`` (else found in the
text), ``model`` (else wikitext). Blank lines are ignored. A plain file splits
into byte ranges at line boundaries; a compressed one is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .base import (
    DEFAULT_PART_BYTES,
    WIKITEXT,
    Format,
    Page,
    Probe,
    Source,
    SourceError,
    SourceOptions,
    SourceStats,
    namespace_of,
    redirect_target,
)
from .compression import Bytes, Compression, detect, lines
from .xml_dump import size_text


class JsonLinesSource(Source):
    """Pages from a JSON-lines file; with ``start``/``end``, the lines that start in that byte range."""

    def __init__(self, path: str | Path, options: SourceOptions | None = None, start: int = 0, end: int | None = None):
        super().__init__(path, options)
        self.start = start
        self.end = end

    @property
    def splittable(self) -> bool:  # type: ignore[override]
        """Only an uncompressed file can be entered in the middle."""
        return detect(self.path) is Compression.NONE

    def _read(self, stats: SourceStats) -> Iterator[Page]:
        # A line belongs to the part it starts in: a part after the first begins
        # one byte early and drops everything up to the first line end.
        begin = max(0, self.start - 1)
        data = Bytes(self.path, begin)
        size = self.size_bytes()
        # Line numbers are known only when reading from the start; byte offsets always.
        unit = "" if data.compression is Compression.NONE else " of the decompressed data"
        for number, (offset, line) in enumerate(lines(data, begin), 1):
            if offset < self.start:
                continue
            if self.end is not None and offset >= self.end:
                break
            stats.bytes_read = min(size, data.position - self.start)
            if line.strip():
                where = f"line {number} (byte {offset}{unit})" if self.start == 0 else f"the line at byte {offset}{unit}"
                yield self._page(offset, line, where)
        stats.bytes_read = size

    def size_bytes(self) -> int:
        """The length of the byte range."""
        return (self.end if self.end is not None else self.path.stat().st_size) - self.start

    def _page(self, offset: int, line: bytes, where: str) -> Page:
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            raise self._error(f"{where} is not valid JSON ({exc})", offset) from None
        if not isinstance(record, dict):
            raise self._error(f"{where} is not a JSON object", offset)
        title, text = record.get("title"), record.get("text")
        if not isinstance(title, str) or not isinstance(text, str):
            raise self._error(f"{where} needs string fields \"title\" and \"text\"", offset)
        namespace = self._field(record, ("ns", "namespace"), int, where, offset)
        redirect = self._field(record, ("redirect",), str, where, offset)
        return Page(
            id=self._field(record, ("id",), int, where, offset),
            title=title,
            namespace=namespace if namespace is not None else namespace_of(title),
            revision_id=self._field(record, ("revision_id", "revid"), int, where, offset),
            timestamp=self._field(record, ("timestamp",), str, where, offset),
            redirect=redirect if redirect is not None else redirect_target(text),
            model=self._field(record, ("model",), str, where, offset) or WIKITEXT,
            text=text,
        )

    def _field(self, record: dict, names: tuple[str, ...], kind: type, where: str, offset: int):
        for name in names:
            value = record.get(name)
            if value is None:
                continue
            if kind is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise self._error(f"{where}: field {name!r} should be {kind.__name__}, not {value!r}", offset)
            return value
        return None

    def _error(self, problem: str, offset: int) -> SourceError:
        return SourceError(f"{self.path}: {problem}", self.path, "record", offset)

    def describe(self) -> str:
        """e.g. ``JSON lines, plain, 2.0 MB: /path/pages.jsonl``."""
        where = "" if self.start == 0 and self.end is None else f"bytes {self.start}–{self.end or 'end'} of "
        return f"{where}JSON lines, {detect(self.path).value}, {size_text(self.path)}: {self.path}"

    def parts(self, target_bytes: int = DEFAULT_PART_BYTES) -> list[Source]:
        """Byte ranges of about ``target_bytes`` (a compressed file is one part)."""
        if not self.splittable:
            return [self]
        end = self.end if self.end is not None else self.path.stat().st_size
        bounds = list(range(self.start, end, max(1, target_bytes))) or [self.start]
        ends: list[int | None] = [*bounds[1:], self.end]
        return [JsonLinesSource(self.path, self.options, a, b) for a, b in zip(bounds, ends)]


def _sniff(probe: Probe) -> bool:
    return probe.head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


FORMAT = Format(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    claims=lambda probe: not probe.is_dir,
    sniff=_sniff,
    open=lambda path, options: JsonLinesSource(path, options),
)
