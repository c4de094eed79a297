"""What every reader shares: the page record, options, skip counts, the Source base, errors.

A reader turns a file into a stream of :class:`Page` records. It never touches
rules or documents; the batch command and its engines consume the stream.
"""

from __future__ import annotations

import enum
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, ClassVar, NamedTuple

from ..files import FileError
from ..markup_data import REDIRECT_WORDS

# Splittable sources aim for work units of about this many bytes on disk: big
# enough that a worker's start-up cost is noise, small enough to spread a dump
# over many workers.
DEFAULT_PART_BYTES = 32 * 1024 * 1024


class SourceError(FileError):
    """A dump that cannot be read; the message names the file and the problem.

    ``kind`` says what went wrong ("missing", "unreadable", "format", "xml",
    "unsafe", "truncated", "corrupt", "index", "record"); ``offset`` is the byte
    position in the file when one is known.
    """

    def __reduce__(self):
        # Raised in a worker process, it must arrive whole in the parent: the
        # default exception pickling would call us with the message alone.
        return (type(self), (str(self), self.path, self.kind, self.offset))


@dataclass(frozen=True, slots=True)
class Page:
    """One page (one revision of it) as a dump records it."""

    id: int | None
    title: str
    namespace: int
    revision_id: int | None
    timestamp: str | None  # ISO 8601 as written in the dump, e.g. 2014-10-26T04:50:23Z
    redirect: str | None  # the target title of a redirect, else None
    model: str  # content model: "wikitext", "Scribunto", "css", "javascript", "json", …
    text: str


class Revisions(enum.Enum):
    """Which revisions of a page with a history become pages."""

    LATEST = "latest"  # the newest by timestamp (the last written on a tie)
    ALL = "all"  # every revision, oldest first as the dump lists them


class SkipReason(enum.Enum):
    """Why a page read from a source was not passed on."""

    NAMESPACE = "namespace"  # its namespace is not among the selected ones
    CONTENT_MODEL = "content model"  # not wikitext (Scribunto, CSS, JavaScript, JSON, …)
    REDIRECT = "redirect"  # a redirect, and redirects were not asked for
    EMPTY = "empty"  # no text (blank, deleted or a stub dump)


WIKITEXT = "wikitext"


@dataclass(frozen=True)
class SourceOptions:
    """What a source passes on. Plain data, so it pickles to worker processes."""

    namespaces: frozenset[int] | None = frozenset({0})  # None: every namespace
    redirects: bool = False  # pass redirect pages on instead of skipping them
    revisions: Revisions = Revisions.LATEST
    models: frozenset[str] | None = frozenset({WIKITEXT})  # None: every content model
    skip_empty: bool = True
    format: str | None = None  # force a format by name ("xml", "multistream", "wiki", "jsonl")

    def __post_init__(self) -> None:
        # Callers may pass any iterable ([0, 14], range(…)); keep a hashable, picklable set.
        if self.namespaces is not None and not isinstance(self.namespaces, frozenset):
            object.__setattr__(self, "namespaces", frozenset(int(n) for n in self.namespaces))
        if self.models is not None and not isinstance(self.models, frozenset):
            object.__setattr__(self, "models", frozenset(self.models))
        if not isinstance(self.revisions, Revisions):
            object.__setattr__(self, "revisions", Revisions(self.revisions))

    def wants_namespace(self, namespace: int) -> bool:
        """Whether pages of ``namespace`` can be passed on (readers skip their text early)."""
        return self.namespaces is None or namespace in self.namespaces

    def skip_reason(self, page: Page) -> SkipReason | None:
        """Why ``page`` is skipped, or None when it is passed on; the one place that decides."""
        if not self.wants_namespace(page.namespace):
            return SkipReason.NAMESPACE
        if self.models is not None and page.model not in self.models:
            return SkipReason.CONTENT_MODEL
        if page.redirect is not None and not self.redirects:
            return SkipReason.REDIRECT
        if self.skip_empty and not page.text.strip():
            return SkipReason.EMPTY
        return None

    def everything(self) -> SourceOptions:
        """These options with no filter at all (random access returns what it finds)."""
        return replace(self, namespaces=None, redirects=True, models=None, skip_empty=False)


