"""The `wikinorm` command: the window, or a headless sub-command.

Lives outside both `wikinorm.core` and `wikinorm.gui` so that headless use never
imports Qt and the core never imports the GUI.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch: no arguments or `gui` opens the window; anything else is the CLI."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] == "gui":
        from wikinorm.gui.app import main as gui_main

        return gui_main(args[1:])
    from wikinorm.cli import main as cli_main

    return cli_main(args)
