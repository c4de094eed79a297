"""Small dumps and output readers shared by the batch tests (not a test module)."""

from __future__ import annotations

from pathlib import Path

from bench.dump_builder import Article, write_dump, write_multistream
from wikinorm.core.batch import read_records

# Short pages with a bit of every kind of markup, so rules have edits to count.
ARTICLES = [
    Article(
        f"Topic {i}",
        f"'''Topic {i}''' is a [[subject|thing]] with {{{{cite web|url=x}}}} a note.<ref>Source {i}.</ref>\n"
        f"== Section ==\n* item ''one''\n* item two &amp; more\n"
        + "Plain sentence number {n} about topic {i}. ".replace("{i}", str(i)).format(n=i) * (3 + i % 5)
        + f"\n[[Category:Group {i % 3}]]\n",
    )
    for i in range(12)
]


def small_dump(folder: Path, kb: int = 40, name: str = "small.xml.bz2") -> Path:
    """A bz2 dump of about ``kb`` KB of XML (redirects and Category pages included)."""
    path = folder / name
    write_dump(path, kb * 1000, ARTICLES)
    return path


def small_multistream(folder: Path, kb: int = 40, per_stream: int = 5) -> Path:
    """A multistream dump (with its index) of about ``kb`` KB of XML."""
    path = folder / "small-multistream.xml.bz2"
    write_multistream(path, kb * 1000, ARTICLES, per_stream=per_stream)
    return path


def shard_files(out: Path) -> dict[str, bytes]:
    """Every finished shard's bytes by file name."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("part-*")) if not p.name.endswith(".json")}


def all_records(out: Path) -> list[dict]:
    """The records of every shard, in shard order."""
    return [r for name in shard_files(out) for r in read_records(out / name)]
