"""Readers that turn dumps into page streams (core/sources): every format, the filters,
safety against hostile XML, damaged compression, multistream parts and memory."""

from __future__ import annotations

import bz2
import gzip
import html
import json
import multiprocessing
import pickle
import random
import re
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bench import corpus
from wikinorm.core.files import FileError
from wikinorm.core.sources import (
    MultistreamSource,
    Page,
    Revisions,
    SkipReason,
    SourceError,
    SourceOptions,
    SourceStats,
    WikiFolderSource,
    XmlDumpSource,
    open_source,
    read_index,
)
from wikinorm.core.sources.compression import lines
from wikinorm.core.sources.jsonl import JsonLinesSource

EVERYTHING = SourceOptions(namespaces=None, redirects=True, models=None, skip_empty=False)


# -- building exports ------------------------------------------------------------------


def _revision(version: str, rev_id: int, timestamp: str, text: str, model: str = "wikitext", slot: str = "") -> str:
    """One <revision> laid out as schema ``version`` writes it."""
    fmt = {"wikitext": "text/x-wiki", "css": "text/css", "javascript": "text/javascript",
           "json": "application/json", "Scribunto": "text/plain"}[model]
    body = html.escape(text, quote=False)
    head = f"""    <revision>
      <id>{rev_id}</id>
      <parentid>{rev_id - 1}</parentid>
      <timestamp>{timestamp}</timestamp>
      <contributor><username>Someone</username><id>7</id></contributor>
      <comment>edit &amp; fix</comment>
"""
    if version == "0.8":
        # 0.8 writes the content model and format before the text.
        return head + f"""      <model>{model}</model>
      <format>{fmt}</format>
      <text xml:space="preserve">{body}</text>
      <sha1>abc</sha1>
    </revision>
"""
    if version == "0.11":
        # 0.11: origin, text attributes, and other slots as <content> (ignored: main slot only).
        return head + f"""      <origin>{rev_id}</origin>
      <model>{model}</model>
      <format>{fmt}</format>
      <text bytes="{len(text.encode())}" sha1="abc" xml:space="preserve">{body}</text>
      <sha1>abc</sha1>{slot}
    </revision>
"""
    return head + f"""      <text xml:space="preserve" bytes="{len(text.encode())}">{body}</text>
      <sha1>abc</sha1>
      <model>{model}</model>
      <format>{fmt}</format>
    </revision>
"""


def _page(version: str, title: str, page_id: int, text: str = "", ns: int = 0, model: str = "wikitext",
          redirect: str | None = None, revisions: list[tuple[int, str, str]] | None = None, slot: str = "") -> str:
    revisions = revisions or [(page_id * 10, "2020-01-01T00:00:00Z", text)]
    redirect_xml = f'    <redirect title="{html.escape(redirect)}" />\n' if redirect else ""
    body = "".join(_revision(version, r, ts, t, model, slot) for r, ts, t in revisions)
    return f"""  <page>
    <title>{html.escape(title, quote=False)}</title>
    <ns>{ns}</ns>
    <id>{page_id}</id>
{redirect_xml}{body}  </page>
"""


def _export(version: str, pages: list[str], prolog: str = "") -> bytes:
    return (
        f"""{prolog}<mediawiki xmlns="http://www.mediawiki.org/xml/export-{version}/" """
        f"""xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="{version}" xml:lang="en">
  <siteinfo>
    <sitename>Testwiki</sitename>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="10" case="first-letter">Template</namespace>
    </namespaces>
  </siteinfo>
""" + "".join(pages) + "</mediawiki>\n"
    ).encode("utf-8")


def _mixed(version: str) -> bytes:
    """An export with one page of each kind the filters care about."""
    return _export(version, [
        _page(version, "Alpha & Omega", 1, "'''Alpha''' is <b>first</b>. ü€𝄞"),
        _page(version, "Old name", 2, "#REDIRECT [[Alpha & Omega]]", redirect="Alpha & Omega"),
        _page(version, "Template:Box", 3, "{{{1}}}", ns=10),
        _page(version, "Module:Util", 4, "return {}", ns=828, model="Scribunto"),
        _page(version, "MediaWiki:Common.css", 5, "body {}", ns=8, model="css"),
        _page(version, "MediaWiki:Common.js", 6, "var x;", ns=8, model="javascript"),
        _page(version, "Data", 7, "{}", model="json"),
        _page(version, "Blank", 8, "   "),
        _page(version, "Beta", 9, "Beta text."),
    ])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _titles(source) -> list[str]:
    return [page.title for page in source]


