"""The Pages panel's reader (no Qt): listing dumps, reading pages back, multistream lookups."""

from __future__ import annotations

import pytest

from batch_helpers import small_dump, small_multistream
from bench import corpus
from wikinorm.core.sources import SourceError, open_source
from wikinorm.gui.dump_listing import EVERYTHING, DumpListing, entry_of, is_dump, page_file_name


def listed(listing: DumpListing) -> list:
    steps = list(listing.steps())
    assert steps[-1].bytes_done == steps[-1].bytes_total
    return steps


def test_plain_dump_lists_every_page_in_order_and_reads_each_back(tmp_path):
    dump = small_dump(tmp_path)
    pages = list(open_source(dump, EVERYTHING))
    listing = DumpListing(dump)
    steps = listed(listing)
    assert [e for s in steps for e in s.new] == [entry_of(n, p) for n, p in enumerate(pages)]
    assert any(e.redirect for e in listing.entries) and any(e.namespace == 14 for e in listing.entries)
    assert listing.read_page(7) == pages[7]


def test_pages_past_the_text_budget_are_read_again(tmp_path):
    dump = small_dump(tmp_path)
    pages = list(open_source(dump, EVERYTHING))
    listing = DumpListing(dump, text_budget=0)
    listed(listing)
    assert listing.read_page(len(pages) - 1) == pages[-1]
    assert listing.last_read_bytes > 0  # read from the dump, not kept


def test_multistream_is_listed_from_its_index_first_then_filled(tmp_path):
    dump = small_multistream(tmp_path)
    pages = list(open_source(dump, EVERYTHING))
    listing = DumpListing(dump)
    assert listing.multistream
    steps = iter(listing.steps())
    first = next(steps)
    assert first.bytes_done == 0 and first.new and all(e.size is None for e in first.new)
    rest = list(steps)
    assert len(listing.entries) == len(pages)
    assert listing.entries == [entry_of(n, p) for n, p in enumerate(pages)]
    assert sum(len(s.filled) for s in rest) == len(pages)
    assert not any(s.new for s in rest)


def test_multistream_page_is_read_from_its_own_stream(tmp_path):
    dump = small_multistream(tmp_path, kb=120)
    pages = list(open_source(dump, EVERYTHING))
    listing = DumpListing(dump, text_budget=0)
    listed(listing)
    last = len(pages) - 1
    assert listing.read_page(last) == pages[last]
    assert 0 < listing.last_read_bytes < dump.stat().st_size / 5


def test_multistream_title_is_found_without_reading_the_dump_through(tmp_path):
    dump = small_multistream(tmp_path, kb=120)
    pages = list(open_source(dump, EVERYTHING))
    listing = DumpListing(dump)  # nothing listed yet
    number, page = listing.find(pages[-3].title.replace(" ", "_"))
    assert number is None and page == pages[-3]
    assert 0 < listing.last_read_bytes < dump.stat().st_size / 5
    assert listing.find("No such title") is None


def test_find_is_for_multistream_dumps_only(tmp_path):
    listing = DumpListing(small_dump(tmp_path))
    assert listing.find("Topic 1") is None


def test_what_counts_as_a_dump(tmp_path):
    assert is_dump(small_dump(tmp_path))
    wiki = tmp_path / "page.wiki"
    wiki.write_text("<div>'''Bold'''</div>", encoding="utf-8")
    text = tmp_path / "notes.txt"
    text.write_text("<ref>x</ref> text", encoding="utf-8")
    export = tmp_path / "export"
    export.write_text('<?xml version="1.0"?>\n<mediawiki version="0.10"></mediawiki>', encoding="utf-8")
    assert not is_dump(wiki) and not is_dump(text) and is_dump(export)
    assert not is_dump(tmp_path) and not is_dump(tmp_path / "missing.xml")


def test_not_a_dump_is_a_source_error_naming_the_file(tmp_path):
    bad = tmp_path / "broken.xml.bz2"
    bad.write_bytes(b"BZh9 not really")
    with pytest.raises(SourceError, match="broken.xml.bz2"):
        list(DumpListing(bad).steps())


def test_save_as_names_for_titles():
    assert page_file_name("Paris") == "Paris.wiki"
    assert page_file_name("AC/DC: Live?") == "AC_DC_ Live_.wiki"
    assert page_file_name("...") == "page.wiki"


def test_shared_dump_lists_its_pages():
    dumps = sorted(corpus.require(corpus.DUMPS).glob("*.bz2"), key=lambda p: p.stat().st_size)
    listing = DumpListing(dumps[-1])
    listed(listing)
    assert len(listing.entries) == sum(1 for _ in open_source(dumps[-1], EVERYTHING))
    assert listing.entries[0].title == "AccessibleComputing" and listing.entries[0].redirect


@pytest.mark.parametrize("suffix", [".xml", ".xml.gz", ".xml.bz2"])
def test_plain_gzip_and_bz2_dumps_list_the_same_pages(tmp_path, suffix):
    import gzip

    from batch_helpers import ARTICLES
    from bench.dump_builder import write_dump

    plain = tmp_path / "dump.xml"
    write_dump(plain, 30_000, ARTICLES)
    path = tmp_path / f"copy{suffix}"
    data = plain.read_bytes()
    if suffix == ".xml.gz":
        data = gzip.compress(data)
    elif suffix == ".xml.bz2":
        import bz2

        data = bz2.compress(data)
    path.write_bytes(data)
    assert is_dump(path)
    listing = DumpListing(path)
    listed(listing)
    expected = DumpListing(plain)
    listed(expected)
    assert listing.entries == expected.entries and len(listing.entries) > 10
    assert listing.read_page(5) == expected.read_page(5)
