"""Rules and their examples as a reader sees them: plain text, no Python syntax.

Rule tooltips, the step card and Explain all show text here: strings are shown
as they are (never ``repr``), invisible characters get a visible sign, and raw
offsets become ``line:column``.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from typing import NamedTuple

from wikinorm.core import doc_examples

#: Characters a reader could not see, and the sign shown for each.
_VISIBLE = {"\n": "⏎", "\t": "→", "\u00a0": "⍽"}


def one_line(text: str) -> str:
    """``text`` on one line: newlines, tabs and no-break spaces shown as signs."""
    return "".join(_VISIBLE.get(ch, ch) for ch in text)


def shown(text: str) -> str:
    """``text`` as a block of monospaced HTML: lines kept and long ones wrapped, tabs and no-break
    spaces shown."""
    body = html.escape(text.replace("\t", "→").replace("\u00a0", "⍽")) or "<i>(nothing)</i>"
    return f"<p style='white-space: pre-wrap; font-family: monospace'>{body}</p>"


class LineColumn(NamedTuple):
    """A position as people count it: line and column, both from 1."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class LineStarts:
    """Where each line of a text starts, to turn offsets into :class:`LineColumn`."""

    def __init__(self, text: str):
        self._starts = [0]
        at = text.find("\n")
        while at >= 0:
            self._starts.append(at + 1)
            at = text.find("\n", at + 1)

    def at(self, offset: int) -> LineColumn:
        """The line and column of code-point ``offset``."""
        line = bisect_right(self._starts, offset)
        return LineColumn(line, offset - self._starts[line - 1] + 1)


def rule_help(rule) -> str:
    """Rich-text help for a rule: title, description, options and a before/after example."""
    parts = [f"<b>{html.escape(rule.title)}</b><br>{html.escape(rule.description)}"]
    for spec in rule.option_specs():
        choices = ", ".join(spec.choices) or "on or off"
        parts.append(f"<i>{html.escape(spec.name)}</i> ({html.escape(choices)}): {html.escape(spec.help)}")
    examples = doc_examples(rule.id)
    if examples:
        first = examples[0]
        parts.append(f"Before:{shown(first.before)}After:{shown(first.after)}")
    return "<br>".join(parts)
