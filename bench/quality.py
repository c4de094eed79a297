"""Output quality: markup leaks and prose recall over the shared corpus (a report, not a test).

For every article in ``../shared/corpus/articles`` this runs three systems --
wikinorm's ``plain`` and ``reference`` presets and ``mwparserfromhell``'s
``strip_code`` -- and measures, side by side:

leaks
    Markup remnants in the output (:data:`LEAK_PATTERNS`, one regex per kind):
    template braces, link brackets, table syntax, HTML/extension tags, comments,
    bold/italic quotes glued to words, undecoded entities, file/category
    namespace prefixes, image options, heading markers, behaviour switches,
    ``[http`` brackets. The ``reference`` preset lower-cases and tokenizes, so
    each pattern also matches the tokenized form (``{ {``, ``| }``, ``& amp ;``,
    ``< ! --``, ``file : x.jpg``).

prose recall
    Of the words a reader sees as running prose (:func:`reader_words`: top-level
    text and link labels outside templates, tags, headings and file/category
    links), the share the output keeps: multiset, case-insensitive.

Targets: no article with a leak and recall >= 0.995, for both presets.

Usage: python -m bench.quality [--articles DIR] [--show N] [--lost N] [--json] [--markdown]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import html.entities
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import mwparserfromhell
from mwparserfromhell import nodes as mw

from bench.corpus import ARTICLES
from wikinorm.core.markup_data import (
    BLOCK_TAGS,
    BREAK_TAGS,
    CATEGORY_NAMESPACES,
    FILE_NAMESPACES,
    LANGUAGE_CODES,
    LIST_TAGS,
    LITERAL_TAGS,
    MAGIC_WORDS,
    NON_PROSE_TAGS,
    REFERENCE_LIST_TAGS,
    REFERENCE_TAGS,
    TABLE_TAGS,
)

PRESETS = ("plain", "reference")
TARGET_RECALL = 0.995

# --------------------------------------------------------------------------- leaks


@dataclasses.dataclass(frozen=True)
class Leak:
    """One markup remnant: its kind (a key of LEAK_PATTERNS) and where it is in the output."""

    kind: str
    start: int
    end: int
    snippet: str


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so a prefix never wins early."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_FILE_NS = sorted({name for names in FILE_NAMESPACES.values() for name in names})
_CATEGORY_NS = sorted({name for names in CATEGORY_NAMESPACES.values() for name in names})

# HTML tags MediaWiki accepts, plus extension tags (markup_data's classes).
_HTML_TAGS = set(
    """
    a abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em
    font h1 h2 h3 h4 h5 h6 hr i ins kbd li mark ol p pre q rb rp rt rtc ruby s samp small span
    strike strong sub sup table tbody td tfoot th thead time tr tt u ul var wbr
    onlyinclude noinclude includeonly nowiki poem references ref math gallery
    """.split()
)
_HTML_TAGS |= NON_PROSE_TAGS | LITERAL_TAGS | REFERENCE_TAGS | REFERENCE_LIST_TAGS | TABLE_TAGS
_HTML_TAGS |= LIST_TAGS | BREAK_TAGS | BLOCK_TAGS
_LONG_TAGS = {t for t in _HTML_TAGS if len(t) > 1}

# Named entities: the HTML5 table for the glued form `&name;`; the smaller HTML 4
# table (`amp`, `nbsp`, `ndash`…) for the tokenized `& name ;`, since HTML5 names
# such as `race` turn "Anthropology & Race; …" into a false positive.
_ENTITY_NAMES = {name[:-1] for name in html.entities.html5 if name.endswith(";")}
_ENTITY_NAMES_HTML4 = set(html.entities.name2codepoint)

# Image options that only make sense inside [[File:…|…]].
_FILE_OPTIONS = (
    "thumb thumbnail frame framed frameless border upright left right center centre none "
    "baseline middle top bottom text-top text-bottom sub super"
).split()

_IMAGE_EXTENSIONS = "jpe?g|png|gif|svg|tiff?|webp|xcf|pdf|djvu|ogg|ogv|oga|webm|mp3|mid|wav|flac|stl"

LEAK_PATTERNS: dict[str, re.Pattern] = {
    # `{{` / `}}`, and the reference tokenizer's `{ {` / `} }`. Single braces are
    # not flagged: set notation and code in prose use them.
    "template": re.compile(r"\{ ?\{|\} ?\}"),
    # `[[` / `]]` and tokenized `[ [` / `] ]`. Single brackets are prose
    # (editorial insertions "[sic]", citations "[1]").
    "link": re.compile(r"\[ ?\[|\] ?\]"),
    # Table syntax: `{|` and `|}` (tokenized `{ |`, `| }`); the row separator `|-`
    # and caption `|+` as a token of their own; `||` cell separators; `!!`
    # header separators only as a standalone token ("Help!!" is prose); a line of
    # plain output starting with `|` or `!` then a space (a leaked cell). A lone
    # `|` inside a line is prose ("x | y") and not flagged.
    "table": re.compile(
        r"\{ ?\||\| ?\}"
        r"|(?<!\S)\|[-+]+(?!\S)"
        r"|\|\|"
        r"|(?<!\S)! ?!(?!\S)"
        r"|(?m:^[ \t]*[|!][ \t])"
    ),
    # Cell / tag attributes with a quoted value: `style="…"`, and the reference
    # style's `style= '' …` (it writes `"` as `''`). Only attribute names that
    # appear in table and HTML markup; "x = 'y'" in prose does not match.
    "attribute": re.compile(
        r"(?<![\w-])(?:style|class|colspan|rowspan|bgcolor|align|valign|width|height|scope"
        r"|cellpadding|cellspacing|border|id)\s?=\s?(?:\"|''|')"
    ),
    # Known HTML and MediaWiki tag names only, so "a < b", "<3" and "x<y" are not
    # tags: a bare tag `<ref>`, `</div>`, `<br />`; an opening tag with an
    # attribute `<ref name=`; any closing `</span`; and tokenized `< ref >` for
    # names longer than one letter ("a < b > c" is a comparison, not `<b>`).
    # Borderline: `&lt;br&gt;` in the source *renders* as "<br>" and is flagged.
    "html": re.compile(
        rf"</?(?:{_alt(_HTML_TAGS)})\s*/?>"
        rf"|<(?:{_alt(_HTML_TAGS)})\s+[\w-]+\s*="
        rf"|</(?:{_alt(_HTML_TAGS)})\b"
        rf"|< /? ?(?:{_alt(_LONG_TAGS)}) ?/? ?>",
        re.IGNORECASE,
    ),
    # `<!--` (tokenized `< ! --`) and `-->`. Borderline: "-->" used as an arrow
    # in prose would be flagged; none in the corpus.
    "comment": re.compile(r"<!--|< ?! ?--|-->"),
    # Two or more apostrophes glued to a word: `''word`, `word''`, `'''bold`,
    # `Time'''s`. A `''` token between spaces is the reference style's double
    # quote (`'' metastasis ''`) and is not flagged; neither is one apostrophe.
    "quotes": re.compile(r"(?<!')(?:(?<=\w)'{2,}(?!')|'{2,}(?=\w))"),
    # Undecoded entities: `&amp;`, `&nbsp;`, `&#123;`, `&#x1F;` and the tokenized
    # `& amp ;`, `& # 123 ;`. Only known entity names, so "AT&T" and "R & B;"
    # are prose.
    "entity": re.compile(
        rf"&(?:#\d+|#x[0-9a-f]+|(?:{_alt(_ENTITY_NAMES)}));"
        rf"|& (?:# ?\d+|# ?x[0-9a-f]+|(?:{_alt(_ENTITY_NAMES_HTML4)})) ;",
        re.IGNORECASE,
    ),
    # A file or category namespace (every language in markup_data), at a word
    # start, with its colon glued to a non-space: `File:x.jpg`, `Kategorie:Foo`.
    # "The file: a story" and "Image processing: …" are prose. The reference
    # tokenizer writes `file : x.jpg`, which prose "file: x" also becomes, so the
    # tokenized form counts only for a file namespace followed by a file name
    # with a media extension; a tokenized `category : foo` is not detectable.
    "namespace": re.compile(
        rf"(?<![\w/.:#-])(?:{_alt(_FILE_NS + _CATEGORY_NS)}):(?=[^\s/:])"
        rf"|(?<![\w/.:#-])(?:{_alt(_FILE_NS)}) :(?= [^|\n\]]{{0,150}}?\.(?:{_IMAGE_EXTENSIONS})\b)",
        re.IGNORECASE,
    ),
    # Image options glued to a pipe (`thumb|`, `|left|`, `|thumbnail`), `upright=`,
    # `alt=` after a pipe, and sizes `250px`, `x200px`, `100x200px` (not after a
    # colon: that is CSS, flagged as an attribute/tag instead). A spaced pipe is
    # not enough: page titles in references read "Rankings | Top Universities".
    # "upright", "left" or "64 px" without a glued pipe is prose.
    "file_option": re.compile(
        rf"(?<![\w-])(?:{_alt(_FILE_OPTIONS)})\|"
        rf"|\|(?:{_alt(_FILE_OPTIONS)})(?![\w-])"
        r"|(?<![\w-])upright ?= ?[\d.]*"
        r"|\|(?:alt|link|page|lang|class) ?="
        r"|(?<![\w.:-])(?<!: )(?:\d+x\d+|x\d+|\d+)px(?![\w-])",
        re.IGNORECASE,
    ),
    # Heading markers: a line of plain output that starts with `==`, or a pair of
    # equal runs `== Title ==` inline (the reference style joins lines). A single
    # "==" in code ("a == b") is not flagged.
    "heading": re.compile(r"(?<![=\w])(={2,6})[^=\n]{1,120}?(?<!=)\1(?![=\w])|(?m:^[ \t]*={2,6}(?!=))"),
    # Behaviour switches `__TOC__`, `__notoc__` (markup_data's MAGIC_WORDS only;
    # `__init__` is prose about Python).
    "magic": re.compile(rf"__(?:{_alt(MAGIC_WORDS)})__", re.IGNORECASE),
    # An external link's opening bracket glued to (or tokenized next to) a URL:
    # `[http://…`, `[ https://…`, `[//…`. A bare URL is what readers see.
    "external": re.compile(r"\[ ?(?:https?:|ftp:|mailto:|//)", re.IGNORECASE),
}


def find_leaks(text: str) -> list[Leak]:
    """Every markup remnant in ``text``, by position; a match overlapping an earlier one is dropped.

    (So `<div style="` counts once, as html, not again as an attribute.)
    """
    found = [
        Leak(kind, m.start(), m.end(), m.group())
        for kind, pattern in LEAK_PATTERNS.items()
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    found.sort(key=lambda leak: (leak.start, -leak.end))
    kept: list[Leak] = []
    reach = -1
    for leak in found:
        if leak.start < reach:
            continue  # overlaps a leak already reported
        kept.append(leak)
        reach = max(reach, leak.end)
    return kept


def context(text: str, leak: Leak, width: int = 40) -> str:
    """The leak with ``width`` characters of output either side, on one line."""
    before = text[max(0, leak.start - width) : leak.start]
    after = text[leak.end : leak.end + width]
    return f"{before}⟦{leak.snippet}⟧{after}".replace("\n", "⏎")


# --------------------------------------------------------------------------- recall

_WORD = re.compile(r"\w+")
# The reference tokenizer splits "don't" into "do n't"; split both sides alike so
# the split alone never counts as a lost word.
_CONTRACTION = re.compile(r"(?<=\w)(n['’]t)\b")
_MAGIC_TEXT = re.compile(rf"__(?:{_alt(MAGIC_WORDS)})__", re.IGNORECASE)
_HIDDEN_PREFIXES = frozenset(_FILE_NS) | frozenset(_CATEGORY_NS) | LANGUAGE_CODES


def words(text: str) -> collections.Counter:
    """Words of ``text``: ``\\w+`` runs of the NFC, case-folded text."""
    text = unicodedata.normalize("NFC", text.casefold())
    return collections.Counter(_WORD.findall(_CONTRACTION.sub(r" \1", text)))


output_words = words


# A tag the parser left as text (it gives up on a tag whose contents have
# unbalanced quotes): the tag itself is not prose.
_STRAY_TAG = re.compile(rf"</?(?:{_alt(_HTML_TAGS)})\b[^<>]*>", re.IGNORECASE)


def _text(node: mw.Text) -> str:
    return _STRAY_TAG.sub(" ", _MAGIC_TEXT.sub(" ", node.value))


def _wikilink(node: mw.Wikilink) -> str:
    title = str(node.title).strip()
    if not title.startswith(":"):  # `[[:Category:X]]` is a visible link
        prefix, colon, _ = title.partition(":")
        if colon and prefix.strip().casefold() in _HIDDEN_PREFIXES:
            return " "
    label = node.text if node.text is not None else node.title
    return _reader_text(label.nodes).lstrip(":")


def _external(node: mw.ExternalLink) -> str:
    if node.brackets and node.title is not None:
        return " " + _reader_text(node.title.nodes) + " "
    return " "


# Wiki-markup tags read as prose: bold/italic wrap text, list markers and `----` are markers.
_PROSE_MARKUP = {"b", "i"}
_MARKER_MARKUP = set(LIST_TAGS) | {"hr"}
# Inline HTML formatting shows its contents in the running text: `H<sub>2</sub>O`
# reads "H2O". Block tags (div, center, blockquote…) and everything else do not count.
_INLINE_HTML = set(
    "b i u s sub sup span small big strike del ins font abbr code tt em strong var kbd samp "
    "cite q bdi bdo dfn mark".split()
)


def _tag(node: mw.Tag) -> str:
    tag = str(node.tag).strip().lower()
    if node.wiki_markup:
        if tag in _PROSE_MARKUP and node.contents is not None:
            return _reader_text(node.contents.nodes)
        return " "  # list markers, `----`, tables
    if tag in _INLINE_HTML and node.contents is not None and not node.self_closing:
        return _reader_text(node.contents.nodes)
    return " "  # refs, tables, math, galleries, block html: not running prose


def _entity(node: mw.HTMLEntity) -> str:
    try:
        return node.normalize()
    except (ValueError, OverflowError):
        return str(node)


# What a reader sees of each node type; types not listed (Template, Heading,
# Argument…) show nothing of their own in the running prose.
_READER_TEXT: dict[type, Callable[[mw.Node], str]] = {
    mw.Text: _text,
    mw.Wikilink: _wikilink,
    mw.ExternalLink: _external,
    mw.Tag: _tag,
    mw.HTMLEntity: _entity,
    mw.Comment: lambda node: "",  # `a<!-- x -->b` reads "ab"
}


def _reader_text(nodes: Iterable[mw.Node]) -> str:
    # Adjacent nodes are joined without a space: `[[apple]]s` reads "apples".
    return "".join(_READER_TEXT.get(type(node), lambda node: " ")(node) for node in nodes)


_TABLE_OPEN = re.compile(r"[ \t]*(?::[ \t]*)*\{\|")
_TABLE_CLOSE = re.compile(r"[ \t]*\|\}")
_NON_PROSE_BLOCK = re.compile(
    rf"<({_alt(NON_PROSE_TAGS | REFERENCE_TAGS | REFERENCE_LIST_TAGS)})\b[^<>]*?/>"
    rf"|<({_alt(NON_PROSE_TAGS | REFERENCE_TAGS | REFERENCE_LIST_TAGS)})\b[^<>]*>.*?</\2\s*>",
    re.IGNORECASE | re.DOTALL,
)
_HIDDEN_LINK = re.compile(
    rf"\[\[[ \t]*(?:{_alt(_FILE_NS + _CATEGORY_NS)})[ \t]*:", re.IGNORECASE
)


def _hide_tables_and_files(raw: str) -> str:
    """``raw`` with tables, refs and other non-prose tags, and file/category links blanked out.

    None is running prose, and mwparserfromhell falls back to plain text for
    tables it cannot parse (unquoted attributes) and for refs and file links
    whose contents have unbalanced quotes; their words would then count as prose.
    """
    raw = _NON_PROSE_BLOCK.sub(" ", raw)
    lines, depth = raw.split("\n"), 0
    for i, line in enumerate(lines):
        if _TABLE_OPEN.match(line):
            depth += 1
        if depth:
            close = _TABLE_CLOSE.match(line)
            if close:
                depth -= 1
                lines[i] = line[close.end():]  # keep a template's `}}` after `|}`
            else:
                lines[i] = ""
    raw = "\n".join(lines)
    pieces, pos = [], 0
    for m in _HIDDEN_LINK.finditer(raw):
        if m.start() < pos:
            continue
        depth, j = 0, m.start()
        while j < len(raw) - 1:
            pair = raw[j : j + 2]
            if pair == "[[":
                depth, j = depth + 1, j + 2
            elif pair == "]]":
                depth, j = depth - 1, j + 2
                if not depth:
                    break
            else:
                j += 1
        if depth:
            continue  # unclosed: leave it to the parser
        pieces.append(raw[pos : m.start()])
        pieces.append(" ")
        pos = j
    pieces.append(raw[pos:])
    return "".join(pieces)


def reader_words(raw: str) -> collections.Counter:
    """The running-prose words a reader sees in the article ``raw`` (see module doc)."""
    return words(_reader_text(mwparserfromhell.parse(_hide_tables_and_files(raw)).nodes))


def recall(reader: collections.Counter, output: collections.Counter) -> float:
    """Share of the reader's words (multiset) that the output keeps; 1.0 when there are none."""
    total = sum(reader.values())
    if not total:
        return 1.0
    return sum(min(n, output[w]) for w, n in reader.items()) / total


