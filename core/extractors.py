"""Other ways to turn wikitext into text, to set beside ours (the window's Compare view).

A small registry of named extractors. ``ours`` is this engine with a given
config; ``strip_code`` is mwparserfromhell's own (always there, it is a
dependency); ``wikiextractor`` is WikiExtractor's cleaner, only when that
package is installed (``pip install wikiextractor``; it is never required).

>>> [e.name for e in EXTRACTORS]
['ours', 'strip_code', 'wikiextractor']
>>> extract("strip_code", "'''Bold''' [[a|b]]")
'Bold b'
"""

from __future__ import annotations

import importlib.util
from typing import Callable, NamedTuple

import mwparserfromhell

from .config import Config
from .document import run


class ExtractorError(ValueError):
    """An extractor that does not exist or is not installed."""


class Extractor(NamedTuple):
    """A named way to turn wikitext into text; ``config`` matters only to ``ours``."""

    name: str
    title: str
    #: Why it cannot run here (e.g. a package to install), or "" when it can.
    missing: Callable[[], str]
    convert: Callable[[str, Config], str]

    @property
    def available(self) -> bool:
        """Whether it can run in this installation."""
        return not self.missing()


def _ours(text: str, config: Config) -> str:
    return run(text, config).text


def _strip_code(text: str, config: Config) -> str:
    return mwparserfromhell.parse(text).strip_code()


def _wikiextractor_missing() -> str:
    try:
        found = importlib.util.find_spec("wikiextractor") is not None
    except (ImportError, ValueError):
        found = False
    return "" if found else "WikiExtractor is not installed (pip install wikiextractor)"


def _wikiextractor(text: str, config: Config) -> str:
    try:
        from wikiextractor.extract import Extractor as WikiExtractor
    except ImportError:
        raise ExtractorError(_wikiextractor_missing() or "WikiExtractor cannot be imported") from None
    # Its cleaner without template expansion (that needs the whole dump's templates).
    paragraphs = WikiExtractor(0, 0, "", "Page", [text]).clean_text(text, expand_templates=False)
    return "\n".join(paragraphs)


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("ours", "wikinorm", lambda: "", _ours),
    Extractor("strip_code", "mwparserfromhell strip_code()", lambda: "", _strip_code),
    Extractor("wikiextractor", "WikiExtractor", _wikiextractor_missing, _wikiextractor),
)


def get_extractor(name: str) -> Extractor:
    """The extractor called ``name``; ExtractorError naming the known ones if none."""
    for extractor in EXTRACTORS:
        if extractor.name == name:
            return extractor
    raise ExtractorError(f"no extractor {name!r} (known: {', '.join(e.name for e in EXTRACTORS)})")


def extract(name: str, text: str, config: Config | None = None) -> str:
    """``text`` as extractor ``name`` turns it into plain text (``config``: for ``ours``; default: defaults)."""
    extractor = get_extractor(name)
    missing = extractor.missing()
    if missing:
        raise ExtractorError(missing)
    return extractor.convert(text, config or Config.default())


__all__ = ["EXTRACTORS", "Extractor", "ExtractorError", "extract", "get_extractor"]
