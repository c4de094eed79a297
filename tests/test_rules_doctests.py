"""Every rule carries a before/after example in its docstring, and it holds."""

from __future__ import annotations

import doctest
import importlib

import pytest

from wikinorm.core.registry import RULES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_metadata_and_a_passing_docstring_example(rule):
    assert rule.id and rule.title and rule.description
    assert "\n" not in rule.description
    assert isinstance(rule.default, bool)
    doc = type(rule).__doc__ or ""
    assert ">>> " in doc and "example(" in doc, f"rule {rule.id} has no before/after example"
    module = importlib.import_module(type(rule).__module__)
    finder = doctest.DocTestFinder()
    tests = [t for t in finder.find(type(rule), type(rule).__name__, module=module, globs=vars(module).copy()) if t.examples]
    assert tests, f"no doctest found for {rule.id}"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0, f"doctest of rule {rule.id} failed (run pytest --doctest-modules core for detail)"


@pytest.mark.parametrize("module", ["wikinorm.core.edits", "wikinorm.core.markup", "wikinorm.core.document"])
def test_module_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_registry_ids_are_unique_and_markup_comes_first():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    phases = [r.phase for r in RULES]
    assert phases == sorted(phases, key=lambda p: p != "markup")
    assert ids == [
        "comments", "references", "templates", "links", "formatting", "headings", "tables",
        "lists", "html", "entities", "mojibake", "unicode", "whitespace", "tokenize", "quotes", "lowercase",
    ]
