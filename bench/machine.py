"""What the machine did during a benchmark: CPU time the VM host took away ("steal").

On a shared virtual machine the host sometimes deschedules the guest for tens or
hundreds of milliseconds; a heartbeat then sees a "stall" that no code caused.
Benchmarks report the steal share next to their figures so they can be judged.
"""

from __future__ import annotations

from pathlib import Path


def _cpu_times() -> tuple[int, int] | None:
    """(steal, total) jiffies from /proc/stat, or None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    values = [int(v) for v in fields]
    steal = values[7] if len(values) > 7 else 0
    return steal, sum(values)


class StealMeter:
    """Measures the share of CPU time stolen by the host between start() and report()."""

    def __init__(self) -> None:
        self._start = _cpu_times()

    def report(self) -> str:
        """A one-line summary, e.g. 'CPU steal during the run: 0.3%'."""
        end = _cpu_times()
        if self._start is None or end is None or end[1] == self._start[1]:
            return "CPU steal during the run: unknown"
        share = (end[0] - self._start[0]) / (end[1] - self._start[1])
        note = " (high: the VM host took the CPU; stalls include that)" if share > 0.05 else ""
        return f"CPU steal during the run: {share:.1%}{note}"
