"""Pinned examples in the window: pin a selection, re-check every pin after each change, edit and delete pins.

Pins live in the chosen user preset's TOML file (core/presets.py). They are
checked off the UI thread after every toggle or option change (and when another
preset is chosen); the Pins panel lists them, the badge under the rule panel
names the pins the last change broke.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Signal

from wikinorm.core import Config, get_rule
from wikinorm.core.command_line import config_arguments
from wikinorm.core.document import run
from wikinorm.core.pins import Pin, PinOutcome, broken_by, check_pins
from wikinorm.core.presets import Preset, PresetError
from wikinorm.core.user_presets import save_user_preset

from .background import Background
from .error_reporter import ErrorReporter
from .pins_panel import PinsBadge, PinsPanel
from .preset_controller import PresetController
from .raw_editor import RawEditor


@dataclasses.dataclass(frozen=True)
class _Checked:
    """A finished check: of which preset's pins, with which config, and the outcomes."""

    preset: Preset
    config: Config
    outcomes: list[PinOutcome]


def _change_text(before: Config, after: Config) -> str:
    """The change from ``before`` to ``after`` in words, e.g. ``Turning off “Bold and italic”``."""
    args = config_arguments(Preset("", "", before), after)[2:]
    words = []
    for flag, value in zip(args[::2], args[1::2]):
        if flag == "--set":
            key, _, setting = value.partition("=")
            words.append(f"setting {key} to {setting}")
        else:
            words.append(f"turning {'on' if flag == '--enable' else 'off'} “{get_rule(value).title}”")
    text = ", ".join(words)
    return text[:1].upper() + text[1:]


class PinsController(QObject):
    """Owns the Pins panel and badge; keeps the pins of the chosen preset checked against the current rules."""

    checked = Signal()  # a check finished and is shown
    statusMessage = Signal(str)

    def __init__(self, presets: PresetController, editor: RawEditor, errors: ErrorReporter, parent: QObject):
        super().__init__(parent)
        self.panel = PinsPanel()
        self.badge = PinsBadge()
        self._presets = presets
        self._editor = editor
        self._errors = errors
        self._config = presets.preset.config
        self._last: _Checked | None = None
        self._checks = Background(self)
        self._checks.done.connect(self._show)
        self._checks.failed.connect(lambda message: self._errors.show("Cannot check the pins", message))
        self._pinning = Background(self)
        self._pinning.done.connect(self._add_pin)
        self._pinning.failed.connect(lambda message: self._errors.show("Cannot pin the example", message))
        self.panel.expectedSaved.connect(self.set_expected)
        self.panel.deleteRequested.connect(self.delete_pin)
        presets.presetChanged.connect(self._preset_changed)
        presets.configApplied.connect(self.recheck)
        self.recheck(self._config)

    # -- checking ---------------------------------------------------------------

    def recheck(self, config: Config) -> None:
        """Check every pin of the chosen preset against ``config``, off the UI thread."""
        self._config = config
        preset = self._presets.preset
        self._checks.submit(lambda: _Checked(preset, config, check_pins(config, preset.pins)))

    def _preset_changed(self, preset: Preset) -> None:
        if self._last is not None and self._last.preset.name != preset.name:
            self._last = None  # another preset's pins: nothing to have broken
        self.recheck(self._presets.config())

    def _show(self, checked: _Checked) -> None:
        last = self._last
        same_pins = last is not None and last.preset.pins == checked.preset.pins
        broken = broken_by(last.outcomes, checked.outcomes) if same_pins and last.config != checked.config else []
        change = _change_text(last.config, checked.config) if broken else ""
        self._last = checked
        self.panel.show_outcomes(checked.outcomes, {o.number for o in broken})
        self.badge.show_state(checked.outcomes, broken, change)
        self.checked.emit()

    def outcomes(self) -> list[PinOutcome]:
        """The outcomes of the last finished check."""
        return [] if self._last is None else list(self._last.outcomes)

    def busy(self) -> bool:
        """Whether a check or a pin is still being computed."""
        return self._checks.busy() or self._pinning.busy()

    # -- editing ----------------------------------------------------------------

    def pin_selection(self) -> None:
        """Pin the raw text selected in the editor, expecting what the current rules make of it."""
        raw = self._editor.textCursor().selection().toPlainText()
        if not raw:
            self.statusMessage.emit("Select some raw wikitext to pin first")
            return
        self.pin_example(raw)

    def pin_example(self, raw: str) -> None:
        """Pin ``raw``; its expected output (editable later) is what the current rules give."""
        if self._presets.preset.builtin:
            self._errors.show("Cannot pin an example",
                              f"{self._presets.preset.name!r} is a built-in preset. Pins are kept in a user preset: "
                              "save the rules as one first (Presets ▸ Save as Preset…).")
            return
        config = self._config
        self._pinning.submit(lambda: Pin(raw, run(raw, config).text))

    def _add_pin(self, pin: Pin) -> None:
        preset = self._presets.preset
        if self._save(dataclasses.replace(preset, pins=preset.pins + (pin,))):
            self.statusMessage.emit(f"Pinned example {len(preset.pins) + 1} to preset {preset.name!r}")

    def set_expected(self, number: int, expected: str) -> None:
        """Make ``expected`` pin ``number``'s expected output and save the preset."""
        preset = self._presets.preset
        pins = list(preset.pins)
        if 1 <= number <= len(pins):
            pins[number - 1] = dataclasses.replace(pins[number - 1], expected=expected)
            self._save(dataclasses.replace(preset, pins=tuple(pins)))

    def delete_pin(self, number: int) -> None:
        """Remove pin ``number`` and save the preset."""
        preset = self._presets.preset
        if 1 <= number <= len(preset.pins):
            self._save(dataclasses.replace(preset, pins=preset.pins[: number - 1] + preset.pins[number:]))

    def _save(self, preset: Preset) -> bool:
        # Only the pins change in the file: rule changes not saved yet stay unsaved.
        try:
            saved = save_user_preset(preset, self._presets.folder())
        except (OSError, PresetError) as exc:
            self._errors.show("Cannot save the pins", str(exc))
            return False
        self._last = None  # new pins: nothing to compare with
        self._presets.update_preset(saved)
        return True

    def shutdown(self) -> None:
        """Drop pending answers and wait for the background checks (window closing)."""
        for background in (self._checks, self._pinning):
            background.cancel()
            background.wait()
