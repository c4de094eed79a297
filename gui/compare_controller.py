"""Compare and step changes: the window's views of two texts side by side, computed off the UI thread.

- The Compare view sets the current page's output beside another extractor's
  (mwparserfromhell's ``strip_code``, WikiExtractor when installed) or another
  preset's, through the engine's registry (core/extractors.py) and word diff
  (core/word_diff.py); the window never parses wikitext.
- In step-through, the normalized pane shows what the chosen rule changed
  against the step before (core/step_diff.py) in a :class:`StepChangesView`
  stacked over the plain text view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from wikinorm.core import RAW_STAGE, Config
from wikinorm.core.extractors import EXTRACTORS, extract
from wikinorm.core.step_diff import StepDiff, step_diff
from wikinorm.core.word_diff import WordDiff, word_diff

from .background import Background
from .compare_view import CompareSource, CompareView
from .normalizer_model import NormalizerModel
from .preset_bar import PresetBar
from .preset_controller import PresetController
from .run_worker import TextOutput
from .step_changes_view import StepChangesView

CURRENT = "current"  # the window's own output, with the rules as they stand


def compare_sources(bar: PresetBar) -> list[CompareSource]:
    """What can be compared: the window's output, each preset, each other extractor."""
    sources = [CompareSource(CURRENT, "This window (current rules)")]
    sources += [CompareSource(f"preset:{p.name}", f"Preset: {p.name}") for p in bar.presets()]
    sources += [CompareSource(f"extractor:{e.name}", e.title, e.missing()) for e in EXTRACTORS if e.name != "ours"]
    return sources


class CompareController(QObject):
    """Keeps the Compare view and the step changes view up to date with the model's output."""

    compared = Signal()  # a comparison is shown
    stepShown = Signal()  # a step's changes are shown

    def __init__(self, model: NormalizerModel, presets: PresetController, bar: PresetBar, parent: QObject):
        super().__init__(parent)
        self.view = CompareView()
        self.changes = StepChangesView()
        self._model, self._presets, self._bar = model, presets, bar
        self._visible = False
        self._compare = Background(self)
        self._compare.done.connect(self._show_comparison)
        self._compare.failed.connect(self.view.show_error)
        self._steps = Background(self)
        self._steps.done.connect(self._show_step)
        self._steps.failed.connect(lambda message: self.changes.header.setText(f"Cannot show the changes: {message}"))
        self.stack: QStackedWidget | None = None
        self.view.set_sources(compare_sources(bar), CURRENT, "extractor:strip_code")
        self.view.sourcesChanged.connect(self.refresh)
        presets.presetChanged.connect(lambda _p: self._sources_changed())
        model.textReady.connect(self._on_text)

    def pane(self, normalized: QWidget) -> QStackedWidget:
        """The normalized pane's content: the text view, and the step changes view stacked over it."""
        self.stack = QStackedWidget()
        self.stack.addWidget(normalized)
        self.stack.addWidget(self.changes)
        return self.stack

    def set_visible(self, visible: bool) -> None:
        """The Compare dock was shown or hidden: compare only while it is shown."""
        self._visible = visible
        if visible:
            self.refresh()

    def compare_with(self, left: str, right: str) -> None:
        """Show the Compare view's ``left`` and ``right`` sources (keys such as ``preset:plain``)."""
        self.view.choose(left, right)
        self.refresh()

    def _sources_changed(self) -> None:
        left, right = self.view.sources()
        self.view.set_sources(compare_sources(self._bar), left, right)
        self.refresh()

    # -- compare ----------------------------------------------------------------

    def refresh(self) -> None:
        """Compare the two chosen sources on the current page, off the UI thread."""
        out = self._model.last_output
        if not self._visible or out is None:
            return
        left, right = self.view.sources()
        jobs = [self._producer(key, out) for key in (left, right)]
        self.view.show_busy()
        self._compare.submit(lambda: word_diff(jobs[0](), jobs[1]()))

    def _producer(self, key: str, out: TextOutput):
        """A function (run in the background) giving ``key``'s text for ``out``'s raw text."""
        raw = out.result.raw
        if key == CURRENT:
            text = out.result.text
            return lambda: text
        kind, _, name = key.partition(":")
        if kind == "preset":
            config = next((p.config for p in self._bar.presets() if p.name == name), Config.default())
            return lambda: extract("ours", raw, config)
        return lambda: extract(name, raw)

    def _show_comparison(self, diff: WordDiff) -> None:
        self.view.show_comparison(diff)
        self.compared.emit()

    # -- step changes -------------------------------------------------------------

    def _on_text(self, out: TextOutput) -> None:
        if self._visible:
            self.refresh()
        if self.stack is None:
            return
        if out.stage in (None, RAW_STAGE):  # the final text, or the raw text: no rule's changes to show
            self._steps.cancel()
            self.stack.setCurrentIndex(0)
            return
        self.changes.show_busy(out.stage)
        self.changes.text_view.setFont(self.stack.widget(0).font())  # the pane's zoom
        self.stack.setCurrentWidget(self.changes)
        result, stage = out.result, out.stage
        self._steps.submit(lambda: step_diff(result, stage))

    def _show_step(self, diff: StepDiff) -> None:
        self.changes.show_diff(diff)
        self.stepShown.emit()

    def shutdown(self) -> None:
        """Drop pending answers and wait for the background work (window closing)."""
        for background in (self._compare, self._steps):
            background.cancel()
            background.wait()