@dataclass
class SourceStats:
    """What one pass over a source saw; read it from ``source.stats`` during or after."""

    pages_seen: int = 0  # pages (revisions with Revisions.ALL) read from the file
    pages_emitted: int = 0
    skipped: dict[SkipReason, int] = field(default_factory=dict)
    skipped_models: dict[str, int] = field(default_factory=dict)  # content models skipped
    bytes_read: int = 0  # bytes of the file consumed so far (compressed bytes for bz2/gz)

    def skip(self, reason: SkipReason, page: Page) -> None:
        """Count ``page`` as skipped for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if reason is SkipReason.CONTENT_MODEL:
            self.skipped_models[page.model] = self.skipped_models.get(page.model, 0) + 1

    @property
    def pages_skipped(self) -> int:
        """All skipped pages, whatever the reason."""
        return sum(self.skipped.values())

    def count(self, reason: SkipReason) -> int:
        """Pages skipped for ``reason``."""
        return self.skipped.get(reason, 0)

    def merge(self, other: SourceStats) -> SourceStats:
        """The sum of two passes, e.g. the parts of a dump read by different workers."""
        total = SourceStats(
            self.pages_seen + other.pages_seen,
            self.pages_emitted + other.pages_emitted,
            dict(self.skipped),
            dict(self.skipped_models),
            self.bytes_read + other.bytes_read,
        )
        for reason, n in other.skipped.items():
            total.skipped[reason] = total.skipped.get(reason, 0) + n
        for model, n in other.skipped_models.items():
            total.skipped_models[model] = total.skipped_models.get(model, 0) + n
        return total

    def summary(self) -> str:
        """One line, e.g. ``206 pages read, 100 passed on; skipped: 100 redirect, 6 namespace``."""
        line = f"{self.pages_seen} pages read, {self.pages_emitted} passed on"
        if self.skipped:
            reasons = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0].value))
            line += "; skipped: " + ", ".join(f"{n} {reason.value}" for reason, n in reasons)
        return line


class Source(ABC):
    """A stream of pages from one file, folder or part of a file.

    Iterating reads the pages again from the start, each time with fresh
    ``stats``. A source holds only plain data (path, options, ranges), so it
    pickles; ``parts()`` splits a splittable source into sources that can each be
    read on their own, in another process.
    """

    #: Whether ``parts()`` can return more than one part.
    splittable: ClassVar[bool] = False

    def __init__(self, path: str | Path, options: SourceOptions | None = None):
        self.path = Path(path)
        self.options = options or SourceOptions()
        self.stats = SourceStats()

    def __iter__(self) -> Iterator[Page]:
        """The pages the options select; skipped ones are counted in ``self.stats``."""
        stats = self.stats = SourceStats()
        skip_reason = self.options.skip_reason
        for page in self._read(stats):
            stats.pages_seen += 1
            reason = skip_reason(page)
            if reason is None:
                stats.pages_emitted += 1
                yield page
            else:
                stats.skip(reason, page)

    @abstractmethod
    def _read(self, stats: SourceStats) -> Iterator[Page]:
        """Every page in the file, unfiltered; keep ``stats.bytes_read`` current.

        A reader may leave ``text`` empty for pages of namespaces the options do
        not want (they are skipped anyway) to avoid collecting it.
        """

    @abstractmethod
    def describe(self) -> str:
        """One line for people: format, compression, size and path."""

    def size_bytes(self) -> int:
        """Bytes on disk this source covers; ``stats.bytes_read`` reaches it at the end (progress)."""
        return self.path.stat().st_size

    def parts(self, target_bytes: int = DEFAULT_PART_BYTES) -> list[Source]:
        """Independent, picklable work units covering this source, about ``target_bytes`` each.

        Reading every part, in any order and in any process, gives the same pages
        as reading the source. A source that cannot be split is its own one part.
        """
        return [self]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


_REDIRECT = re.compile(
    r"\s*#\s*(?:" + "|".join(re.escape(w) for w in REDIRECT_WORDS) + r")\s*:?\s*\[\[([^\[\]|#]*)",
    re.IGNORECASE,
)


def redirect_target(text: str) -> str | None:
    """The target of a ``#REDIRECT [[Target]]`` page, for formats that do not record it.

    >>> redirect_target("#REDIRECT [[Computer accessibility]] {{R from CamelCase}}")
    'Computer accessibility'
    >>> redirect_target("A page that mentions #REDIRECT [[X]] later") is None
    True
    """
    match = _REDIRECT.match(text)
    return match.group(1).strip().replace("_", " ") if match else None


# MediaWiki's canonical namespace names and numbers (the same on every wiki), for
# formats whose records carry only a title.
NAMESPACE_NUMBERS = {
    "media": -2, "special": -1, "talk": 1, "user": 2, "user talk": 3, "wikipedia": 4,
    "project": 4, "wikipedia talk": 5, "project talk": 5, "file": 6, "image": 6,
    "file talk": 7, "image talk": 7, "mediawiki": 8, "mediawiki talk": 9, "template": 10,
    "template talk": 11, "help": 12, "help talk": 13, "category": 14, "category talk": 15,
    "portal": 100, "portal talk": 101, "draft": 118, "draft talk": 119,
    "timedtext": 710, "timedtext talk": 711, "module": 828, "module talk": 829,
}


def namespace_of(title: str) -> int:
    """The namespace number a title's prefix names (0 when it names none).

    >>> namespace_of("Template:Infobox person"), namespace_of("Star Wars: Andor")
    (10, 0)
    """
    prefix, colon, _ = title.partition(":")
    if not colon:
        return 0
    return NAMESPACE_NUMBERS.get(prefix.strip().replace("_", " ").lower(), 0)


def chunked(items: Iterable, sizes: Iterable[int], target: int) -> Iterator[list]:
    """Group ``items`` in order into lists whose ``sizes`` add up to about ``target``."""
    group: list = []
    total = 0
    for item, size in zip(items, sizes):
        group.append(item)
        total += size
        if total >= target:
            yield group
            group, total = [], 0
    if group:
        yield group


class Probe(NamedTuple):
    """What format detection knows about a path before choosing a reader."""

    path: Path
    is_dir: bool
    suffix: str  # the format's suffix under any compression suffix, lower-case ("" if none)
    known_suffix: bool  # some format claims this suffix
    head: bytes  # the first decompressed bytes (empty for a folder)


class Format(NamedTuple):
    """One input format: how to recognise it and how to open it. One per reader module."""

    name: str
    suffixes: tuple[str, ...]  # format suffixes (under compression), e.g. (".xml",)
    claims: Callable[[Probe], bool]  # given a matching suffix (or a folder): is it this format?
    sniff: Callable[[Probe], bool]  # given an unknown suffix: do the first bytes look like it?
    open: Callable[[Path, SourceOptions], Source]
