"""Every rule carries a before/after example in its docstring, and pytest runs it.

The examples themselves run as doctests (``testpaths`` includes ``core`` and
``addopts`` has ``--doctest-modules``); these tests check that each rule has
one and that the collection really picks every rule's up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wikinorm.core.registry import RULES

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_metadata_and_a_docstring_example(rule):
    assert rule.id and rule.title and rule.description
    assert "\n" not in rule.description
    assert isinstance(rule.default, bool)
    doc = type(rule).__doc__ or ""
    assert ">>> " in doc and "example(" in doc, f"rule {rule.id} has no before/after example"


@pytest.mark.slow
def test_pytest_collects_every_rules_doctest_once():
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/conftest.py", "core"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = proc.stdout
    for rule in RULES:
        name = type(rule).__name__
        module = type(rule).__module__.removeprefix("wikinorm.")
        assert f"{module}.{name}" in collected, f"the doctest of rule {rule.id} is not collected:\n{collected}"


@pytest.mark.slow
def test_the_rules_doctests_pass_when_pytest_is_given_only_their_folder():
    # No conftest of tests/ is loaded then: the doctest_aliases plugin comes from addopts.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "core/rules"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_registry_ids_are_unique_and_markup_comes_first():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    phases = [r.phase for r in RULES]
    assert phases == sorted(phases, key=lambda p: p != "markup")
    assert ids == [
        "unescape", "comments", "references", "templates", "links", "formatting", "headings", "tables",
        "lists", "html", "tidy", "entities", "mojibake", "unicode", "whitespace", "tokenize", "quotes", "lowercase",
    ]
