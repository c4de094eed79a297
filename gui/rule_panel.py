"""The rule panel, generated from the core registry: toggles, options, counts, legend."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core import RULES, Config
from wikinorm.core.rules.base import OptionKind, OptionSpec

from .rule_colors import rule_tint
from .rule_text import rule_help
from .theme import muted_text


class RulePanel(QScrollArea):
    """One row per rule in pipeline order; emits :attr:`configChanged` on any change."""

    configChanged = Signal(object)

    def __init__(self, config: Config, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._config = config
        self._checks: dict[str, QCheckBox] = {}
        self._counts: dict[str, QLabel] = {}
        self._options: dict[tuple[str, str], QWidget] = {}
        self._swatches: dict[str, QLabel] = {}
        self._muted: list[QLabel] = []  # option names: secondary text
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(2)
        for number, rule in enumerate(RULES, 1):
            layout.addWidget(self._rule_row(number, rule))
        layout.addStretch(1)
        self.setWidget(body)
        self.set_config(config)
        self._restyle()

    def _restyle(self) -> None:
        # Swatches are the trace tint over the text panes' base, so they look exactly like it.
        palette = self.palette()
        base = palette.color(palette.ColorRole.Base)
        border = muted_text(palette).name()
        for rule_id, swatch in self._swatches.items():
            swatch.setStyleSheet(f"background: {rule_tint(rule_id, base).name()}; border: 1px solid {border};")
        muted = muted_text(palette)
        for label in self._muted:
            label_palette = label.palette()
            label_palette.setColor(label_palette.ColorRole.WindowText, muted)
            label.setPalette(label_palette)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Follow a palette change (a desktop switching to dark mode)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

    def _rule_row(self, number: int, rule) -> QWidget:
        row = QWidget()
        row.setObjectName(f"rule-{rule.id}")
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        swatch.setToolTip(f"Trace color of {rule.title}")
        swatch.setAccessibleName(f"Trace color of {rule.title}")
        self._swatches[rule.id] = swatch
        check = QCheckBox(f"{number}. {rule.title}")
        check.setObjectName(f"check-{rule.id}")
        help_text = rule_help(rule)
        check.setToolTip(help_text)
        check.setAccessibleDescription(rule.description)
        check.toggled.connect(lambda on, rid=rule.id: self._emit(self._config.with_enabled(rid, on)))
        count = QLabel("")
        count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        count.setToolTip("Edits this rule made in the current text")
        count.setMinimumWidth(48)
        grid.addWidget(swatch, 0, 0)
        grid.addWidget(check, 0, 1)
        grid.addWidget(count, 0, 2)
        grid.setColumnStretch(1, 1)
        line = 1
        for spec in rule.option_specs():
            widget = self._option_widget(rule.id, spec)
            widget.setToolTip(spec.help)
            widget.setAccessibleName(f"{rule.title}: {spec.label}")
            label = QLabel(spec.label)
            label.setBuddy(widget)
            self._muted.append(label)
            options = QHBoxLayout()
            options.setContentsMargins(18, 0, 0, 0)
            options.addWidget(label)
            options.addWidget(widget, 1)
            grid.addLayout(options, line, 1, 1, 2)
            line += 1
        self._checks[rule.id] = check
        self._counts[rule.id] = count
        return row

    def _option_widget(self, rule_id: str, spec: OptionSpec) -> QWidget:
        name = spec.name
        if spec.kind is OptionKind.MAPPING:
            # A policy per name (templates): edited in the Templates panel, beside the inventory.
            widget = QLabel()
            self._muted.append(widget)
        elif spec.kind is OptionKind.CHOICE:
            widget = QComboBox()
            for choice in spec.choices:
                widget.addItem(choice, choice)
            widget.currentIndexChanged.connect(
                lambda _i, w=widget: self._emit(self._config.with_option(rule_id, name, w.currentData()))
            )
        else:
            widget = QCheckBox()
            widget.toggled.connect(lambda on: self._emit(self._config.with_option(rule_id, name, on)))
        widget.setObjectName(f"option-{rule_id}-{name}")
        self._options[(rule_id, name)] = widget
        return widget

    def _emit(self, config: Config) -> None:
        if config != self._config:
            self._config = config
            self.configChanged.emit(config)

    # -- public -----------------------------------------------------------------

    def config(self) -> Config:
        """The config the panel shows."""
        return self._config

    def set_config(self, config: Config) -> None:
        """Show ``config`` without emitting :attr:`configChanged`."""
        self._config = config
        for rule in RULES:
            check = self._checks[rule.id]
            check.blockSignals(True)
            check.setChecked(config.is_enabled(rule.id))
            check.blockSignals(False)
            options = config.options_for(rule.id)
            for (rid, name), widget in self._options.items():
                if rid != rule.id:
                    continue
                value = getattr(options, name)
                value = getattr(value, "value", value)
                widget.blockSignals(True)
                if isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value), 0))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QLabel) and isinstance(value, tuple):
                    widget.setText(f" {len(value)} set — edit in View ▸ Templates")
                widget.setEnabled(config.is_enabled(rule.id))
                widget.blockSignals(False)

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show each rule's edit count for the current text."""
        for rule_id, label in self._counts.items():
            n = counts.get(rule_id, 0)
            label.setText(f"{n:,}" if n else "–")

    def set_counts_stale(self, stale: bool) -> None:
        """Grey the counts while they belong to an earlier text or settings (a run is under way)."""
        for label in self._counts.values():
            label.setEnabled(not stale)

    def counts_stale(self) -> bool:
        """Whether the counts are shown as out of date."""
        return not next(iter(self._counts.values())).isEnabled()

    def checkbox(self, rule_id: str) -> QCheckBox:
        """The on/off box of ``rule_id`` (tests click it)."""
        return self._checks[rule_id]

    def option_widget(self, rule_id: str, name: str) -> QWidget:
        """The widget of option ``name`` of ``rule_id``."""
        return self._options[(rule_id, name)]
