"""What the status bar says about a finished run."""

from __future__ import annotations

from typing import NamedTuple

from wikinorm.core import fallback_summary, get_rule

from .run_worker import TextOutput


class RunStatus(NamedTuple):
    """The run label's text and tooltip."""

    text: str
    tooltip: str


def run_status(out: TextOutput) -> RunStatus:
    """Time, sizes, the step shown, and any blocks that skipped the parser."""
    stage = "" if out.stage is None else f" · showing after “{get_rule(out.stage).title}”"
    text = (
        f"Run {out.seconds * 1000:.0f} ms · raw {len(out.result.raw):,} chars → "
        f"normalized {len(out.result.text):,} chars{stage}"
    )
    # Blocks the engine judged too broken to parse went through its linear
    # fallback: their output is simpler, and the user must see that it happened.
    fallback = fallback_summary(out.fallback_blocks)
    if not fallback:
        return RunStatus(text, "")
    tooltip = (
        f"{fallback}.\nThese blocks have so many unclosed openers (or are so large) that the "
        "parser would take too long; their markup was removed by a simpler linear pass."
    )
    return RunStatus(f"{text} · ⚠ {fallback}", tooltip)
