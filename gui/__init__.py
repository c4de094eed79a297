"""wikinorm's two-pane window (PySide6). Imports nothing heavy at import time."""
