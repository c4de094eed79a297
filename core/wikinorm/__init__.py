"""wikinorm: turn MediaWiki wikitext into clean, NLP-ready text.

This folder is the top of the installed ``wikinorm`` package and holds its
front door: the ``wikinorm`` command (:mod:`wikinorm.launcher`), ``python -m
wikinorm`` and the command-line front end (:mod:`wikinorm.cli`). The engine is
``wikinorm.core`` (the rest of ``core/``), the window ``wikinorm.gui`` (``gui/``),
the bundled sample and presets ``wikinorm.resources`` (``resources/``).
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("wikinorm")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
