"""When to run what: the live editor's scheduling decision, free of Qt.

Edits are coalesced: while a job is in flight they only mark the text dirty,
and when it finishes the next run carries the newest text, config and stage
(one run in flight, latest wins). The trace and the analyses are computed only
after the text, only once typing has paused, and on a worker of their own (one
at a time): on a 2 MB page they take seconds, and a keystroke must not wait for
them. Results that belong to a document that was replaced since are stale and
are dropped. :class:`~gui.normalizer_model.NormalizerModel` feeds this class
events and carries out what :meth:`RunScheduler.next_step` decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Generic, NamedTuple, TypeVar, Union

C = TypeVar("C")  # the config type; the scheduler only compares configs

# How long typing must pause before the trace / analyses are recomputed.
TRACE_DELAY_MS = 150
ANALYSIS_DELAY_MS = 400


class StartRun(NamedTuple):
    """Send a text run. ``replace`` is a new document's ``(text, serial)``; else
    ``text_changed`` says whether the editor's text changed since the last run,
    and ``full_text`` that the worker's document may not hold the last text sent,
    so edits cannot be applied to it: send the whole text."""

    generation: int
    replace: tuple[str, int] | None
    text_changed: bool
    full_text: bool
    config: object
    stage: str | None


class StartTrace(NamedTuple):
    """Compute the trace of run ``generation`` (the last one shown)."""

    generation: int


class StartAnalysis(NamedTuple):
    """Compute analysis ``kind`` of run ``generation`` (the last one shown)."""

    kind: str
    generation: int


class WaitFor(NamedTuple):
    """Nothing to send yet: ask again after ``ms`` milliseconds (typing has not paused)."""

    ms: int


Step = Union[StartRun, StartTrace, StartAnalysis, WaitFor, None]


@dataclasses.dataclass
class RunScheduler(Generic[C]):
    """The state behind "one run in flight, latest wins".

    Times are passed in (seconds, monotonic) so tests drive the clock.
    """

    config: C
    analysis_kinds: Iterable[str] = ()
    stage: str | None = None
    trace_enabled: bool = True

    def __post_init__(self) -> None:
        self.analysis_kinds = tuple(self.analysis_kinds)
        #: Analyses whose views are visible (computed after each run, when quiet).
        self.analyses_enabled: set[str] = set()
        self.busy = False  # a text run is in flight
        self.side_busy = False  # a trace or an analysis is in flight (on a thread of its own)
        self._in_flight: Step = None
        self._side_in_flight: Step = None
        self._replace: tuple[str, int] | None = None
        self._text_dirty = False
        self._needs_run = False
        self._full_text = False
        self._generation = 0
        self._document_generation = 0  # first run of the current document
        self._shown = -1
        self._traced = -1
        self._analyzed = dict.fromkeys(self.analysis_kinds, -1)
        self._last_change = float("-inf")

    # -- inputs ---------------------------------------------------------------

    def replace_text(self, text: str, serial: int, now: float) -> None:
        """A new document: the next run starts it afresh; results of the old one are stale."""
        self._replace = (text, serial)
        self._text_dirty = False
        # Every job sent so far belongs to the old document; the next run starts the new one.
        self._document_generation = self._generation + 1
        self._changed(now)

    def text_edited(self, now: float) -> None:
        """The editor's text changed (read when the next run starts)."""
        self._text_dirty = True
        self._changed(now)

    def set_config(self, config: C, now: float) -> bool:
        """Run with ``config`` from now on; whether it differs from the current one."""
        if config == self.config:
            return False
        self.config = config
        self._changed(now)
        return True

    def set_stage(self, stage: str | None, now: float) -> bool:
        """Show the text after rule ``stage`` (None: the final text); whether it changed."""
        if stage == self.stage:
            return False
        self.stage = stage
        self._changed(now)
        return True

    def set_analysis_enabled(self, kind: str, enabled: bool) -> None:
        """Compute analysis ``kind`` after each run, or not."""
        if enabled:
            self.analyses_enabled.add(kind)
        else:
            self.analyses_enabled.discard(kind)

    def request_run(self, now: float) -> None:
        """Run again with the whole text even if nothing changed (e.g. after a failure)."""
        self._text_dirty = True
        self._full_text = True
        self._changed(now)

    def _changed(self, now: float) -> None:
        self._needs_run = True
        self._last_change = now

    # -- the decision -----------------------------------------------------------

    def next_step(self, now: float) -> Step:
        """What to send now; StartRun marks the scheduler busy, StartTrace and
        StartAnalysis side-busy. A trace or an analysis never holds up a run: they
        go to a worker of their own, one at a time, after typing has paused."""
        if self.busy:
            return None
        if self._needs_run:
            self._needs_run = False
            self._generation += 1
            replace, self._replace = self._replace, None
            step = StartRun(
                self._generation,
                replace,
                self._text_dirty,
                self._full_text,
                self.config,
                self.stage,
            )
            self._text_dirty = False
            self._full_text = False
            self.busy = True
            self._in_flight = step
            return step
        if self._shown < 0 or self.side_busy:
            return None
        quiet_ms = (now - self._last_change) * 1000
        if self.trace_enabled and self._traced != self._shown:
            if quiet_ms < TRACE_DELAY_MS:
                return WaitFor(int(TRACE_DELAY_MS - quiet_ms) + 1)
            return self._start_side(StartTrace(self._shown))
        for kind in sorted(self.analyses_enabled):
            if self._analyzed[kind] == self._shown:
                continue
            if quiet_ms < ANALYSIS_DELAY_MS:
                return WaitFor(int(ANALYSIS_DELAY_MS - quiet_ms) + 1)
            return self._start_side(StartAnalysis(kind, self._shown))
        return None

    def _start_side(self, step: Step) -> Step:
        self.side_busy = True
        self._side_in_flight = step
        return step

    # -- outcomes ---------------------------------------------------------------

    def _stale(self, generation: int) -> bool:
        return generation < self._document_generation

    def text_done(self, generation: int) -> bool:
        """A text run finished; whether to show it (False: stale, drop it)."""
        self.busy, self._in_flight = False, None
        if self._stale(generation) or generation <= self._shown:
            return False
        self._shown = generation
        return True

    def partial_ok(self, generation: int) -> bool:
        """Whether to show a first-screen output of run ``generation`` (in flight, not stale)."""
        return not self._stale(generation) and generation > self._shown

    def trace_done(self, generation: int) -> bool:
        """A trace finished; whether to show it (False: stale, drop it)."""
        self.side_busy, self._side_in_flight = False, None
        if self._stale(generation) or generation <= self._traced:
            return False
        self._traced = generation
        return True

    def analysis_done(self, kind: str, generation: int) -> bool:
        """Analysis ``kind`` finished; whether to show it (False: stale, drop it)."""
        self.side_busy, self._side_in_flight = False, None
        if self._stale(generation) or generation < self._analyzed[kind]:
            return False
        self._analyzed[kind] = generation
        return True

    def failed(self, generation: int, side: bool | None = None) -> bool:
        """A job failed: the text run, or with ``side`` the trace or analysis (None:
        whichever alone is in flight); whether to report it (False: it belonged to a
        replaced document).

        A failing trace or analysis is not retried for this run (it would fail
        again forever); a failed text run may have left the worker's document
        anywhere, so the next run sends the whole text.
        """
        if side is None:
            side = self._in_flight is None and self._side_in_flight is not None
        if side:
            self.side_busy = False
            step, self._side_in_flight = self._side_in_flight, None
        else:
            self.busy = False
            step, self._in_flight = self._in_flight, None
        if isinstance(step, StartRun):
            self._full_text = True
        elif isinstance(step, StartTrace):
            self._traced = max(self._traced, generation)
        elif isinstance(step, StartAnalysis):
            self._analyzed[step.kind] = max(self._analyzed[step.kind], generation)
        return not self._stale(generation)
