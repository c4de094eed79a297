"""Reading a file's bytes through bz2 or gzip, found by magic bytes, in bounded chunks.

The decompression loop is our own rather than ``bz2.open``/``gzip.open`` so
that (a) the decompressed chunk size is bounded whatever the compression ratio
(constant memory), (b) the compressed position is known for progress and for
error messages, (c) a range of concatenated streams (a multistream part) can be
read from the middle of a file, and (d) damage is an error naming the file and
the byte, never a silent end of data (``BZ2File`` treats a damaged later stream
as trailing garbage and stops quietly).
"""

from __future__ import annotations

import bz2
import enum
import zlib
from collections.abc import Iterator
from pathlib import Path

from .base import SourceError

READ_BYTES = 1 << 16  # compressed bytes read per step
OUT_BYTES = 1 << 18  # decompressed bytes produced per step at most


class Compression(enum.Enum):
    """How a file's bytes are stored."""

    NONE = "plain"
    BZ2 = "bz2"
    GZIP = "gzip"


_MAGIC = ((b"BZh", Compression.BZ2), (b"\x1f\x8b", Compression.GZIP))
# Suffixes that name a compression; stripped to find the format's own suffix.
SUFFIXES = {".bz2": Compression.BZ2, ".gz": Compression.GZIP, ".gzip": Compression.GZIP}


def detect(path: Path) -> Compression:
    """The compression of ``path`` by its first bytes (the suffix may lie)."""
    head = _open(path).read(4)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return Compression.NONE


def inner_suffix(path: Path) -> str:
    """The suffix naming the format under any compression suffix: ``a.xml.bz2`` -> ``.xml``."""
    suffixes = [s.lower() for s in path.suffixes]
    while suffixes and suffixes[-1] in SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _open(path: Path):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file or folder", path, "missing") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a file", path, "unreadable") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})", path, "unreadable") from None


class Bytes:
    """The decompressed bytes of ``path[start:end]``, as an iterator of bounded chunks.

    ``position`` is the file offset read up to, for progress. A range must start
    at the start of a compressed stream; with ``end`` set, reading stops there
    (a multistream part). Truncated or damaged data raises :class:`SourceError`
    after every chunk decompressed before the damage has been yielded.
    """

    def __init__(self, path: Path, start: int = 0, end: int | None = None):
        self.path = path
        self.start = start
        self.end = end
        self.position = start
        self.compression = detect(path)

    def __iter__(self) -> Iterator[bytes]:
        with _open(self.path) as raw:
            raw.seek(self.start)
            if self.compression is Compression.NONE:
                while chunk := raw.read(self._want(OUT_BYTES)):
                    self.position += len(chunk)
                    yield chunk
            else:
                yield from self._inflate(raw)

    def _want(self, size: int) -> int:
        return size if self.end is None else max(0, min(size, self.end - self.position))

    def _inflate(self, raw) -> Iterator[bytes]:
        is_bz2 = self.compression is Compression.BZ2
        new = bz2.BZ2Decompressor if is_bz2 else (lambda: zlib.decompressobj(31))
        decoder = new()
        pending = b""  # compressed bytes not yet given to the decoder
        fed = False  # the current stream has had input
        while True:
            if not pending:
                pending = raw.read(self._want(READ_BYTES))
                if not pending:
                    if fed and not decoder.eof:
                        raise self._truncated()
                    return
                self.position += len(pending)
            if fed and decoder.eof:
                decoder, fed = new(), False
            fed = True
            try:
                if is_bz2:
                    out = decoder.decompress(pending, OUT_BYTES)
                    pending = b""
                    while out:
                        yield out
                        out = b"" if decoder.eof or decoder.needs_input else decoder.decompress(b"", OUT_BYTES)
                else:
                    out = decoder.decompress(pending, OUT_BYTES)
                    pending = decoder.unconsumed_tail
                    if out:
                        yield out
            except (OSError, EOFError, zlib.error) as exc:
                raise self._corrupt(exc) from None
            if decoder.eof:
                # The next stream (bz2 multistream, gzip members) starts right after.
                pending = decoder.unused_data + pending

    def _truncated(self) -> SourceError:
        name = self.compression.value
        return SourceError(
            f"{self.path}: truncated: the {name} data ends at byte {self.position} before the end of its stream",
            self.path,
            "truncated",
            self.position,
        )

    def _corrupt(self, exc: Exception) -> SourceError:
        name = self.compression.value
        return SourceError(
            f"{self.path}: corrupt {name} data (detected at byte {self.position}: {exc})",
            self.path,
            "corrupt",
            self.position,
        )


def lines(chunks: Iterator[bytes] | Bytes, start: int = 0) -> Iterator[tuple[int, bytes]]:
    """``(offset, line)`` for each line of the chunked bytes, without its line end.

    ``offset`` counts decompressed bytes from ``start``; a last line without a
    newline is still a line.
    """
    offset = start
    pieces: list[bytes] = []  # a line longer than a chunk, gathered without re-copying
    for chunk in chunks:
        end = chunk.find(b"\n")
        if end < 0:
            if chunk:
                pieces.append(chunk)
            continue
        data = b"".join(pieces) + chunk if pieces else chunk
        pieces = []
        begin = 0
        end += len(data) - len(chunk)
        while end >= 0:
            yield offset + begin, data[begin:end].rstrip(b"\r")
            begin = end + 1
            end = data.find(b"\n", begin)
        offset += begin
        if begin < len(data):
            pieces.append(data[begin:])
    if pieces:
        yield offset, b"".join(pieces).rstrip(b"\r")


def line_blocks(chunks: Iterator[bytes] | Bytes) -> Iterator[bytes]:
    """The chunked bytes regrouped into blocks of whole lines, each ending with a newline.

    For scanning big line-oriented files (a multistream index) with ``re`` or
    ``bytes.find`` a block at a time instead of a line at a time.
    """
    rest = b""
    for chunk in chunks:
        data = rest + chunk if rest else chunk
        cut = data.rfind(b"\n") + 1
        if cut:
            yield data[:cut]
        rest = data[cut:]
    if rest:
        yield rest + b"\n"
