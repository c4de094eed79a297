"""MediaWiki XML exports and dumps (schema 0.8 to 0.11), plain, bz2 or gzip, as a page stream.

The XML is parsed with expat in bounded chunks and each page is handed on as
soon as its ``</page>`` is seen, so memory stays flat whatever the dump's size.
Nothing is ever expanded or fetched: a document type that declares entities or
names an external DTD is refused (dumps have neither), which stops "billion
laughs" and external-entity (XXE) files before any expansion.

Dumps put their elements in a default XML namespace that changes with the
schema version; namespace processing is off, so names are bare and every
version reads the same way; only the main slot (``revision/text``, ``revision/model``)
is read, not the extra ``<content>`` slots of schema 0.11.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.parsers import expat

from .base import WIKITEXT, Format, Page, Probe, Revisions, Source, SourceError, SourceOptions, SourceStats
from .compression import Bytes, Compression, detect

_PAGE_FIELDS = frozenset({"title", "ns", "id"})
_REVISION_FIELDS = frozenset({"id", "timestamp", "model", "text"})


class _Revision:
    __slots__ = ("id", "timestamp", "model", "text")

    def __init__(self) -> None:
        self.id: str | None = None
        self.timestamp: str | None = None
        self.model: str | None = None
        self.text = ""


class _PageParser:
    """expat handlers that build pages; finished pages wait in ``ready``."""

    def __init__(self, path: Path, options: SourceOptions):
        self.path = path
        self.options = options
        self.all_revisions = options.revisions is Revisions.ALL
        self.ready: list[Page] = []
        self.depth = 0
        self.root_closed = False
        self._in_page = False
        self._in_revision = False
        self._fields: dict[str, str] = {}
        self._redirect: str | None = None
        self._want_text = True
        self._revision: _Revision | None = None
        self._best: _Revision | None = None
        self._capture: str | None = None  # the field whose characters are being collected
        self._capture_depth = 0
        self._buffer: list[str] = []

        parser = self.parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        # Safety: refuse anything that could expand or fetch. Raising in a handler
        # stops expat at once and the exception comes out of Parse().
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._unparsed_entity
        parser.ExternalEntityRefHandler = self._external_reference
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    # -- safety -----------------------------------------------------------------

    def _refuse(self, what: str) -> None:
        raise SourceError(
            f"{self.path}: refused: {what}; MediaWiki exports never do this, and reading it could "
            "expand entities without bound or fetch other files",
            self.path,
            "unsafe",
            self.parser.CurrentByteIndex,
        )

    def _doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        if system_id or public_id:
            self._refuse(f"the document type names an external DTD ({system_id or public_id})")

    def _entity(self, name, is_parameter, value, base, system_id, public_id, notation) -> None:
        if system_id or public_id:
            self._refuse(f"the XML declares an external entity {name!r} ({system_id or public_id})")
        self._refuse(f"the XML declares an entity {name!r}")

    def _unparsed_entity(self, name, base, system_id, public_id, notation) -> None:
        self._refuse(f"the XML declares an external entity {name!r} ({system_id or public_id})")

    def _external_reference(self, context, base, system_id, public_id) -> int:
        self._refuse(f"the XML refers to an external entity ({system_id or public_id})")
        return 0

    # -- pages ------------------------------------------------------------------

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        depth = self.depth = self.depth + 1
        if depth == 2:
            if name == "page":
                self._in_page = True
                self._fields = {}
                self._redirect = None
                self._want_text = True
                self._best = None
        elif depth == 3:
            if not self._in_page:
                return
            if name in _PAGE_FIELDS:
                self._capture, self._capture_depth, self._buffer = name, 3, []
            elif name == "revision":
                self._in_revision = True
                self._revision = _Revision()
                ns = self._fields.get("ns")
                # Text of pages that will be skipped for their namespace is never collected.
                self._want_text = ns is None or self.options.wants_namespace(self._int("ns", ns))
            elif name == "redirect":
                self._redirect = attrs.get("title", "")
        elif depth == 4:
            if self._in_revision and name in _REVISION_FIELDS:
                if name != "text" or self._want_text:
                    self._capture, self._capture_depth, self._buffer = name, 4, []
        elif depth == 1:
            if name != "mediawiki":
                raise SourceError(
                    f"{self.path}: not a MediaWiki XML export (the root element is <{name}>, not <mediawiki>)",
                    self.path,
                    "format",
                    0,
                )

    def _characters(self, data: str) -> None:
        if self._capture is not None:
            self._buffer.append(data)

    def _end(self, name: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        if self._capture is not None:
            if depth != self._capture_depth:
                return  # an element inside a field (not in any schema): its text stays in the field
            value = "".join(self._buffer)
            if depth == 3:
                self._fields[self._capture] = value
            else:
                setattr(self._revision, self._capture, value)
            self._capture = None
        elif depth == 3 and name == "revision" and self._in_revision:
            self._in_revision = False
            revision = self._revision
            if self.all_revisions:
                self.ready.append(self._page(revision))
                self._best = revision
            elif self._best is None or (revision.timestamp or "") >= (self._best.timestamp or ""):
                self._best = revision
        elif depth == 2 and name == "page" and self._in_page:
            self._in_page = False
            if not self.all_revisions or self._best is None:
                # A page with no revision (or a deleted one) is still a page: it is
                # counted and skipped as empty rather than lost without trace.
                self.ready.append(self._page(self._best or _Revision()))
        elif depth == 1:
            self.root_closed = True

    def _page(self, revision: _Revision) -> Page:
        fields = self._fields
        title = fields.get("title")
        if title is None:
            raise SourceError(
                f"{self.path}: a page without a <title> (near byte {self.parser.CurrentByteIndex})",
                self.path,
                "format",
                self.parser.CurrentByteIndex,
            )
        page_id = fields.get("id")
        return Page(
            id=self._int("id", page_id) if page_id else None,
            title=title,
            namespace=self._int("ns", fields["ns"]) if "ns" in fields else 0,
            revision_id=self._int("revision id", revision.id) if revision.id else None,
            timestamp=revision.timestamp,
            redirect=self._redirect,
            model=revision.model or WIKITEXT,  # schemas before 0.8 had no <model>: all wikitext
            text=revision.text,
        )

    def _int(self, what: str, value: str) -> int:
        try:
            return int(value)
        except ValueError:
            raise SourceError(
                f"{self.path}: page {self._fields.get('title', '?')!r}: {what} {value!r} is not a number",
                self.path,
                "format",
                self.parser.CurrentByteIndex,
            ) from None


_XML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<mediawiki\b", re.S)


def parse_pages(
    chunks: Iterable[bytes], path: Path, options: SourceOptions, *, fragment: bool = False
) -> Iterator[Page]:
    """Pages from the bytes of a MediaWiki export, fed in chunks; every page, unfiltered.

    With ``fragment``, the bytes may be a run of ``<page>`` elements without the
    ``<mediawiki>`` root around them (the inside of a multistream dump); the
    root is supplied when missing at either end.
    """
    reader = _PageParser(path, options)
    parser = reader.parser
    ready = reader.ready
    started = False
    try:
        for chunk in chunks:
            if not started:
                if not chunk.strip():
                    continue
                started = True
                if fragment and not _XML_START.match(chunk):
                    parser.Parse(b"<mediawiki>", False)
            parser.Parse(chunk, False)
            if ready:
                yield from ready
                ready.clear()
        if fragment and reader.depth == 1 and not reader.root_closed:
            parser.Parse(b"</mediawiki>", False)
        if not started:
            raise SourceError(f"{path}: empty: no XML in it", path, "format", 0)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise SourceError(
            f"{path}: not well-formed XML at line {exc.lineno}, column {exc.offset} "
            f"(byte {parser.ErrorByteIndex} of the XML): {expat.errors.messages[exc.code]}",
            path,
            "xml",
            parser.ErrorByteIndex,
        ) from None
    yield from ready


# After an XML error in compressed data, this much more is decompressed to see
# whether damaged compression caused it: bz2 checks a CRC per block (at most
# 900 kB), so a damaged block can decode to garbage the XML parser trips on
# before the CRC is reached; gzip checks only at the end of a member.
_DAMAGE_CHECK_BYTES = 4 * 1024 * 1024


def dump_pages(data: Bytes, options: SourceOptions, *, fragment: bool = False) -> Iterator[Page]:
    """:func:`parse_pages` over a file's bytes; an XML error caused by damaged compression is reported as such."""
    chunks = iter(data)
    try:
        yield from parse_pages(chunks, data.path, options, fragment=fragment)
    except SourceError as xml_error:
        if xml_error.kind != "xml" or data.compression is Compression.NONE:
            raise
        stop = data.position + _DAMAGE_CHECK_BYTES
        try:
            for _ in chunks:
                if data.position >= stop:
                    break
        except SourceError as damage:
            raise damage from xml_error
        raise


