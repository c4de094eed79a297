"""The reference pair: the built-in `reference` preset turns the raw file into the
normalized file byte for byte (../shared/reference/, README there)."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

from bench.corpus import REFERENCE_NORMALIZED, REFERENCE_RAW, REPO, require
from wikinorm.core import run
from wikinorm.core.presets import builtin_preset

FIXTURE = REPO / "tests" / "fixtures" / "reference_expected.txt"


def _sample() -> str:
    return resources.files("wikinorm.resources").joinpath("sample_metastasis.wiki").read_text("utf-8")


def test_reference_preset_reproduces_the_shared_reference_pair_byte_for_byte():
    raw = require(REFERENCE_RAW).read_bytes().decode("utf-8")
    expected = require(REFERENCE_NORMALIZED).read_bytes()
    output = run(raw, builtin_preset("reference").config).text.encode("utf-8")
    assert output == expected


def test_bundled_sample_and_fixture_are_the_reference_pair():
    # The GUI's sample and this fixture let the golden test below run without ../shared.
    assert _sample() == require(REFERENCE_RAW).read_text("utf-8")
    assert FIXTURE.read_bytes() == require(REFERENCE_NORMALIZED).read_bytes()


def test_reference_preset_on_bundled_sample_matches_fixture():
    assert run(_sample(), builtin_preset("reference").config).text.encode("utf-8") == FIXTURE.read_bytes()


def test_cli_normalize_reference_is_byte_identical(tmp_path):
    out = tmp_path / "out.txt"
    sample = tmp_path / "in.wiki"
    sample.write_text(_sample(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "wikinorm", "normalize", str(sample), "--preset", "reference", "-o", str(out)],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == FIXTURE.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "wikinorm", "normalize", str(sample)], capture_output=True)
    assert proc.stdout == FIXTURE.read_bytes()  # no newline added
