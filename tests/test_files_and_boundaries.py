"""Safe file handling, and the core/GUI boundary."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
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
