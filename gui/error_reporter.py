"""Telling the user what went wrong: one message box per error, the last message kept."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ErrorReporter:
    """Shows errors in message boxes over ``parent``.

    The last message is kept: the launcher prints it when a file given on the
    command line cannot be opened, and tests read it.
    """

    def __init__(self, parent: QWidget):
        self._parent = parent
        self.last_message = ""

    def show(self, title: str, message: str) -> None:
        """Show ``message`` in a warning box titled ``title``."""
        self.last_message = message
        QMessageBox.warning(self._parent, title, message)

    def remember(self, message: str) -> None:
        """Keep ``message`` as the last error without a message box (the user already saw it)."""
        self.last_message = message
