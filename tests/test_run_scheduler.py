"""The live editor's scheduling decision, without Qt: coalescing, one in flight, latest wins."""

from __future__ import annotations

import pytest

from wikinorm.gui.run_scheduler import (
    ANALYSIS_DELAY_MS,
    TRACE_DELAY_MS,
    RunScheduler,
    StartAnalysis,
    StartRun,
    StartTrace,
    WaitFor,
)


def quiet(now: float, ms: float) -> float:
    """A time ``ms`` milliseconds after ``now``."""
    return now + ms / 1000


@pytest.fixture
def sched() -> RunScheduler[str]:
    s: RunScheduler[str] = RunScheduler("cfg-a", analysis_kinds=("explain", "templates"))
    s.trace_enabled = False
    return s


def first_run(s: RunScheduler[str], now: float = 0.0) -> StartRun:
    s.replace_text("doc", 1, now)
    step = s.next_step(now)
    assert isinstance(step, StartRun)
    assert s.text_done(step.generation)
    return step


def test_nothing_to_do_until_something_changes(sched):
    assert sched.next_step(0.0) is None
    assert not sched.busy


def test_a_new_document_is_sent_whole(sched):
    sched.replace_text("text", 7, 0.0)
    step = sched.next_step(0.0)
    assert step == StartRun(1, ("text", 7), False, False, "cfg-a", None)
    assert sched.busy


def test_one_run_in_flight_and_edits_coalesce(sched):
    first_run(sched)
    sched.text_edited(1.0)
    step = sched.next_step(1.0)
    assert isinstance(step, StartRun) and step.text_changed
    # While it runs, more edits only mark the text dirty: nothing else is sent.
    for k in range(5):
        sched.text_edited(1.0 + k / 100)
        assert sched.next_step(1.0 + k / 100) is None
    assert sched.text_done(step.generation)
    # The five edits leave as one run.
    again = sched.next_step(1.1)
    assert isinstance(again, StartRun) and again.text_changed and again.generation == step.generation + 1
    assert sched.text_done(again.generation)
    assert sched.next_step(1.2) is None


def test_latest_config_and_stage_win(sched):
    first_run(sched)
    assert sched.set_config("cfg-b", 1.0)
    step = sched.next_step(1.0)
    assert step.config == "cfg-b" and not step.text_changed
    assert sched.set_config("cfg-c", 1.0)
    assert sched.set_config("cfg-d", 1.0)
    assert sched.set_stage("links", 1.0)
    assert not sched.set_stage("links", 1.0)  # unchanged: no run
    sched.text_done(step.generation)
    latest = sched.next_step(1.1)
    assert (latest.config, latest.stage) == ("cfg-d", "links")
    sched.text_done(latest.generation)
    assert not sched.set_config("cfg-d", 2.0)
    assert sched.next_step(2.0) is None


def test_results_of_a_replaced_document_are_dropped(sched):
    first_run(sched)
    sched.text_edited(1.0)
    old = sched.next_step(1.0)
    sched.replace_text("another", 9, 1.0)
    assert sched.next_step(1.0) is None  # still one in flight
    assert not sched.text_done(old.generation)  # the old document's output: stale
    new = sched.next_step(1.0)
    assert new.replace == ("another", 9)
    assert sched.text_done(new.generation)
    # A trace or analysis of the old document that arrives late is stale too.
    assert not sched.trace_done(old.generation)
    assert not sched.analysis_done("explain", old.generation)


def test_an_output_older_than_the_one_shown_is_dropped(sched):
    step = first_run(sched)
    assert not sched.text_done(step.generation)


def test_edits_after_a_new_document_is_set_are_not_lost(sched):
    first_run(sched)
    sched.text_edited(1.0)
    running = sched.next_step(1.0)
    sched.replace_text("new", 5, 1.0)
    sched.text_edited(1.0)
    sched.text_done(running.generation)
    step = sched.next_step(1.0)
    # The caller reads the editor (which holds the new text plus the edit).
    assert step.replace == ("new", 5) and step.text_changed


def test_trace_waits_for_typing_to_pause(sched):
    sched.trace_enabled = True
    step = first_run(sched, now=10.0)
    wait = sched.next_step(10.0)
    assert isinstance(wait, WaitFor) and wait.ms == TRACE_DELAY_MS + 1
    trace = sched.next_step(quiet(10.0, TRACE_DELAY_MS))
    assert trace == StartTrace(step.generation)
    assert sched.next_step(quiet(10.0, TRACE_DELAY_MS)) is None  # busy
    assert sched.trace_done(step.generation)
    assert sched.next_step(20.0) is None  # done for this run


def test_text_comes_before_trace_and_analyses(sched):
    sched.trace_enabled = True
    sched.set_analysis_enabled("explain", True)
    first_run(sched)
    sched.text_edited(5.0)
    assert isinstance(sched.next_step(100.0), StartRun)


def test_analyses_only_when_enabled_and_quiet(sched):
    step = first_run(sched, now=0.0)
    assert sched.next_step(100.0) is None
    sched.set_analysis_enabled("templates", True)
    sched.set_analysis_enabled("explain", True)
    assert isinstance(sched.next_step(quiet(0.0, ANALYSIS_DELAY_MS - 100)), WaitFor)
    first = sched.next_step(100.0)
    assert first == StartAnalysis("explain", step.generation)
    assert sched.analysis_done("explain", step.generation)
    second = sched.next_step(100.0)
    assert second == StartAnalysis("templates", step.generation)
    assert sched.analysis_done("templates", step.generation)
    assert sched.next_step(100.0) is None
    sched.set_analysis_enabled("explain", False)
    sched.set_config("cfg-b", 200.0)
    run = sched.next_step(200.0)
    sched.text_done(run.generation)
    assert sched.next_step(300.0) == StartAnalysis("templates", run.generation)


def test_a_failing_trace_or_analysis_is_not_retried(sched):
    sched.trace_enabled = True
    sched.set_analysis_enabled("explain", True)
    step = first_run(sched)
    assert sched.next_step(100.0) == StartTrace(step.generation)
    assert sched.failed(step.generation)
    assert not sched.busy
    assert sched.next_step(100.0) == StartAnalysis("explain", step.generation)
    assert sched.failed(step.generation)
    assert sched.next_step(100.0) is None


def test_a_failed_text_run_sends_the_whole_text_next(sched):
    first_run(sched)
    sched.text_edited(1.0)
    step = sched.next_step(1.0)
    assert not step.full_text
    assert sched.failed(step.generation)
    assert not sched.busy
    assert sched.next_step(1.0) is None  # no retry loop: the next edit runs again
    sched.text_edited(2.0)
    again = sched.next_step(2.0)
    assert again.text_changed and again.full_text
    sched.text_done(again.generation)
    sched.text_edited(3.0)
    assert not sched.next_step(3.0).full_text


def test_request_run_sends_the_whole_text_even_without_edits(sched):
    first_run(sched)
    sched.request_run(1.0)
    step = sched.next_step(1.0)
    assert step.text_changed and step.full_text


def test_failure_of_a_replaced_documents_run_is_not_reported(sched):
    first_run(sched)
    sched.text_edited(1.0)
    old = sched.next_step(1.0)
    sched.replace_text("other", 3, 1.0)
    assert not sched.failed(old.generation)
    assert sched.next_step(1.0).replace == ("other", 3)
