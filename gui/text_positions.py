"""Offsets between Python strings (code points) and Qt documents (UTF-16 units).

The core counts code points; QTextDocument counts UTF-16 code units, so every
character above U+FFFF is one position in the core and two in Qt. Every
position that crosses the core/Qt boundary goes through a :class:`Utf16Index`.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Converts offsets of one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_astral16", "length", "length16")

    def __init__(self, text: str):
        # Most texts have no astral characters: then both conversions are the identity.
        astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        self._astral = astral
        self._astral16 = [p + k for k, p in enumerate(astral)]
        self.length = len(text)
        self.length16 = len(text) + len(astral)

    def to_utf16(self, pos: int) -> int:
        """The UTF-16 offset of code-point offset ``pos``."""
        if not self._astral:
            return pos
        return pos + bisect_left(self._astral, pos)

    def to_py(self, pos16: int) -> int:
        """The code-point offset of UTF-16 offset ``pos16`` (rounded down inside a pair)."""
        if not self._astral16:
            return pos16
        return pos16 - bisect_left(self._astral16, pos16)