def _random_pages(count: int, words: int = 300, seed: int = 1) -> bytes:
    """An export whose text compresses about as badly as real prose (for damage tests)."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(5000)]
    pages = [_page("0.10", f"Page {i}", i + 1, " ".join(rng.choices(vocabulary, k=words))) for i in range(count)]
    return _export("0.10", pages)


# -- XML exports: schema versions, fields, filters ---------------------------------------


@pytest.mark.parametrize("version", ["0.8", "0.9", "0.10", "0.11"])
def test_schema_versions_read_every_field(tmp_path, version):
    path = _write(tmp_path / f"export-{version}.xml", _mixed(version))
    source = open_source(path, EVERYTHING)
    assert isinstance(source, XmlDumpSource)
    pages = list(source)
    assert len(pages) == 9
    first = pages[0]
    assert first == Page(1, "Alpha & Omega", 0, 10, "2020-01-01T00:00:00Z", None, "wikitext",
                         "'''Alpha''' is <b>first</b>. ü€𝄞")
    assert pages[1].redirect == "Alpha & Omega"
    assert [p.model for p in pages[3:7]] == ["Scribunto", "css", "javascript", "json"]
    assert version in source.describe() and str(path) in source.describe()


def test_schema_0_11_reads_the_main_slot_only(tmp_path):
    slot = """
      <content>
        <role>mediainfo</role>
        <origin>99</origin>
        <model>json</model>
        <format>application/json</format>
        <text bytes="2" sha1="x">{"other": "slot"}</text>
      </content>"""
    path = _write(tmp_path / "slots.xml", _export("0.11", [_page("0.11", "Slots", 1, "Main text.", slot=slot)]))
    [page] = open_source(path)
    assert (page.text, page.model) == ("Main text.", "wikitext")


def test_default_filters_and_typed_skip_counts(tmp_path):
    source = open_source(_write(tmp_path / "mixed.xml", _mixed("0.10")))
    assert _titles(source) == ["Alpha & Omega", "Beta"]
    stats = source.stats
    assert isinstance(stats, SourceStats)
    assert (stats.pages_seen, stats.pages_emitted, stats.pages_skipped) == (9, 2, 7)
    assert stats.skipped == {
        SkipReason.REDIRECT: 1,
        SkipReason.NAMESPACE: 4,  # template, module, the two MediaWiki: pages
        SkipReason.CONTENT_MODEL: 1,  # json in the main namespace
        SkipReason.EMPTY: 1,
    }
    assert stats.skipped_models == {"json": 1}
    assert stats.summary() == "9 pages read, 2 passed on; skipped: 4 namespace, 1 content model, 1 empty, 1 redirect"


def test_content_models_other_than_wikitext_are_skipped_and_counted(tmp_path):
    source = open_source(_write(tmp_path / "mixed.xml", _mixed("0.11")), SourceOptions(namespaces=None))
    assert _titles(source) == ["Alpha & Omega", "Template:Box", "Beta"]
    assert source.stats.count(SkipReason.CONTENT_MODEL) == 4
    assert source.stats.skipped_models == {"Scribunto": 1, "css": 1, "javascript": 1, "json": 1}


def test_namespaces_are_selectable(tmp_path):
    path = _write(tmp_path / "mixed.xml", _mixed("0.10"))
    assert _titles(open_source(path, SourceOptions(namespaces=[10]))) == ["Template:Box"]
    assert _titles(open_source(path, SourceOptions(namespaces={0, 10}))) == ["Alpha & Omega", "Template:Box", "Beta"]
    everything = open_source(path, SourceOptions(namespaces=None, models=None))
    assert len(list(everything)) == 7  # all but the redirect and the blank page


def test_redirects_are_skipped_by_default_and_can_be_emitted(tmp_path):
    path = _write(tmp_path / "mixed.xml", _mixed("0.10"))
    source = open_source(path, SourceOptions(redirects=True))
    pages = list(source)
    assert [p.title for p in pages] == ["Alpha & Omega", "Old name", "Beta"]
    assert pages[1].redirect == "Alpha & Omega" and pages[0].redirect is None
    assert source.stats.count(SkipReason.REDIRECT) == 0


def test_latest_revision_by_timestamp_unless_all_are_asked_for(tmp_path):
    revisions = [
        (101, "2019-05-01T00:00:00Z", "middle"),
        (102, "2021-01-01T00:00:00Z", "newest"),
        (100, "2010-01-01T00:00:00Z", "oldest"),
    ]
    path = _write(tmp_path / "history.xml", _export("0.10", [_page("0.10", "H", 1, revisions=revisions)]))
    [latest] = open_source(path)
    assert (latest.revision_id, latest.timestamp, latest.text) == (102, "2021-01-01T00:00:00Z", "newest")
    every = list(open_source(path, SourceOptions(revisions=Revisions.ALL)))
    assert [p.revision_id for p in every] == [101, 102, 100]
    assert {p.id for p in every} == {1}


def test_deleted_text_is_counted_as_empty(tmp_path):
    xml = _export("0.11", [_page("0.11", "Gone", 1, "x"), _page("0.11", "Kept", 2, "y")])
    xml = xml.replace(b'<text bytes="1" sha1="abc" xml:space="preserve">x</text>', b'<text deleted="deleted" />')
    source = open_source(_write(tmp_path / "deleted.xml", xml))
    assert _titles(source) == ["Kept"]
    assert source.stats.count(SkipReason.EMPTY) == 1


def test_a_plain_doctype_without_entities_is_accepted(tmp_path):
    path = _write(tmp_path / "doctype.xml", _export("0.10", [_page("0.10", "A", 1, "a < b")], "<!DOCTYPE mediawiki>\n"))
    assert [p.text for p in open_source(path)] == ["a < b"]


# -- hostile XML -------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE mediawiki [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<mediawiki version="0.10"><page><title>Laughs</title><ns>0</ns><id>1</id>
<revision><id>1</id><text>&lol9;</text></revision></page></mediawiki>
"""


