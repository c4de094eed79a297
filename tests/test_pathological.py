"""Broken wikitext never hangs the engine; pathological blocks fall back and still lose their markup.

Termination is checked on small sizes in a subprocess with a generous limit (a
hang fails one test instead of the run); speed and memory targets live in
bench/bench_pathological.py, never here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bench.corpus import articles, read

from wikinorm.cli import main
from wikinorm.core import Document, FallbackBlock, FallbackReason, fallback_summary, run
from wikinorm.core.blocks import REACH
from wikinorm.core.guard import MAX_BLOCK_CHARS, assess
from wikinorm.core.presets import builtin_preset

# The shapes that hung or crawled (issue 8), at sizes small enough for a test.
PATHOLOGICAL = {
    "ref": "<ref>" * 2500,
    "ref-lines": "<ref>x\n" * 2500,
    "ext-link": "[http://x.org " * 2500,
    "mixed-openers": "{{[[<ref>'''{|<!--" * 1000,
    "ref-comment": "<ref><!--" * 400,
    "list-run": "*#:;" * 10000,
    "big-table": "{|\n" + "|-\n| a || b || c\n" * 4000 + "|}\n",
    # One unclosed opener glues the rest into one block; its pieces parse, the opener is swept.
    "glued": "{{\n<ref>\n[[\n[http://x.org\n{|\n" + "Some [[a|b]] text.\n" * 4000,
}
OPENERS = ("<ref", "{{", "[[", "{|", "[http")
PRESETS = ("plain", "reference")


def config(name):
    return builtin_preset(name).config


def test_every_shape_terminates_in_a_subprocess():
    code = (
        "import sys, json\n"
        "from wikinorm.core import run\n"
        "from wikinorm.core.presets import builtin_preset\n"
        "cases = json.loads(sys.stdin.read())\n"
        "for text in cases.values():\n"
        "    for preset in ('plain', 'reference'):\n"
        "        run(text, builtin_preset(preset).config)\n"
        "print('done')\n"
    )
    # 14 runs that each take well under a second; a hang or a quadratic blow-up fails.
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(PATHOLOGICAL),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"


def test_the_template_inventory_terminates_in_a_subprocess():
    # The Templates panel and `wikinorm inventory` parse blocks too: through the guard.
    # Twice the mixed-openers case kept the parser busy for over a minute.
    cases = {**PATHOLOGICAL, "mixed-openers-2n": PATHOLOGICAL["mixed-openers"] * 2}
    code = (
        "import sys, json\n"
        "from wikinorm.core.inventory import template_inventory\n"
        "for text in json.loads(sys.stdin.read()).values():\n"
        "    template_inventory(text)\n"
        "print('done')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"


def test_the_inventory_of_a_guarded_block_reads_template_names():
    from wikinorm.core.inventory import template_inventory

    block = "{{Infobox x\n|a={{cite web|b}}}} " + PATHOLOGICAL["mixed-openers"][:180] + " <ref>x" * 400
    assert assess(block) is not None
    assert {(u.key, u.count) for u in template_inventory(block)} == {("infobox x", 1), ("cite web", 1)}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_fallback_removes_every_opener_and_is_recorded(name, preset):
    text = PATHOLOGICAL[name]
    result = run(text, config(preset))
    for opener in OPENERS:
        assert opener not in result.text, (name, preset, opener)
    blocks = result.fallback_blocks
    assert blocks, "a pathological block must be recorded"
    for block in blocks:
        assert isinstance(block, FallbackBlock) and isinstance(block.reason, FallbackReason)
        assert 0 <= block.raw_start < block.raw_end <= len(text)
        assert block.line == text.count("\n", 0, block.raw_start) + 1
    assert fallback_summary(blocks).startswith(f"{len(blocks)} block")


@pytest.mark.parametrize("preset", PRESETS)
def test_markup_only_shapes_leave_nothing(preset):
    for name in ("ref", "ext-link", "list-run", "big-table", "ref-comment"):
        assert run(PATHOLOGICAL[name], config(preset)).text == "", name


def test_fallback_keeps_prose():
    # An unclosed <ref> glues the rest into one block when the text ends within its
    # reach (blocks.REACH); longer than a block may be, it falls back.
    line = "Plain prose with a [[link|label]] and {{cite|x}} in it.\n"
    lines = (MAX_BLOCK_CHARS + REACH) // 2 // len(line)
    text = "<ref>Smith 2001\n" + line * lines
    assert MAX_BLOCK_CHARS < len(text) < REACH
    result = run(text, config("plain"))
    assert result.fallback_blocks and result.fallback_blocks[0].reason is FallbackReason.SIZE
    assert result.text.count("Plain prose with a label and in it.") == lines
    for opener in OPENERS:
        assert opener not in result.text


def test_pieces_ignore_tags_in_comments():
    from wikinorm.core.fallback import pieces

    text = "<!-- use <ref> here -->\na\n</ref>\nb"
    assert [text[s:e] for s, e in pieces(text)] == ["<!-- use <ref> here -->", "a", "</ref>", "b"]


def test_each_reason_is_assessed():
    assert assess("x" * (MAX_BLOCK_CHARS + 1)) is FallbackReason.SIZE
    assert assess("<ref>" * 300) is FallbackReason.OPENERS
    assert assess("*#:;" * 20) is FallbackReason.NESTING
    assert assess("An [[ordinary]] line with a {{template}} and <ref>a note</ref>.") is None


def test_ordinary_text_does_not_fall_back():
    text = "Intro '''bold''' [[a|b]]<ref>r</ref>.\n\n{{Infobox\n|a=b\n}}\n== H ==\n* item"
    assert run(text, config("reference")).fallback_blocks == ()


def test_fallback_blocks_have_their_line_and_span():
    bad = "{{[[<ref>" * 400
    text = "First line.\n\nSecond.\n" + bad + "\nLast line."
    blocks = run(text, config("plain")).fallback_blocks
    assert len(blocks) == 1
    start = text.index(bad)
    assert blocks[0].raw_start == start and blocks[0].line == 4
    assert text[blocks[0].raw_start:blocks[0].raw_end].startswith(bad)


def test_a_glued_page_gives_the_output_of_its_blocks():
    """An unclosed ``{{`` glues a whole article into one block; its pieces give the article's own output.

    (Articles the ``{{`` can reach: in a longer text it is dropped, see test_reach.py.)
    """
    paths = [p for p in articles() if MAX_BLOCK_CHARS < len(read(p)) < REACH - 3][:3]
    if not paths:
        pytest.skip("no shared article longer than a block may be")
    for path in paths:
        article = read(path)
        glued = run("{{\n" + article, config("plain"))
        assert glued.fallback_blocks, path.name
        assert glued.text.strip() == run(article, config("plain")).text.strip(), path.name


def test_incremental_edits_through_a_fallback_block_equal_a_full_run():
    text = "Intro.\n" + "<ref>x [[a|b]]\n" * 300 + "End."
    document = Document(text, config("reference"))
    for start, end, new in [(20, 25, "{{y}}"), (7, 7, "<ref>"), (len(text) - 2, len(text), "...")]:
        document.edit(start, end, new)
        full = run(document.text, document.config)
        assert document.result.text == full.text
        assert document.result.counts == full.counts
        assert document.result.fallback_blocks == full.fallback_blocks
        a, b = document.result.alignment(), full.alignment()
        assert a.changes() == b.changes()


def test_alignment_and_explain_work_over_a_fallback_block():
    text = "Head.\n" + "<ref>x\n" * 400 + "[[a|b]] tail"
    result = run(text, config("reference"))
    alignment = result.alignment()
    assert alignment.to_raw(0, len(result.text)) == (0, len(text))
    assert result.explain()  # each rule's examples come from the pieces
    assert result.text_after("links")


def test_explain_shows_fallback_blocks(tmp_path, capsys):
    page = tmp_path / "page.wiki"
    page.write_text("ok\n" + "<ref>" * 400, encoding="utf-8")
    assert main(["explain", str(page), "--preset", "plain", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fallback_blocks"] == [{"raw_start": 3, "raw_end": 2003, "line": 2, "reason": "openers"}]
    assert main(["explain", str(page), "--preset", "plain"]) == 0
    assert "1 block (2,000 characters, line 2) simplified without parsing: openers" in capsys.readouterr().out
    page.write_text("fine", encoding="utf-8")
    assert main(["explain", str(page), "--preset", "plain", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fallback_blocks"] == []


# Inputs that were fine before the guard and must stay fine.
STAY_FINE = {
    "nul": "a\x00b [[c]]\x00\n",
    "lone-surrogate": "a\ud800b [[c|d]] \udfff",
    "bom": "\ufeffTitle [[a]]\n",
    "cr-only": "one\rtwo [[a]]\rthree",
    "crlf": "one\r\n\r\ntwo ''x''\r\n",
    "bidi": "\u202eabc\u202c \u2067[[x]]\u2069",
    "combining": "e" + "\u0301" * 5000 + " [[x]]",
    "bad-entity": "&#x110000; &#99999999; &bogus; [[x]]",
    "unclosed-comment": "text <!-- never closed\nmore",
    "unclosed-nowiki": "text <nowiki>never closed [[x]]\nmore",
    "unclosed-math": "text <math>x^2 never closed\nmore",
    "megabyte-line": "word " * 200_000,
}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", sorted(STAY_FINE))
def test_inputs_that_must_stay_fine(name, preset):
    text = STAY_FINE[name]
    result = run(text, config(preset))
    assert isinstance(result.text, str)
    if name == "megabyte-line":
        assert result.fallback_blocks[0].reason is FallbackReason.SIZE
        assert result.text.lower().count("word") == 200_000


def test_a_page_made_of_articles_does_not_fall_back():
    paths = articles()
    if not paths:
        pytest.skip("shared corpus absent")
    text = "\n\n".join(read(p) for p in paths)
    text = text[: 2_000_000]
    result = run(text[: text.rfind("\n\n")], config("plain"))
    assert result.fallback_blocks == ()
    assert len(result.text) > 100_000


@pytest.mark.parametrize("preset", PRESETS)
def test_a_huge_piece_in_windows_gives_the_output_of_one_pass(preset):
    """Windows (bounded memory) with context margins give what one pass over the piece gives."""
    import random

    from wikinorm.core.fallback import strip_edits
    from wikinorm.core.markup import MarkupOutcome
    from wikinorm.core.pipeline import WINDOW, _process, _process_windows, plan_for

    words = ["Word,", "the", "[[a|b]]", "{{x}}", "''it''", "<ref>n</ref>", '"q"', "A.B.", "  ", "\t", "It's",
             "[http://x.org l]", "&amp;", "<!-- c -->", "\n", "\n\n", "{|\n|a\n|}\n"]
    rng = random.Random(8)
    plan = plan_for(config(preset))
    text = " ".join(rng.choice(words) for _ in range(3 * WINDOW // 4))
    assert len(text) > 3 * WINDOW
    one_pass = _process(text, plan, None, MarkupOutcome(strip_edits(text, plan.tables), {}, {}))
    windowed = _process_windows(text, plan)
    assert windowed.text == one_pass.text
    assert windowed.counts == one_pass.counts