# --------------------------------------------------------------------------- measuring


@dataclasses.dataclass
class ArticleResult:
    name: str
    output: str
    leaks: list[Leak]
    reader_total: int
    kept: int
    lost: collections.Counter

    @property
    def recall(self) -> float:
        return self.kept / self.reader_total if self.reader_total else 1.0


@dataclasses.dataclass
class Report:
    system: str
    articles: list[ArticleResult]
    seconds: float

    @property
    def articles_with_leaks(self) -> int:
        return sum(1 for a in self.articles if a.leaks)

    @property
    def total_leaks(self) -> int:
        return sum(len(a.leaks) for a in self.articles)

    @property
    def chars(self) -> int:
        return sum(len(a.output) for a in self.articles)

    @property
    def leaks_per_10k(self) -> float:
        return 1e4 * self.total_leaks / self.chars if self.chars else 0.0

    @property
    def recall(self) -> float:
        """Micro-average: kept words of all articles over reader words of all articles."""
        total = sum(a.reader_total for a in self.articles)
        return sum(a.kept for a in self.articles) / total if total else 1.0

    @property
    def min_recall(self) -> float:
        return min((a.recall for a in self.articles), default=1.0)

    def leak_kinds(self) -> collections.Counter:
        return collections.Counter(leak.kind for a in self.articles for leak in a.leaks)

    def summary(self) -> dict:
        return {
            "system": self.system,
            "articles": len(self.articles),
            "articles_with_leaks": self.articles_with_leaks,
            "leaks": self.total_leaks,
            "output_chars": self.chars,
            "leaks_per_10k_chars": round(self.leaks_per_10k, 3),
            "recall": round(self.recall, 5),
            "min_recall": round(self.min_recall, 5),
            "seconds": round(self.seconds, 3),
            "leak_kinds": dict(self.leak_kinds().most_common()),
        }


