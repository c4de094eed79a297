"""The Ray engine for real, on one local Ray instance with 2 CPUs for the whole module.

Same shards as the local engine, the CLI's ``--engine ray`` joining the running
instance, and the README's Ray Data example.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from batch_helpers import all_records, shard_files, small_dump, small_multistream

from bench.corpus import REPO
from wikinorm.cli import main
from wikinorm.core.batch import JobSpec, load_manifest, make_engine, plan, run
from wikinorm.core.presets import load_preset

ray = pytest.importorskip("ray", reason="Ray is in the test extra: pip install -e '.[test]'")

pytestmark = pytest.mark.slow  # starting Ray takes seconds


@pytest.fixture(scope="module")
def ray_instance():
    # A new instance of its own, even if a head node (ours in test_batch_ray_cluster, or a
    # user's) runs on this machine.
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def _job(inputs: tuple[Path, ...], out: Path, engine: str, jobs: int, **settings):
    return run(plan(JobSpec(inputs, out, load_preset("reference"), **settings)), make_engine(engine, jobs))


@pytest.mark.parametrize("kind", ["plain", "multistream"])
def test_ray_writes_the_same_shards_as_one_and_two_local_jobs(ray_instance, tmp_path, kind):
    dump = small_dump(tmp_path) if kind == "plain" else small_multistream(tmp_path)
    settings = {"shard_pages": 7, "part_bytes": 3000}
    outs = {}
    for engine, jobs in (("local", 1), ("local", 2), ("ray", 2)):
        out = tmp_path / f"{engine}-{jobs}"
        manifest = _job((dump,), out, engine, jobs, **settings)
        assert manifest.status == "complete" and manifest.engine == engine
        outs[engine, jobs] = out
    one = shard_files(outs["local", 1])
    assert len(one) > 2
    assert shard_files(outs["local", 2]) == one
    assert shard_files(outs["ray", 2]) == one
    assert ray.is_initialized(), "an engine that joined a running instance leaves it running"


def test_cli_engine_ray_joins_the_running_instance(ray_instance, tmp_path, capsys):
    dump = small_dump(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(dump), "-o", str(out), "--engine", "ray", "--shard-pages", "9", "--quiet"]) == 0
    assert "(ray)" in capsys.readouterr().out
    local = tmp_path / "local"
    assert main(["batch", str(dump), "-o", str(local), "--jobs", "1", "--shard-pages", "9", "--quiet"]) == 0
    assert shard_files(out) == shard_files(local)
    assert load_manifest(out).totals == load_manifest(local).totals


def _readme_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- ray data example -->\n```python\n(.*?)```", readme, re.S)
    assert match, "README lost its Ray Data example"
    return match.group(1)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, about its settings
def test_the_readme_ray_data_example_runs(ray_instance, tmp_path):
    code = _readme_example()
    dump = small_dump(tmp_path, kb=15)
    paths = {'"/shared/enwiki-latest-pages-articles1.xml.bz2"': dump, '"/shared/enwiki-plain"': tmp_path / "normalized"}
    for quoted, path in paths.items():
        assert quoted in code
        code = code.replace(quoted, repr(str(path)))
    exec(compile(code, "README.md", "exec"), {})
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "normalized")
    rows = sorted(table.to_pylist(), key=lambda r: r["id"])
    out = tmp_path / "batch"
    assert main(["batch", str(dump), "-o", str(out), "--preset", "plain", "--jobs", "1", "--quiet"]) == 0
    expected = all_records(out)
    assert [(r["id"], r["title"], r["text"]) for r in rows] == [(r["id"], r["title"], r["text"]) for r in expected]
