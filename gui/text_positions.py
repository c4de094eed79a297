"""Offsets between Python strings (code points) and Qt documents (UTF-16 units).

The core counts code points; QTextDocument counts UTF-16 code units, so every
character above U+FFFF is one position in the core and two in Qt. Every
position that crosses the core/Qt boundary goes through a :class:`Utf16Index`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, NamedTuple

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
#: Characters one regex call scans for astral characters. A scan holds the GIL
#: throughout (about 8 ms per MB), and the worker indexes 2 MB texts while the
#: UI thread waits for it: windows keep each hold near half a millisecond.
SCAN_WINDOW = 65_536


def astral_positions(text: str, offset: int = 0) -> list[int]:
    """Code-point offsets (plus ``offset``) of the characters above U+FFFF in ``text``, in order."""
    if text.isascii():
        return []
    found: list[int] = []
    finditer = _ASTRAL.finditer
    for at in range(0, len(text), SCAN_WINDOW):
        # An astral character is one code point: no match straddles two windows.
        found.extend(offset + m.start() for m in finditer(text, at, at + SCAN_WINDOW))
    return found


class Utf16Index:
    """Converts offsets of one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_astral16", "length", "length16")

    def __init__(self, text: str):
        # Most texts have no astral characters: then both conversions are the identity.
        astral = astral_positions(text)
        self._astral = astral
        self._astral16 = [p + k for k, p in enumerate(astral)]
        self.length = len(text)
        self.length16 = len(text) + len(astral)

    def patched(self, start: int, old_end: int, replacement: str) -> Utf16Index:
        """The index of this text with ``[start, old_end)`` replaced by ``replacement``.

        Costs the replacement and the astral characters, not the text: the live
        editor re-indexes a 2 MB text on every keystroke this way.
        """
        new = Utf16Index.__new__(Utf16Index)
        astral = self._astral
        lo, hi = bisect_left(astral, start), bisect_left(astral, old_end)
        delta = len(replacement) - (old_end - start)
        inside = astral_positions(replacement, start)
        new._astral = astral[:lo] + inside + [p + delta for p in astral[hi:]] if astral or inside else []
        new._astral16 = [p + k for k, p in enumerate(new._astral)]
        new.length = self.length + delta
        new.length16 = new.length + len(new._astral)
        return new

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


#: Characters a pane shows at once when a long text is loaded (more than a screen),
#: and then adds per event-loop turn (at first; :class:`ChunkPacer` adapts it):
#: laying out 2 MB at once blocks the window.
FIRST_CHUNK = 12_000
LOAD_CHUNK = 32_000
CHUNK_SECONDS = 0.010  # what one chunk may cost the UI thread


class ChunkPacer:
    """Sizes the next chunk of a long text so that putting it in takes about CHUNK_SECONDS.

    The cost per character differs tenfold between panes (wrapped long lines
    cost more to lay out) and with the machine's load, so it is measured.
    """

    def __init__(self, size: int = LOAD_CHUNK) -> None:
        self.size = size

    def took(self, chars: int, seconds: float) -> None:
        """The last chunk of ``chars`` characters took ``seconds``."""
        if chars <= 0 or seconds <= 0:
            return
        wanted = chars * CHUNK_SECONDS / seconds
        self.size = int(max(2_000, min(256_000, wanted, self.size * 2)))


def chunk_end(text: str, start: int, size: int) -> int:
    """Where a chunk of about ``size`` characters from ``start`` ends: just after a line end."""
    if start + size >= len(text):
        return len(text)
    cut = text.find("\n", start + size)
    return len(text) if cut < 0 else cut + 1


_SURROGATE = re.compile("[\ud800-\udfff]")


class Utf16Edit(NamedTuple):
    """One edit as the Qt document reports it, in UTF-16 units.

    ``[start, start + removed)`` of the text before became ``added``; the
    document is ``length_after`` units long afterwards.
    """

    start: int
    removed: int
    added: str
    length_after: int


class TextEdit(NamedTuple):
    """One edit in code points, as the core's ``Document.edit`` takes it: ``[start, end)`` became ``text``."""

    start: int
    end: int
    text: str


def to_code_points(edit: Utf16Edit, before: Utf16Index) -> TextEdit | None:
    """``edit`` in code points of the text ``before`` indexes; None when it cannot be mapped safely.

    That is when it reaches past the text, starts or ends inside a surrogate
    pair, carries a lone surrogate, or its lengths do not add up (Qt reports
    some edits, e.g. at the end of the document, with inflated counts).
    """
    end16 = edit.start + edit.removed
    if not 0 <= edit.start <= end16 <= before.length16:
        return None
    if _SURROGATE.search(edit.added):
        return None
    added16 = len(edit.added) + len(_ASTRAL.findall(edit.added))
    if before.length16 - edit.removed + added16 != edit.length_after:
        return None
    start, end = before.to_py(edit.start), before.to_py(end16)
    if before.to_utf16(start) != edit.start or before.to_utf16(end) != end16:
        return None  # inside a surrogate pair
    return TextEdit(start, end, edit.added)


class CoveringSpan(NamedTuple):
    """Where a run of edits changed a text: ``[start, old_end)`` of the text before became
    ``[start, new_end)`` of the text after."""

    start: int
    old_end: int
    new_end: int


def covering_span(edits: Iterable[tuple[int, int, int]]) -> CoveringSpan | None:
    """The one span covering ``(at, removed, added)`` edits made one after another (None: no edit).

    Each edit is in the offsets of the text as the edits before it left it. So
    the several keystrokes that arrive while a run is in flight reach the core as
    one edit, read from the editor by its range, never as the whole text again.
    """
    span = None
    for at, removed, added in edits:
        end = at + removed
        if span is None:
            span = CoveringSpan(at, end, at + added)
            continue
        start, old_end, new_end = span
        # Past the covered span the two texts differ only by a shift.
        reach = max(new_end, end)
        span = CoveringSpan(min(start, at), old_end + reach - new_end, reach + added - removed)
    return span
