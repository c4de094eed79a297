"""Run Batch… from the window: same output as `wikinorm batch`, progress, Cancel and resume, failing pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from batch_helpers import shard_files, small_dump
from test_gui_pages import wait_page
from wikinorm.cli import main as cli_main

# Planted in the batch process through PYTHONPATH: one page's normalization raises,
# as a page that breaks the engine would.
FAILING_SITE = '''
import os
title = os.environ.get("WIKINORM_TEST_FAIL_TITLE")
if title:
    from wikinorm.core.batch import shard
    original = shard.normalize_page
    def failing(page, *args, **kwargs):
        if page.title == title:
            raise ValueError("planted failure")
        return original(page, *args, **kwargs)
    shard.normalize_page = failing
'''


def batch_dialog(window, dump: Path, out: Path, shard_pages: int = 5, environment: dict | None = None):
    window.open_file(dump, ask_to_save=False)
    window.dumps.run_batch_dialog()
    dialog = window.dumps._batch
    dialog.runner.environment = environment or {}
    assert dialog.input.text() == str(dump)
    dialog.output.setText(str(out))
    dialog.jobs.setValue(1)
    dialog.shard_pages.setValue(shard_pages)
    return dialog


def run_to_end(qtbot, dialog, timeout=120_000):
    with qtbot.waitSignal(dialog.runner.finished, timeout=timeout) as ended:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    return ended.args[0]


def test_the_batch_from_the_window_writes_what_the_command_writes(make_window, qtbot, tmp_path):
    dump = small_dump(tmp_path)
    window = make_window()
    was = window.rules.checkbox("lowercase").isChecked()
    window.rules.checkbox("lowercase").click()  # the window's current settings are the preset
    dialog = batch_dialog(window, dump, tmp_path / "gui")
    assert "current rule settings" in dialog.preset_label.text()
    progress = []
    dialog.runner.progressed.connect(progress.append)
    outcome = run_to_end(qtbot, dialog)
    assert outcome.error is None and not outcome.cancelled and outcome.exit_code == 0
    assert cli_main(["batch", str(dump), "-o", str(tmp_path / "cli"), "--preset", "reference",
                     "--disable" if was else "--enable", "lowercase", "--jobs", "1", "--shard-pages", "5", "--quiet"]) == 0
    assert shard_files(tmp_path / "gui") == shard_files(tmp_path / "cli")
    assert progress and progress[-1].input_bytes_done == progress[-1].input_bytes_total
    assert dialog.progress.value() == 1000 and "pages/s" in dialog.rate.text() and "ETA" in dialog.rate.text()
    assert "records written" in dialog.summary.toPlainText() and dialog.errors.count() == 0
    assert dialog.run_button.text() == "Run"  # a complete job is not offered for resuming


@pytest.mark.slow
def test_cancel_keeps_finished_shards_and_resume_completes_the_job(make_window, qtbot, tmp_path):
    dump = small_dump(tmp_path, kb=500)
    out = tmp_path / "out"
    window = make_window()
    dialog = batch_dialog(window, dump, out, shard_pages=2)
    cancelled = []

    def cancel_after_a_shard(p):
        if p.shards_done >= 2 and not cancelled:
            cancelled.append(p)
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    dialog.runner.progressed.connect(cancel_after_a_shard)
    outcome = run_to_end(qtbot, dialog)
    assert cancelled and outcome.cancelled, "the job ended before it could be cancelled"
    kept = sorted(p.name for p in out.glob("part-*.done.json"))
    assert kept and "Resume" in dialog.message.text() and dialog.run_button.text() == "Resume"

    outcome = run_to_end(qtbot, dialog)
    assert outcome.error is None and not outcome.cancelled and outcome.resumed_shards >= len(kept)
    assert not list(out.glob(".*.tmp"))
    assert cli_main(["batch", str(dump), "-o", str(tmp_path / "whole"), "--preset", "reference",
                     "--jobs", "1", "--shard-pages", "2", "--quiet"]) == 0
    assert shard_files(out) == shard_files(tmp_path / "whole")


def test_failing_pages_are_listed_and_open_from_the_dump(make_window, qtbot, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(FAILING_SITE, encoding="utf-8")
    dump = small_dump(tmp_path)
    window = make_window()
    dialog = batch_dialog(window, dump, tmp_path / "out",
                          environment={"PYTHONPATH": str(site), "WIKINORM_TEST_FAIL_TITLE": "Topic 4"})
    outcome = run_to_end(qtbot, dialog)
    assert outcome.exit_code == 1 and [p.title for p in outcome.failed] == ["Topic 4"]
    assert "planted failure" in dialog.errors.item(0).text()
    assert "errors" in dialog.summary.toPlainText()
    window.documents.load_text("Something else.")
    dialog.errors.itemActivated.emit(dialog.errors.item(0))
    wait_page(qtbot, window, "Topic 4")


def test_a_job_that_cannot_start_says_why(make_window, qtbot, tmp_path):
    dump = small_dump(tmp_path)
    out = tmp_path / "busy"
    out.mkdir()
    (out / "someone-elses.txt").write_text("x", encoding="utf-8")
    window = make_window()
    dialog = batch_dialog(window, dump, out)
    outcome = run_to_end(qtbot, dialog)
    assert outcome.error and "not empty" in outcome.error
    assert "not empty" in dialog.message.text()


def test_a_folder_is_an_input_too(make_window, qtbot, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "One_page.wiki").write_text("'''One''' page.", encoding="utf-8")
    (folder / "Two.wiki").write_text("Two [[pages]].", encoding="utf-8")
    window = make_window()
    window.dumps.run_batch_dialog()
    dialog = window.dumps._batch
    dialog.input.setText(str(folder))
    dialog.output.setText(str(tmp_path / "out"))
    dialog.jobs.setValue(1)
    outcome = run_to_end(qtbot, dialog)
    assert outcome.error is None and "records written  2" in dialog.summary.toPlainText()


def test_closing_the_window_ends_a_running_batch(make_window, qtbot, tmp_path):
    dump = small_dump(tmp_path, kb=500)
    window = make_window()
    dialog = batch_dialog(window, dump, tmp_path / "out", shard_pages=2)
    with qtbot.waitSignal(dialog.runner.progressed, timeout=60_000):
        dialog.run()
    window.shutdown()
    assert not dialog.runner.is_running()


def test_run_without_an_input_says_what_is_missing(make_window, qtbot):
    window = make_window()
    window.dumps.run_batch_dialog()  # no dump open: the input is empty
    dialog = window.dumps._batch
    assert dialog.input.text() == ""
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert not dialog.runner.is_running() and "Choose an input" in dialog.message.text()
