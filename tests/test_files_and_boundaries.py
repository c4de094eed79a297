"""Safe file handling, and the core/GUI boundary."""

from __future__ import annotations

import ast
import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from wikinorm.core.files import FileError, atomic_write_text, read_text_file

REPO = Path(__file__).resolve().parent.parent


def test_read_errors_name_file_and_problem(tmp_path):
    with pytest.raises(FileError, match="no such file") as info:
        read_text_file(tmp_path / "missing.wiki")
    assert info.value.kind == "missing" and "missing.wiki" in str(info.value)
    big = tmp_path / "big.wiki"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(FileError, match="too large") as info:
        read_text_file(big, max_bytes=1024)
    assert info.value.kind == "too_large"
    binary = tmp_path / "x.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(FileError, match="binary") as info:
        read_text_file(binary)
    bad = tmp_path / "bad.wiki"
    bad.write_bytes(b"ok \xff\xfe")
    with pytest.raises(FileError, match=r"byte 0xff at offset 3") as info:
        read_text_file(bad)
    assert info.value.kind == "encoding" and info.value.offset == 3
    assert read_text_file(bad, errors="replace") == "ok \ufffd\ufffd"
    with pytest.raises(FileError, match="is a folder"):
        read_text_file(tmp_path)


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.wiki"
    path.write_bytes(b"\xef\xbb\xbfhello")
    assert read_text_file(path) == "hello"


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    atomic_write_text(path, "new ünïcode\n")
    assert path.read_text(encoding="utf-8") == "new ünïcode\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_write_failure_keeps_old_content(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.fixture
def umask():
    """Set the process umask for one test, and restore it."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_file_gets_the_usual_permissions(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "new.txt"
    atomic_write_text(path, "x")
    assert stat.S_IMODE(path.stat().st_mode) == expected


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o755])
def test_existing_file_keeps_its_mode(tmp_path, umask, mode):
    umask(0o077)
    path = tmp_path / "old.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(mode)
    atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text(encoding="utf-8") == "new"


def test_writing_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real" / "page.wiki"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.wiki"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.wiki"]
    dangling = tmp_path / "dangling.wiki"
    dangling.symlink_to(tmp_path / "real" / "later.wiki")
    atomic_write_text(dangling, "born")
    assert dangling.is_symlink() and (tmp_path / "real" / "later.wiki").read_text(encoding="utf-8") == "born"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("via_link", [False, True])
def test_special_file_is_written_in_place_not_replaced(tmp_path, via_link):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    name = fifo
    if via_link:  # like /dev/stdout, a link to something that is not a regular file
        name = tmp_path / "stdout"
        name.symlink_to(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        atomic_write_text(name, "through the pipe ü")
    finally:
        # The reader may still be finishing after the write closed the FIFO: only a
        # reader still waiting after a while means the write never opened it.
        reader.join(10)
        if reader.is_alive():
            try:  # unblock it
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # ENXIO: it left meanwhile
                pass
            reader.join(10)
    assert received == ["through the pipe ü".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"pipe", name.name})


ORIGINAL = b"old \xff bytes\r\nkept exactly"


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failed_write_leaves_the_file_intact_and_says_so(tmp_path, monkeypatch, failing):
    path = tmp_path / "page.wiki"
    path.write_bytes(ORIGINAL)
    path.chmod(0o640)
    monkeypatch.setattr(os, failing, _enospc)
    with pytest.raises(FileError) as info:
        atomic_write_text(path, "new text " * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == ORIGINAL
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.wiki"]
    message = str(info.value)
    assert message == f"{path}: cannot write (No space left on device); the file is unchanged"
    assert info.value.errno == errno.ENOSPC and info.value.kind == "unwritable" and info.value.path == path


def test_failed_new_file_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "new.txt"
    monkeypatch.setattr(os, "fsync", _enospc)
    with pytest.raises(FileError, match=r"new\.txt: cannot write \(No space left on device\); the file was not created"):
        atomic_write_text(path, "x")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_names_the_users_file(tmp_path, monkeypatch):
    path = tmp_path / "page.wiki"
    path.write_bytes(ORIGINAL)
    real_open = os.open

    def refuse_new_files(name, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_new_files)
    with pytest.raises(FileError) as info:
        atomic_write_text(path, "new")
    monkeypatch.undo()
    assert str(info.value) == f"{path}: cannot write (Permission denied); the file is unchanged"
    assert ".tmp" not in str(info.value)
    assert path.read_bytes() == ORIGINAL


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_leaves_the_file_intact(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "page.wiki"
    path.write_bytes(ORIGINAL)
    folder.chmod(0o555)
    try:
        with pytest.raises(FileError, match=r"page\.wiki: cannot write \(Permission denied\); the file is unchanged"):
            atomic_write_text(path, "new")
        assert path.read_bytes() == ORIGINAL
        assert sorted(p.name for p in folder.iterdir()) == ["page.wiki"]
    finally:
        folder.chmod(0o755)


def test_missing_folder_and_folder_target_are_named(tmp_path):
    missing = tmp_path / "no" / "such" / "out.txt"
    with pytest.raises(FileError) as info:
        atomic_write_text(missing, "x")
    assert str(info.value) == f"{missing}: cannot write (no folder {missing.parent}); the file was not created"
    with pytest.raises(FileError, match="is a folder"):
        atomic_write_text(tmp_path, "x")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level and node.module:
            names.add("." * node.level + node.module)
    return names


def test_core_never_imports_qt_or_gui():
    for path in (REPO / "core").rglob("*.py"):
        if path.relative_to(REPO).parts[:2] == ("core", "wikinorm"):
            continue  # the package's front door (launcher, CLI) sits above both core and gui
        for name in _imports(path):
            assert not name.startswith(("PySide6", "shiboken6", "PyQt", "wikinorm.gui")), f"{path}: imports {name}"
            assert not name.startswith("..gui"), f"{path}: imports {name}"


def test_gui_never_parses_wikitext_itself():
    for path in (REPO / "gui").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith("mwparserfromhell"), f"{path}: imports {name}"


def test_headless_cli_does_not_load_qt():
    code = "import sys; from wikinorm.launcher import main; main(['rules']); print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().endswith("NOQT")


def test_text_not_utf8_names_the_encodings_that_read_it(tmp_path):
    from wikinorm.core.files import EncodingError

    path = tmp_path / "legacy.wiki"
    path.write_bytes("Caf\u00e9 \u2013".encode("cp1252"))
    with pytest.raises(EncodingError) as info:
        read_text_file(path)
    assert [e.label for e in info.value.candidates] == ["Windows-1252", "Latin-1 (ISO 8859-1)"]
    assert read_text_file(path, encoding="cp1252") == "Caf\u00e9 \u2013"
    path.write_bytes(b"\x81\xe9")  # 0x81 is no character in Windows-1252
    with pytest.raises(EncodingError) as info:
        read_text_file(path)
    assert [e.codec for e in info.value.candidates] == ["latin-1"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks_are_read(tmp_path, codec):
    path = tmp_path / "bom.wiki"
    data = "Ärzte 😀".encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_text_file(path) == "Ärzte 😀"


def test_size_limit_can_be_lifted_for_one_read(tmp_path):
    big = tmp_path / "big.wiki"
    big.write_text("x" * 2048, encoding="utf-8")
    with pytest.raises(FileError):
        read_text_file(big, max_bytes=1024)
    assert len(read_text_file(big, max_bytes=None)) == 2048
