"""Trying one rule on its own: the before/after examples in the rules' docstrings."""

from __future__ import annotations

import ast
import inspect
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
    """The ``example(...)`` calls in rule ``rule_id``'s docstring, run, as plain before/after text.

    The docstring's doctests are the one home of each rule's examples; this
    reads their calls (literal arguments; an enum member counts as its value's
    name) and runs them, so the window can show them without Python syntax.

    >>> doc_examples("comments")[0]
    DocExample(before='Text<!-- hidden note -->more', after='Text more', options=())
    """
    from .registry import get_rule

    rule = get_rule(rule_id)
    choices = {spec.name: {c.lower(): c for c in spec.choices} for spec in rule.option_specs()}
    found = []
    for line in inspect.cleandoc(rule.__doc__ or "").splitlines():
        source = line.strip()
        if not source.startswith(">>> "):
            continue
        try:
            tree = ast.parse(source[4:], mode="eval")
        except SyntaxError:
            continue
        call = next((n for n in ast.walk(tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name) and n.func.id == "example"), None)
        if call is None or len(call.args) != 2:
            continue
        try:
            text = ast.literal_eval(call.args[1])
            options = tuple((kw.arg, _option_value(kw.value, choices.get(kw.arg, {}))) for kw in call.keywords)
        except ValueError:
            continue
        found.append(DocExample(text, example(rule_id, text, **dict(options)), options))
    return found


def _option_value(node: ast.expr, choices: dict[str, str]) -> Any:
    if isinstance(node, ast.Attribute):  # SomeEnum.MEMBER: the choice spelled like the member's name
        return choices.get(node.attr.lower(), node.attr.lower())
    return ast.literal_eval(node)