_reader_cache: dict[Path, collections.Counter] = {}


def _reader_for(path: Path, raw: str) -> collections.Counter:
    if path not in _reader_cache:
        _reader_cache[path] = reader_words(raw)
    return _reader_cache[path]


def measure(paths: Iterable[Path], normalize: Callable[[str], str], system: str = "") -> Report:
    """Leaks and recall of ``normalize`` over the articles at ``paths`` (time = normalize only)."""
    results, seconds = [], 0.0
    for path in paths:
        path = Path(path)
        raw = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        out = normalize(raw)
        seconds += time.perf_counter() - start
        reader, output = _reader_for(path, raw), output_words(out)
        lost = reader - output
        total = sum(reader.values())
        results.append(ArticleResult(path.stem, out, find_leaks(out), total, total - sum(lost.values()), lost))
    return Report(system, results, seconds)


def preset_normalizer(name: str) -> Callable[[str], str]:
    """``raw -> text`` for a built-in wikinorm preset."""
    from wikinorm.core import run
    from wikinorm.core.presets import builtin_preset

    config = builtin_preset(name).config
    return lambda raw: run(raw, config).text


def strip_code(raw: str) -> str:
    return mwparserfromhell.parse(raw).strip_code()


def systems() -> dict[str, Callable[[str], str]]:
    """The compared systems, by display name."""
    found = {f"wikinorm {p}": preset_normalizer(p) for p in PRESETS}
    found["mwparserfromhell strip_code"] = strip_code
    return found


