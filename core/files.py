"""Reading and writing user files safely: clear errors, atomic saves."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import NamedTuple

MAX_BYTES = 10 * 1024 * 1024

#: Byte-order marks that say how a file is encoded (UTF-32 before UTF-16: FF FE starts both).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class Encoding(NamedTuple):
    """A text encoding a file may be in: Python's codec name and the name people know."""

    codec: str
    label: str


#: The encodings offered for text that is not UTF-8, most likely first for Western text.
LEGACY_ENCODINGS = (Encoding("cp1252", "Windows-1252"), Encoding("latin-1", "Latin-1 (ISO 8859-1)"))


class FileError(OSError):
    """A file that cannot be used; the message names the file and the problem."""

    def __init__(self, message: str, path: Path, kind: str, offset: int | None = None):
        super().__init__(message)
        self.path = path
        self.kind = kind  # "missing", "unreadable", "too_large", "binary", "encoding", "unwritable"
        self.offset = offset

    def __str__(self) -> str:
        return self.args[0]


class EncodingError(FileError):
    """Text that is not UTF-8 (kind ``"encoding"``); ``candidates`` are the encodings that decode it."""

    def __init__(self, message: str, path: Path, offset: int, candidates: tuple[Encoding, ...]):
        super().__init__(message, path, "encoding", offset)
        self.candidates = candidates


def read_text_file(path: str | Path, max_bytes: int | None = MAX_BYTES, errors: str = "strict",
                   encoding: str | None = None) -> str:
    """Read a text file, or raise :class:`FileError` saying what is wrong.

    The text is UTF-8 unless a byte-order mark says UTF-16 or UTF-32 (the mark
    is dropped), or ``encoding`` (a codec name) is given. Text that is not
    UTF-8 raises :class:`EncodingError` listing the encodings that would read
    it; with ``errors="replace"``, undecodable bytes become U+FFFD instead.
    ``max_bytes=None`` lifts the size limit (the user said so for this file).
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
    if max_bytes is not None and size > max_bytes:
        raise FileError(
            f"{path}: too large ({size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.0f} MB)",
            path,
            "too_large",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(f"{path}: cannot read ({exc.strerror or exc})", path, "unreadable") from None
    if encoding is not None:
        try:
            return data.decode(encoding, errors=errors)
        except UnicodeDecodeError as exc:
            raise FileError(f"{path}: not valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                            path, "encoding", exc.start) from None
    return decode_text(data, path, errors)


def decode_text(data: bytes, path: Path, errors: str = "strict") -> str:
    """Decode file bytes as UTF-8 (or as a byte-order mark says), refusing binary data; see
    :func:`read_text_file`."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec, errors=errors)
            except UnicodeDecodeError as exc:
                raise FileError(f"{path}: not valid {codec.upper()} after its byte-order mark "
                                f"(offset {exc.start})", path, "encoding", exc.start) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0 and errors == "strict":
        raise FileError(f"{path}: looks like a binary file (NUL byte at offset {nul})", path, "binary", nul)
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        candidates = tuple(e for e in LEGACY_ENCODINGS if _decodes(data, e.codec))
        raise EncodingError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path,
            exc.start,
            candidates,
        ) from None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the new content.

    The text goes to a temporary file beside the target, which then replaces it,
    so a failed write (disk full, no permission) leaves the old file byte for byte
    as it was. A new file gets the usual permissions (0666 less the umask); an
    existing file keeps its mode (and, where allowed, its owner and group). A
    symbolic link stays a link: its target is written. A file that cannot be
    replaced by a regular file (a terminal, a pipe, ``/dev/stdout``) is written in
    place. Failures raise :class:`FileError` whose message names ``path`` and says
    whether the file is unchanged, so front ends can show ``str(exc)`` as it is.
    """
    path = Path(path)
    data = text.encode("utf-8")
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise _write_error(path, exc, "nothing was written") from exc
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise FileError(f"{path}: is a folder, not a file; nothing was written", path, "unwritable")
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_in_place(path, data)
        return
    # A symlink (even a dangling one) is kept: its target is what gets replaced.
    target = Path(os.path.realpath(path))
    outcome = "the file is unchanged" if status is not None else "the file was not created"
    try:
        fd, tmp = _create_temporary(target, status)
    except OSError as exc:
        raise _write_error(path, exc, outcome) from exc
    try:
        try:
            if status is not None:
                _copy_mode_and_owner(tmp, status)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _write_error(path, exc, outcome) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    _sync_folder(target.parent)


def _create_temporary(target: Path, existing: os.stat_result | None) -> tuple[int, str]:
    """Create a fresh file beside ``target``; returns its descriptor and name."""
    # A new file is created 0666 so that the kernel applies the umask (and any
    # default ACL) as for any other new file; a replacement starts private and
    # gets the old file's mode before it holds any data.
    mode = 0o600 if existing is not None else 0o666
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _copy_mode_and_owner(tmp: str, existing: os.stat_result) -> None:
    os.chmod(tmp, stat.S_IMODE(existing.st_mode))
    mine = os.stat(tmp)
    if hasattr(os, "chown") and (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
        try:
            os.chown(tmp, existing.st_uid, existing.st_gid)
        except OSError:
            pass  # only the owner or root may give a file away; the content still saves


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _write_error(path, exc, "") from exc


def _write_error(path: Path, exc: OSError, outcome: str) -> FileError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT and not path.parent.is_dir():
        reason = f"no folder {path.parent}"
    message = f"{path}: cannot write ({reason})" + (f"; {outcome}" if outcome else "")
    error = FileError(message, path, "unwritable")
    error.errno = exc.errno
    return error


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; the new content is already in place, so a
    # folder that cannot be synced (some file systems refuse) is not an error.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
