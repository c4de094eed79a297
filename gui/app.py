"""`wikinorm gui [FILE] [--preset P] [--screenshot PNG]`: open the window.

Everything the command line can get wrong (size, preset, file, picture name, no
display) is checked before the window exists, and reported as one line with
exit code 2: a window half built, with its worker thread running, must never be
torn down by an exception.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Mapping, NamedTuple

from wikinorm.args import OneLineParser
from wikinorm.core.files import FileError, read_text_file

#: How long a --screenshot run may wait for the first run to show before giving up.
SCREENSHOT_TIMEOUT_MS = 60_000


class LaunchError(Exception):
    """A mistake in the `wikinorm gui` command line or its surroundings: one line, exit 2."""


class WindowSize(NamedTuple):
    """A window size in pixels."""

    width: int
    height: int


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = OneLineParser(prog="wikinorm gui", description="Open the two-pane live editor.")
    parser.add_argument("file", nargs="?", help="wikitext file or MediaWiki dump to open (default: the bundled sample)")
    parser.add_argument("--preset", help="preset to start with (default: the last one used, else reference)")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window after the first run, then exit")
    parser.add_argument("--no-trace", action="store_true", help="start with trace highlighting off")
    parser.add_argument("--size", default="1500x900", help="window size for --screenshot (default 1500x900)")
    return parser.parse_args(argv)


def parse_size(text: str) -> WindowSize:
    """``"1500x900"`` as a :class:`WindowSize`; LaunchError saying what is expected otherwise."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    size = WindowSize(int(match[1]), int(match[2])) if match else None
    if size is None or not all(100 <= side <= 16384 for side in size):
        raise LaunchError(f"--size {text!r}: expected WIDTHxHEIGHT in pixels, each 100 to 16384, e.g. 1500x900")
    return size


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why Qt could not show a window here, or None if it can (checked before Qt aborts the process).

    Only X11 and Wayland need a display named in the environment; Windows and macOS
    always have one, and Qt's own platforms such as ``offscreen`` need none.
    """
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    has_x, has_wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if not requested:
        if has_x or has_wayland:
            return None
        return "no display available for the window (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb"), each with ":options".
    for name in (part.split(":", 1)[0].strip() for part in requested.split(";")):
        if name == "xcb" and has_x or name.startswith("wayland") and has_wayland:
            return None
        if name and name != "xcb" and not name.startswith("wayland"):
            return None  # offscreen, minimal, vnc, eglfs, linuxfb...: no display variable needed
    needs = "DISPLAY" if requested.startswith("xcb") else "WAYLAND_DISPLAY"
    return f"no display available for the window (QT_QPA_PLATFORM={requested} needs {needs}, which is not set)"


def _no_display_message(problem: str, screenshot: bool) -> str:
    hint = "; for the command line use `wikinorm normalize FILE` (see `wikinorm --help`)"
    if screenshot:
        hint += ", or set QT_QPA_PLATFORM=offscreen to take the screenshot without a display"
    return problem + hint


def _check_arguments(args: argparse.Namespace) -> WindowSize:
    """Every check that needs neither Qt nor the window; raises LaunchError or FileError."""
    size = parse_size(args.size)
    from .dump_listing import check_dump, is_dump  # no Qt: the engine's dump readers

    if args.file and is_dump(args.file):
        check_dump(args.file)  # its start: a file that is no dump at all fails here, in one line
    elif args.file:
        try:
            read_text_file(args.file)
        except FileError as exc:
            # Text that is not UTF-8 can still be opened: the window asks the user
            # first. A screenshot has no one to ask.
            if exc.kind != "encoding" or args.screenshot:
                raise
    if args.screenshot:
        target = Path(args.screenshot)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise LaunchError(f"--screenshot {target}: no folder {folder}")
        from PySide6.QtGui import QImageWriter  # no display needed for the list of formats

        formats = {bytes(f).decode().lower() for f in QImageWriter.supportedImageFormats()}
        if target.suffix.lower().lstrip(".") not in formats:
            raise LaunchError(f"--screenshot {target}: not a picture file name that can be written (use .png)")
    return size


def _check_preset(name: str | None, settings) -> None:
    """LaunchError unless ``name`` is None, a built-in preset or one of the user's."""
    if name is None:
        return
    from wikinorm.core.presets import builtin_presets
    from wikinorm.core.user_presets import load_user_presets

    from .user_presets import presets_folder

    user, _ = load_user_presets(presets_folder(settings))
    names = [preset.name for preset in builtin_presets() + user]
    if name not in names:
        raise LaunchError(f"--preset {name!r}: no such preset (choose from: {', '.join(names)})")


