"""The architecture contracts in pyproject.toml hold, and they can fail.

import-linter reads packages from folders, but wikinorm's sub-packages live in
folders of their own (``core/`` is ``wikinorm.core``, ``gui/`` is ``wikinorm.gui``),
which an editable install maps with an import hook the linter cannot follow. So
the tests lay the package out as it is installed, from the same package-dir
mapping setuptools uses, and lint that copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = REPO / "pyproject.toml"


def _installed_layout(target: Path) -> Path:
    """Copy the package's Python files to ``target`` as an install lays them out."""
    setup = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    mapping = setup["package-dir"]
    for package in setup["packages"]:
        source = REPO / mapping[package]
        destination = target.joinpath(*package.split("."))
        destination.mkdir(parents=True, exist_ok=True)
        for module in source.glob("*.py"):
            shutil.copy2(module, destination / module.name)
    return target


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(PYPROJECT), "--no-cache"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def layout(tmp_path_factory) -> Path:
    return _installed_layout(tmp_path_factory.mktemp("installed"))


def test_contracts_hold(layout):
    proc = _lint(layout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 kept, 0 broken" in proc.stdout, proc.stdout


@pytest.mark.parametrize(
    ("where", "code", "contract"),
    [
        ("wikinorm/core/_planted.py", "import PySide6.QtCore\n", "The engine never imports Qt"),
        ("wikinorm/core/_planted.py", "from wikinorm import cli\n", "The engine never imports Qt"),
        ("wikinorm/gui/_planted.py", "import mwparserfromhell\n", "The window never parses wikitext"),
        ("wikinorm/core/rules/_planted.py", "from ..document import run\n", "Rules never import the document"),
    ],
)
def test_a_planted_violation_breaks_its_contract(tmp_path, where, code, contract):
    root = _installed_layout(tmp_path)
    (root / where).write_text(code, encoding="utf-8")
    proc = _lint(root)
    assert proc.returncode != 0, proc.stdout
    assert "1 broken" in proc.stdout, proc.stdout
    broken = [line for line in proc.stdout.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken), proc.stdout
