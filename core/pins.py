"""Pinned examples: raw wikitext and the output a preset must give for it.

Like regex101's unit tests, for cleaning rules: a corpus builder pins the
pieces of text they care about, and every change to the rules is checked
against them (the window after each toggle, ``wikinorm check PRESET`` in CI).
Pins are stored in their preset's TOML file (see :mod:`~wikinorm.core.presets`).

>>> from wikinorm.core import Config
>>> outcome = check_pins(Config.default(), [Pin("'''Bold''' text", "Bold text")])[0]
>>> outcome.passed
True
>>> check_pins(Config.none(), [Pin("'''Bold'''", "Bold")])[0].describe()
"{+'''+}Bold{+'''+}"
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, NamedTuple

from .config import Config
from .document import run
from .word_diff import WordDiff, inline, word_diff


@dataclasses.dataclass(frozen=True)
class Pin:
    """Raw wikitext, the output it must give, and an optional note saying why."""

    raw: str
    expected: str
    note: str = ""

    def label(self, limit: int = 40) -> str:
        """A short one-line name: the note, else the start of the raw text."""
        text = self.note or self.raw
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


class PinOutcome(NamedTuple):
    """A pin checked against a config: what came out and how it differs from the expected text."""

    number: int  # 1-based, in the preset's order
    pin: Pin
    actual: str

    @property
    def passed(self) -> bool:
        """Whether the output is exactly the expected text."""
        return self.actual == self.pin.expected

    def diff(self) -> WordDiff:
        """Expected (left) against actual (right), word by word."""
        return word_diff(self.pin.expected, self.actual)

    def describe(self, context: int | None = 30) -> str:
        """The difference on one line: ``[-expected only-]{+actual only+}``, line breaks as ``⏎``."""
        return inline(self.diff(), context).replace("\r", "␍").replace("\n", "⏎")


def check_pins(config: Config, pins: Iterable[Pin]) -> list[PinOutcome]:
    """Run every pin's raw text with ``config``; one outcome per pin, in order."""
    return [PinOutcome(n, pin, run(pin.raw, config).text) for n, pin in enumerate(pins, 1)]


def broken_by(before: list[PinOutcome], after: list[PinOutcome]) -> list[PinOutcome]:
    """The outcomes in ``after`` that fail where the same pin passed in ``before``."""
    passed = {(o.number, o.pin) for o in before if o.passed}
    return [o for o in after if not o.passed and (o.number, o.pin) in passed]


__all__ = ["Pin", "PinOutcome", "broken_by", "check_pins"]