#: The title of the bundled sample until it is saved under a name of its own.
SAMPLE_NAME = "Sample: Metastasis"


def sample_text() -> str:
    """The bundled sample: the lead of *Metastasis* from the reference pair."""
    return resources.files("wikinorm.resources").joinpath("sample_metastasis.wiki").read_text("utf-8")


def main(argv: list[str]) -> int:
    """Run the window; returns the process exit code (2 with one line on stderr for user errors)."""
    args = _parse(argv)
    try:
        size = _check_arguments(args)
        from PySide6.QtCore import QCoreApplication, QSettings

        QCoreApplication.setOrganizationName("wikinorm")
        QCoreApplication.setApplicationName("wikinorm")
        if not args.screenshot:
            settings = QSettings()
            _check_preset(args.preset, settings)
            return _run_window(args, settings, size)
        # A screenshot shows the documented defaults, not this machine's last
        # session, and leaves the user's settings alone: it runs on settings in a
        # temporary folder, reading the user's presets but writing nothing there.
        from .user_presets import SETTINGS_KEY, presets_folder

        user_presets = presets_folder(QSettings())
        with tempfile.TemporaryDirectory(prefix="wikinorm-screenshot-") as folder:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            settings.setValue(SETTINGS_KEY, str(user_presets))
            _check_preset(args.preset, settings)
            args.preset = args.preset or "reference"
            code = _run_window(args, settings, size)
            settings.sync()
            del settings  # the INI file is closed before its folder goes
            return code
    except (LaunchError, FileError) as exc:
        print(f"wikinorm: error: {exc}", file=sys.stderr)
        return 2


def _run_window(args: argparse.Namespace, settings, size: WindowSize) -> int:
    # Without a display, creating the QApplication would abort the process (exit
    # 134) with a message about plugins that does not help.
    problem = display_problem(os.environ)
    if problem:
        raise LaunchError(_no_display_message(problem, bool(args.screenshot)))
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = None
    try:
        window = MainWindow(settings, preset=args.preset)
        if args.no_trace:
            window.steps.set_trace_checked(False)
        if args.file:
            if not window.open_file(args.file, ask_to_save=False):
                # Checked before, so only a file that changed since (or a refusal to
                # open text that is not UTF-8) gets here.
                if window.last_error_message:
                    print(f"wikinorm: error: {window.last_error_message.splitlines()[0]}", file=sys.stderr)
                return 2
        else:
            window.documents.load_text(sample_text(), name=SAMPLE_NAME)
        if args.screenshot:
            return _screenshot(app, window, Path(args.screenshot), size)
        window.show()
        return app.exec()
    finally:
        if window is not None:
            window.shutdown()


def _screenshot(app, window, target: Path, size: WindowSize) -> int:
    from PySide6.QtCore import QTimer

    window.resize(size.width, size.height)
    status = {"code": 1}

    def shoot() -> None:
        status["code"] = 0 if window.grab().save(str(target)) else 1
        if status["code"]:
            print(f"wikinorm: error: {target}: cannot write the picture", file=sys.stderr)
        app.quit()

    def ready() -> None:
        # Let the trace overlay and layout settle before grabbing.
        QTimer.singleShot(300, shoot)

    def too_slow() -> None:
        print(f"wikinorm: error: the window did not show its first run within {SCREENSHOT_TIMEOUT_MS // 1000} s",
              file=sys.stderr)
        app.quit()

    if window.steps.trace_checked():
        window.traceShown.connect(ready)
    else:
        window.firstRunShown.connect(ready)
    watchdog = QTimer(window)
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(too_slow)
    watchdog.start(SCREENSHOT_TIMEOUT_MS)
    window.show()
    app.exec()
    watchdog.stop()
    return status["code"]
