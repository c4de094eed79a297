"""The analysis panels beside the panes, in one table.

The window builds a dock and a View-menu entry per panel, the worker computes
each visible panel's analysis off the UI thread, and the panel's widget shows
it. A new panel is one widget file and one entry in :data:`PANELS`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from wikinorm.core import Result
from wikinorm.core.inventory import TemplateUse, template_inventory

from .explain_view import ExplainView
from .rule_text import LineStarts
from .template_panel import TemplatePanel


@dataclasses.dataclass(frozen=True)
class Panel:
    """One analysis panel: a dock ``<id>-dock`` titled ``title``, shown from the View menu.

    ``factory`` builds its widget, which has ``show_analysis(data)`` taking what
    ``analyze`` returned for the last run.
    """

    id: str
    title: str
    menu_text: str
    factory: Callable[[], QWidget]
    #: Runs in the worker thread on the run's result; never touches Qt.
    analyze: Callable[[Result], Any]


def explain_analysis(result: Result) -> dict[str, Any]:
    """What the Explain panel shows: as `wikinorm explain --json`, per-rule report and collected metadata,
    and each example's raw position as line:column."""
    rules = result.explain(examples=3)
    lines = LineStarts(result.raw)
    positions = {ex.raw_start: lines.at(ex.raw_start) for entry in rules for ex in entry.examples}
    return {"rules": rules, "metadata": result.metadata, "positions": positions}


def inventory_analysis(result: Result) -> list[TemplateUse]:
    """What the Templates panel shows: every template in the raw text and its policy."""
    return template_inventory(result.raw, result.config)


EXPLAIN = Panel("explain", "Explain", "&Explain", ExplainView, explain_analysis)
TEMPLATES = Panel("templates", "Templates", "&Templates", TemplatePanel, inventory_analysis)

#: Every panel, in View-menu order.
PANELS: tuple[Panel, ...] = (EXPLAIN, TEMPLATES)


def analyses(panels: tuple[Panel, ...] = PANELS) -> dict[str, Callable[[Result], Any]]:
    """What the worker can compute, by panel id."""
    return {panel.id: panel.analyze for panel in panels}