_VERSION = re.compile(rb"<mediawiki\b[^>]*?\bversion=\"([^\"]+)\"")


def schema_version(path: Path) -> str | None:
    """The export schema version named in the dump's root element, read from its first bytes."""
    head = b""
    try:
        for chunk in Bytes(path):
            head += chunk
            if len(head) >= 4096:
                break
    except SourceError:
        pass
    match = _VERSION.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def size_text(path: Path) -> str:
    """A file's size for people: ``1.7 MB``."""
    try:
        return f"{path.stat().st_size / 1e6:.1f} MB"
    except OSError:
        return "size unknown"


class XmlDumpSource(Source):
    """A MediaWiki XML export or dump, plain, bz2 or gzip (one stream of pages, not split)."""

    def _read(self, stats: SourceStats) -> Iterator[Page]:
        data = Bytes(self.path)
        for page in dump_pages(data, self.options):
            stats.bytes_read = data.position
            yield page
        stats.bytes_read = data.position

    def describe(self) -> str:
        """e.g. ``MediaWiki XML export 0.10, bz2, 1.7 MB: /path/dump.xml.bz2``."""
        version = schema_version(self.path)
        compression = detect(self.path)
        return (
            f"MediaWiki XML export {version or '(version unknown)'}, {compression.value}, "
            f"{size_text(self.path)}: {self.path}"
        )


def _sniff(probe: Probe) -> bool:
    return probe.head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


FORMAT = Format(
    name="xml",
    suffixes=(".xml",),
    claims=lambda probe: not probe.is_dir,
    sniff=_sniff,
    open=lambda path, options: XmlDumpSource(path, options),
)

__all__ = ["FORMAT", "XmlDumpSource", "dump_pages", "parse_pages", "schema_version"]
