"""Run Batch…: the open dump (or a folder) through `wikinorm batch`'s code with the window's settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wikinorm.core.batch import Progress, load_manifest
from wikinorm.core.presets import Preset

from .batch_process import BatchRequest
from .batch_runner import BatchOutcome, BatchRunner


def rate_text(p: Progress) -> str:
    """``1,234 pages · 56 pages/s · 40% · ETA 12 s`` for the progress line."""
    elapsed = max(p.elapsed, 1e-9)
    share = p.input_bytes_done / p.input_bytes_total if p.input_bytes_total else 0.0
    rate = p.input_bytes_done / elapsed
    eta = (p.input_bytes_total - p.input_bytes_done) / rate if rate > 0 else None
    eta_text = "ETA ?" if eta is None else f"ETA {eta:,.0f} s"
    return f"{p.pages_done:,} pages · {p.pages_done / elapsed:,.0f} pages/s · {share:.0%} · {eta_text} · {p.errors} errors"


class BatchDialog(QDialog):
    """Input, output folder, format, compression, jobs; Run (or Resume), Cancel, progress and summary.

    ``current_preset`` gives the window's settings when Run is pressed;
    ``open_page(source, title)`` opens a failing page from the summary.
    """

    def __init__(self, settings: QSettings, current_preset: Callable[[], Preset],
                 open_page: Callable[[Path, str], None], parent: QWidget | None = None,
                 environment: dict[str, str] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Run batch")
        self.setObjectName("batch-dialog")
        self.resize(660, 600)
        self._settings = settings
        self._current_preset = current_preset
        self._open_page = open_page
        self.runner = BatchRunner(self, environment)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self._source: Path | None = None

        self.input = QLineEdit()
        self.output = QLineEdit()
        self.format = QComboBox()
        self.format.addItems(["jsonl", "parquet"])
        self.compression = QComboBox()
        self.compression.addItems(["gzip", "zstd", "none"])
        self.jobs = QSpinBox()
        self.jobs.setRange(1, max(1, os.cpu_count() or 1) * 4)
        self.jobs.setValue(int(settings.value("batch/jobs", os.cpu_count() or 1, int)))
        self.shard_pages = QSpinBox()
        self.shard_pages.setRange(1, 1_000_000)
        self.shard_pages.setValue(1000)
        self.shard_pages.setToolTip("Pages per shard for a dump read by one reader (a multistream dump is split by bytes)")
        self.preset_label = QLabel()
        form = QFormLayout()
        form.addRow("Input:", self._with_buttons(self.input, ("Dump…", self._pick_dump), ("Folder…", self._pick_folder)))
        form.addRow("Output folder:", self._with_buttons(self.output, ("Browse…", self._pick_output)))
        form.addRow("Format:", self.format)
        form.addRow("Compression:", self.compression)
        form.addRow("Jobs:", self.jobs)
        form.addRow("Pages per shard:", self.shard_pages)
        form.addRow("Preset:", self.preset_label)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.rate = QLabel("")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.summary.setPlaceholderText("The summary appears here when the job ends.")
        self.errors = QListWidget()
        self.errors.setToolTip("Pages the batch could not normalize: double-click one to open it")
        self.errors.itemActivated.connect(self._error_chosen)
        self.run_button = QPushButton("Run")
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        close = QPushButton("Close")
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.runner.cancel)
        close.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.run_button, self.cancel_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.rate)
        layout.addWidget(self.message)
        layout.addWidget(self.summary, 2)
        layout.addWidget(QLabel("Pages that failed (double-click to open):"))
        layout.addWidget(self.errors, 1)
        layout.addLayout(buttons)
        self.output.textChanged.connect(lambda _t: self._update_run_button())

    def _with_buttons(self, line: QLineEdit, *buttons) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(line, 1)
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return box

    # -- choosing -------------------------------------------------------------------

    def prepare(self, dump: Path | None) -> None:
        """Fill in the open dump and a default output folder beside the last one used (not while running)."""
        preset = self._current_preset()
        self.preset_label.setText(f"{preset.name} with the window's current rule settings")
        if self.runner.is_running():
            return
        if dump is not None:
            self.input.setText(str(dump))
        if not self.output.text():
            base = Path(self._settings.value("batch/folder", str(Path.home() / "wikinorm-batch"), str))
            stem = Path(self.input.text()).name.split(".")[0] or "batch"
            self.output.setText(str(base / f"{stem}-normalized"))
        self._update_run_button()

    def _pick_dump(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Batch input", self.input.text(),
                                              "Dumps (*.xml *.bz2 *.gz *.jsonl);;All files (*)")
        if path:
            self.input.setText(path)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Folder of .wiki files", self.input.text())
        if path:
            self.input.setText(path)

    def _pick_output(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Output folder", self.output.text())
        if path:
            self.output.setText(path)

    def _resuming(self) -> bool:
        """Whether the output folder holds a job that did not complete (cancelled, killed, failed shards)."""
        try:
            manifest = load_manifest(Path(self.output.text().strip()))
        except (OSError, ValueError, TypeError, KeyError):
            return False  # not a manifest this version reads: running says why
        return manifest is not None and manifest.status != "complete"

    def _update_run_button(self) -> None:
        self.run_button.setText("Resume" if self._resuming() else "Run")
        self.run_button.setToolTip("Continue the job in this folder (its finished shards are kept)"
                                   if self._resuming() else "Start the job")

    # -- running --------------------------------------------------------------------

    def request(self) -> BatchRequest:
        """The job the dialog describes, with the window's current settings as the preset."""
        return BatchRequest(
            inputs=(self.input.text().strip(),),
            out_dir=self.output.text().strip(),
            preset_toml=self._current_preset().to_toml(),
            format=self.format.currentText(),
            compression=self.compression.currentText(),
            jobs=self.jobs.value(),
            shard_pages=self.shard_pages.value(),
            resume=self._resuming(),
        )

    def run(self) -> None:
        """Start (or resume) the job."""
        if self.runner.is_running():
            return
        if not self.input.text().strip() or not self.output.text().strip():
            self._say("Choose an input (a dump or a folder of .wiki files) and an output folder.", error=True)
            return
        request = self.request()
        self._source = Path(request.inputs[0])
        self._settings.setValue("batch/folder", str(Path(request.out_dir).parent))
        self._settings.setValue("batch/jobs", request.jobs)
        self.summary.clear()
        self.errors.clear()
        self.progress.setValue(0)
        self.rate.setText("Starting…")
        self._say("Resuming the job in the output folder…" if request.resume else "Running…")
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.runner.start(request)

    def _progressed(self, p: Progress) -> None:
        total = max(p.input_bytes_total, 1)
        self.progress.setValue(int(1000 * p.input_bytes_done / total))
        self.rate.setText(rate_text(p))

    def _finished(self, outcome: BatchOutcome) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._update_run_button()
        if outcome.cancelled:
            shards = len(list(Path(self.output.text()).glob("part-*.done.json")))
            self._say(f"Cancelled. {shards} finished shards are kept; Resume continues the job.")
        elif outcome.error:
            self._say(outcome.error, error=True)
        else:
            self.progress.setValue(1000)
            ended = "Done" if not outcome.failed and not outcome.failed_shards else "Done, with errors"
            self._say(f"{ended}: {self.output.text()}")
        self.summary.setPlainText(outcome.summary)
        for page in outcome.failed:
            item = QListWidgetItem(f"{page.title} — {page.error}")
            item.setData(Qt.ItemDataRole.UserRole, page.title)
            self.errors.addItem(item)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def _error_chosen(self, item: QListWidgetItem) -> None:
        if self._source is not None:
            self._open_page(self._source, item.data(Qt.ItemDataRole.UserRole))

    def shutdown(self) -> None:
        """Cancel a running job and wait for its process (the window is closing)."""
        if self.runner.is_running():
            self.runner.cancel()
            self.runner.wait()
