"""The installed PySide6 must not drain None's reference count (6.12.0 on Python 3.11 does).

Runs in a subprocess: a failing PySide6 aborts the interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
app = QApplication([])
document = QTextDocument("hello world " * 100)
fmt = QTextCharFormat()
before = sys.getrefcount(None)
for i in range(30000):
    app.processEvents()
    cursor = QTextCursor(document)
    cursor.setPosition(i % 100)
    fmt.setForeground(QColor("red"))
print("delta", sys.getrefcount(None) - before)
"""


def test_pyside_keeps_none_alive():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, f"PySide6 corrupted None's refcount (pin another version): {proc.stderr[-400:]}"
    assert int(proc.stdout.split()[-1]) > -1000
