"""The argument parser both fronts (the CLI and ``wikinorm gui``) use.

A mistyped command line is a user error like any other: one line on stderr and exit
2. argparse's default prints the whole usage block first, which buries the one line
that matters; the usage stays one ``--help`` away.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are a single line (exit 2), naming ``--help``."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: error: MESSAGE (see PROG --help)`` on stderr and exit 2."""
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)
