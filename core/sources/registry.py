"""Choosing a reader for a path: the one list of formats, and ``open_source``.

A new format is a new module with a ``FORMAT`` (see :class:`Format`) and one
entry in ``FORMATS``; the order is the order of preference when a file's suffix
and first bytes fit more than one format.
"""

from __future__ import annotations

from pathlib import Path

from . import jsonl, multistream, wiki_folder, xml_dump
from .base import Format, Probe, Source, SourceError, SourceOptions
from .compression import Bytes, inner_suffix

FORMATS: tuple[Format, ...] = (multistream.FORMAT, xml_dump.FORMAT, jsonl.FORMAT, wiki_folder.FORMAT)

_HEAD_BYTES = 512


def format_names() -> list[str]:
    """The names ``SourceOptions.format`` accepts."""
    return [f.name for f in FORMATS]


def probe(path: Path) -> Probe:
    """What detection needs to know about ``path``; raises SourceError if it is missing."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder", path, "missing")
    suffix = inner_suffix(path)
    known = any(suffix in f.suffixes for f in FORMATS)
    if path.is_dir():
        return Probe(path, True, suffix, known, b"")
    head = b""
    try:
        for chunk in Bytes(path):
            head += chunk
            if len(head) >= _HEAD_BYTES:
                break
    except SourceError:
        # Damage past the first bytes is reported when the pages are read, after
        # the pages before it; damage right at the start is reported now.
        if not head and not known:
            raise
    return Probe(path, False, suffix, known, head[:_HEAD_BYTES])


def open_source(path: str | Path, options: SourceOptions | None = None) -> Source:
    """The reader for ``path``: a dump, a JSON-lines file, a ``.wiki`` file or a folder of them.

    The format comes from ``options.format`` if set, else from the suffix under
    any compression suffix (``.xml``, ``.jsonl``, ``.wiki``; a bz2 ``.xml`` with a
    ``…-multistream-index.txt.bz2`` beside it is a multistream dump), else from
    the first bytes. Compression is found by magic bytes, whatever the suffix.
    Raises :class:`SourceError` naming the file when no reader fits.
    """
    options = options or SourceOptions()
    path = Path(path)
    if options.format is not None:
        chosen = [f for f in FORMATS if f.name == options.format]
        if not chosen:
            raise SourceError(
                f"{path}: unknown input format {options.format!r} (known: {', '.join(format_names())})",
                path,
                "format",
            )
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder", path, "missing")
        return chosen[0].open(path, options)
    found = probe(path)
    if found.is_dir or found.known_suffix:
        candidates = [f for f in FORMATS if (found.is_dir or found.suffix in f.suffixes) and f.claims(found)]
    else:
        candidates = [f for f in FORMATS if f.sniff(found)]
    if not candidates:
        what = "folder" if found.is_dir else "file"
        raise SourceError(
            f"{path}: not an input this reader knows: expected a MediaWiki XML dump (.xml, .xml.bz2, "
            f".xml.gz), JSON lines (.jsonl) or .wiki files (this {what} looks like none of them)",
            path,
            "format",
        )
    return candidates[0].open(path, options)
