"""The main window: builds the panes, docks and menus and wires them to the controllers
(files, presets, trace) and to the panel table (gui/panels.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from .accessibility import name_controls
from .document_controller import DocumentController
from .dump_controller import DumpController
from .error_reporter import ErrorReporter
from .find_bar import FindBar
from .find_controller import FindController
from .help_controller import HelpController
from .normalized_view import NormalizedView
from .normalizer_model import NormalizerModel
from .panels import EXPLAIN, PANELS, TEMPLATES, analyses
from .preset_bar import PresetBar
from .presentation import DEFAULT_POINTS, PresentationController, zoom_window
from .preset_controller import PresetController, all_presets, starting_preset
from .preset_tools import PresetTools
from .raw_editor import RawEditor
from .rule_panel import RulePanel
from .rules_box import RulesBox
from .run_label import RunLabel
from .run_worker import AnalysisOutput, TextOutput
from .stale_indicator import StaleIndicator
from .step_selector import StepSelector
from .theme import error_text
from .trace_controller import TraceController

STATUS_MS = 5000  # how long transient status messages stay


class MainWindow(QMainWindow):
    """The two-pane live editor. ``settings`` is injected so tests can isolate it."""

    firstRunShown = Signal()
    traceShown = Signal()

    def __init__(self, settings: QSettings, preset: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.errors = ErrorReporter(self)
        self._shown_first = False
        self._zoom = int(settings.value("view/zoom", DEFAULT_POINTS, int))
        self.setAcceptDrops(True)
        self.resize(1400, 860)

        presets = all_presets(settings, self.errors)
        chosen = starting_preset(presets, settings, preset)
        self.editor = RawEditor()
        self.find_bar = FindBar()
        self.view = NormalizedView()
        self.steps = StepSelector()
        self.rules = RulePanel(chosen.config)
        self.preset_bar = PresetBar()
        self.preset_bar.set_presets(presets, chosen.name)
        self.panels = {panel.id: panel.factory() for panel in PANELS}
        self.model = NormalizerModel(chosen.config, analyses(PANELS), self)
        self.model.set_text_source(self.editor)
        self.steps.set_config(chosen.config)
        self.documents = DocumentController(settings, self.editor, self.model, self.errors, self)
        self.presets = PresetController(
            settings, chosen, self.preset_bar, self.rules, self.steps, self.model, self.errors, self
        )
        self.traces = TraceController(self.editor, self.view, self.model, self)
        self.stale = StaleIndicator(self.view, self.editor, self.model, self.rules)
        self.dumps = DumpController(settings, self.documents, self.presets, self.model, self.errors, self)
        self.tools = PresetTools(self, self.presets, self.preset_bar, self.editor, self.model, self.errors)

        self._build_layout()
        self._build_menus()
        self._connect()
        self._restore_view_settings()
        name_controls(self)

    # -- construction -------------------------------------------------------------

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for title, widgets, margins in (("Raw wikitext", (self.find_bar, self.editor), (4, 4, 2, 4)),
                                        ("Normalized text", (self.steps, self.tools.pane(self.view)), (2, 4, 4, 4))):
            pane = QWidget()
            layout = QVBoxLayout(pane)
            layout.setContentsMargins(*margins)
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(widgets[0])
            layout.addWidget(widgets[1], 1)
            self.splitter.addWidget(pane)
        self.splitter.setSizes([560, 480])
        self.setCentralWidget(self.splitter)

        self.rules_dock = QDockWidget("Rules", self)
        self.rules_dock.setObjectName("rules-dock")
        self.rules_dock.setWidget(RulesBox(self.preset_bar, self.rules, self.tools.pins.badge))
        self.rules_dock.setMinimumWidth(300)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.rules_dock)
        self.panel_docks: dict[str, QDockWidget] = {}
        for panel in PANELS:
            dock = QDockWidget(panel.title, self)
            dock.setObjectName(f"{panel.id}-dock")  # the saved window state refers to it
            dock.setWidget(self.panels[panel.id])
            dock.toggleViewAction().setText(panel.menu_text)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            self.panel_docks[panel.id] = dock
        # Tabs: side by side, a narrow Explain hid its columns.
        first, *rest = self.panel_docks.values()
        for dock in rest:
            self.tabifyDockWidget(first, dock)

        self.run_label = RunLabel()
        self.error_label = QLabel("")
        self.error_label.setStyleSheet(f"color: {error_text(self.palette()).name()};")
        self.statusBar().addWidget(self.error_label, 1)
        self.statusBar().addPermanentWidget(self.run_label)

    def _action(self, menu, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(s) for s in (shortcut if isinstance(shortcut, list) else [shortcut])])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar, docs, keys = self.menuBar(), self.documents, QKeySequence.StandardKey
        file = bar.addMenu("&File")
        self._action(file, "&New", docs.new_document, keys.New)
        self._action(file, "&Open…", docs.open_dialog, keys.Open)
        docs.set_recent_menu(file.addMenu("Open &Recent"))
        file.addSeparator()
        self._action(file, "&Save", docs.save, keys.Save)
        self._action(file, "Save &As…", docs.save_as, keys.SaveAs)
        self._action(file, "&Export Normalized Text…", docs.export_dialog, "Ctrl+E")
        file.addSeparator()
        self._action(file, "&Quit", self.close, keys.Quit)
        edit = bar.addMenu("&Edit")
        self._action(edit, "&Undo", self.editor.undo, keys.Undo)
        self._action(edit, "&Redo", self.editor.redo, keys.Redo)
        edit.addSeparator()
        self._action(edit, "&Find…", self.open_find, keys.Find)
        self._action(edit, "Find &Next", self.find_bar.find_next, keys.FindNext)
        self.finder = FindController(self.find_bar, self.editor, self.view, edit)
        view = bar.addMenu("&View")
        self._action(view, "Zoom &In", lambda: self.set_zoom(self._zoom + 1), ["Ctrl+=", "Ctrl++"])
        self._action(view, "Zoom &Out", lambda: self.set_zoom(self._zoom - 1), ["Ctrl+-"])
        self._action(view, "Reset &Zoom", lambda: self.set_zoom(DEFAULT_POINTS), ["Ctrl+0"])
        view.addSeparator()
        self.wrap_action = self._action(view, "&Word Wrap", self.editor.set_word_wrap, "Alt+Z", checkable=True)
        self.trace_action = self._action(view, "&Trace Highlighting", self.steps.set_trace_checked,
                                         "Ctrl+T", checkable=True)
        view.addSeparator()
        view.addAction(self.rules_dock.toggleViewAction())
        for dock in self.panel_docks.values():
            view.addAction(dock.toggleViewAction())
        self.presentation = PresentationController(self, view)
        self.tools.install(bar.addMenu("&Presets"), view)
        self.dumps.add_menus(bar, file, view)
        self.help = HelpController(self)

    def _connect(self) -> None:
        docs, presets, traces, model = self.documents, self.presets, self.traces, self.model
        self.editor.edited.connect(model.text_edited)
        self.editor.fileDropped.connect(docs.open_file)
        self.editor.spanPicked.connect(traces.raw_picked)
        self.view.spanPicked.connect(traces.output_picked)
        self.view.hoverRequested.connect(traces.hover)
        self.find_bar.closed.connect(self.editor.setFocus)
        docs.titleChanged.connect(self.setWindowTitle)
        self.tools.menu.document_paths = lambda: (docs.path, self.dumps.path)
        for source in (docs, presets, self.tools, self.dumps):
            source.statusMessage.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        docs.loaded.connect(lambda: self.error_label.setText(""))
        self.rules.configChanged.connect(presets.config_changed)
        self.preset_bar.presetChosen.connect(presets.apply_preset)
        self.preset_bar.saveRequested.connect(presets.save_preset_dialog)
        self.preset_bar.resetRequested.connect(presets.reset_to_preset)
        self.steps.stageChosen.connect(lambda rule_id: model.set_stage(rule_id or None))
        self.steps.traceToggled.connect(self._on_trace_toggled)
        self.panels[EXPLAIN.id].exampleChosen.connect(traces.example_chosen)
        self.panels[TEMPLATES.id].policyChanged.connect(presets.policy_changed)
        self.panels[TEMPLATES.id].usesRequested.connect(self.finder.find_template)
        for kind, dock in self.panel_docks.items():
            dock.visibilityChanged.connect(lambda on, kind=kind: model.set_analysis_enabled(kind, on))
        traces.traceShown.connect(self.traceShown)
        # The editor's background highlighting (and the lexing of a long line just
        # typed into) would take the GIL from the worker: it waits for each run's
        # output (or its failure).
        model.runStarted.connect(lambda _new_document: self.editor.hold_highlighting(True))
        model.textReady.connect(self._on_text)
        model.partialReady.connect(self._on_partial)
        model.traceReady.connect(traces.show_trace)
        model.analysisReady.connect(self._on_analysis)
        model.runFailed.connect(self._on_failed)

    def _restore_view_settings(self) -> None:
        s = self.settings
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState)):
            saved = s.value(key, QByteArray())
            if isinstance(saved, QByteArray):
                restore(saved)
        self.wrap_action.setChecked(s.value("view/wrap", True, bool))
        self.editor.set_word_wrap(self.wrap_action.isChecked())
        self.trace_action.setChecked(s.value("view/trace", True, bool))
        self.steps.set_trace_checked(self.trace_action.isChecked())
        self.set_zoom(self._zoom)

    def _save_view_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("view/wrap", self.wrap_action.isChecked())
        s.setValue("view/trace", self.steps.trace_checked())
        s.setValue("view/zoom", self.presentation.saved_zoom())
        s.setValue("presets/last", self.presets.preset.name)
        s.sync()

    # -- what the launcher uses -------------------------------------------------------

    @property
    def last_error_message(self) -> str:
        """The last error the user was told about (the launcher prints it)."""
        return self.errors.last_message

    def load_text(self, text: str, path: Path | None = None) -> None:
        """Show ``text`` as the raw document (not modified) and run it."""
        self.documents.load_text(text, path)

    def open_file(self, path: str | Path, ask_to_save: bool = True) -> bool:
        """Open ``path``; on any problem, say what is wrong and keep the current document."""
        return self.documents.open_file(path, ask_to_save)

    def normalized_text(self) -> str:
        """The final normalized text of the editor's current text, from the worker (never run here)."""
        return self.documents.normalized_text()

    # -- view ---------------------------------------------------------------------

    def set_zoom(self, points: int) -> None:
        """Text size of both panes, in points; the rest of the window scales with it (gui/presentation.py)."""
        self._zoom = max(6, min(48, points))
        self.editor.set_font_size(self._zoom)
        self.view.set_font_size(self._zoom)
        zoom_window(self, self._zoom)

    def zoom(self) -> int:
        """Current font size of both panes, in points."""
        return self._zoom

    def _on_trace_toggled(self, on: bool) -> None:
        blocked = self.trace_action.blockSignals(True)
        self.trace_action.setChecked(on)
        self.trace_action.blockSignals(blocked)
        self.editor.set_trace_visible(on)
        self.model.set_trace_enabled(on)

    def open_find(self) -> None:
        """Show the find bar, prefilled with the selection."""
        self.find_bar.open_bar(self.editor.textCursor().selectedText())

    # -- results --------------------------------------------------------------------

    def _on_text(self, out: TextOutput) -> None:
        self.editor.hold_highlighting(False)
        if out.patch is None or not self._shown_first:
            self.view.set_text(out.text, out.index)
        else:
            self.view.patch(*out.patch, out.text, out.index)
        self.rules.set_counts(out.result.counts)
        self.error_label.setText("")
        self.run_label.show_run(out)
        if not self._shown_first:
            self._shown_first = True
            self.firstRunShown.emit()

    def _on_partial(self, out: TextOutput) -> None:
        # The first screen of a long new document; the whole output follows.
        self.view.set_text(out.text, out.index)
        self.run_label.show_partial(out)

    def _on_analysis(self, out: AnalysisOutput) -> None:
        self.panels[out.kind].show_analysis(out.data)

    def _on_failed(self, message: str) -> None:
        # The model starts the next run before it reports a failure (of a run, or of
        # a trace or analysis beside one): that run holds the highlighting still;
        # a trace or analysis in flight does not.
        self.editor.hold_highlighting(self.model.run_in_flight)
        # The last good output stays in the right pane.
        self.error_label.setText(f"Run failed: {message} (showing the last good output)")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept dropped files."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the first dropped local file."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.documents.open_file(urls[0].toLocalFile())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask about unsaved changes, remember the layout, stop the worker."""
        if not self.documents.maybe_save():
            event.ignore()
            return
        self._save_view_settings()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every timer and thread this window started (idempotent)."""
        self.editor.shutdown()
        self.view.shutdown()
        self.model.shutdown()
        self.dumps.shutdown()
        self.tools.shutdown()
