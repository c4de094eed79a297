"""The command line that reproduces a config: ``--preset`` plus the changes made since.

The window's "Copy as command line" uses it, so what a user tuned in the window
runs the same way with ``wikinorm normalize`` and ``wikinorm batch``.

>>> from wikinorm.core.presets import builtin_preset
>>> plain = builtin_preset("plain")
>>> config_arguments(plain, plain.config.with_enabled("lowercase", True).with_option("quotes", "style", "ptb"))
['--preset', 'plain', '--set', 'quotes.style=ptb', '--enable', 'lowercase']
"""

from __future__ import annotations

import dataclasses
import enum
import shlex
from pathlib import Path

from .config import Config
from .presets import Preset


def _text(value) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def config_arguments(preset: Preset, config: Config) -> list[str]:
    """``--preset`` naming ``preset``, then ``--enable``/``--disable``/``--set`` for each difference.

    A mapping option's entries are set one by one (``--set templates.policies.convert=drop``);
    entries only the preset has stay, as the window never removes one.
    """
    args = ["--preset", preset.name]
    for base, now in zip(preset.config.settings, config.settings):
        if base.enabled != now.enabled:
            args += ["--enable" if now.enabled else "--disable", now.rule_id]
        for field in dataclasses.fields(now.options):
            old, new = getattr(base.options, field.name), getattr(now.options, field.name)
            if old == new:
                continue
            if "mapping" in field.metadata:
                old_entries = dict(old)
                for key, value in new:
                    if old_entries.get(key) != value:
                        args += ["--set", f"{now.rule_id}.{field.name}.{key}={_text(value)}"]
            else:
                args += ["--set", f"{now.rule_id}.{field.name}={_text(new)}"]
    return args


def normalize_command(preset: Preset, config: Config, page: Path | str = "PAGE.wiki") -> str:
    """A shell command running ``wikinorm normalize`` on ``page`` with these settings."""
    return shlex.join(["wikinorm", "normalize", *config_arguments(preset, config), str(page)])


def batch_command(preset: Preset, config: Config, inputs: Path | str = "DUMP.xml.bz2", out: Path | str = "OUTDIR") -> str:
    """A shell command running ``wikinorm batch`` on ``inputs`` into ``out`` with these settings."""
    return shlex.join(["wikinorm", "batch", str(inputs), "-o", str(out), *config_arguments(preset, config)])


__all__ = ["batch_command", "config_arguments", "normalize_command"]
