"""`wikinorm gui [FILE] [--preset P] [--screenshot PNG]`: open the window."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wikinorm gui", description="Open the two-pane live editor.")
    parser.add_argument("file", nargs="?", help="wikitext file to open (default: the bundled sample)")
    parser.add_argument("--preset", help="preset to start with (default: the last one used, else reference)")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window after the first run, then exit")
    parser.add_argument("--no-trace", action="store_true", help="start with trace highlighting off")
    parser.add_argument("--size", default="1500x900", help="window size for --screenshot (default 1500x900)")
    return parser.parse_args(argv)


def sample_text() -> str:
    """The bundled sample: the lead of *Metastasis* from the reference pair."""
    return resources.files("wikinorm.resources").joinpath("sample_metastasis.wiki").read_text("utf-8")


def main(argv: list[str]) -> int:
    """Run the window; returns the process exit code."""
    args = _parse(argv)
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setOrganizationName("wikinorm")
    app.setApplicationName("wikinorm")
    settings = QSettings()
    preset = args.preset
    if args.screenshot:
        # A screenshot shows the documented defaults, not this machine's last session.
        settings = QSettings(str(Path(args.screenshot).with_suffix(".ini")), QSettings.Format.IniFormat)
        settings.clear()
        preset = preset or "reference"
    window = MainWindow(settings, preset=preset)
    if args.no_trace:
        window.steps.set_trace_checked(False)
    if args.file:
        if not window.open_file(args.file, ask_to_save=False):
            print(f"wikinorm: error: {window.last_error_message}", file=sys.stderr)
            if args.screenshot:
                window.shutdown()
                return 2
    else:
        window.load_text(sample_text())
        window.setWindowTitle("Sample: Metastasis — wikinorm")

    if args.screenshot:
        width, _, height = args.size.partition("x")
        window.resize(int(width), int(height))
        target = Path(args.screenshot)
        status = {"code": 1}

        def shoot() -> None:
            pixmap = window.grab()
            status["code"] = 0 if pixmap.save(str(target)) else 1
            if status["code"]:
                print(f"wikinorm: error: cannot write {target}", file=sys.stderr)
            window.shutdown()
            app.quit()

        def ready() -> None:
            # Let the trace overlay and layout settle before grabbing.
            QTimer.singleShot(300, shoot)

        if window.steps.trace_checked():
            window.traceShown.connect(ready)
        else:
            window.firstRunShown.connect(ready)
        window.show()
        app.exec()
        Path(str(target.with_suffix(".ini"))).unlink(missing_ok=True)
        return status["code"]

    window.show()
    code = app.exec()
    window.shutdown()
    return code
