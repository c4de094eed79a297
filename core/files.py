"""Reading and writing user files safely: clear errors, atomic saves."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024


class FileError(OSError):
    """A file that cannot be used; the message names the file and the problem."""

    def __init__(self, message: str, path: Path, kind: str, offset: int | None = None):
        super().__init__(message)
        self.path = path
        self.kind = kind  # "missing", "unreadable", "too_large", "binary", "encoding"
        self.offset = offset

    def __str__(self) -> str:
        return self.args[0]


def read_text_file(path: str | Path, max_bytes: int = MAX_BYTES, errors: str = "strict") -> str:
    """Read a UTF-8 text file, or raise :class:`FileError` saying what is wrong.

    With ``errors="replace"``, undecodable bytes become U+FFFD instead of an error.
    A UTF-8 byte-order mark is dropped.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileError(f"{path}: no such file", path, "missing") from None
    except OSError as exc:
        raise FileError(f"{path}: cannot read ({exc.strerror or exc})", path, "unreadable") from None
    if path.is_dir():
        raise FileError(f"{path}: is a folder, not a file", path, "unreadable")
    if size > max_bytes:
        raise FileError(
            f"{path}: too large ({size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.0f} MB)",
            path,
            "too_large",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(f"{path}: cannot read ({exc.strerror or exc})", path, "unreadable") from None
    return decode_text(data, path, errors)


def decode_text(data: bytes, path: Path, errors: str = "strict") -> str:
    """Decode file bytes as UTF-8, refusing binary data; see :func:`read_text_file`."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0 and errors == "strict":
        raise FileError(f"{path}: looks like a binary file (NUL byte at offset {nul})", path, "binary", nul)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise FileError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path,
            "encoding",
            exc.start,
        ) from None


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the new content."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
