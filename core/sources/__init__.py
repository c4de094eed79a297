"""Reading dumps as streams of pages: MediaWiki XML (plain, bz2, gzip, multistream),
JSON lines, and folders of ``.wiki`` files. Headless; never touches rules or documents.

>>> from wikinorm.core.sources import open_source, SourceOptions
>>> source = open_source("dump.xml.bz2", SourceOptions(namespaces={0}))  # doctest: +SKIP
>>> for page in source: ...                                              # doctest: +SKIP
>>> source.stats.summary()                                               # doctest: +SKIP
'206 pages read, 100 passed on; skipped: 100 redirect, 6 namespace'

``source.parts()`` splits a splittable source into picklable sources that
worker processes read on their own; ``SourceStats.merge`` adds their counts.
One module per format; ``registry.FORMATS`` lists them.
"""

from .base import (
    DEFAULT_PART_BYTES,
    Page,
    Revisions,
    SkipReason,
    Source,
    SourceError,
    SourceOptions,
    SourceStats,
    namespace_of,
    redirect_target,
)
from .compression import Compression
from .jsonl import JsonLinesSource
from .multistream import IndexEntry, MultistreamPart, MultistreamSource, read_index
from .registry import FORMATS, format_names, open_source
from .wiki_folder import WikiFolderSource
from .xml_dump import XmlDumpSource

__all__ = [
    "Compression",
    "DEFAULT_PART_BYTES",
    "FORMATS",
    "IndexEntry",
    "JsonLinesSource",
    "MultistreamPart",
    "MultistreamSource",
    "Page",
    "Revisions",
    "SkipReason",
    "Source",
    "SourceError",
    "SourceOptions",
    "SourceStats",
    "WikiFolderSource",
    "XmlDumpSource",
    "format_names",
    "namespace_of",
    "open_source",
    "read_index",
    "redirect_target",
]
