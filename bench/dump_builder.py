"""Build MediaWiki XML dumps of any size from the shared corpus (tests and benchmarks).

The corpus articles are repeated as new pages (new ids and titles: "Title (copy 3)")
until the dump reaches the size asked for, with a redirect and a page in another
namespace now and then so that the skip counts have something to count. Written
plain, bz2, or as a Wikimedia-style multistream dump with its index. Nothing
built here is committed; ``python -m bench.dump_builder OUT.xml.bz2 --mb 50`` builds one.
"""

from __future__ import annotations

import argparse
import bz2
import html
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from bench import corpus

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.41</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"
REDIRECT_EVERY = 10  # every 10th page is a redirect
CATEGORY_EVERY = 25  # every 25th page is in the Category namespace


class Article(NamedTuple):
    """A corpus text to repeat as pages."""

    title: str
    text: str


def corpus_articles(max_bytes: int | None = None) -> list[Article]:
    """The shared corpus articles (at most ``max_bytes`` each, if given), sorted by name."""
    found = []
    for path in corpus.articles():
        text = corpus.read(path)
        if max_bytes is None or len(text.encode("utf-8")) <= max_bytes:
            found.append(Article(path.stem.replace("_", " "), text))
    return found


def page_xml(title: str, page_id: int, text: str, ns: int = 0, redirect: str | None = None) -> str:
    """One ``<page>`` as schema 0.10 writes it."""
    redirect_xml = f'    <redirect title="{html.escape(redirect)}" />\n' if redirect else ""
    return f"""  <page>
    <title>{html.escape(title, quote=False)}</title>
    <ns>{ns}</ns>
    <id>{page_id}</id>
{redirect_xml}    <revision>
      <id>{page_id * 10}</id>
      <parentid>{page_id * 10 - 1}</parentid>
      <timestamp>2024-01-{1 + page_id % 28:02d}T00:00:00Z</timestamp>
      <contributor><username>Builder</username><id>1</id></contributor>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{len(text.encode())}" xml:space="preserve">{html.escape(text, quote=False)}</text>
      <sha1>0</sha1>
    </revision>
  </page>
"""


def pages(articles: list[Article], target_bytes: int) -> Iterator[tuple[int, str, str]]:
    """(id, title, page XML) until the pages add up to ``target_bytes`` of XML."""
    if not articles:
        raise SystemExit(corpus.missing(corpus.ARTICLES))
    written = len(HEADER) + len(FOOTER)
    page_id = 0
    while written < target_bytes:
        article = articles[page_id % len(articles)]
        page_id += 1
        copy = page_id // len(articles)
        title = article.title if copy == 0 else f"{article.title} (copy {copy})"
        if page_id % REDIRECT_EVERY == 0:
            xml = page_xml(title, page_id, f"#REDIRECT [[{article.title}]]", redirect=article.title)
        elif page_id % CATEGORY_EVERY == 0:
            title = f"Category:{title}"
            xml = page_xml(title, page_id, f"Pages about [[{article.title}]].", ns=14)
        else:
            xml = page_xml(title, page_id, article.text)
        written += len(xml.encode("utf-8"))
        yield page_id, title, xml


def write_dump(path: Path, target_bytes: int, articles: list[Article] | None = None) -> int:
    """A dump of about ``target_bytes`` of XML at ``path`` (bz2 if it ends in .bz2); returns the page count."""
    articles = corpus_articles() if articles is None else articles
    opener = bz2.open if path.suffix == ".bz2" else open
    count = 0
    with opener(path, "wt", encoding="utf-8") as out:
        out.write(HEADER)
        for _, _, xml in pages(articles, target_bytes):
            out.write(xml)
            count += 1
        out.write(FOOTER)
    return count


def write_multistream(path: Path, target_bytes: int, articles: list[Article] | None = None, per_stream: int = 100) -> Path:
    """A multistream dump (``…-multistream.xml.bz2``) and its index beside it; returns the index path.

    Like Wikimedia's: the header is a stream of its own, then ``per_stream``
    pages per bz2 stream, then a stream holding the footer.
    """
    articles = corpus_articles() if articles is None else articles
    index_path = path.with_name(path.name.split(".xml")[0] + "-index.txt.bz2")
    index_lines: list[str] = []
    group: list[tuple[int, str, str]] = []
    with path.open("wb") as out:
        out.write(bz2.compress(HEADER.encode()))

        def flush() -> None:
            offset = out.tell()
            index_lines.extend(f"{offset}:{page_id}:{title}\n" for page_id, title, _ in group)
            out.write(bz2.compress("".join(xml for _, _, xml in group).encode()))
            group.clear()

        for page in pages(articles, target_bytes):
            group.append(page)
            if len(group) >= per_stream:
                flush()
        if group:
            flush()
        out.write(bz2.compress(FOOTER.encode()))
    index_path.write_bytes(bz2.compress("".join(index_lines).encode()))
    return index_path


def main() -> None:
    """Build a dump from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="dump path (.xml, .xml.bz2; a -multistream.xml.bz2 with --multistream)")
    parser.add_argument("--mb", type=float, default=50.0, help="size of the XML in MB (default 50)")
    parser.add_argument("--multistream", action="store_true", help="write a multistream dump and its index")
    args = parser.parse_args()
    target = int(args.mb * 1e6)
    if args.multistream:
        index = write_multistream(args.out, target)
        print(f"wrote {args.out} and {index}")
    else:
        print(f"wrote {args.out}: {write_dump(args.out, target)} pages")


if __name__ == "__main__":
    main()
