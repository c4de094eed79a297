"""`wikinorm batch`: records, shards, manifest, resume after kill -9, errors, bad input, formats.

The Ray engine and the library's Ray Data example are in test_batch_ray.py (one
Ray instance for that module).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import ARTICLES, all_records, shard_files, small_dump, small_multistream

from bench import corpus
from wikinorm.cli import main
from wikinorm.core.batch import (
    Compression,
    JobSpec,
    Normalizer,
    OutputFormat,
    OutputSpec,
    Progress,
    iter_pages,
    load_manifest,
    make_engine,
    plan,
    run,
)
from wikinorm.core.batch import shard as shard_module
from wikinorm.core.batch.engines.ray_engine import import_ray
from wikinorm.core.batch.writers import MissingExtra
from wikinorm.core.presets import Preset, load_preset
from wikinorm.core.sources import SourceOptions, open_source
from wikinorm.batch_front import ProgressDisplay, plain_line, summary_table


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> dict[str, Path]:
    # Separate folders: a plain dump beside a multistream index would be read as multistream.
    return {
        "plain": small_dump(tmp_path_factory.mktemp("plain")),
        "multistream": small_multistream(tmp_path_factory.mktemp("multistream")),
    }


@pytest.fixture(scope="module")
def reference_run(dumps, tmp_path_factory) -> Path:
    """The plain dump through the CLI, one job, five pages a shard: the run others compare with."""
    out = tmp_path_factory.mktemp("ref") / "out"
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--shard-pages", "5", "--quiet"]) == 0
    return out


def _run(spec: JobSpec, engine: str = "local", jobs: int = 1):
    return run(plan(spec), make_engine(engine, jobs))


def test_records_and_manifest(reference_run, dumps, capsys):
    out = reference_run
    records = all_records(out)
    expected = [p for p in open_source(dumps["plain"])]
    assert [r["title"] for r in records] == [p.title for p in expected]
    first = records[0]
    assert list(first) == ["id", "title", "namespace", "revision_id", "timestamp", "text", "edits"]
    assert first["id"] == expected[0].id and first["revision_id"] == expected[0].revision_id
    assert first["timestamp"] == expected[0].timestamp and first["namespace"] == 0
    assert "'''" not in first["text"] and first["edits"]["formatting"] >= 2
    manifest = load_manifest(out)
    assert manifest.status == "complete"
    assert manifest.totals.records == len(records) == len(expected)
    source = open_source(dumps["plain"])
    list(source)
    assert manifest.totals.pages_seen == source.stats.pages_seen
    assert manifest.totals.skipped == {r.value: n for r, n in sorted(source.stats.skipped.items(), key=str)}
    assert manifest.totals.skipped["redirect"] > 0 and manifest.totals.skipped["namespace"] > 0
    totals: dict[str, int] = {}
    for r in records:
        for rule, n in r["edits"].items():
            totals[rule] = totals.get(rule, 0) + n
    assert manifest.totals.edits == dict(sorted(totals.items()))
    assert Preset.from_toml(manifest.preset_toml).config == load_preset("reference").config
    assert manifest.inputs[0].bytes == dumps["plain"].stat().st_size and len(manifest.inputs[0].sha256) == 64
    assert len(manifest.shards) == -(-len(records) // 5)
    from wikinorm.core.batch.shard import file_sha256

    for shard in manifest.shards:
        assert file_sha256(out / shard.file) == shard.sha256 and (out / shard.file).stat().st_size == shard.bytes
    assert manifest.errors_file is None and not (out / "errors.jsonl").exists()


def test_categories_only_when_the_preset_collects_them(dumps, tmp_path):
    out = tmp_path / "out"
    code = main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--limit", "3", "--quiet",
                 "--set", "links.categories=collect"])
    assert code == 0
    records = all_records(out)
    assert [r["categories"] for r in records] == [[f"Group {i % 3}"] for i in range(3)]
    assert list(records[0]) == ["id", "title", "namespace", "revision_id", "timestamp", "text", "categories", "edits"]


def test_namespaces_and_redirects_options(dumps, tmp_path):
    out = tmp_path / "out"
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--quiet",
                 "--namespaces", "0,14", "--redirects", "--preset", "none"]) == 0
    records = all_records(out)
    assert {r["namespace"] for r in records} == {0, 14}
    assert any(r["text"].startswith("#REDIRECT") for r in records)
    assert load_manifest(out).totals.skipped == {}


def test_jobs_1_and_2_write_identical_shards(dumps, reference_run, tmp_path):
    out = tmp_path / "two"
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "2", "--shard-pages", "5", "--quiet"]) == 0
    assert shard_files(out) == shard_files(reference_run)


def test_multistream_is_split_by_stream_and_matches_the_plain_dump(dumps, reference_run, tmp_path):
    base = JobSpec((dumps["multistream"],), tmp_path / "one", load_preset("reference"), part_bytes=2000)
    one = _run(base)
    assert len(one.shards) > 2  # one reader did not read it: parts did
    two = _run(JobSpec((dumps["multistream"],), tmp_path / "two", load_preset("reference"), part_bytes=2000), jobs=2)
    assert shard_files(tmp_path / "one") == shard_files(tmp_path / "two")
    assert all_records(tmp_path / "one") == all_records(reference_run)
    assert one.totals.skipped == load_manifest(reference_run).totals.skipped


def test_json_lines_and_wiki_folders_are_split_into_parts(tmp_path):
    lines = [json.dumps({"id": i + 1, "title": a.title, "text": a.text}) for i, a in enumerate(ARTICLES)]
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    folder = tmp_path / "wiki"
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a.title}.wiki").write_text(a.text)
    for name, source in (("jsonl", jsonl), ("folder", folder)):
        one = _run(JobSpec((source,), tmp_path / f"{name}1", load_preset("plain"), part_bytes=1500))
        two = _run(JobSpec((source,), tmp_path / f"{name}2", load_preset("plain"), part_bytes=1500), jobs=2)
        assert len(one.shards) > 2 and one.totals.records == len(ARTICLES)
        assert shard_files(tmp_path / f"{name}1") == shard_files(tmp_path / f"{name}2")
        assert one.inputs[0].bytes == open_source(source).size_bytes()
        assert sorted(r["title"] for r in all_records(tmp_path / f"{name}1")) == sorted(a.title for a in ARTICLES)


@pytest.mark.parametrize(
    "output",
    [OutputSpec(OutputFormat.JSONL, Compression.NONE), OutputSpec(OutputFormat.JSONL, Compression.ZSTD),
     OutputSpec(OutputFormat.PARQUET, Compression.ZSTD), OutputSpec(OutputFormat.PARQUET, Compression.NONE)],
    ids=lambda o: f"{o.format.value}-{o.compression.value}",
)
def test_every_format_holds_the_same_records(dumps, reference_run, tmp_path, output):
    spec = JobSpec((dumps["plain"],), tmp_path / "out", load_preset("reference"), output=output, shard_pages=5)
    manifest = _run(spec)
    assert all(s.file.endswith(output.suffix()) for s in manifest.shards)
    assert all_records(tmp_path / "out") == all_records(reference_run)
    again = _run(JobSpec((dumps["plain"],), tmp_path / "again", load_preset("reference"), output=output, shard_pages=5))
    assert shard_files(tmp_path / "out") == shard_files(tmp_path / "again")
    assert [s.sha256 for s in manifest.shards] == [s.sha256 for s in again.shards]


def test_resume_after_kill_9_has_no_duplicates_and_no_gaps(tmp_path, dumps):
    dump = small_dump(tmp_path, kb=120)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "wikinorm", "batch", str(dump), "-o", str(out), "--jobs", "1", "--shard-pages", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.done.json"))) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert load_manifest(out).status == "running", "the run ended before it could be killed"
    finished_before = len(list(out.glob("*.done.json")))
    # Every shard file that looks finished is complete (it has its stats, or is redone on resume).
    code = main(["batch", str(dump), "-o", str(out), "--jobs", "1", "--shard-pages", "2", "--quiet", "--resume"])
    assert code == 0
    manifest = load_manifest(out)
    assert manifest.status == "complete"
    whole = tmp_path / "whole"
    assert main(["batch", str(dump), "-o", str(whole), "--jobs", "1", "--shard-pages", "2", "--quiet"]) == 0
    assert shard_files(out) == shard_files(whole)
    records = all_records(out)
    assert len({r["id"] for r in records}) == len(records) == load_manifest(whole).totals.records
    assert manifest.totals == load_manifest(whole).totals
    assert finished_before < len(manifest.shards)
    assert not list(out.glob(".*"))  # no temporary left


def test_resume_refuses_another_job(reference_run, dumps, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--limit", "4", "--quiet"]) == 0
    code = main(["batch", str(dumps["plain"]), "-o", str(out), "--preset", "plain", "--limit", "4", "--quiet", "--resume"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot resume" in err and "preset" in err
    # Resuming a finished job redoes nothing and says the same.
    before = shard_files(out)
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--limit", "4", "--quiet", "--resume"]) == 0
    assert shard_files(out) == before


def test_a_page_that_raises_goes_to_the_errors_file_and_the_batch_goes_on(dumps, tmp_path, monkeypatch, capsys):
    real = shard_module.normalize_page

    def flaky(page, *args, **kwargs):
        if page.title == "Topic 4":
            raise RuntimeError("boom on purpose")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(shard_module, "normalize_page", flaky)
    out = tmp_path / "out"
    code = main(["batch", str(dumps["plain"]), "-o", str(out), "--jobs", "1", "--limit", "8", "--quiet"])
    assert code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"title": "Topic 4", "id": 5, "error": "RuntimeError: boom on purpose", "shard": "000-000000"}]
    titles = [r["title"] for r in all_records(out)]
    assert "Topic 4" not in titles and len(titles) == 7
    manifest = load_manifest(out)
    assert manifest.totals.errors == 1 and manifest.errors_file == "errors.jsonl"
    assert "errors           1 (see errors.jsonl)" in capsys.readouterr().out


def test_a_damaged_input_fails_its_shard_and_keeps_the_pages_before(dumps, tmp_path, capsys):
    # gzip, not bz2: its output comes in small pieces, so the pages before the cut are readable.
    data = gzip.compress(bz2.decompress(dumps["plain"].read_bytes()))
    broken = tmp_path / "broken.xml.gz"
    broken.write_bytes(data[: len(data) * 2 // 3])
    out = tmp_path / "out"
    assert main(["batch", str(broken), "-o", str(out), "--jobs", "1", "--shard-pages", "5", "--quiet"]) == 1
    manifest = load_manifest(out)
    assert manifest.status == "incomplete" and len(manifest.failed_shards) == 1
    assert "truncated" in manifest.failed_shards[0]["error"] or "broken" in manifest.failed_shards[0]["error"]
    assert manifest.totals.records > 0


def _bad(args: list[str], tmp_path: Path, capsys) -> str:
    out = tmp_path / "never"
    try:
        code = main(["batch", *args, "-o", str(out), "--quiet"])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    assert not out.exists(), "nothing may be written for bad input"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_bad_input_is_one_line_exit_2_and_nothing_written(dumps, tmp_path, capsys):
    dump = str(dumps["plain"])
    assert "no such file" in _bad([str(tmp_path / "missing.xml.bz2")], tmp_path, capsys)
    text = tmp_path / "notes.xml"
    text.write_text("just some notes, not XML\n")
    assert "notes.xml" in _bad([str(text)], tmp_path, capsys)
    other = tmp_path / "other.xml"
    other.write_text("<html><body>hi</body></html>")
    assert "not a MediaWiki XML export" in _bad([str(other)], tmp_path, capsys)
    assert "no preset 'nope'" in _bad([dump, "--preset", "nope"], tmp_path, capsys)
    assert "unknown rule" in _bad([dump, "--enable", "nonesuch"], tmp_path, capsys).lower()
    assert "links" in _bad([dump, "--set", "links.nope=1"], tmp_path, capsys)
    assert "--format" in _bad([dump, "--format", "csv"], tmp_path, capsys)
    assert "--namespaces" in _bad([dump, "--namespaces", "zero"], tmp_path, capsys)
    assert "--jobs" in _bad([dump, "--jobs", "0"], tmp_path, capsys)
    assert "--ray-address" in _bad([dump, "--ray-address", "auto"], tmp_path, capsys)


def test_a_non_empty_output_folder_is_refused_without_resume(dumps, tmp_path, capsys):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert main(["batch", str(dumps["plain"]), "-o", str(out), "--quiet", "--resume"]) == 2
    assert "no batch manifest" in capsys.readouterr().err


def test_missing_extras_are_one_line_errors(dumps, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(MissingExtra, match=r"pip install 'wikinorm\[ray\]'"):
        import_ray()
    assert "wikinorm[ray]" in _bad([str(dumps["plain"]), "--engine", "ray"], tmp_path, capsys)
    assert "wikinorm[zstd]" in _bad([str(dumps["plain"]), "--compress", "zstd"], tmp_path, capsys)


@pytest.mark.slow
def test_shared_dumps_through_the_batch(tmp_path):
    dumps = sorted(corpus.DUMPS.glob("*.bz2")) if corpus.DUMPS.is_dir() else []
    if not dumps:
        pytest.skip(corpus.missing(corpus.DUMPS))
    out = tmp_path / "out"
    manifest = _run(JobSpec(tuple(dumps), out, load_preset("plain"), limit=12, shard_pages=5), jobs=2)
    expected = [p.title for p in iter_pages(*dumps)][:12]
    assert [r["title"] for r in all_records(out)] == expected
    assert manifest.totals.records == len(expected) and manifest.totals.errors == 0


def test_progress_display_and_summary(reference_run):
    progress = Progress(10, 9, 1, 500_000, 2_000_000, 2, 2.0)
    assert plain_line(progress) == "batch: 10 pages, 0.5/2.0 MB (25%), 0.2 MB/s, 1 errors, ETA 6 s"
    log = io.StringIO()
    display = ProgressDisplay(log, every=0)
    display(progress)
    assert log.getvalue() == plain_line(progress) + "\n"
    quiet = io.StringIO()
    ProgressDisplay(quiet, quiet=True, every=0)(progress)
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    bar = ProgressDisplay(terminal)
    bar(progress)
    bar.close()
    assert "10 pages" in terminal.getvalue() and "25%" in terminal.getvalue()
    table = summary_table(load_manifest(reference_run), 0)
    for row in ("pages read", "records written", "skipped", "errors", "fallback pages", "throughput", "wall time"):
        assert row in table


def test_progress_is_reported_while_running(dumps, tmp_path):
    seen: list[Progress] = []
    job = plan(JobSpec((dumps["plain"],), tmp_path / "out", load_preset("none"), shard_pages=5))
    manifest = run(job, make_engine("local", 1), seen.append)
    assert len(seen) == len(manifest.shards) + 1  # one at the start
    assert seen[0].pages_done == seen[0].input_bytes_done == 0
    assert seen[-1].input_bytes_done == seen[-1].input_bytes_total == dumps["plain"].stat().st_size
    assert seen[-1].pages_done == manifest.totals.pages_seen


def test_library_pages_and_a_picklable_normalizer(dumps):
    pages = list(iter_pages(dumps["plain"], dumps["multistream"], options=SourceOptions(namespaces={0})))
    assert len(pages) == 2 * len(list(open_source(dumps["plain"])))
    normalize = pickle.loads(pickle.dumps(Normalizer("reference")))
    columns = normalize({"id": [p.id for p in pages[:3]], "text": [p.text for p in pages[:3]]})
    assert columns["id"] == [p.id for p in pages[:3]] and "'''" not in columns["text"][0]
    assert json.loads(columns["edits"][0])["formatting"] >= 2
    rows = normalize([{"title": p.title, "text": p.text} for p in pages[:2]])
    assert [r["text"] for r in rows] == columns["text"][:2]
    pandas = pytest.importorskip("pandas")
    frame = normalize(pandas.DataFrame({"title": [p.title for p in pages[:2]], "text": [p.text for p in pages[:2]]}))
    assert list(frame["text"]) == columns["text"][:2] and list(frame.columns) == ["title", "text", "edits"]
    pyarrow = pytest.importorskip("pyarrow")
    table = normalize(pyarrow.table({"text": [p.text for p in pages[:2]]}))
    assert table.column("text").to_pylist() == columns["text"][:2]
    collecting = Normalizer(Preset("c", "", load_preset("plain").config.with_option("links", "categories", "collect")))
    assert collecting([{"text": ARTICLES[1].text}])[0]["categories"] == ["Group 1"]
