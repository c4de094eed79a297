"""Questions asked before opening a file that needs a decision: its encoding, its size."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from wikinorm.core.files import EncodingError, FileError

#: The last choice: read as UTF-8 anyway, undecodable bytes as U+FFFD.
REPLACE_LABEL = "UTF-8, with undecodable bytes shown as �"


class Decoding(NamedTuple):
    """How to read a file's bytes: a codec, and what to do with bytes it cannot decode."""

    encoding: str | None  # None: UTF-8 (or what a byte-order mark says)
    errors: str


def ask_encoding(parent: QWidget, error: EncodingError) -> Decoding | None:
    """Offer the encodings that read the file (most likely first); None if the user cancels."""
    choices = [(f"{candidate.label}", Decoding(candidate.codec, "strict")) for candidate in error.candidates]
    choices.append((REPLACE_LABEL, Decoding(None, "replace")))
    label, ok = QInputDialog.getItem(
        parent,
        "Not UTF-8",
        f"{error}\n\nRead it as (saving writes UTF-8):",
        [text for text, _ in choices],
        0,
        False,
    )
    if not ok:
        return None
    return dict(choices).get(label)


def ask_large(parent: QWidget, error: FileError) -> bool:
    """Whether to open a file over the size limit anyway (this once)."""
    answer = QMessageBox.question(
        parent,
        "Large file",
        f"{error}.\n\nOpen it anyway? The window may be slow with a text this long.",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Open
