"""File commands: new, open, save, save as, recent files, line endings, export, unsaved prompts."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from wikinorm.core.files import MAX_BYTES, EncodingError, FileError, atomic_write_text, read_text_file

from .error_reporter import ErrorReporter
from .file_prompts import Decoding, ask_encoding, ask_large
from .normalizer_model import NormalizerModel, RunFailedError
from .raw_editor import RawEditor

MAX_RECENT = 8
WIKI_FILTER = "Wikitext (*.wiki *.txt *.mediawiki);;All files (*)"
OPEN_FILTER = (
    "Wikitext or dump (*.wiki *.txt *.mediawiki *.xml *.bz2 *.gz);;Wikitext (*.wiki *.txt *.mediawiki);;"
    "MediaWiki dumps (*.xml *.xml.bz2 *.xml.gz *.bz2 *.gz);;All files (*)"
)


class Origin(NamedTuple):
    """Where a document that has no file of its own came from (a page of a dump)."""

    name: str  # what the title bar says, e.g. "Paris — enwiki.xml.bz2"
    file_name: str  # what Save As suggests, e.g. "Paris.wiki"


class DocumentController(QObject):
    """The document behind the raw editor: its file, line endings and unsaved state.

    Dialogs open over ``dialog_parent``; the window shows :attr:`titleChanged`
    and :attr:`statusMessage`, and clears its error line on :attr:`loaded`.
    """

    titleChanged = Signal(str)
    statusMessage = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        settings: QSettings,
        editor: RawEditor,
        model: NormalizerModel,
        errors: ErrorReporter,
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self._settings = settings
        self._editor = editor
        self._model = model
        self._errors = errors
        self._parent = dialog_parent
        self.path: Path | None = None
        self.origin: Origin | None = None
        #: Opens a path that is not a wikitext file (a dump); returns None for a path it does not take.
        self.other_opener: Callable[[Path], bool | None] | None = None
        self._crlf = False
        self._recent_menu: QMenu | None = None
        self._name_without_file: str | None = None
        editor.modificationChanged.connect(lambda _m: self._update_title())

    # -- loading ----------------------------------------------------------------

    def load_text(
        self, text: str, path: Path | None = None, origin: Origin | None = None, name: str | None = None
    ) -> None:
        """Show ``text`` as the raw document (not modified) and run it.

        ``origin`` names a document read from elsewhere (a dump page): it has no
        file, so Save asks for one and never writes where it came from. ``name``
        titles a document without a file (the bundled sample) until it is saved.
        """
        self._crlf = "\r\n" in text
        if "\r" in text:  # two passes over a 2 MB text cost the window ~10 ms
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        serial = self._editor.load_text(text)
        self.path = path
        self.origin = None if path is not None else origin
        self._name_without_file = name
        self._model.set_text(text, serial)
        self.loaded.emit()
        self._update_title()

    def new_document(self) -> None:
        """An empty document (after asking about unsaved changes)."""
        if self.maybe_save():
            self.load_text("")

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        if not self.maybe_save():
            return
        start = self._settings.value("files/last_folder", "", str)
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open wikitext or a dump", start, OPEN_FILTER)
        if path:
            self.open_file(path, ask_to_save=False)

    def open_file(self, path: str | Path, ask_to_save: bool = True) -> bool:
        """Open ``path``; on any problem, say what is wrong and keep the current document."""
        path = Path(path)
        if ask_to_save and not self.maybe_save():
            return False
        if self.other_opener is not None:
            taken = self.other_opener(path)
            if taken is not None:
                if taken:
                    self._add_recent(path)
                    self._settings.setValue("files/last_folder", str(path.parent))
                return taken
        text = self._read(path)
        if text is None:
            return False
        self.load_text(text, path)
        self._add_recent(path)
        self._settings.setValue("files/last_folder", str(path.parent))
        return True

    def _read(self, path: Path) -> str | None:
        """The file's text, after asking about its encoding or size if need be; None: not opened."""
        limit, decoding = MAX_BYTES, Decoding(None, "strict")
        while True:
            try:
                return read_text_file(path, max_bytes=limit, errors=decoding.errors, encoding=decoding.encoding)
            except EncodingError as exc:
                chosen = ask_encoding(self._parent, exc) if decoding.errors == "strict" else None
                if chosen is None:
                    self._errors.remember(str(exc))
                    return None
                decoding = chosen
            except FileError as exc:
                if exc.kind == "too_large" and limit is not None and ask_large(self._parent, exc):
                    limit = None  # this file, this once
                    continue
                self._errors.show("Cannot open file", f"{exc}\n\nThe current document is unchanged.")
                return None

    # -- saving -----------------------------------------------------------------

    def save(self) -> bool:
        """Save the wikitext to its file (or ask for one)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Ask for a file name and save the wikitext there."""
        name = self.origin.file_name if self.origin else "untitled.wiki"
        start = str(self.path or Path(self._settings.value("files/last_folder", "", str)) / name)
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save wikitext", start, WIKI_FILTER)
        return self.save_to(Path(path)) if path else False

    def save_to(self, path: Path) -> bool:
        """Write the wikitext to ``path`` atomically, with the line endings it was opened with."""
        text, _ = self._editor.current_text()
        if self._crlf:
            text = text.replace("\n", "\r\n")
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            # The engine's file errors name the path and say the file is unchanged.
            self._errors.show("Cannot save", str(exc))
            return False
        self.path = Path(path)
        self.origin = None
        self._editor.document().setModified(False)
        self._add_recent(self.path)
        self._update_title()
        return True

    def maybe_save(self) -> bool:
        """If there are unsaved changes, ask to save them; False means cancel."""
        if not self._editor.document().isModified():
            return True
        answer = QMessageBox.question(
            self._parent,
            "Unsaved changes",
            f"{self._name()} has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- export -----------------------------------------------------------------

    def normalized_text(self) -> str:
        """The final normalized text of the editor's current text (as the CLI would write it).

        Waits for the worker when its last output is not current; raises
        :class:`RunFailedError` if the run fails.
        """
        return self._model.output_for(self._editor.serial()).result.text

    def export_dialog(self) -> None:
        """Ask for a file name and write the normalized text there."""
        start = str((self.path.with_suffix(".txt")) if self.path else "normalized.txt")
        path, _ = QFileDialog.getSaveFileName(
            self._parent, "Export normalized text", start, "Text (*.txt);;All files (*)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the normalized text to ``path`` atomically."""
        try:
            atomic_write_text(path, self.normalized_text())
        except (OSError, RunFailedError) as exc:
            self._errors.show("Cannot export", str(exc))
            return False
        self.statusMessage.emit(f"Exported to {path}")
        return True

    # -- title and recent files ---------------------------------------------------

    def _name(self) -> str:
        if self.path:
            return self.path.name
        if self.origin:
            return self.origin.name
        return self._name_without_file or "Untitled"

    def _update_title(self) -> None:
        star = "*" if self._editor.document().isModified() else ""
        self.titleChanged.emit(f"{self._name()}{star} — wikinorm")

    def recent_files(self) -> list[str]:
        """Recently opened or saved files, newest first."""
        value = self._settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def set_recent_menu(self, menu: QMenu) -> None:
        """Keep ``menu`` listing the recent files."""
        self._recent_menu = menu
        # Files can go away while the window is open: look again each time the menu opens.
        menu.aboutToShow.connect(self._rebuild_recent_menu)
        self._rebuild_recent_menu()

    def _add_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self._settings.setValue("files/recent", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        menu = self._recent_menu
        if menu is None:
            return
        menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = menu.addAction(path)
            if Path(path).is_file():
                action.triggered.connect(lambda _c=False, p=path: self.open_file(p))
            else:
                action.setText(f"{path} (missing)")
                action.setEnabled(False)
                action.setToolTip("This file no longer exists")
        menu.setEnabled(bool(recent))
