"""The block cache's load window: the cyclic collector runs less often while documents load, then as before."""

from __future__ import annotations

import gc
import threading

from wikinorm.core import run
from wikinorm.core.block_cache import LOAD_GC_THRESHOLD, BlockCache, fewer_collections
from wikinorm.core.presets import builtin_preset


def test_loading_raises_the_collector_threshold_and_puts_it_back():
    before = gc.get_threshold()
    cache = BlockCache()
    seen = []
    with cache.holding(seen):
        seen_threshold = gc.get_threshold()
    assert seen_threshold[0] == max(before[0], LOAD_GC_THRESHOLD)
    assert seen_threshold[1:] == before[1:]
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
