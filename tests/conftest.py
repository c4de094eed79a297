"""Shared fixtures. Qt runs offscreen; GUI tests get isolated settings and a leak check."""

from __future__ import annotations

import os

# Must happen before anything imports Qt: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from bench import corpus  # noqa: E402


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
