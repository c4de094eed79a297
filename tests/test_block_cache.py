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


def test_a_load_leaves_its_objects_out_of_the_young_generations():
    # They would be scanned by the next young collections (8-10% of a 2 MB run).
    text = "\n\n".join(f"a [[b|c{i}]] ''d'' {{{{e}}}}<ref>f</ref>" for i in range(3000))
    assert gc.get_freeze_count() == 0
    result = run(text, builtin_preset("plain").config)
    young = len(gc.get_objects(0)) + len(gc.get_objects(1))
    assert result.block_count >= 3000
    assert young < 1000  # the results alone are over 10,000 tracked objects
    assert gc.get_freeze_count() == 0  # moved to the oldest generation, not left frozen


def test_a_frozen_heap_stays_frozen_through_a_load():
    kept = [object() for _ in range(10)] + [[i] for i in range(1000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        run("a [[b|c]] d\n\ne", builtin_preset("plain").config)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    del kept


def test_cycles_made_during_a_load_are_still_collected():
    import weakref

    class Node:
        pass

    cache = BlockCache()
    with cache.holding([]):
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
    assert alive() is not None  # a cycle: reference counting cannot free it
    gc.collect()
    assert alive() is None
