"""The alignment invariants, as one function shared by property and corpus tests."""

from __future__ import annotations

import random

from wikinorm.core import Result


def check_alignment(result: Result, samples: int = 200, seed: int = 0) -> None:
    """Assert the invariants of ``result``'s final alignment.

    - spans map in bounds, and mapping is monotone, both ways;
    - every output character no rule touched maps to the identical raw character;
    - every other output character is reported as touched by some rule;
    - every change lies in bounds.
    """
    raw, out = result.raw, result.text
    alignment = result.alignment()
    assert alignment.out_len == len(out)
    rng = random.Random(seed)
    out_points = sorted({0, len(out)} | {rng.randint(0, len(out)) for _ in range(samples)})
    raw_points = sorted({0, len(raw)} | {rng.randint(0, len(raw)) for _ in range(samples)})
    previous = (0, 0)
    for q in out_points:
        a, b = alignment.to_raw(q, min(q + 3, len(out)))
        assert 0 <= a <= b <= len(raw), (q, a, b)
        assert a >= previous[0] and b >= previous[1], f"to_raw not monotone at {q}"
        previous = (a, b)
    previous = (0, 0)
    for p in raw_points:
        a, b = alignment.to_output(p, min(p + 3, len(raw)))
        assert 0 <= a <= b <= len(out), (p, a, b)
        assert a >= previous[0] and b >= previous[1], f"to_output not monotone at {p}"
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