def test_billion_laughs_is_refused(tmp_path):
    path = _write(tmp_path / "laughs.xml", BILLION_LAUGHS)
    with pytest.raises(SourceError) as caught:
        list(open_source(path))
    assert caught.value.kind == "unsafe"
    assert str(path) in str(caught.value) and "declares an entity 'lol'" in str(caught.value)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        '<!DOCTYPE mediawiki [<!ENTITY % remote SYSTEM "file://{secret}"> %remote;]>',
        '<!DOCTYPE mediawiki SYSTEM "file://{secret}">',
    ],
    ids=["external-entity", "parameter-entity", "external-dtd"],
)
def test_external_entities_are_refused_and_nothing_is_fetched(tmp_path, doctype):
    secret = _write(tmp_path / "secret.txt", b"TOP-SECRET")
    xml = (
        f'<?xml version="1.0"?>\n{doctype.format(secret=secret)}\n'
        '<mediawiki version="0.10"><page><title>X</title><ns>0</ns><id>1</id>'
        "<revision><id>1</id><text>&xxe;</text></revision></page></mediawiki>"
    ).encode()
    path = _write(tmp_path / "xxe.xml", xml)
    with pytest.raises(SourceError) as caught:
        for page in open_source(path, EVERYTHING):
            assert "TOP-SECRET" not in page.text
    assert caught.value.kind == "unsafe"
    assert str(path) in str(caught.value) and "external" in str(caught.value)


def test_an_undeclared_entity_is_an_error_not_an_expansion(tmp_path):
    path = _write(tmp_path / "undeclared.xml", _export("0.10", [_page("0.10", "A", 1, "x")]).replace(b">x<", b">&nbsp;<"))
    with pytest.raises(SourceError, match="undefined entity") as caught:
        list(open_source(path))
    assert caught.value.kind == "xml" and str(path) in str(caught.value)


# -- bad files -----------------------------------------------------------------------------


def test_a_missing_file_names_itself(tmp_path):
    path = tmp_path / "nowhere.xml.bz2"
    with pytest.raises(SourceError, match="nowhere.xml.bz2: no such file") as caught:
        open_source(path)
    assert caught.value.kind == "missing"
    assert isinstance(caught.value, FileError)  # the CLI's one-line error path catches it


def test_an_empty_xml_file(tmp_path):
    with pytest.raises(SourceError, match=r"empty\.xml: empty: no XML in it"):
        list(open_source(_write(tmp_path / "empty.xml", b"")))


def test_a_folder_without_wiki_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SourceError, match="this folder looks like none of them"):
        open_source(tmp_path)


def test_source_errors_survive_the_trip_from_a_worker_process(tmp_path):
    error = SourceError(f"{tmp_path}/x.xml.bz2: truncated", tmp_path / "x.xml.bz2", "truncated", 1234)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.path, copy.kind, copy.offset) == (str(error), error.path, "truncated", 1234)


def test_lines_are_the_same_however_the_bytes_are_chunked():
    rng = random.Random(5)
    for _ in range(3000):
        data = bytes(rng.choice(b"ab\n\r") for _ in range(rng.randint(0, 30)))
        cuts = sorted(rng.choices(range(len(data) + 1), k=rng.randint(0, 6)))
        chunks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
        expected, offset = [], 7
        for line in data.split(b"\n")[: -1 if data.endswith(b"\n") or not data else None]:
            expected.append((offset, line.rstrip(b"\r")))
            offset += len(line) + 1
        assert list(lines(iter(chunks), 7)) == expected, (data, chunks)


