"""The `wikinorm` command: the window, or a headless sub-command.

Lives outside both `wikinorm.core` and `wikinorm.gui` so that headless use never
imports Qt and the core never imports the GUI.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch: no arguments or `gui` opens the window; anything else is the CLI."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            if not args or args[0] == "gui":
                from wikinorm.gui.app import main as gui_main

                code = gui_main(args[1:])
            else:
                from wikinorm.cli import main as cli_main

                code = cli_main(args)
        finally:
            # Also after argparse's --help and exits: a reader that has gone
            # (`wikinorm --help | head -1`) shows up here, where it can be caught.
            sys.stdout.flush()
    except BrokenPipeError:
        from wikinorm.cli import stdout_closed

        return stdout_closed()
    return code
