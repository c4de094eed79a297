"""The quality tool (bench.quality): leak patterns, prose recall, and the corpus targets.

The corpus tests hold the engine to the issue's targets: no markup leak in any
shared-corpus article and prose recall >= 0.995, for the `plain` and
`reference` presets.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

import pytest

from bench import quality
from bench.corpus import ARTICLES, articles, corpus_params, missing, read

# --------------------------------------------------------------------------- find_leaks


def kinds(text: str) -> list[str]:
    return [leak.kind for leak in quality.find_leaks(text)]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("a {{b", "template"),
        ("a }} b", "template"),
        ("a { { b", "template"),
        ("x ]] y", "link"),
        ("x [[y", "link"),
        ("x [ [ y", "link"),
        ("{| class=x", "table"),
        ("a | }", "table"),
        ("cell || cell", "table"),
        ("row\n|-\nnext", "table"),
        ("a ! ! b", "table"),
        ("line\n| cell", "table"),
        ('x style="color:red" y', "attribute"),
        ("x style= '' color : red '' y", "attribute"),
        ("<ref>", "html"),
        ("</div>", "html"),
        ("<br />", "html"),
        ('<ref name="a"', "html"),
        ("<span>", "html"),
        ("< ref >", "html"),
        ("<!--", "comment"),
        ("< ! -- x", "comment"),
        ("x -->", "comment"),
        ("'''bold", "quotes"),
        ("italic'' text", "quotes"),
        ("the Iliad'''s hero", "quotes"),
        ("&amp;", "entity"),
        ("OS&nbsp;X", "entity"),
        ("&#123;", "entity"),
        ("&#x1F;", "entity"),
        ("os & nbsp ; x", "entity"),
        ("a & # 123 ; b", "entity"),
        ("File:x.jpg", "namespace"),
        ("Category:Foo", "namespace"),
        ("Datei:Bild.png", "namespace"),
        ("Kategorie:Stadt", "namespace"),
        ("[ [ file : anatomia dei pesci.jpg", "namespace"),
        ("thumb|", "file_option"),
        ("x.jpg|thumbnail|cap", "file_option"),
        ("x.jpg|left|cap", "file_option"),
        ("upright=1.2", "file_option"),
        ("250px", "file_option"),
        ("x200px", "file_option"),
        ("== H ==", "heading"),
        ("text\n=== Sub", "heading"),
        ("para == h == para", "heading"),
        ("__TOC__", "magic"),
        ("__notoc__", "magic"),
        ("[http://x", "external"),
        ("[https://x y", "external"),
        ("[//example.org x", "external"),
        ("[ http://x ]", "external"),
    ],
)
def test_find_leaks_detects(text, kind):
    assert kind in kinds(text), (text, quality.find_leaks(text))


@pytest.mark.parametrize(
    "text",
    [
        "The file: a story",
        "Image processing: a survey",
        "see Category: foo",
        "the file : a story",
        "He said '' hello '' to me",
        "it's O'Neil's 'quote'",
        "a < b and c > d",
        "a < b > c",
        "I <3 it, x<y",
        "AT&T and R & B; rock & roll",
        "anthropology & race ; faye",
        "x | y",
        "Rankings | Top National Universities | US News",
        "the set {x | x > 0}",
        "a == b",
        "Help!!",
        "the __init__ method",
        "an upright piano, left or right",
        "64 px wide",
        "margin: 5px",
        "rule [sic] and [1]",
        "http://example.org",
        "",
    ],
)
def test_find_leaks_leaves_prose(text):
    assert quality.find_leaks(text) == []


def test_leak_positions_and_nesting():
    text = "x [[File:a.jpg|thumb]] y"
    leaks = quality.find_leaks(text)
    assert [leak.kind for leak in leaks] == ["link", "namespace", "file_option", "link"]
    for leak in leaks:
        assert text[leak.start : leak.end] == leak.snippet
    # `<div style=` is one html leak; the attribute inside it is not counted again.
    assert kinds('<div style="a">') == ["html"]


def test_every_kind_has_a_pattern():
    assert all(hasattr(p, "finditer") for p in quality.LEAK_PATTERNS.values())
    assert {"template", "link", "table", "html", "comment", "quotes", "entity", "namespace",
            "file_option", "heading", "magic", "external"} <= set(quality.LEAK_PATTERNS)


# --------------------------------------------------------------------------- recall


def test_reader_words_counts_running_prose_only():
    raw = (
        "'''Foo''' is a [[bar|baz]]s {{tmpl|hidden}}<ref>cite</ref> [[File:x.jpg|thumb|cap]] "
        "[[Category:Cat]] [[de:Fremd]] [[:Category:Shown]] H<sub>2</sub>O &amp; [[Plain]]\n"
        "== Heading ==\n"
        "* item [http://x label words] http://y.org <!-- note --> __NOTOC__\n"
        "{| class=wikitable style=a:b\n| cell\n|}\n"
        "<div>block</div> <math>x^2</math> end"
    )
    # `<div>` is a block of prose of its own; `<math>`, tables and refs are not prose.
    assert quality.reader_words(raw) == Counter(
        "foo is a bazs category shown h2o plain item label words block end".split()
    )


@pytest.mark.parametrize(
    "raw, seen",
    [
        # MediaWiki's apostrophe rules: runs toggle formatting, four show one, and an
        # unbalanced bold becomes an apostrophe plus italics.
        ("''Iliad'''s hero", "Iliad's hero"),
        ("the '''n'''th member", "the nth member"),
        ("''''four''''", "'four'"),
        ("'''''both''''' ''it''", "both it"),
        ("''θ''<sub>''i''</sub> is", "θi is"),
        # A link label that was only a template shows nothing of the target.
        ("[[29th parallel north|{{nowrap|29° N}}]]", " "),
        ("[[Foo]] and [[:Category:X|cats]]", "Foo and cats"),
        ("[[de:Paris]][[zh-min-nan:Paris]]x", "  x"),
        ("[[a|b [[c]]]]", "b c"),
        ("<nowiki>{{not a template}}</nowiki>", "  not a template  "),
        ("a<!-- hidden -->b", "ab"),
        ("{{outer|{{inner}}}}z", " z"),
        ("x<ref name=a/>y<references/>", "x y "),
        ("see [http://x.org the site] or http://y.org.", "see  the site  or  "),
        ("__NOTOC__AT&amp;T", " AT&T"),
    ],
)
def test_reader_text_follows_mediawiki(raw, seen):
    assert quality.reader_text(raw) == seen


def test_quality_defines_prose_without_the_engine():
    # Reusing the engine's lists or helpers would measure it against itself; only
    # the presets being measured may be imported from it.
    import ast

    tree = ast.parse(Path(quality.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert {m for m in imported if m.startswith("wikinorm")} == {"wikinorm.core", "wikinorm.core.presets"}


def test_reader_words_casefold_and_nfc():
    assert quality.reader_words("Cafe\u0301 CAFÉ") == Counter({"café": 2})


def test_contractions_split_alike_on_both_sides():
    reader = quality.reader_words("I don't know")
    assert quality.recall(reader, quality.output_words("i do n't know")) == 1.0
    assert quality.recall(reader, quality.output_words("I don't know")) == 1.0


def test_recall():
    reader = Counter({"a": 2, "b": 1, "c": 1})
    assert quality.recall(reader, Counter({"a": 5, "b": 1, "c": 1})) == 1.0
    assert quality.recall(reader, Counter({"a": 1, "b": 1})) == 0.5
    assert quality.recall(reader, Counter()) == 0.0
    assert quality.recall(Counter(), Counter({"x": 1})) == 1.0


def test_measure_aggregates(tmp_path):
    (tmp_path / "one.wiki").write_text("Alpha beta gamma delta.", encoding="utf-8")
    (tmp_path / "two.wiki").write_text("Epsilon [[zeta]].", encoding="utf-8")
    paths = sorted(tmp_path.glob("*.wiki"))
    report = quality.measure(paths, lambda raw: raw.replace("delta", ""), "toy")
    assert report.articles_with_leaks == 1  # two.wiki keeps its `[[`/`]]`
    assert report.total_leaks == 2
    assert report.recall == pytest.approx(5 / 6)
    assert report.min_recall == pytest.approx(3 / 4)
    assert report.articles[0].lost == Counter({"delta": 1})
    assert report.leak_kinds() == Counter({"link": 2})
    assert report.leaks_per_10k == pytest.approx(1e4 * 2 / report.chars)


def test_cli_markdown_and_json(tmp_path, capsys):
    (tmp_path / "a.wiki").write_text("'''A''' is a [[letter]].<ref>x</ref>\n[[Category:Letters]]", encoding="utf-8")
    assert quality.main(["--articles", str(tmp_path), "--markdown"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("| system |") and "wikinorm plain" in table and "strip_code" in table
    assert quality.main(["--articles", str(tmp_path), "--json", "--show", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [d["system"] for d in data]
    assert names[:3] == ["wikinorm plain", "wikinorm reference", "mwparserfromhell strip_code"]
    assert set(names[3:]) <= {name for name, _, _ in quality.OPTIONAL_ANCHORS}
    assert set(data[0]["holes_per_10k_chars"]) == set(quality.READABILITY_KINDS)
    assert data[2]["leak_kinds"].get("namespace") == 1  # strip_code keeps "Category:Letters"
    assert quality.main(["--articles", str(tmp_path), "--show", "3", "--lost", "1"]) == 0
    assert "lowest recall" in capsys.readouterr().out


# --------------------------------------------------------------------------- readability


@pytest.mark.parametrize(
    "output, kind",
    [
        ("Arabic () and", "empty brackets"),
        ('Greek (, "human")', "bracket by comma"),
        ("born 1950; )", "bracket by comma"),
        ("red, , blue", "doubled commas"),
        ("from the ship, .", "comma before period"),
        ("text\n , ;\nmore", "punctuation lines"),
    ],
)
def test_readability_counts_holes(output, kind):
    counts = quality.readability("", output)
    assert counts[kind] == 1
    assert sum(counts.values()) == 1


def test_readability_leaves_prose():
    counts = quality.readability("", "Fine (really), and so… on, ... well, . . . then.\n— quote")
    assert counts["punctuation lines"] == 0 and sum(counts.values()) == 0


def test_readability_headings_empty_and_boilerplate():
    raw = "Intro.\n== History ==\n=== Early ===\nText.\n== Notes ==\n{{reflist}}\n== Empty ==\n== Last ==\nEnd."
    # History holds a subsection with text: not empty; Notes and Empty are.
    counts = quality.readability(raw, "Intro.\nHistory\nEarly\nText.\nNotes\n\nEmpty\nLast\nEnd.")
    assert counts["empty headings"] == 2
    assert counts["boilerplate headings"] == 1


def test_glued_words_count_run_together_words_only():
    raw = "The [[organism]]s grow{{efn|x}}fast in [[water]]."
    assert quality.glued_words(raw, "The organisms grow fast in water.") == []
    assert quality.glued_words(raw, "The organisms growfast in water.") == ["growfast"]


def test_reader_text_leaves_out_boilerplate_sections():
    raw = "Prose here.\n== See also ==\n* [[Other]]\n=== Sub ===\nx\n== History ==\nMore.\n== Weblinks ==\n* y"
    assert quality.reader_words(raw) == Counter("prose here more".split())


# --------------------------------------------------------------------------- shared corpus


@functools.cache
def _normalizer(preset: str):
    return quality.preset_normalizer(preset)


@functools.cache
def _output(preset: str, path: Path) -> str:
    return _normalizer(preset)(read(path))


@pytest.mark.corpus
@pytest.mark.parametrize("preset", quality.PRESETS)
@pytest.mark.parametrize("path", corpus_params(articles()))
def test_corpus_article_has_no_leak(preset, path):
    text = _output(preset, path)
    leaks = quality.find_leaks(text)
    listing = "\n".join(f"  {leak.kind:11} {quality.context(text, leak)}" for leak in leaks[:40])
    more = f"\n  … and {len(leaks) - 40} more" if len(leaks) > 40 else ""
    assert not leaks, f"{len(leaks)} markup leak(s) in {path.name} ({preset}):\n{listing}{more}"


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("preset", quality.PRESETS)
def test_corpus_prose_recall(preset):
    paths = articles()
    if not paths:
        pytest.skip(missing(ARTICLES))
    report = quality.measure(paths, _CachedRun(preset, paths), preset)
    worst = sorted(report.articles, key=lambda a: a.recall)[:8]
    detail = "\n".join(
        f"  {a.name}: {a.recall:.4f}, lost {', '.join(w for w, _ in a.lost.most_common(10))}" for a in worst
    )
    assert report.recall >= quality.TARGET_RECALL, (
        f"{preset}: prose recall {report.recall:.4f} < {quality.TARGET_RECALL}; lowest articles:\n{detail}"
    )


class _CachedRun:
    """``raw -> text`` for ``measure`` that reuses the leak tests' outputs, matched by content."""

    def __init__(self, preset: str, paths: list[Path]):
        self.preset = preset
        self.paths = {read(p): p for p in paths}

    def __call__(self, raw: str) -> str:
        path = self.paths.get(raw)
        return _output(self.preset, path) if path is not None else _normalizer(self.preset)(raw)