def test_a_text_file_called_xml_is_not_xml(tmp_path):
    path = _write(tmp_path / "notes.xml", b"just some notes, not XML\n")
    with pytest.raises(SourceError, match=r"notes\.xml: not well-formed XML at line 1, column 0") as caught:
        list(open_source(path))
    assert caught.value.kind == "xml"


def test_xml_that_is_not_a_mediawiki_export(tmp_path):
    path = _write(tmp_path / "page.xml", b"<html><body>hi</body></html>")
    with pytest.raises(SourceError, match=r"page\.xml: not a MediaWiki XML export \(the root element is <html>"):
        list(open_source(path))


def test_an_unknown_file_is_refused_naming_it(tmp_path):
    path = _write(tmp_path / "blob.dat", bytes(range(256)) * 4)
    with pytest.raises(SourceError, match=r"blob\.dat: not an input this reader knows") as caught:
        open_source(path)
    assert caught.value.kind == "format"


def test_a_truncated_plain_xml_keeps_the_pages_before(tmp_path):
    xml = _random_pages(20, words=50)
    cut = xml.index(b"<title>Page 15</title>")
    path = _write(tmp_path / "cut.xml", xml[:cut])
    seen = []
    with pytest.raises(SourceError, match=r"cut\.xml: not well-formed XML"):
        seen.extend(p.title for p in open_source(path))
    assert seen == [f"Page {i}" for i in range(15)]


# -- compression -----------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [bz2.compress, gzip.compress], ids=["bz2", "gzip"])
def test_compression_is_found_by_magic_bytes_not_suffix(tmp_path, compress):
    data = compress(_mixed("0.10"))
    for name in ("mixed.xml", "mixed.xml.bz2", "mixed.xml.gz", "mixed.dump"):
        assert _titles(open_source(_write(tmp_path / name, data))) == ["Alpha & Omega", "Beta"]


@pytest.fixture(scope="module")
def damage_xml() -> bytes:
    return _random_pages(600, words=150)


@pytest.fixture(scope="module")
def damage_titles(damage_xml) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", damage_xml.decode())


@pytest.mark.parametrize(
    "name, compress",
    [("dump.xml.bz2", lambda d: bz2.compress(d, 1)), ("dump.xml.gz", lambda d: gzip.compress(d, 1))],
    ids=["bz2", "gzip"],
)
def test_truncated_compression_yields_pages_then_names_file_and_byte(tmp_path, damage_xml, damage_titles, name, compress):
    data = compress(damage_xml)
    cut = len(data) * 2 // 3
    path = _write(tmp_path / name, data[:cut])
    seen = []
    with pytest.raises(SourceError) as caught:
        seen.extend(p.title for p in open_source(path))
    error = caught.value
    assert error.kind == "truncated" and error.offset == cut
    assert str(path) in str(error) and f"byte {cut}" in str(error)
    assert len(seen) > len(damage_titles) // 3, "pages before the damage were not yielded"
    assert seen == damage_titles[: len(seen)]


@pytest.mark.parametrize(
    "name, compress",
    [("dump.xml.bz2", lambda d: bz2.compress(d, 1)), ("dump.xml.gz", lambda d: gzip.compress(d, 1))],
    ids=["bz2", "gzip"],
)
def test_corrupt_compression_yields_pages_then_names_file_and_byte(tmp_path, damage_xml, damage_titles, name, compress):
    data = bytearray(compress(damage_xml))
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # zeros where compressed data was
    path = _write(tmp_path / name, bytes(data))
    seen = []
    with pytest.raises(SourceError) as caught:
        seen.extend(p.title for p in open_source(path))
    error = caught.value
    assert error.kind == "corrupt"
    assert str(path) in str(error) and f"byte {error.offset}" in str(error)
    assert middle <= error.offset <= len(data)
    assert seen and seen == damage_titles[: len(seen)]
    assert len(seen) < len(damage_titles)


def test_garbage_after_a_complete_bz2_stream_is_an_error_not_the_end(tmp_path, damage_xml):
    data = bz2.compress(_mixed("0.10")) + b"this is not bz2"
    with pytest.raises(SourceError, match="corrupt bz2 data"):
        list(open_source(_write(tmp_path / "tail.xml.bz2", data)))


