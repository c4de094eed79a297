"""Shared fixtures. Qt runs offscreen; GUI tests get isolated settings and a leak check."""

from __future__ import annotations

import os

# Must happen before anything imports Qt: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib  # noqa: E402
import pkgutil  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from bench import corpus  # noqa: E402


def _one_copy_of_each_engine_module() -> None:
    """Let pytest's doctest collector find the installed modules under their path names.

    `--doctest-modules` imports ``core/rules/links.py`` by its path, as
    ``core.rules.links``; the package maps that folder to ``wikinorm.core.rules``.
    Two copies would mean two copies of every enum, so a rule's doctest would
    compare members of different classes. Naming each path-derived module as the
    installed one makes pytest reuse it.
    """
    import wikinorm
    import wikinorm.core

    sys.modules.setdefault("core", wikinorm.core)
    sys.modules.setdefault("core.wikinorm", wikinorm)
    for package, alias in ((wikinorm.core, "core"), (wikinorm, "core.wikinorm")):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith("wikinorm.gui") or info.name.endswith("__main__"):
                continue
            if package is wikinorm and info.name.startswith(("wikinorm.core", "wikinorm.resources")):
                continue
            module = importlib.import_module(info.name)
            sys.modules.setdefault(alias + info.name[len(package.__name__):], module)


_one_copy_of_each_engine_module()

@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus of real articles; skips the test when it is absent."""
    return corpus.require(corpus.ARTICLES)


@pytest.fixture(autouse=True)
def user_presets_folder(tmp_path, monkeypatch):
    """The user presets folder of every test (and CLI it starts): under tmp_path, never the user's own."""
    folder = tmp_path / "presets"
    monkeypatch.setenv("WIKINORM_PRESETS", str(folder))
    return folder


@pytest.fixture
def gui_settings(tmp_path):
    """A QSettings in an INI file under tmp_path, with the user presets folder there too."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("presets/folder", str(tmp_path / "presets"))
    return settings


@pytest.fixture
def make_window(qtbot, gui_settings):
    """Build MainWindows; after the test, close them and assert no thread or timer survives."""
    from PySide6.QtCore import QThread

    from wikinorm.gui.main_window import MainWindow

    windows = []

    def make(preset: str | None = "reference", text: str | None = None, settings=None):
        window = MainWindow(settings or gui_settings, preset=preset)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        if text is not None:
            with qtbot.waitSignal(window.model.textReady, timeout=10_000):
                window.load_text(text)
        return window

    yield make
    for window in windows:
        window.editor.document().setModified(False)
        window.close()
        window.shutdown()
        assert not window.model.is_running(), "worker thread or idle timer still running after close"
        assert not window.editor.is_busy(), "editor refresh timer still running after close"
        workers = [t for t in window.model.findChildren(QThread) if t.isRunning()]
        assert not workers
