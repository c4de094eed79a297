"""How ``wikinorm batch`` shows itself: the progress display and the closing summary table.

On a terminal, a tqdm bar over the input bytes (pages done, MB/s, ETA); not on a
terminal (a log, CI), a plain line every few seconds; ``--quiet``, nothing. The
engine only reports :class:`~wikinorm.core.batch.Progress`; drawing it is the front's job.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from wikinorm.core.batch import Manifest, Progress

PLAIN_EVERY_SECONDS = 5.0


class ProgressDisplay:
    """Call with each :class:`Progress`; ``close()`` at the end."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, every: float = PLAIN_EVERY_SECONDS):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.every = every
        self._bar = None
        self._last_line = time.monotonic()
        self._tty = not quiet and self.stream.isatty()

    def __call__(self, progress: Progress) -> None:
        if self.quiet:
            return
        if self._tty:
            self._draw_bar(progress)
        elif time.monotonic() - self._last_line >= self.every:
            self._last_line = time.monotonic()
            print(plain_line(progress), file=self.stream, flush=True)

    def _draw_bar(self, progress: Progress) -> None:
        if self._bar is None:
            from tqdm import tqdm  # only on a terminal; costs an import otherwise

            # A terminal that reports no width (a pty under `script`, some CI consoles) would
            # get a bar of width 0, which tqdm draws as nothing at all.
            width = shutil.get_terminal_size((0, 0)).columns
            self._bar = tqdm(
                total=progress.input_bytes_total, unit="B", unit_scale=True, unit_divisor=1000,
                file=self.stream, desc="batch", dynamic_ncols=width > 0, ncols=None if width > 0 else 100,
            )
        self._bar.update(progress.input_bytes_done - self._bar.n)  # update(), so tqdm's rate follows
        self._bar.set_postfix_str(f"{progress.pages_done:,} pages, {progress.errors} errors", refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        """Finish the bar (leaves it on screen)."""
        if self._bar is not None:
            self._bar.close()


def plain_line(progress: Progress) -> str:
    """One progress line for logs, e.g. ``batch: 12,000 pages, 45.1/180.0 MB (25%), 3.2 MB/s, ETA 42 s``."""
    done, total, elapsed = progress.input_bytes_done, progress.input_bytes_total, max(progress.elapsed, 1e-9)
    rate = done / elapsed
    eta = f"ETA {(total - done) / rate:.0f} s" if rate > 0 and total else "ETA ?"
    share = f" ({100 * done / total:.0f}%)" if total else ""
    return (
        f"batch: {progress.pages_done:,} pages, {done / 1e6:.1f}/{total / 1e6:.1f} MB{share}, "
        f"{rate / 1e6:.1f} MB/s, {progress.errors} errors, {eta}"
    )


def summary_table(manifest: Manifest, resumed_shards: int) -> str:
    """The closing table: pages in and out, skips, errors, fallbacks, throughput, wall time."""
    t = manifest.totals
    seconds = max(manifest.wall_seconds or 0.0, 1e-9)
    skipped = ", ".join(f"{n:,} {reason}" for reason, n in sorted(t.skipped.items(), key=lambda i: -i[1])) or "none"
    shards = f"{len(manifest.shards)}" + (f" ({resumed_shards} from an earlier run)" if resumed_shards else "")
    rows = [
        ("pages read", f"{t.pages_seen:,}"),
        ("records written", f"{t.records:,}"),
        ("skipped", skipped),
        ("errors", f"{t.errors:,}" + (f" (see {manifest.errors_file})" if manifest.errors_file else "")),
        ("fallback pages", f"{t.fallback_pages:,}"),
        ("shards", shards),
        ("input", f"{t.input_bytes / 1e6:,.1f} MB on disk"),
        ("wall time", f"{seconds:,.1f} s ({manifest.engine})"),
        ("throughput", f"{t.pages_seen / seconds:,.0f} pages/s, {t.input_bytes / 1e6 / seconds:,.2f} MB/s of input"),
    ]
    if manifest.failed_shards:
        rows.append(("failed shards", "; ".join(f"{f['shard_id']}: {f['error']}" for f in manifest.failed_shards)))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