def test_memory_stays_flat_on_a_large_stream(tmp_path):
    # Highly compressible on purpose: a reader that decompressed or parsed whole
    # (or let expat's buffer grow) would hold ~12 MB here.
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40
    pages = [_page("0.10", f"Page {i}", i + 1, f"{i} {filler}") for i in range(5000)]
    xml = _export("0.10", pages)
    assert len(xml) > 12_000_000
    path = _write(tmp_path / "big.xml.gz", gzip.compress(xml, 1))
    source = open_source(path)
    tracemalloc.start()
    try:
        count = sum(1 for _ in source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 5000
    assert peak < 3_000_000, f"peak {peak / 1e6:.1f} MB while streaming a {len(xml) / 1e6:.0f} MB dump"


# -- multistream -----------------------------------------------------------------------------


def build_multistream(
    xml: bytes, folder: Path, name: str, pages_per_stream: int = 10, separate_ends: bool = True
) -> tuple[Path, Path]:
    """Cut an export into a Wikimedia-style multistream dump and its index.

    Like the real dumps: the header (<mediawiki>, <siteinfo>) is a stream of its
    own, then groups of pages each compressed as one bz2 stream, then a stream
    holding only </mediawiki>; the index has OFFSET:PAGE_ID:TITLE per page.
    Without ``separate_ends``, the header shares the first stream and the
    footer the last (so the first stream's offset is 0).
    """
    text = xml.decode("utf-8")
    first = text.index("<page>")
    first = text.rfind("\n", 0, first) + 1
    last = text.rindex("</mediawiki>")
    pages = [p for p in re.split(r"(?m)^(?=\s*<page>)", text[first:last]) if p.strip()]
    dump = folder / f"{name}-multistream.xml.bz2"
    index_lines = []
    header, footer = text[:first], text[last:]
    with dump.open("wb") as out:
        if separate_ends:
            out.write(bz2.compress(header.encode()))
        for i in range(0, len(pages), pages_per_stream):
            offset = out.tell()
            group = pages[i : i + pages_per_stream]
            for page in group:
                title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
                page_id = re.search(r"<id>(\d+)</id>", page).group(1)
                index_lines.append(f"{offset}:{page_id}:{title}\n")
            head = "" if separate_ends or i else header
            tail = "" if separate_ends or i + pages_per_stream < len(pages) else footer
            out.write(bz2.compress((head + "".join(group) + tail).encode()))
        if separate_ends:
            out.write(bz2.compress(footer.encode()))
    index = folder / f"{name}-multistream-index.txt.bz2"
    index.write_bytes(bz2.compress("".join(index_lines).encode()))
    return dump, index


@pytest.fixture
def small_multistream(tmp_path) -> Path:
    pages = [_page("0.10", f"Page {i}", i + 1, f"Text {i}.", redirect="Page 0" if i % 7 == 3 else None) for i in range(45)]
    dump, _ = build_multistream(_export("0.10", pages), tmp_path, "small", pages_per_stream=4)
    return dump


def _read_part(part) -> tuple[list[Page], SourceStats]:
    """Read a part in a worker process (module level, so it pickles)."""
    pages = list(part)
    return pages, part.stats


def test_multistream_is_detected_and_reads_like_the_plain_dump(small_multistream):
    source = open_source(small_multistream)
    assert isinstance(source, MultistreamSource)
    pages = list(source)
    assert len(pages) == 45 - 6  # six redirects skipped
    assert source.stats.count(SkipReason.REDIRECT) == 6
    assert "multistream" in source.describe() and small_multistream.name in source.describe()


def test_plain_dump_beside_a_multistream_dump_is_not_read_through_its_index(small_multistream):
    # Wikimedia publishes x.xml.bz2 and x-multistream.xml.bz2 with
    # x-multistream-index.txt.bz2 side by side: that index is the multistream dump's.
    pages = list(open_source(small_multistream))
    plain = small_multistream.with_name("small.xml.bz2")
    plain.write_bytes(bz2.compress(bz2.decompress(small_multistream.read_bytes())))
    source = open_source(plain)
    assert not isinstance(source, MultistreamSource)
    assert [p.title for p in source] == [p.title for p in pages]


def test_multistream_random_access_by_title(small_multistream):
    source = open_source(small_multistream)
    page = source.find("Page 30")
    assert (page.title, page.id, page.text) == ("Page 30", 31, "Text 30.")
    assert source.find("Page_3").redirect == "Page 0"  # underscores work; filters do not apply
    assert source.find("Page 44").text == "Text 44."  # the last stream, before the footer
    assert source.find("No such page") is None


def test_multistream_parts_read_independently_in_other_processes(small_multistream):
    source = open_source(small_multistream, SourceOptions(redirects=True))
    whole = list(source)
    parts = source.parts(target_bytes=300)
    assert len(parts) > 3
    # Any order, any process: together they give the same pages and counts.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(pool.map(_read_part, reversed([pickle.loads(pickle.dumps(p)) for p in parts])))
    pages = [page for part_pages, _ in reversed(results) for page in part_pages]
    assert pages == whole
    total = SourceStats()
    for _, stats in results:
        total = total.merge(stats)
    assert (total.pages_seen, total.pages_emitted) == (source.stats.pages_seen, source.stats.pages_emitted)


def test_multistream_one_part_when_target_is_large(small_multistream):
    source = open_source(small_multistream)
    [part] = source.parts()
    assert list(part) == list(source)


def test_multistream_whose_header_and_footer_share_page_streams(tmp_path):
    pages = [_page("0.11", f"Page {i}", i + 1, f"Text {i}.") for i in range(9)]
    dump, _ = build_multistream(_export("0.11", pages), tmp_path, "shared-ends", 4, separate_ends=False)
    source = open_source(dump)
    assert source.stream_offsets()[0] == 0
    parts = source.parts(target_bytes=1)
    assert len(parts) == 3
    assert [p.title for part in parts for p in part] == [f"Page {i}" for i in range(9)]
    assert source.find("Page 0").text == "Text 0." and source.find("Page 8").text == "Text 8."


def test_multistream_find_by_scanning_or_from_a_loaded_table(tmp_path):
    titles = ["Help:Box", "Box", "A:B:C", "B:C", "Ünïcode"]
    pages = [_page("0.10", t, i + 1, f"Text of {t}.") for i, t in enumerate(titles)]
    dump, _ = build_multistream(_export("0.10", pages), tmp_path, "find", pages_per_stream=2)
    scanning = open_source(dump)
    loaded = open_source(dump)
    loaded.load_titles()
    for source in (scanning, loaded):
        # "Box" is also the end of the line for "Help:Box", met first in the index.
        assert [source.find(t).text for t in titles] == [f"Text of {t}." for t in titles]
        assert source.find("C") is None and source.find("Bo") is None


def test_broken_xml_in_a_multistream_part_names_the_part(tmp_path):
    pages = [_page("0.10", f"Page {i}", i + 1, f"Text {i}.") for i in range(6)]
    xml = _export("0.10", pages).replace(b"<title>Page 4</title>\n    <ns>0</ns>", b"<title>Page 4</title>\n    <ns>0</nz>")
    dump, _ = build_multistream(xml, tmp_path, "broken", pages_per_stream=3)
    first, second = open_source(dump).parts(target_bytes=1)
    assert [p.title for p in first] == ["Page 0", "Page 1", "Page 2"]
    with pytest.raises(SourceError, match=rf"mismatched tag \(in bytes {second.start}–{dump.stat().st_size} of multistream"):
        list(second)


def test_a_bad_index_line_names_the_index(tmp_path, small_multistream):
    index = small_multistream.with_name("small-multistream-index.txt.bz2")
    index.write_bytes(bz2.compress(b"12:1:Fine\nnot an index line\n"))
    with pytest.raises(SourceError, match=r"small-multistream-index\.txt\.bz2: line 2 is not OFFSET:PAGE_ID:TITLE"):
        list(read_index(index))
    with pytest.raises(SourceError, match=r"small-multistream-index\.txt\.bz2: line 2 is not OFFSET:PAGE_ID:TITLE"):
        open_source(small_multistream).parts()


@pytest.fixture(scope="module", params=["0.10", "0.9"])
def shared_dump(request) -> Path:
    corpus.require(corpus.DUMPS)
    found = [p for p in sorted(corpus.DUMPS.iterdir()) if f'version="{request.param}"'.encode() in _head(p)]
    if not found:
        pytest.skip(f"no shared dump of schema {request.param} in {corpus.DUMPS}")
    return found[0]


def _head(path: Path) -> bytes:
    with bz2.open(path) as f:
        return f.read(1000)


def _expected_pages(path: Path) -> list[tuple[str, int, str]]:
    """(title, ns, text) of every page, found with regular expressions, not expat."""
    text = bz2.decompress(path.read_bytes()).decode("utf-8")
    found = []
    for page in re.findall(r"<page>.*?</page>", text, re.S):
        title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
        ns = int(re.search(r"<ns>(-?\d+)</ns>", page).group(1))
        body = re.search(r"<text[^>]*>(.*?)</text>", page, re.S)
        found.append((title, ns, html.unescape(body.group(1)) if body else ""))
    return found


@pytest.mark.slow
@pytest.mark.corpus
def test_shared_dumps_read_completely(shared_dump):
    expected = _expected_pages(shared_dump)
    source = open_source(shared_dump, EVERYTHING)
    pages = list(source)
    assert [(p.title, p.namespace, p.text) for p in pages] == expected
    assert source.stats.bytes_read == shared_dump.stat().st_size
    default = open_source(shared_dump)
    kept = list(default)
    stats = default.stats
    assert stats.pages_seen == len(expected)
    assert stats.pages_emitted == len(kept) == len(expected) - stats.pages_skipped
    redirects = sum(1 for p in pages if p.redirect is not None and p.namespace == 0)
    assert stats.count(SkipReason.REDIRECT) == redirects > 0
    assert all(p.namespace == 0 and p.redirect is None and p.model == "wikitext" for p in kept)


@pytest.mark.slow
@pytest.mark.corpus
def test_multistream_built_from_a_shared_dump(tmp_path, shared_dump):
    xml = bz2.decompress(shared_dump.read_bytes())
    dump, index = build_multistream(xml, tmp_path, "shared", pages_per_stream=2 if len(xml) < 100_000 else 25)
    source = open_source(dump)
    assert isinstance(source, MultistreamSource) and source.index == index
    whole = list(open_source(shared_dump))
    assert list(source) == whole
    parts = source.parts(target_bytes=max(1, dump.stat().st_size // 4))
    assert len(parts) >= 2
    assert [page for part in parts for page in part] == whole
    target = whole[-1]
    assert source.find(target.title) == target
    entries = list(read_index(index))
    assert len(entries) == len(_expected_pages(shared_dump))


# -- JSON lines ------------------------------------------------------------------------------


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def test_json_lines_fields_and_defaults(tmp_path):
    records = [
        {"title": "Alpha", "text": "Alpha text ü.", "id": 1, "revision_id": "11", "timestamp": "2020-01-01T00:00:00Z"},
        {"title": "Old", "text": "#REDIRECT [[Alpha]]"},
        {"title": "Template:Box", "text": "{{{1}}}"},
        {"title": "Talk page", "text": "chat", "ns": 1},
        {"title": "Module:X", "text": "return {}", "model": "Scribunto"},
    ]
    path = _write(tmp_path / "pages.jsonl", _jsonl(records) + b"\n")
    source = open_source(path, EVERYTHING)
    assert isinstance(source, JsonLinesSource)
    pages = list(source)
    assert pages[0] == Page(1, "Alpha", 0, 11, "2020-01-01T00:00:00Z", None, "wikitext", "Alpha text ü.")
    assert pages[1].redirect == "Alpha"
    assert [p.namespace for p in pages] == [0, 0, 10, 1, 828]
    assert pages[4].model == "Scribunto"
    default = open_source(path)
    assert _titles(default) == ["Alpha"]
    assert default.stats.skipped == {SkipReason.REDIRECT: 1, SkipReason.NAMESPACE: 3}


def test_json_lines_found_by_content_and_compressed(tmp_path):
    data = gzip.compress(_jsonl([{"title": "A", "text": "a"}]))
    source = open_source(_write(tmp_path / "pages.data", data))
    assert isinstance(source, JsonLinesSource) and _titles(source) == ["A"]
    assert source.parts(target_bytes=1) == [source]  # compressed: one part


def test_json_lines_parts_split_at_line_boundaries(tmp_path):
    records = [{"title": f"P{i}", "text": "x" * (i % 13 + 1)} for i in range(200)]
    path = _write(tmp_path / "pages.jsonl", _jsonl(records))
    source = open_source(path)
    for target in (1, 7, 50, 333, 10_000):
        parts = source.parts(target_bytes=target)
        assert [p.title for part in parts for p in pickle.loads(pickle.dumps(part))] == [f"P{i}" for i in range(200)]


@pytest.mark.parametrize(
    "line, problem",
    [(b"{not json", "is not valid JSON"), (b"[1, 2]", "is not a JSON object"),
     (b'{"title": "A"}', 'needs string fields "title" and "text"'),
     (b'{"title": "A", "text": "a", "ns": "main"}', "field 'ns' should be int")],
)
def test_a_bad_json_line_names_file_and_byte(tmp_path, line, problem):
    good = _jsonl([{"title": "Good", "text": "g"}])
    path = _write(tmp_path / "bad.jsonl", good + line + b"\n")
    seen = []
    with pytest.raises(SourceError) as caught:
        seen.extend(p.title for p in open_source(path))
    assert seen == ["Good"]
    message = str(caught.value)
    assert message.startswith(f"{path}: line 2 (byte {len(good)})") and problem in message
    assert caught.value.offset == len(good)
    # In a part that starts mid-file the line number is unknown; the byte is not.
    part = JsonLinesSource(path, None, start=len(good) - 1)
    with pytest.raises(SourceError, match=f"bad.jsonl: the line at byte {len(good)}[: ]"):
        list(part)


# -- folders of .wiki files -------------------------------------------------------------------


def test_a_folder_of_wiki_files(tmp_path):
    folder = tmp_path / "pages"
    (folder / "Star_Wars").mkdir(parents=True)
    (folder / "Alpha.wiki").write_text("'''Alpha''' text.", encoding="utf-8")
    (folder / "Star_Wars" / "Episode_I.wiki").write_text("Subpage.", encoding="utf-8")
    (folder / "Old.wiki").write_text("#redirect [[Alpha]]", encoding="utf-8")
    (folder / "Template:Box.wiki").write_text("{{{1}}}", encoding="utf-8")
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    source = open_source(folder)
    assert isinstance(source, WikiFolderSource)
    assert _titles(source) == ["Alpha", "Star Wars/Episode I"]
    assert source.stats.skipped == {SkipReason.REDIRECT: 1, SkipReason.NAMESPACE: 1}
    every = {p.title: p for p in open_source(folder, EVERYTHING)}
    assert every["Old"].redirect == "Alpha" and every["Template:Box"].namespace == 10
    parts = source.parts(target_bytes=1)
    assert len(parts) == 4
    assert [p.title for part in parts for p in pickle.loads(pickle.dumps(part))] == ["Alpha", "Star Wars/Episode I"]
    assert "4 .wiki files" in source.describe()


def test_one_wiki_file_and_a_bad_one(tmp_path):
    good = tmp_path / "Good_page.wiki"
    good.write_text("Fine.", encoding="utf-8")
    assert [(p.title, p.text) for p in open_source(good)] == [("Good page", "Fine.")]
    bad = _write(tmp_path / "Bad.wiki", b"caf\xe9")
    with pytest.raises(SourceError, match=r"Bad\.wiki: not valid UTF-8"):
        list(open_source(bad))


@pytest.mark.corpus
def test_the_shared_article_folder(corpus_dir):
    source = open_source(corpus_dir, SourceOptions(namespaces=None, redirects=True))
    pages = list(source)
    assert len(pages) == len(corpus.articles())
    assert pages[0].text == corpus.read(corpus.articles()[0])


# -- choosing and options ---------------------------------------------------------------------


def test_format_can_be_forced_and_unknown_names_are_refused(tmp_path):
    path = _write(tmp_path / "pages.txt", _jsonl([{"title": "A", "text": "a"}]))
    assert _titles(open_source(path, SourceOptions(format="jsonl"))) == ["A"]
    with pytest.raises(SourceError, match="unknown input format 'csv' \\(known: multistream, xml, jsonl, wiki\\)"):
        open_source(path, SourceOptions(format="csv"))


def test_bytes_read_reaches_the_size_of_every_source_and_part(tmp_path, small_multistream):
    folder = tmp_path / "wiki"
    folder.mkdir()
    for name in ("A", "B", "Template:C"):
        (folder / f"{name}.wiki").write_text(f"Text {name}.", encoding="utf-8")
    sources = [
        open_source(small_multistream),
        open_source(_write(tmp_path / "p.jsonl", _jsonl([{"title": f"P{i}", "text": "x"} for i in range(50)]))),
        open_source(_write(tmp_path / "p.jsonl.gz", gzip.compress(_jsonl([{"title": "P", "text": "x"}])))),
        open_source(folder),
        open_source(_write(tmp_path / "m.xml", _mixed("0.10"))),
    ]
    for source in sources:
        list(source)
        assert source.stats.bytes_read == source.size_bytes() > 0, source.describe()
        parts = source.parts(target_bytes=200)
        for part in parts:
            list(part)
            assert part.stats.bytes_read == part.size_bytes(), part.describe()
        assert sum(part.size_bytes() for part in parts) == source.size_bytes()


def test_pages_options_and_stats_pickle():
    page = Page(1, "A", 0, 2, "2020-01-01T00:00:00Z", None, "wikitext", "text")
    options = SourceOptions(namespaces=[0, 14], revisions="all")
    assert options.namespaces == frozenset({0, 14}) and options.revisions is Revisions.ALL
    stats = SourceStats(3, 1, {SkipReason.REDIRECT: 2})
    for value in (page, options, stats):
        assert pickle.loads(pickle.dumps(value)) == value
    with pytest.raises(AttributeError):
        page.title = "B"  # type: ignore[misc]


def test_sources_reread_with_fresh_stats(tmp_path):
    source = open_source(_write(tmp_path / "mixed.xml", _mixed("0.10")))
    first, second = list(source), list(source)
    assert first == second and source.stats.pages_seen == 9
