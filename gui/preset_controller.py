"""Preset commands: choose, reset, save as; rule and template-policy changes become the model's config."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from wikinorm.core import Config
from wikinorm.core.presets import Preset, PresetError, builtin_presets
from wikinorm.core.user_presets import load_user_presets, save_user_preset

from .error_reporter import ErrorReporter
from .normalizer_model import NormalizerModel
from .preset_bar import PresetBar
from .rule_panel import RulePanel
from .step_selector import StepSelector
from .user_presets import presets_folder

LAST_KEY = "presets/last"


def all_presets(settings: QSettings, errors: ErrorReporter) -> list[Preset]:
    """The built-in presets, then the user's (problems with user files are kept as the last error)."""
    user, problems = load_user_presets(presets_folder(settings))
    if problems:
        errors.remember("; ".join(problems))
    return builtin_presets() + user


def starting_preset(presets: list[Preset], settings: QSettings, wanted: str | None) -> Preset:
    """``wanted``, else the preset used last, else ``reference`` (else the first)."""
    name = wanted or settings.value(LAST_KEY, "reference", str)
    return next((p for p in presets if p.name == name), presets[0])


class PresetController(QObject):
    """Keeps the preset bar, rule panel, step selector and model on one config."""

    statusMessage = Signal(str)
    #: The chosen preset changed: another was chosen, or it was saved, renamed or its pins edited.
    presetChanged = Signal(object)
    #: The rules the window runs changed (a toggle, an option, a policy, another preset).
    configApplied = Signal(object)

    def __init__(
        self,
        settings: QSettings,
        preset: Preset,
        bar: PresetBar,
        rules: RulePanel,
        steps: StepSelector,
        model: NormalizerModel,
        errors: ErrorReporter,
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self._settings = settings
        self._preset = preset
        self._bar = bar
        self._rules = rules
        self._steps = steps
        self._model = model
        self._errors = errors
        self._parent = dialog_parent

    @property
    def preset(self) -> Preset:
        """The preset chosen last (the rules may have been changed since)."""
        return self._preset

    def apply_preset(self, preset: Preset) -> None:
        """Switch every rule to ``preset``'s settings."""
        self._preset = preset
        self._settings.setValue(LAST_KEY, preset.name)
        self._bar.select(preset.name)
        self._bar.set_modified(False)
        self._rules.set_config(preset.config)
        self._apply_config(preset.config)
        self.presetChanged.emit(preset)

    def reset_to_preset(self) -> None:
        """Undo rule changes made since the preset was chosen."""
        self.apply_preset(self._preset)

    def save_preset_dialog(self) -> None:
        """Ask for a name and save the current rules as a user preset."""
        name, ok = QInputDialog.getText(self._parent, "Save as preset", "Preset name:")
        if ok and name.strip():
            self.save_preset_as(name.strip(), "")

    def save_preset_as(self, name: str, description: str = "") -> Path | None:
        """Save the current config as user preset ``name`` and select it."""
        if name in {p.name for p in builtin_presets()}:
            self._errors.show("Cannot save preset", f"{name!r} is a built-in preset; choose another name.")
            return None
        # Saving over the current preset, or as a copy of it, keeps its pins.
        preset = Preset(name, description or "Saved from the wikinorm window", self._model.config,
                        pins=self._preset.pins, path=self._preset.path if name == self._preset.name else None)
        try:
            preset = save_user_preset(preset, presets_folder(self._settings))
        except (OSError, PresetError) as exc:
            self._errors.show("Cannot save preset", str(exc))
            return None
        path = preset.path
        self.update_preset(preset)
        self._bar.set_modified(False)
        self.statusMessage.emit(f"Saved preset {name!r} to {path}")
        return path

    def update_preset(self, preset: Preset) -> None:
        """``preset`` (saved, renamed, pins edited) is now the chosen one; the rules stay as they are."""
        self._preset = preset
        self.refresh_presets()
        self._settings.setValue(LAST_KEY, preset.name)
        self._bar.set_modified(self._rules.config() != preset.config)
        self.presetChanged.emit(preset)

    def refresh_presets(self) -> None:
        """Read the user presets again into the preset bar (after an import, rename or delete)."""
        self._bar.set_presets(all_presets(self._settings, self._errors), self._preset.name)

    def folder(self) -> Path:
        """The user presets folder the window uses."""
        return presets_folder(self._settings)

    def config_changed(self, config: Config) -> None:
        """The rule panel changed the config."""
        self._bar.set_modified(config != self._preset.config)
        self._apply_config(config)

    def policy_changed(self, key: str, policy: str) -> None:
        """The Templates panel set template ``key``'s policy."""
        config = self._rules.config().with_entry("templates", "policies", key, policy)
        self._rules.set_config(config)
        self.config_changed(config)

    def config(self) -> Config:
        """The rules as they stand in the rule panel."""
        return self._rules.config()

    def _apply_config(self, config: Config) -> None:
        self._steps.set_config(config)
        self._model.set_config(config)
        self.configApplied.emit(config)
