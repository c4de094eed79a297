"""The window's command line (`wikinorm gui`): checked before the window exists, one-line errors, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wikinorm.gui.app import LaunchError, WindowSize, display_problem, parse_size

PAGE = "Intro '''bold''' [[a|b]].\n"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A minimal environment: no display, settings and data under ``home``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
    }
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    env.update(extra)
    return env


def run_wikinorm(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    # A check that fails lets the window open and wait for a user: the timeout turns that into a failure.
    return subprocess.run([sys.executable, "-m", "wikinorm", *args], env=env, cwd=cwd,
                          capture_output=True, timeout=120)


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.startswith("wikinorm: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "QThread" not in err
    for fragment in fragments:
        assert fragment in err
    return err


@pytest.mark.parametrize(
    "environ, platform, ok",
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"DISPLAY": ""}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", True),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:dpi=96", "DISPLAY": ":1"}, "linux", True),
        ({}, "win32", True),
        ({}, "darwin", True),
    ],
)
def test_display_problem(environ, platform, ok):
    problem = display_problem(environ, platform)
    assert (problem is None) == ok
    if problem:
        assert problem.startswith("no display available")


def test_parse_size():
    assert parse_size("1500x900") == WindowSize(1500, 900)
    assert parse_size(" 800 X 600 ") == WindowSize(800, 600)
    for bad in ("big", "1500", "x900", "10x10", "1500x99999", "-5x100", "1500x900x2"):
        with pytest.raises(LaunchError, match="expected WIDTHxHEIGHT"):
            parse_size(bad)


@pytest.mark.parametrize("args", [[], ["gui"], ["gui", "{page}"]])
def test_no_display_says_so_in_one_line_and_points_at_the_command_line(args, tmp_path):
    page = tmp_path / "page.wiki"
    page.write_text(PAGE, encoding="utf-8")
    proc = run_wikinorm(*[a.format(page=page) for a in args], env=clean_env(tmp_path))
    assert_one_line_error(proc, "no display available", "wikinorm normalize FILE")
    assert proc.stdout == b""


def test_no_display_for_a_screenshot_mentions_offscreen(tmp_path):
    proc = run_wikinorm("gui", "--screenshot", str(tmp_path / "x.png"), env=clean_env(tmp_path, QT_QPA_PLATFORM="xcb"))
    assert_one_line_error(proc, "QT_QPA_PLATFORM=xcb needs DISPLAY", "QT_QPA_PLATFORM=offscreen")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["--size", "big", "--screenshot", "{tmp}/x.png"], ["--size 'big'", "WIDTHxHEIGHT"]),
        (["{tmp}/missing.wiki"], ["missing.wiki: no such file"]),
        (["{tmp}/missing.wiki", "--screenshot", "{tmp}/x.png"], ["missing.wiki: no such file"]),
        (["{tmp}/binary.wiki"], ["binary file"]),
        (["{tmp}/latin1.wiki", "--screenshot", "{tmp}/x.png"], ["not valid UTF-8"]),
        (["--preset", "nosuch"], ["--preset 'nosuch'", "reference, plain, none"]),
        (["--preset", "nosuch", "--screenshot", "{tmp}/x.png"], ["--preset 'nosuch'"]),
        (["--screenshot", "{tmp}/no/folder/x.png"], ["no folder"]),
        (["--screenshot", "{tmp}/x.notapicture"], ["use .png"]),
    ],
)
def test_window_argument_errors_are_one_line_before_the_window_exists(args, fragments, tmp_path):
    (tmp_path / "binary.wiki").write_bytes(b"\x00\x01wiki")
    (tmp_path / "latin1.wiki").write_bytes("caf\xe9".encode("latin-1"))
    proc = run_wikinorm("gui", *[a.format(tmp=tmp_path) for a in args],
                        env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert_one_line_error(proc, *fragments)
    assert not (tmp_path / "x.png").exists()


def _settings_snapshot(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def test_screenshot_leaves_the_users_settings_alone_and_finds_their_presets(tmp_path):
    home = tmp_path / "home"
    config = home / "config" / "wikinorm"
    config.mkdir(parents=True)
    (config / "wikinorm.conf").write_text("[presets]\nlast=plain\n[files]\nlast_folder=/somewhere\n", encoding="utf-8")
    presets = home / "data" / "wikinorm" / "wikinorm" / "presets"
    presets.mkdir(parents=True)
    (presets / "mine.toml").write_text('name = "mine"\n[rules.lowercase]\nenabled = true\n', encoding="utf-8")
    shots = tmp_path / "shots"
    shots.mkdir()
    # A file beside the picture with the name the old code used for its settings.
    (shots / "window.ini").write_text("user data\n", encoding="utf-8")
    page = tmp_path / "page.wiki"
    page.write_text(PAGE, encoding="utf-8")
    env = clean_env(home, QT_QPA_PLATFORM="offscreen")
    before = _settings_snapshot(home)
    proc = run_wikinorm("gui", str(page), "--preset", "mine", "--screenshot", str(shots / "window.png"),
                        "--size", "900x600", env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (shots / "window.png").read_bytes().startswith(b"\x89PNG")
    assert (shots / "window.ini").read_text(encoding="utf-8") == "user data\n"
    assert sorted(p.name for p in shots.iterdir()) == ["window.ini", "window.png"]
    assert _settings_snapshot(home) == before
    proc = run_wikinorm("gui", "--preset", "nosuch", "--screenshot", str(shots / "other.png"), env=env)
    assert_one_line_error(proc, "reference, plain, none, mine")


def test_a_failure_after_the_window_exists_leaves_no_thread_running(tmp_path, monkeypatch, qapp):
    """Whatever goes wrong once the window is built, its worker thread and timers are stopped."""
    from PySide6.QtCore import QThread

    import wikinorm.gui.app as app_module
    import wikinorm.gui.main_window as main_window

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    built = []

    class Recorded(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    def broken_sample() -> str:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(main_window, "MainWindow", Recorded)
    monkeypatch.setattr(app_module, "sample_text", broken_sample)
    with pytest.raises(RuntimeError, match="planted failure"):
        app_module.main(["--screenshot", str(tmp_path / "x.png")])
    assert len(built) == 1
    window = built[0]
    assert not window.model.is_running(), "worker thread or idle timer still running"
    assert not window.editor.is_busy(), "editor refresh timer still running"
    assert not [t for t in window.model.findChildren(QThread) if t.isRunning()]
    window.close()
