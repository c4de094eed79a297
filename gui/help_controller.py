"""The Help menu: first steps, keyboard shortcuts, and About (version, license, libraries and theirs).

The shortcuts are read from the window's own menus and the libraries from the
installed packages' metadata, so neither list can fall out of date.
"""

from __future__ import annotations

import html
import re
from importlib import metadata
from typing import NamedTuple

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QTextBrowser, QVBoxLayout

DISTRIBUTION = "wikinorm"

#: Keys that work without a menu entry: (keys, what they do).
OTHER_KEYS = (
    ("Tab / Shift+Tab", "Move between controls (in the wikitext pane: Ctrl+Tab / Ctrl+Shift+Tab)"),
    ("Esc", "Close the find bar"),
    ("Alt+underlined letter", "Open a menu, or go to the control a label names"),
    ("Enter (Templates table)", "Select the template's next use in the wikitext"),
)

FIRST_STEPS = """
<h2>First steps</h2>
<ol>
<li><b>Open a page.</b> File ▸ Open… (Ctrl+O), or drop a <tt>.wiki</tt> file on the window. The
bundled sample, the lead of <i>Metastasis</i>, is open to start with.</li>
<li><b>Read both panes.</b> Left: the wikitext, editable, with what each rule removed struck
through in the rule's color (the swatches in the Rules panel). Right: the normalized text,
updated as you type.</li>
<li><b>Step through the recipe.</b> Alt+Left goes back to the raw wikitext, Alt+Right applies the
next rule; the step card says what the rule does, with an example.</li>
<li><b>Change the rules.</b> Tick rules and options in the Rules panel; choose a preset, or save
yours with Presets ▸ Save as Preset….</li>
<li><b>Ask why.</b> Click a word on either side to see its counterpart; hover over the right pane;
View ▸ Explain lists each rule's edits with where they are (line:column).</li>
<li><b>Teach with it.</b> F11 switches presentation mode: large text, panels hidden, the step card
shown. Ctrl+= and Ctrl+- zoom the whole window.</li>
<li><b>Keep the result.</b> File ▸ Export Normalized Text… (Ctrl+E) writes what the right pane shows
at the final step; <tt>wikinorm normalize</tt> does the same on the command line.</li>
</ol>
"""


class Library(NamedTuple):
    """An installed package the program uses."""

    name: str
    version: str
    license: str


def _requirement_name(requirement: str) -> str | None:
    if ";" in requirement and "extra ==" in requirement.split(";", 1)[1]:
        return None  # only for an optional extra
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return match[0] if match else None


def license_of(meta) -> str:
    """A package's license from its metadata: the SPDX expression, the License field or a classifier."""
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the package"


def libraries(distribution: str = DISTRIBUTION) -> list[Library]:
    """Every package ``distribution`` needs to run, with what those need in turn, as installed."""
    found: dict[str, Library] = {}
    pending = [name for name in map(_requirement_name, metadata.requires(distribution) or []) if name]
    while pending:
        name = pending.pop(0)
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = Library(dist.metadata["Name"], dist.version, license_of(dist.metadata))
        pending += [n for n in map(_requirement_name, dist.requires or []) if n]
    return sorted(found.values(), key=lambda lib: lib.name.lower())


def about_html(distribution: str = DISTRIBUTION) -> str:
    """The About page: what the program is, its version and license, and the libraries it uses."""
    meta = metadata.metadata(distribution)
    rows = "".join(
        f"<tr><td>{html.escape(lib.name)}</td><td>{html.escape(lib.version)}</td>"
        f"<td>{html.escape(lib.license)}</td></tr>"
        for lib in libraries(distribution)
    )
    return (
        f"<h2>wikinorm {html.escape(meta['Version'])}</h2>"
        f"<p>{html.escape(meta.get('Summary') or '')}</p>"
        f"<p>License: {html.escape(license_of(meta))}</p>"
        "<h3>Libraries</h3><table cellspacing=8><tr><th align=left>Package</th>"
        f"<th align=left>Version</th><th align=left>License</th></tr>{rows}</table>"
    )


def shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has a shortcut, in menu order."""
    found = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {action.menu().title().replace('&', '')}")
            else:
                keys = ", ".join(filter(None, (s.toString(QKeySequence.SequenceFormat.NativeText)
                                               for s in action.shortcuts())))
                if keys:  # a standard key a platform leaves empty (Quit on some) is no shortcut
                    found.append((path, action.text().replace("&", "").rstrip("…"), keys))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu(), action.menu().title().replace("&", ""))
    return found


def shortcuts_html(window: QMainWindow) -> str:
    """The keyboard shortcuts page."""
    rows = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(command)}</td><td>{html.escape(menu)}</td></tr>"
        for menu, command, keys in shortcuts(window)
    )
    others = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td colspan=2>{html.escape(v)}</td></tr>"
                     for k, v in OTHER_KEYS)
    return f"<h2>Keyboard shortcuts</h2><table cellspacing=6>{rows}{others}</table>"


class HelpController(QObject):
    """Adds the Help menu to ``window``; each entry opens a page in a dialog."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.dialog: QDialog | None = None
        menu = window.menuBar().addMenu("&Help")
        for text, keys, page in (("&First Steps", "F1", lambda: FIRST_STEPS),
                                 ("&Keyboard Shortcuts", "Ctrl+/", lambda: shortcuts_html(window)),
                                 ("&About wikinorm", None, about_html)):
            action = QAction(text, window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, t=text, p=page: self.show_page(t.replace("&", ""), p()))
            menu.addAction(action)

    def show_page(self, title: str, page: str) -> QDialog:
        """Show ``page`` (HTML) in a dialog over the window (one at a time)."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = QDialog(self._window)
        dialog.setObjectName("help-dialog")
        dialog.setWindowTitle(f"{title} — wikinorm")
        browser = QTextBrowser()
        browser.setObjectName("help-text")
        browser.setAccessibleName(title)
        browser.setOpenExternalLinks(True)
        browser.setHtml(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.resize(QSize(640, 560))
        dialog.setFont(self._window.font())  # the window's zoom
        self.dialog = dialog
        dialog.show()
        return dialog
