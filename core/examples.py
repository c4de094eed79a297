"""Trying one rule on its own: the before/after examples in the rules' docstrings."""

from __future__ import annotations

import ast
import doctest
from typing import Any, NamedTuple

from .config import Config
from .document import run


def example(rule_id: str, text: str, **options: Any) -> str:
    """``text`` normalized by rule ``rule_id`` alone, with ``options`` set.

    >>> example("formatting", "It is '''bold'''.")
    'It is bold.'
    """
    config = Config.only(rule_id)
    for name, value in options.items():
        config = config.with_option(rule_id, name, value)
    return run(text, config).text


class DocExample(NamedTuple):
    """One before/after example from a rule's docstring, in plain text (no doctest syntax)."""

    before: str
    after: str
    options: tuple[tuple[str, str], ...]  # (option name, value) set for this example


def doc_examples(rule_id: str) -> list[DocExample]:
    """The ``example(...)`` calls in rule ``rule_id``'s docstring as plain before/after text.

    The docstring's doctests are the one home of each rule's examples (and the
    test suite runs them, so each "after" is what the rule does); this reads
    their literal arguments (an enum member counts as the choice of its name)
    and expected outputs without running anything, so the window can show them
    without Python syntax.

    >>> doc_examples("comments")[0]
    DocExample(before='Text<!-- hidden note -->more', after='Text more', options=())
    """
    from .registry import get_rule

    rule = get_rule(rule_id)
    choices = {spec.name: {c.lower(): c for c in spec.choices} for spec in rule.option_specs()}
    found = []
    for case in doctest.DocTestParser().get_examples(rule.__doc__ or ""):
        try:
            tree = ast.parse(case.source, mode="eval").body
        except SyntaxError:
            continue
        compared = isinstance(tree, ast.Compare) and isinstance(tree.ops[0], ast.Eq)
        call = tree.left if compared else tree
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "example"
                and len(call.args) == 2):
            continue
        try:
            text = ast.literal_eval(call.args[1])
            after = ast.literal_eval(tree.comparators[0]) if compared else ast.literal_eval(case.want.strip())
            options = tuple((kw.arg, _option_value(kw.value, choices.get(kw.arg, {}))) for kw in call.keywords)
        except (ValueError, SyntaxError):
            continue
        if isinstance(text, str) and isinstance(after, str):
            found.append(DocExample(text, after, options))
    return found


def _option_value(node: ast.expr, choices: dict[str, str]) -> Any:
    if isinstance(node, ast.Attribute):  # SomeEnum.MEMBER: the choice spelled like the member's name
        return choices.get(node.attr.lower(), node.attr.lower())
    return ast.literal_eval(node)
