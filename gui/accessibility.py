"""Accessible names for every control: what a screen reader says when the keyboard reaches it.

Widgets name their own controls where they can say best what a control is for
(``setAccessibleName``); this fills in the rest from what the window shows
beside them: the label that names the control, its placeholder or tooltip, the
panel it sits in and its object name.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: The widgets a keyboard user operates.
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QPlainTextEdit, QTextEdit, QTabBar,
            QAbstractSpinBox)


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology reads for ``widget`` (its own, or the one Qt derives)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _derived_name(widget: QWidget, buddies: dict[int, str]) -> str:
    label = buddies.get(id(widget))
    if label:
        return label
    for text in (getattr(widget, "placeholderText", lambda: "")(), widget.toolTip()):
        if text:
            return text.splitlines()[0]
    words = widget.objectName().replace("-", " ").replace("_", " ").strip()
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    panel = parent.windowTitle() if parent is not None else ""
    return ": ".join(part for part in (panel, words or type(widget).__name__.lstrip("Q")) if part)


def name_controls(root: QWidget) -> int:
    """Give every control under ``root`` without a spoken name one; how many were named."""
    buddies = {id(label.buddy()): label.text().replace("&", "").rstrip(":")
               for label in root.findChildren(QLabel) if label.buddy() is not None}
    named = 0
    for widget in root.findChildren(QWidget):
        if (isinstance(widget, CONTROLS) and not isinstance(widget, QHeaderView)
                and not widget.objectName().startswith("qt_") and not spoken_name(widget)):
            widget.setAccessibleName(_derived_name(widget, buddies))
            named += 1
    return named
