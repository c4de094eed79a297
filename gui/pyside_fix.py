"""Work around a PySide6 6.12 bug that drains the reference count of ``None``.

On Python < 3.12 (where ``None`` is not immortal), PySide6 6.12 drops one
reference to ``None`` on every call to a method returning ``void``
(``setPosition``, ``processEvents``, ``setFontStrikeOut``…). After a few
thousand calls the interpreter aborts with "none_dealloc: deallocating None".
Until PySide6 is fixed, give ``None`` a reference count no session can drain.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
_BOOST = 1 << 40


def protect_none() -> None:
    """Raise ``None``'s reference count far out of reach (idempotent, no-op on 3.12+)."""
    global _DONE
    if _DONE or sys.version_info >= (3, 12):
        return
    _DONE = True
    # ob_refcnt is the first field of every CPython object.
    for obj in (None, True, False):  # bool-returning calls drain True/False the same way
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
