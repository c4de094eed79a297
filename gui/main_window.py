"""The main window: wires the panes, panels and menus to the normalizer model."""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core import Config, get_rule, run
from wikinorm.core.files import FileError, atomic_write_text, read_text_file
from wikinorm.core.presets import Preset, builtin_presets

from .explain_view import ExplainView
from .template_panel import TemplatePanel
from .find_bar import FindBar
from .normalized_view import NormalizedView
from .normalizer_model import NormalizerModel
from .preset_bar import PresetBar
from .raw_editor import RawEditor
from .rule_panel import RulePanel
from .run_worker import AnalysisOutput, TextOutput, TraceOutput
from .step_selector import StepSelector
from .user_presets import load_user_presets, presets_folder, save_user_preset

MAX_RECENT = 8
DEFAULT_POINTS = 11
WIKI_FILTER = "Wikitext (*.wiki *.txt *.mediawiki);;All files (*)"


class MainWindow(QMainWindow):
    """The two-pane live editor. ``settings`` is injected so tests can isolate it."""

    firstRunShown = Signal()
    traceShown = Signal()

    def __init__(self, settings: QSettings, preset: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.path: Path | None = None
        self.last_error_message = ""
        self._crlf = False
        self._shown_first = False
        self._zoom = int(settings.value("view/zoom", DEFAULT_POINTS, int))
        self.setAcceptDrops(True)
        self.resize(1400, 860)

        presets = self._all_presets()
        wanted = preset or settings.value("presets/last", "reference", str)
        chosen = next((p for p in presets if p.name == wanted), presets[0])
        self._preset = chosen

        self.editor = RawEditor()
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.view = NormalizedView()
        self.steps = StepSelector()
        self.rules = RulePanel(chosen.config)
        self.preset_bar = PresetBar()
        self.preset_bar.set_presets(presets, chosen.name)
        self.explain = ExplainView()
        self.templates = TemplatePanel()
        self.model = NormalizerModel(chosen.config, self)
        self.model.set_text_source(self.editor.current_text)
        self.steps.set_config(chosen.config)

        self._build_layout()
        self._build_menus()
        self._connect()
        self._restore_view_settings()

    # -- construction -------------------------------------------------------------

    def _build_layout(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(4, 4, 2, 4)
        title = QLabel("<b>Raw wikitext</b>")
        lv.addWidget(title)
        lv.addWidget(self.find_bar)
        lv.addWidget(self.editor, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(2, 4, 4, 4)
        rv.addWidget(QLabel("<b>Normalized text</b>"))
        rv.addWidget(self.steps)
        rv.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([560, 480])
        self.setCentralWidget(self.splitter)

        rules_box = QWidget()
        box = QVBoxLayout(rules_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.preset_bar)
        hint = QLabel("Swatches are the trace colors in the raw pane.")
        hint.setStyleSheet("color: #666; padding: 0 6px;")
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addWidget(self.rules, 1)
        self.rules_dock = QDockWidget("Rules", self)
        self.rules_dock.setObjectName("rules-dock")
        self.rules_dock.setWidget(rules_box)
        self.rules_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.rules_dock)
        self.explain_dock = QDockWidget("Explain", self)
        self.explain_dock.setObjectName("explain-dock")
        self.explain_dock.setWidget(self.explain)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.explain_dock)
        self.explain_dock.hide()
        self.templates_dock = QDockWidget("Templates", self)
        self.templates_dock.setObjectName("templates-dock")
        self.templates_dock.setWidget(self.templates)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.templates_dock)
        self.templates_dock.hide()

        self.run_label = QLabel("")
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        self.statusBar().addWidget(self.error_label, 1)
        self.statusBar().addPermanentWidget(self.run_label)

    def _action(self, menu, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New", self.new_document, QKeySequence.StandardKey.New)
        self._action(file, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        file.addSeparator()
        self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(file, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self._action(file, "&Export Normalized Text…", self.export_dialog, "Ctrl+E")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self._action(edit, "&Undo", self.editor.undo, QKeySequence.StandardKey.Undo)
        self._action(edit, "&Redo", self.editor.redo, QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self._action(edit, "&Find…", self.open_find, QKeySequence.StandardKey.Find)
        self._action(edit, "Find &Next", lambda: self.find_bar.open_bar() if not self.find_bar.edit.text()
                     else self.find(self.find_bar.edit.text(), False, False), QKeySequence.StandardKey.FindNext)
        view = bar.addMenu("&View")
        self._action(view, "Zoom &In", lambda: self.set_zoom(self._zoom + 1), ["Ctrl+=", "Ctrl++"])
        self._action(view, "Zoom &Out", lambda: self.set_zoom(self._zoom - 1), ["Ctrl+-"])
        self._action(view, "Reset &Zoom", lambda: self.set_zoom(DEFAULT_POINTS), ["Ctrl+0"])
        view.addSeparator()
        self.wrap_action = self._action(view, "&Word Wrap", self._set_wrap, "Alt+Z", checkable=True)
        self.trace_action = self._action(view, "&Trace Highlighting", self.steps.set_trace_checked,
                                         "Ctrl+T", checkable=True)
        view.addSeparator()
        view.addAction(self.rules_dock.toggleViewAction())
        view.addAction(self.explain_dock.toggleViewAction())
        view.addAction(self.templates_dock.toggleViewAction())
        presets = bar.addMenu("&Presets")
        self._action(presets, "&Save as Preset…", self.save_preset_dialog)
        self._action(presets, "&Reset to Preset", self.reset_to_preset)
        self._rebuild_recent_menu()

    def _connect(self) -> None:
        self.editor.edited.connect(self.model.text_edited)
        self.editor.modificationChanged.connect(lambda _m: self._update_title())
        self.editor.fileDropped.connect(self.open_file)
        self.editor.spanPicked.connect(self._on_raw_picked)
        self.view.spanPicked.connect(self._on_output_picked)
        self.view.hoverRequested.connect(self._on_hover)
        self.find_bar.findRequested.connect(self.find)
        self.find_bar.closed.connect(self.editor.setFocus)
        self.rules.configChanged.connect(self._on_config_changed)
        self.preset_bar.presetChosen.connect(self.apply_preset)
        self.preset_bar.saveRequested.connect(self.save_preset_dialog)
        self.preset_bar.resetRequested.connect(self.reset_to_preset)
        self.steps.stageChosen.connect(lambda rule_id: self.model.set_stage(rule_id or None))
        self.steps.traceToggled.connect(self._on_trace_toggled)
        self.explain.exampleChosen.connect(self._on_example_chosen)
        self.explain_dock.visibilityChanged.connect(lambda on: self.model.set_analysis_enabled("explain", on))
        self.templates_dock.visibilityChanged.connect(lambda on: self.model.set_analysis_enabled("inventory", on))
        self.templates.policyChanged.connect(self._on_policy_changed)
        self.model.textReady.connect(self._on_text)
        self.model.traceReady.connect(self._on_trace)
        self.model.analysisReady.connect(self._on_analysis)
        self.model.runFailed.connect(self._on_failed)

    def _restore_view_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry", QByteArray())
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state", QByteArray())
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter", QByteArray())
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.wrap_action.setChecked(s.value("view/wrap", True, bool))
        self._set_wrap(self.wrap_action.isChecked())
        trace = s.value("view/trace", True, bool)
        self.trace_action.setChecked(trace)
        self.steps.set_trace_checked(trace)
        self.set_zoom(self._zoom)

    def _save_view_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("view/wrap", self.wrap_action.isChecked())
        s.setValue("view/trace", self.steps.trace_checked())
        s.setValue("view/zoom", self._zoom)
        s.setValue("presets/last", self._preset.name)
        s.sync()

    # -- documents ----------------------------------------------------------------

    def load_text(self, text: str, path: Path | None = None) -> None:
        """Show ``text`` as the raw document (not modified) and run it."""
        self._crlf = "\r\n" in text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        serial = self.editor.load_text(text)
        self.path = path
        self.model.set_text(text, serial)
        self.error_label.setText("")
        self._update_title()

    def new_document(self) -> None:
        """An empty document (after asking about unsaved changes)."""
        if self.maybe_save():
            self.load_text("")

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        if not self.maybe_save():
            return
        start = self.settings.value("files/last_folder", "", str)
        path, _ = QFileDialog.getOpenFileName(self, "Open wikitext", start, WIKI_FILTER)
        if path:
            self.open_file(path, ask_to_save=False)

    def open_file(self, path: str | Path, ask_to_save: bool = True) -> bool:
        """Open ``path``; on any problem, say what is wrong and keep the current document."""
        path = Path(path)
        if ask_to_save and not self.maybe_save():
            return False
        try:
            text = read_text_file(path)
        except FileError as exc:
            if exc.kind != "encoding":
                self.show_error("Cannot open file", f"{exc}\n\nThe current document is unchanged.")
                return False
            answer = QMessageBox.question(
                self,
                "Not UTF-8",
                f"{exc}\n\nOpen it anyway, with undecodable bytes shown as �?\n"
                "(Saving it would write the � characters.)",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Open:
                self.last_error_message = str(exc)
                return False
            try:
                text = read_text_file(path, errors="replace")
            except FileError as again:
                self.show_error("Cannot open file", f"{again}\n\nThe current document is unchanged.")
                return False
        self.load_text(text, path)
        self._add_recent(path)
        self.settings.setValue("files/last_folder", str(path.parent))
        return True

    def save(self) -> bool:
        """Save the wikitext to its file (or ask for one)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Ask for a file name and save the wikitext there."""
        start = str(self.path or Path(self.settings.value("files/last_folder", "", str)) / "untitled.wiki")
        path, _ = QFileDialog.getSaveFileName(self, "Save wikitext", start, WIKI_FILTER)
        return self.save_to(Path(path)) if path else False

    def save_to(self, path: Path) -> bool:
        """Write the wikitext to ``path`` atomically."""
        text, _ = self.editor.current_text()
        if self._crlf:
            text = text.replace("\n", "\r\n")
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            self.show_error("Cannot save", f"{path}: {exc}")
            return False
        self.path = Path(path)
        self.editor.document().setModified(False)
        self._add_recent(self.path)
        self._update_title()
        return True

    def normalized_text(self) -> str:
        """The final normalized text of the editor's current text (as the CLI would write it)."""
        out = self.model.last_output
        text, serial = self.editor.current_text()
        if out is not None and out.text_serial == serial and out.result.config == self.model.config:
            return out.result.text
        return run(text, self.model.config).text

    def export_dialog(self) -> None:
        """Ask for a file name and write the normalized text there."""
        start = str((self.path.with_suffix(".txt")) if self.path else "normalized.txt")
        path, _ = QFileDialog.getSaveFileName(self, "Export normalized text", start, "Text (*.txt);;All files (*)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the normalized text to ``path`` atomically."""
        try:
            atomic_write_text(path, self.normalized_text())
        except OSError as exc:
            self.show_error("Cannot export", f"{path}: {exc}")
            return False
        self.statusBar().showMessage(f"Exported to {path}", 5000)
        return True

    def maybe_save(self) -> bool:
        """If there are unsaved changes, ask to save them; False means cancel."""
        if not self.editor.document().isModified():
            return True
        name = self.path.name if self.path else "Untitled"
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"{name} has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_error(self, title: str, message: str) -> None:
        """Tell the user what went wrong (and remember it for tests)."""
        self.last_error_message = message
        QMessageBox.warning(self, title, message)

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Untitled"
        star = "*" if self.editor.document().isModified() else ""
        self.setWindowTitle(f"{name}{star} — wikinorm")

    def _add_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def recent_files(self) -> list[str]:
        """Recently opened or saved files, newest first."""
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(recent))

    # -- presets and rules --------------------------------------------------------

    def _all_presets(self) -> list[Preset]:
        user, problems = load_user_presets(presets_folder(self.settings))
        if problems:
            self.last_error_message = "; ".join(problems)
        return builtin_presets() + user

    def apply_preset(self, preset: Preset) -> None:
        """Switch every rule to ``preset``'s settings."""
        self._preset = preset
        self.settings.setValue("presets/last", preset.name)
        self.preset_bar.select(preset.name)
        self.preset_bar.set_modified(False)
        self.rules.set_config(preset.config)
        self._apply_config(preset.config)

    def reset_to_preset(self) -> None:
        """Undo rule changes made since the preset was chosen."""
        self.apply_preset(self._preset)

    def save_preset_dialog(self) -> None:
        """Ask for a name and save the current rules as a user preset."""
        name, ok = QInputDialog.getText(self, "Save as preset", "Preset name:")
        if ok and name.strip():
            self.save_preset_as(name.strip(), "")

    def save_preset_as(self, name: str, description: str = "") -> Path | None:
        """Save the current config as user preset ``name`` and select it."""
        if name in {p.name for p in builtin_presets()}:
            self.show_error("Cannot save preset", f"{name!r} is a built-in preset; choose another name.")
            return None
        preset = Preset(name, description or "Saved from the wikinorm window", self.model.config)
        try:
            path = save_user_preset(presets_folder(self.settings), preset)
        except OSError as exc:
            self.show_error("Cannot save preset", str(exc))
            return None
        self._preset = preset
        self.preset_bar.set_presets(self._all_presets(), name)
        self.settings.setValue("presets/last", name)
        self.statusBar().showMessage(f"Saved preset {name!r} to {path}", 5000)
        return path

    def _on_config_changed(self, config: Config) -> None:
        self.preset_bar.set_modified(config != self._preset.config)
        self._apply_config(config)

    def _on_policy_changed(self, key: str, policy: str) -> None:
        config = self.rules.config().with_entry("templates", "policies", key, policy)
        self.rules.set_config(config)
        self._on_config_changed(config)

    def _apply_config(self, config: Config) -> None:
        self.steps.set_config(config)
        self.model.set_config(config)

    # -- view ---------------------------------------------------------------------

    def set_zoom(self, points: int) -> None:
        """Font size of both panes (for teaching on a projector)."""
        self._zoom = max(6, min(48, points))
        self.editor.set_font_size(self._zoom)
        self.view.set_font_size(self._zoom)

    def zoom(self) -> int:
        """Current font size of both panes, in points."""
        return self._zoom

    def _set_wrap(self, wrap: bool) -> None:
        self.editor.set_word_wrap(wrap)

    def _on_trace_toggled(self, on: bool) -> None:
        self.trace_action.blockSignals(True)
        self.trace_action.setChecked(on)
        self.trace_action.blockSignals(False)
        self.editor.set_trace_visible(on)
        self.model.set_trace_enabled(on)

    def open_find(self) -> None:
        """Show the find bar, prefilled with the selection."""
        self.find_bar.open_bar(self.editor.textCursor().selectedText())

    def find(self, text: str, backwards: bool, case: bool) -> bool:
        """Find ``text`` in the raw editor, wrapping around."""
        flags = QTextDocument.FindFlag(0)
        if backwards:
            flags |= QTextDocument.FindFlag.FindBackward
        if case:
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        found = self.editor.find(text, flags)
        if not found:
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backwards else cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(text, flags)
        self.find_bar.set_found(found)
        return found

    # -- results --------------------------------------------------------------------

    def _on_text(self, out: TextOutput) -> None:
        if out.patch is None or not self._shown_first:
            self.view.set_text(out.text, out.index)
        else:
            start, old_end, replacement = out.patch
            self.view.patch(start, old_end, replacement, out.text, out.index)
        self.rules.set_counts(out.result.counts)
        self.error_label.setText("")
        stage = "" if out.stage is None else f" · showing after “{get_rule(out.stage).title}”"
        self.run_label.setText(
            f"Run {out.seconds * 1000:.0f} ms · raw {len(out.result.raw):,} chars → "
            f"normalized {len(out.result.text):,} chars{stage}"
        )
        if not self._shown_first:
            self._shown_first = True
            self.firstRunShown.emit()

    def _on_analysis(self, out: AnalysisOutput) -> None:
        views = {"explain": self.explain.set_explanation, "inventory": self.templates.set_inventory}
        views[out.kind](out.data)

    def _on_trace(self, trace: TraceOutput) -> None:
        self.editor.set_trace(trace)
        self.traceShown.emit()

    def _on_failed(self, message: str) -> None:
        # The last good output stays in the right pane.
        self.error_label.setText(f"Run failed: {message} (showing the last good output)")

    def _on_output_picked(self, start: int, end: int) -> None:
        out = self.model.last_output
        if out is None:
            return
        raw_start, raw_end = out.alignment.to_raw(start, end)
        a = self.editor.to_trace_serial(out.raw_index.to_utf16(raw_start), out.text_serial)
        b = self.editor.to_trace_serial(out.raw_index.to_utf16(raw_end), out.text_serial)
        self.editor.highlight_span(a, b)

    def _on_raw_picked(self, start16: int, end16: int) -> None:
        out = self.model.last_output
        if out is None:
            return
        if out.text_serial != self.editor.serial():
            return  # the output is behind the editor; the next run will catch up
        a, b = out.raw_index.to_py(start16), out.raw_index.to_py(end16)
        if a == b:
            # A click picks the word around it, like in the normalized view.
            cursor = self.editor.textCursor()
            cursor.select(cursor.SelectionType.WordUnderCursor)
            if cursor.hasSelection():
                a, b = out.raw_index.to_py(cursor.selectionStart()), out.raw_index.to_py(cursor.selectionEnd())
        o_start, o_end = out.alignment.to_output(a, b)
        self.view.highlight_span(o_start, o_end)

    def _on_hover(self, pos: int, global_pos) -> None:
        out = self.model.last_output
        if out is None or pos >= len(out.text):
            self.view.show_hover(global_pos, "")
            return
        rules = out.alignment.rules_at(pos)
        if rules:
            names = ", ".join(html.escape(get_rule(r).title) for r in rules)
            raw_a, raw_b = out.alignment.to_raw(pos, pos + 1)
            source = out.result.raw[raw_a:raw_b]
            if len(source) > 60:
                source = source[:59] + "…"
            self.view.show_hover(global_pos, f"Touched by: <b>{names}</b><br>from <tt>{html.escape(source)}</tt>")
        else:
            self.view.show_hover(global_pos, "Copied unchanged from the wikitext")

    def _on_example_chosen(self, raw_start: int) -> None:
        out = self.model.last_output
        trace = self.model.last_trace
        if out is None:
            return
        end = raw_start
        if trace is not None and trace.generation == out.generation:
            for change in trace.overlapping(raw_start, raw_start, limit=20):
                if change.raw_start == raw_start:
                    end = max(end, change.raw_end)
        a = self.editor.to_trace_serial(out.raw_index.to_utf16(raw_start), out.text_serial)
        b = self.editor.to_trace_serial(out.raw_index.to_utf16(end), out.text_serial)
        self.editor.highlight_span(a, b)

    # -- window events ----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept dropped files."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the first dropped local file."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.open_file(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask about unsaved changes, remember the layout, stop the worker."""
        if not self.maybe_save():
            event.ignore()
            return
        self._save_view_settings()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every timer and thread this window started (idempotent)."""
        self.editor.shutdown()
        self.model.shutdown()
