"""A pytest plugin (``-p doctest_aliases`` in pyproject): one copy of each engine module.

Loaded for every run, whatever paths are given (``pytest core/rules`` loads no
conftest of ``tests/``), before the doctest collector imports anything.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys


def _one_copy_of_each_engine_module() -> None:
    """Let pytest's doctest collector find the installed modules under their path names.

    `--doctest-modules` imports ``core/rules/links.py`` by its path, as
    ``core.rules.links``; the package maps that folder to ``wikinorm.core.rules``.
    Two copies would mean two copies of every enum, so a rule's doctest would
    compare members of different classes. Naming each path-derived module as the
    installed one makes pytest reuse it.
    """
    import wikinorm
    import wikinorm.core

    sys.modules.setdefault("core", wikinorm.core)
    sys.modules.setdefault("core.wikinorm", wikinorm)
    for package, alias in ((wikinorm.core, "core"), (wikinorm, "core.wikinorm")):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith("wikinorm.gui") or info.name.endswith("__main__"):
                continue
            if package is wikinorm and info.name.startswith(("wikinorm.core", "wikinorm.resources")):
                continue
            module = importlib.import_module(info.name)
            sys.modules.setdefault(alias + info.name[len(package.__name__):], module)


_one_copy_of_each_engine_module()
