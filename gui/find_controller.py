"""Find in either pane and replace in the wikitext, keeping the place when nothing is found;
find a template's uses."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QRegularExpression
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from .find_bar import NORMALIZED, RAW, FindBar


def find_in(edit: QPlainTextEdit, text: str, backwards: bool = False, case: bool = False,
            again: bool = True) -> bool:
    """Select the next (or previous) ``text`` in ``edit``, wrapping around; whether it was found.

    ``again`` searches past the current selection (Next); otherwise from its start,
    so typing in the find field grows the match in place. When ``text`` is
    nowhere, the cursor and the scroll position stay where they were.
    """
    flags = QTextDocument.FindFlag(0)
    if backwards:
        flags |= QTextDocument.FindFlag.FindBackward
    if case:
        flags |= QTextDocument.FindFlag.FindCaseSensitively
    document = edit.document()
    current = edit.textCursor()
    start = QTextCursor(document)
    if again:
        start.setPosition(current.selectionStart() if backwards else current.selectionEnd())
    else:
        start.setPosition(current.selectionEnd() if backwards else current.selectionStart())
    found = document.find(text, start, flags)
    if found.isNull():
        start.movePosition(QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start)
        found = document.find(text, start, flags)
    if found.isNull():
        return False
    edit.setTextCursor(found)
    edit.ensureCursorVisible()
    return True


class FindController(QObject):
    """Carries out the find bar's requests in the raw editor or the normalized view."""

    def __init__(self, bar: FindBar, editor: QPlainTextEdit, view: QPlainTextEdit, menu: QMenu):
        super().__init__(bar)
        self._bar, self._editor, self._view = bar, editor, view
        bar.findRequested.connect(self.find)
        bar.replaceRequested.connect(self.replace)
        for text, keys, slot in (
            ("Find in &Normalized Text…", "Ctrl+Shift+F", lambda: bar.open_bar(self._selected(view), NORMALIZED)),
            ("&Replace…", "Ctrl+H", lambda: bar.open_bar(self._selected(editor), RAW, replace=True)),
        ):
            action = QAction(text, menu)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)

    @staticmethod
    def _selected(edit: QPlainTextEdit) -> str:
        return edit.textCursor().selectedText().replace("\u2029", " ")

    def find(self, text: str, backwards: bool, case: bool, pane: str, again: bool = True) -> bool:
        """Find ``text`` in ``pane`` (past the selection if ``again``) and say whether it was found."""
        if pane == NORMALIZED:
            found = self._find_normalized(text, backwards, case, again)
        else:
            found = find_in(self._editor, text, backwards, case, again)
        self._bar.set_found(found)
        return found

    def _find_normalized(self, text: str, backwards: bool, case: bool, again: bool) -> bool:
        # Searched in the real text: the view splits very long lines for display
        # (a space there is a block break in the document), which Qt's find would miss.
        view = self._view
        index, haystack = view.index(), view.text()
        cursor = view.textCursor()
        a, b = index.to_py(cursor.selectionStart()), index.to_py(cursor.selectionEnd())
        if not case:
            haystack, text = haystack.casefold(), text.casefold()
        if backwards:
            at = haystack.rfind(text, 0, max((a if again else b) + len(text) - 1, 0))
            at = at if at >= 0 else haystack.rfind(text)
        else:
            at = haystack.find(text, b if again else a)
            at = at if at >= 0 else haystack.find(text)
        if at < 0 or len(haystack) != len(view.text()):  # casefold changed lengths: no safe mapping
            return False
        found = QTextCursor(view.document())
        found.setPosition(index.to_utf16(at))
        found.setPosition(index.to_utf16(at + len(text)), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(found)
        view.ensureCursorVisible()
        return True

    def find_template(self, name: str) -> bool:
        """Select the next use of template ``name`` in the wikitext (its ``{{name``), wrapping around."""
        # The first letter's case and spaces vs. underscores do not matter to MediaWiki.
        words = [re.escape(word) for word in re.split(r"[ _]+", name.strip()) if word]
        if not words:
            return False
        if words[0][0].isalpha():
            words[0] = f"[{words[0][0].upper()}{words[0][0].lower()}]{words[0][1:]}"
        pattern = r"\{\{\s*(?:[Tt]emplate:)?" + r"[ _]+".join(words) + r"\s*(?=[|}])"
        regex = QRegularExpression(pattern)
        document = self._editor.document()
        found = document.find(regex, self._editor.textCursor().selectionEnd())
        if found.isNull():
            found = document.find(regex, 0)
        if found.isNull():
            return False
        self._editor.setTextCursor(found)
        self._editor.ensureCursorVisible()
        self._editor.setFocus()
        return True

    def replace(self, text: str, replacement: str, case: bool, everywhere: bool) -> int:
        """Replace the selected match (then find the next) or every match; how many were replaced (undoable)."""
        editor = self._editor
        if everywhere:
            flags = QTextDocument.FindFlag.FindCaseSensitively if case else QTextDocument.FindFlag(0)
            cursor = QTextCursor(editor.document())
            edit = QTextCursor(editor.document())
            edit.beginEditBlock()  # one undo step
            count = 0
            while True:
                cursor = editor.document().find(text, cursor, flags)
                if cursor.isNull():
                    break
                cursor.insertText(replacement)
                count += 1
            edit.endEditBlock()
            self._bar.set_status(f"{count} replaced" if count else "not found")
            return count
        selected = editor.textCursor().selectedText()
        matches = selected == text if case else selected.casefold() == text.casefold()
        count = 0
        if matches:
            editor.textCursor().insertText(replacement)
            count = 1
        self.find(text, False, case, RAW)
        return count
