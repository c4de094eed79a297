"""The document invariants, one home for the property tests, corpus tests and ``bench/fuzz.py``.

- running never raises (the callers run; a check is only reached without an exception);
- every rule off (``Config.none()``) is the identity, with the identity alignment;
- the alignment maps spans in bounds and monotonically, both ways, and untouched
  output is reported as untouched and maps to identical raw text;
- a document after any edit sequence equals a full run on its text: output, counts,
  block split, changes, copy runs and span mapping.
"""

from __future__ import annotations

import random

from wikinorm.core import Config, Document, Result, run
from wikinorm.core import blocks as block_split


def check_alignment(result: Result, samples: int = 200, seed: int = 0) -> None:
    """Assert the invariants of ``result``'s final alignment.

    - spans map in bounds, and mapping is monotone, both ways (empty spans included);
    - every output character no rule touched maps to the identical raw character;
    - every other output character is reported as touched by some rule;
    - every change lies in bounds.
    """
    raw, out = result.raw, result.text
    alignment = result.alignment()
    assert alignment.out_len == len(out)
    rng = random.Random(seed)
    out_points = _points(len(out), samples, rng)
    raw_points = _points(len(raw), samples, rng)
    for widths in ((0, 1), (3,)):
        # A chain of spans, each starting and ending no earlier than the one
        # before ((q, q), (q, q + 1), then the next point's): neither mapped
        # bound may decrease. Empty spans sit in the chain with non-empty ones.
        previous = (0, 0)
        for q in out_points:
            for width in widths:
                span = (q, min(q + width, len(out)))
                a, b = alignment.to_raw(*span)
                assert 0 <= a <= b <= len(raw), (span, a, b)
                assert a >= previous[0] and b >= previous[1], f"to_raw not monotone at {span}: {previous} then {(a, b)}"
                previous = (a, b)
        previous = (0, 0)
        for p in raw_points:
            for width in widths:
                span = (p, min(p + width, len(raw)))
                a, b = alignment.to_output(*span)
                assert 0 <= a <= b <= len(out), (span, a, b)
                assert a >= previous[0] and b >= previous[1], f"to_output not monotone at {span}: {previous} then {(a, b)}"
                previous = (a, b)

    covered = [False] * len(out)
    last_end = 0
    for out_start, out_end, raw_start in alignment.copy_runs():
        assert last_end <= out_start <= out_end <= len(out)
        last_end = out_end
        length = out_end - out_start
        assert raw[raw_start : raw_start + length] == out[out_start:out_end]
        for q in range(out_start, out_end):
            covered[q] = True
    rng_positions = [q for q in range(len(out))] if len(out) <= 400 else rng.sample(range(len(out)), 400)
    for q in rng_positions:
        rules = alignment.rules_at(q)
        if covered[q]:
            assert rules == [], f"untouched char {q} {out[q]!r} reported as touched by {rules}"
            a, b = alignment.to_raw(q, q + 1)
            assert (b - a == 1 and raw[a] == out[q]), f"untouched char {q} maps to {raw[a:b]!r}"
        else:
            assert rules, f"char {q} {out[q]!r} was produced by a rule but no rule is reported"
    for change in alignment.changes():
        assert 0 <= change.raw_start <= change.raw_end <= len(raw)


def _points(length: int, samples: int, rng: random.Random) -> list[int]:
    """Every boundary of a short text, else both ends and ``samples`` random ones, sorted."""
    if length <= 2 * samples:
        return list(range(length + 1))
    return sorted({0, length} | {rng.randint(0, length) for _ in range(samples)})


def check_identity(text: str) -> None:
    """Every rule off leaves ``text`` as it is, with the identity alignment."""
    result = run(text, Config.none())
    assert result.text == text
    alignment = result.alignment()
    assert alignment.changes() == []
    assert all(out_start == raw_start for out_start, _, raw_start in alignment.copy_runs())
    assert sum(end - start for start, end, _ in alignment.copy_runs()) == len(text)
    for q in range(0, len(text) + 1, max(1, len(text) // 20)):
        assert alignment.to_raw(q, q) == (q, q)
        assert alignment.to_output(q, q) == (q, q)
        assert alignment.to_raw(q, min(q + 1, len(text))) == (q, min(q + 1, len(text)))


def check_same_as_full_run(document: Document, samples: int = 50) -> None:
    """Assert that ``document``'s result equals a full run on its text and config."""
    full = run(document.text, document.config)
    incremental = document.result
    assert document.starts == block_split.split(document.text), "incremental block split differs from a full split"
    assert incremental.text == full.text
    assert incremental.counts == full.counts
    assert incremental.block_count == full.block_count
    a, b = incremental.alignment(), full.alignment()
    assert a.copy_runs() == b.copy_runs()
    assert a.changes() == b.changes()
    for q in range(0, len(full.text) + 1, max(1, len(full.text) // samples)):
        assert a.to_raw(q, q + 1) == b.to_raw(q, q + 1)
        assert a.to_raw(q, q) == b.to_raw(q, q)
        assert a.rules_at(q) == b.rules_at(q)
    for p in range(0, len(document.text) + 1, max(1, len(document.text) // samples)):
        assert a.to_output(p, p + 1) == b.to_output(p, p + 1)


def check_edit(document: Document, start: int, end: int, new: str) -> None:
    """Apply one edit and assert that only the reported output range changed."""
    old_text = document.result.text
    outcome = document.edit(start, end, new)
    length, raw_length = outcome.result.text_length, outcome.result.raw_length  # before either text is joined
    new_text = outcome.result.text
    assert length == len(new_text) and raw_length == len(outcome.result.raw)
    assert outcome.old_start == outcome.new_start
    assert old_text[: outcome.old_start] == new_text[: outcome.new_start]
    assert old_text[outcome.old_end :] == new_text[outcome.new_end :]


def check_split_restarts(text: str) -> None:
    """Scanning from any block start finds the same later boundaries as a full scan."""
    full = list(block_split.boundaries(text))
    for k, newline in enumerate(full):
        assert list(block_split.boundaries(text, newline + 1)) == full[k + 1 :], f"restart at {newline + 1}"


def check_run(text: str, config: Config, samples: int = 50) -> Result:
    """Run ``text`` with ``config`` and assert the single-run invariants; return the result."""
    result = run(text, config)
    check_alignment(result, samples=samples)
    return result


def check_edit_sequence(text: str, config: Config, steps, applied: list | None = None) -> Document:
    """Edit a document of ``text`` step by step, checking it against a full run after each.

    ``steps`` resolve to concrete edits on the text they land on (``resolve(text)``
    gives ``(start, end, new_text)``); each concrete edit is appended to ``applied``
    as it is made, so a failure can be reported as the edits that led to it.
    """
    document = Document(text, config)
    for step in steps:
        start, end, new = step.resolve(document.text)
        if applied is not None:
            applied.append((start, end, new))
        check_edit(document, start, end, new)
        check_same_as_full_run(document)
    check_split_restarts(document.text)
    check_alignment(document.result, samples=50)
    return document
