"""The status bar's run label: what the last run took, and what it had to simplify."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from wikinorm.core import RAW_STAGE, fallback_summary, get_rule

from .run_worker import TextOutput


class RunLabel(QLabel):
    """Time, sizes, the step shown, and any blocks that skipped the parser (with a tooltip why)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", parent)

    def show_run(self, out: TextOutput) -> None:
        """Describe a finished run."""
        # The count is of the text shown: an intermediate step's, not the final text's.
        if out.stage is None:
            shown = f"normalized {len(out.text):,} chars"
        elif out.stage == RAW_STAGE:
            shown = "showing the raw text"
        else:
            shown = f"after “{get_rule(out.stage).title}” {len(out.text):,} chars"
        text = f"Run {out.seconds * 1000:.0f} ms · raw {out.result.raw_length:,} chars → {shown}"
        # Blocks the engine judged too broken to parse went through its linear
        # fallback: their output is simpler, and the user must see that it happened.
        fallback = fallback_summary(out.fallback_blocks)
        if fallback:
            text += f" · ⚠ {fallback}"
        self.setText(text)
        self.setToolTip(
            f"{fallback}.\nThese blocks have so many unclosed openers (or are so large) that the "
            "parser would take too long; their markup was removed by a simpler linear pass."
            if fallback else ""
        )

    def show_partial(self, out: TextOutput) -> None:
        """Say that the first screen of a long document is shown and the rest is coming."""
        self.setText(f"First screen in {out.seconds * 1000:.0f} ms · running the whole text…")
        self.setToolTip("")