# --------------------------------------------------------------------------- output


def table(reports: list[Report], markdown: bool = False) -> str:
    head = ["system", "articles with leak", "leaks / 10k chars", "recall", "min recall"]
    rows = [
        [
            r.system,
            f"{r.articles_with_leaks} / {len(r.articles)}",
            f"{r.leaks_per_10k:.2f}",
            f"{r.recall:.4f}",
            f"{r.min_recall:.4f}",
        ]
        for r in reports
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * 4) + "|"]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    fmt = lambda row: "  ".join(  # noqa: E731
        (c.ljust(w) if i == 0 else c.rjust(w)) for i, (c, w) in enumerate(zip(row, widths))
    )
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(row) for row in rows])


def details(report: Report, show: int, lost: int) -> str:
    lines = [f"== {report.system} ({report.seconds:.2f} s)"]
    kinds = report.leak_kinds()
    lines.append(
        "leak kinds: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) if kinds else "none")
    )
    if show:
        examples = [(a, leak) for a in report.articles for leak in a.leaks][:show]
        if examples:
            lines.append(f"example leaks ({len(examples)} of {report.total_leaks}):")
        for article, leak in examples:
            lines.append(f"  {article.name[:28]:28} {leak.kind:11} {context(article.output, leak)}")
    if lost:
        worst = sorted(report.articles, key=lambda a: a.recall)[:lost]
        lines.append(f"lowest recall ({len(worst)} articles), with words the reader sees that the output lost:")
        for a in worst:
            sample = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in a.lost.most_common(12))
            lines.append(f"  {a.name[:28]:28} {a.recall:.4f}  ({a.reader_total - a.kept} lost) {sample}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="folder of *.wiki articles")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N example leaks per system")
    parser.add_argument("--lost", type=int, default=5, metavar="N", help="print the N lowest-recall articles")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--markdown", action="store_true", help="print only the comparison table, as Markdown")
    args = parser.parse_args(argv)
    paths = sorted(args.articles.glob("*.wiki"))
    if not paths:
        print(f"no *.wiki articles in {args.articles}", file=sys.stderr)
        return 2
    reports = [measure(paths, fn, name) for name, fn in systems().items()]
    if args.json:
        out = []
        for r in reports:
            summary = r.summary()
            summary["leak_examples"] = [
                {"article": a.name, "kind": leak.kind, "start": leak.start, "snippet": leak.snippet,
                 "context": context(a.output, leak)}
                for a in r.articles for leak in a.leaks
            ][: args.show or None]
            summary["lowest_recall"] = [
                {"article": a.name, "recall": round(a.recall, 5), "lost": dict(a.lost.most_common(20))}
                for a in sorted(r.articles, key=lambda a: a.recall)[: args.lost]
            ]
            out.append(summary)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.markdown:
        print(table(reports, markdown=True))
        return 0
    print(f"{len(paths)} articles in {args.articles}; targets: 0 articles with a leak, recall >= {TARGET_RECALL}")
    print()
    print(table(reports))
    for r in reports:
        print()
        print(details(r, args.show, args.lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
