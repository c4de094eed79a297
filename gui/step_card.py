"""The step card: the current step's rule, what it does and an example, large enough for a room."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from wikinorm.core import RAW_STAGE, doc_examples, get_rule

from .rule_text import shown
from .theme import muted_text

#: The card's heading is this much larger than the panes' text (its body is their size).
SCALE = 1.3


class StepCard(QFrame):
    """Title, description and a before/after example of the step shown in the right pane."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("step-card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Current step")
        self._title = QLabel()
        self._title.setObjectName("step-card-title")
        self._title.setWordWrap(True)
        self._body = QLabel()
        self._body.setObjectName("step-card-body")
        self._body.setWordWrap(True)
        self._body.setTextFormat(Qt.TextFormat.RichText)
        for label in (self._title, self._body):
            # The card wraps to the pane's width; it must never widen the pane.
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addStretch(1)  # the text stays at the top of a taller card
        self._points = 11

    def show_step(self, stage: str | None, number: int, total: int, last_rule: str | None) -> None:
        """Describe ``stage`` (a rule id, :data:`RAW_STAGE`, or None for the final text).

        ``number`` is the step's place (0 for raw) among ``total`` enabled rules;
        the final text is the last enabled rule's step, ``last_rule``.
        """
        keys = "Alt+← / Alt+→ to step"
        if stage == RAW_STAGE:
            self._title.setText(f"Step 0 of {total}: the raw wikitext")
            self._body.setText(html.escape(f"The text as written, before any rule runs. {keys}."))
            self.setAccessibleDescription(self._title.text())
            return
        rule_id = stage or last_rule
        if rule_id is None:
            self._title.setText("No rule is on: the text is shown as written")
            self._body.setText("")
            return
        rule = get_rule(rule_id)
        final = " — the final text" if stage is None else ""
        self._title.setText(f"Step {number} of {total}: {rule.title}{final}")
        parts = [html.escape(rule.description)]
        examples = doc_examples(rule_id)
        plain = [ex for ex in examples if not ex.options] or examples
        if plain:
            ex = plain[0]
            muted = muted_text(self.palette()).name()
            parts.append(
                "<table cellspacing=6><tr>"
                f"<td style='color:{muted}'>Before</td><td>{shown(ex.before)}</td></tr>"
                f"<tr><td style='color:{muted}'>After</td><td>{shown(ex.after)}</td></tr></table>"
            )
        parts.append(f"<span style='color:{muted_text(self.palette()).name()}'>{keys}</span>")
        self._body.setText("<br>".join(parts))
        self.setAccessibleDescription(f"{self._title.text()}. {rule.description}")

    def set_font_size(self, points: int) -> None:
        """The card's text size follows the panes' zoom, larger."""
        self._points = points
        body = self._body.font()
        body.setPointSizeF(points)
        self._body.setFont(body)
        title = self._title.font()
        title.setPointSizeF(points * SCALE)
        title.setBold(True)
        self._title.setFont(title)

    def title(self) -> str:
        """The card's heading (tests read it)."""
        return self._title.text()

    def body(self) -> str:
        """The card's text (rich text)."""
        return self._body.text()
