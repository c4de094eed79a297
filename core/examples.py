"""Trying one rule on its own: the before/after examples in the rules' docstrings."""

from __future__ import annotations

from typing import Any

from .config import Config
from .document import run


def example(rule_id: str, text: str, **options: Any) -> str:
    """``text`` normalized by rule ``rule_id`` alone, with ``options`` set.

    >>> example("formatting", "It is '''bold'''.")
    'It is bold.'
    """
    config = Config.only(rule_id)
    for name, value in options.items():
        config = config.with_option(rule_id, name, value)
    return run(text, config).text
