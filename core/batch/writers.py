"""Output formats for normalized pages: JSON lines (plain, gzip, zstd) and Parquet.

One record per page (:class:`Record`). A writer streams records to a file and
says how many it wrote; the caller decides the file's name (shards are written
under a temporary name and renamed when complete, see :mod:`.shard`).

Bytes are a function of the records alone, so the same pages give the same
shard whatever engine or worker wrote it: gzip is written without a file name
or time stamp, zstd at a fixed level without threads, Parquet with fixed
row-group sizes. zstd comes from the ``zstandard`` package (the ``zstd`` extra);
Parquet from ``pyarrow`` (the ``parquet`` extra), which compresses its own columns.
"""

from __future__ import annotations

import enum
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import ConfigError

GZIP_LEVEL = 6
ZSTD_LEVEL = 3
PARQUET_ROW_GROUP = 1000


class OutputFormat(enum.Enum):
    """What a shard file holds."""

    JSONL = "jsonl"
    PARQUET = "parquet"


class Compression(enum.Enum):
    """How a shard is compressed (whole file for JSON lines, per column for Parquet)."""

    ZSTD = "zstd"
    GZIP = "gzip"
    NONE = "none"


class MissingExtra(ConfigError):
    """An output choice that needs an optional package which is not installed."""


@dataclass(frozen=True)
class Record:
    """One normalized page as written: the page's identity, its text and what the rules did."""

    id: int | None
    title: str
    namespace: int
    revision_id: int | None
    timestamp: str | None
    text: str
    edits: dict[str, int] = field(default_factory=dict)  # edits per rule id, rules with none left out
    categories: list[str] | None = None  # only when the preset collects categories

    def as_dict(self) -> dict:
        """The record as JSON-ready data, in a fixed key order (``categories`` only when collected)."""
        data = {
            "id": self.id,
            "title": self.title,
            "namespace": self.namespace,
            "revision_id": self.revision_id,
            "timestamp": self.timestamp,
            "text": self.text,
        }
        if self.categories is not None:
            data["categories"] = self.categories
        data["edits"] = self.edits
        return data


@dataclass(frozen=True)
class OutputSpec:
    """Format and compression of every shard of a job; plain data, so it travels to workers."""

    format: OutputFormat = OutputFormat.JSONL
    compression: Compression = Compression.GZIP

    def suffix(self) -> str:
        """The shard file suffix, e.g. ``.jsonl.gz``, ``.jsonl.zst``, ``.parquet``."""
        if self.format is OutputFormat.PARQUET:
            return ".parquet"
        return {Compression.ZSTD: ".jsonl.zst", Compression.GZIP: ".jsonl.gz", Compression.NONE: ".jsonl"}[
            self.compression
        ]

    def check(self) -> None:
        """Raise :class:`MissingExtra` (one line) if this choice needs a package that is missing."""
        if self.format is OutputFormat.PARQUET:
            _require("pyarrow", "--format parquet", "parquet")
        elif self.compression is Compression.ZSTD:
            _require("zstandard", "--compress zstd", "zstd")


def _require(module: str, what: str, extra: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise MissingExtra(f"{what} needs the {module} package: pip install 'wikinorm[{extra}]'") from None


class ShardWriter:
    """Writes records to one file in the chosen format; use as a context manager."""

    def __init__(self, path: Path, spec: OutputSpec):
        self.path = path
        self.spec = spec
        self.records = 0
        self._raw: IO[bytes] = open(path, "wb")
        self._stream: IO[bytes] | None = None
        self._closers: list = []
        self._rows: list[dict] = []
        self._parquet = None
        if spec.format is OutputFormat.JSONL:
            self._stream = self._open_jsonl()

    def _open_jsonl(self) -> IO[bytes]:
        if self.spec.compression is Compression.GZIP:
            stream = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=GZIP_LEVEL, mtime=0)
            self._closers.append(stream)
            return stream
        if self.spec.compression is Compression.ZSTD:
            import zstandard

            stream = zstandard.ZstdCompressor(level=ZSTD_LEVEL).stream_writer(self._raw, closefd=False)
            self._closers.append(stream)
            return stream
        return self._raw

    def write(self, record: Record) -> None:
        """Append one record."""
        self.records += 1
        if self._stream is not None:
            line = json.dumps(record.as_dict(), ensure_ascii=False, separators=(",", ":"))
            self._stream.write(line.encode("utf-8") + b"\n")
            return
        self._rows.append(_parquet_row(record))
        if len(self._rows) >= PARQUET_ROW_GROUP:
            self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self._rows, schema=parquet_schema())
        if self._parquet is None:
            codec = {Compression.ZSTD: "zstd", Compression.GZIP: "gzip", Compression.NONE: "none"}[self.spec.compression]
            self._parquet = pq.ParquetWriter(self._raw, parquet_schema(), compression=codec)
        self._parquet.write_table(table)
        self._rows = []

    def close(self) -> None:
        """Finish the file (an empty Parquet shard still gets its schema)."""
        if self.spec.format is OutputFormat.PARQUET:
            if self._rows or self._parquet is None:
                self._flush_parquet()
            self._parquet.close()
        for stream in reversed(self._closers):
            stream.close()
        self._raw.flush()
        self._raw.close()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._raw.close()


def parquet_schema():
    """The Parquet columns: the record's fields; ``edits`` a map, ``categories`` a list (null if not collected)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.int64()),
            ("title", pa.string()),
            ("namespace", pa.int32()),
            ("revision_id", pa.int64()),
            ("timestamp", pa.string()),
            ("text", pa.string()),
            ("categories", pa.list_(pa.string())),
            ("edits", pa.map_(pa.string(), pa.int64())),
        ]
    )


def _parquet_row(record: Record) -> dict:
    row = record.as_dict()
    row.setdefault("categories", None)
    row["edits"] = list(record.edits.items())
    return row


def read_records(path: str | Path) -> Iterator[dict]:
    """The records of a shard file of any format this module writes, as dicts (tests, tools)."""
    path = Path(path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        for row in pq.read_table(path).to_pylist():
            row["edits"] = dict(row["edits"] or [])
            if row["categories"] is None:
                del row["categories"]
            yield row
        return
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    elif path.suffix == ".zst":
        import zstandard

        data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    for line in data.decode("utf-8").splitlines():
        yield json.loads(line)
