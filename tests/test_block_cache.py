"""The block cache's load window: the cyclic collector runs less often while documents load, then as before."""

from __future__ import annotations

import gc
import threading

from wikinorm.core import run
from wikinorm.core import block_cache, document
from wikinorm.core.block_cache import LOAD_GC_MIDDLE, LOAD_GC_THRESHOLD, BlockCache, fewer_collections
from wikinorm.core.presets import builtin_preset


def test_loading_raises_the_collector_threshold_and_puts_it_back():
    before = gc.get_threshold()
    cache = BlockCache()
    seen = []
    with cache.holding(seen):
        seen_threshold = gc.get_threshold()
    assert seen_threshold[0] == max(before[0], LOAD_GC_THRESHOLD)
    assert seen_threshold[1] == max(before[1], LOAD_GC_MIDDLE)
    assert seen_threshold[2:] == before[2:]
    assert gc.get_threshold() == before
    run("a [[b|c]] d\n\ne", builtin_preset("plain").config)
    assert gc.get_threshold() == before


def test_overlapping_loads_put_the_threshold_back_after_the_last():
    before = gc.get_threshold()
    entered, may_leave, left = threading.Event(), threading.Event(), threading.Event()
    during: list[tuple[int, ...]] = []

    def other_load():  # starts first, ends first
        with fewer_collections():
            entered.set()
            may_leave.wait()
        left.set()

    thread = threading.Thread(target=other_load)
    thread.start()
    entered.wait()
    with fewer_collections():
        may_leave.set()
        left.wait()
        during.append(gc.get_threshold())  # the other load ended; this one still holds
    thread.join()
    assert during[0][0] == max(before[0], LOAD_GC_THRESHOLD)
    assert gc.get_threshold() == before


def test_a_threshold_changed_during_a_load_is_left_alone():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            gc.set_threshold(1234, *before[1:])
        assert gc.get_threshold()[0] == 1234
    finally:
        gc.set_threshold(*before)


def test_a_load_runs_young_collections_but_no_middle_one(monkeypatch):
    """The results gathered so far survive every young pass: a middle pass would go
    over them again, and frees nothing (they hold no cycles)."""
    monkeypatch.setattr(block_cache, "LOAD_GC_THRESHOLD", 1)  # the default 700 stays in force
    text = "\n\n".join(f"Para {i} with [[link|label {i}]], ''it'' and {{{{cite|{i}}}}}." for i in range(3000))
    seen: list[tuple[int, bool]] = []

    def note(phase, info):
        if phase == "start":
            seen.append((info["generation"], block_cache._gc_loads > 0))

    gc.collect()
    gc.callbacks.append(note)
    try:
        run(text, builtin_preset("plain").config)
    finally:
        gc.callbacks.remove(note)
    during = [generation for generation, loading in seen if loading]
    assert len(during) > 10  # enough young passes that a middle one was due
    assert set(during) == {0}


def test_a_result_is_assembled_inside_the_load_window(monkeypatch):
    """Assembling the result makes objects too; a young pass then would go over the
    whole document's results, which the caller may be about to drop."""
    thresholds = []
    real = document.Result

    def recording(*args, **kwargs):
        thresholds.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(document, "Result", recording)
    before = gc.get_threshold()
    doc = document.Document("a [[b|c]] d\n\ne", builtin_preset("plain").config)
    doc.set_config(builtin_preset("reference").config)
    assert thresholds == [(max(before[0], LOAD_GC_THRESHOLD), max(before[1], LOAD_GC_MIDDLE), *before[2:])] * 2
    assert gc.get_threshold() == before
