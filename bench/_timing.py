"""Timing a call in a loop: the standard library only, so that a baseline process that must
import nothing but PyYAML (bench_check.py's isolated baseline) can use it too."""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any, Callable


def measure(func: Callable[[], Any], min_time: float, repeat: int, gc_paused: bool = False) -> dict[str, Any]:
    """Per-call seconds of ``func``: best and median of ``repeat`` loops of ``loops`` calls each.

    ``gc_paused``: the cyclic collector is paused for each loop (for the baseline: renja-rules
    pauses it for itself inside every call)."""
    if gc_paused:
        gc.disable()
        try:
            return measure(func, min_time, repeat)
        finally:
            gc.enable()
    func()  # warm-up (imports, caches, first-call costs)
    loops = calibrate(func, min_time)
    samples = []
    for _ in range(repeat):
        gc.collect()  # start each loop from the same heap state (collects even while paused)
        start = time.perf_counter()
        for _ in range(loops):
            func()
        samples.append((time.perf_counter() - start) / loops)
    return {"best": min(samples), "median": statistics.median(samples), "loops": loops, "samples": samples}


def calibrate(func: Callable[[], Any], min_time: float) -> int:
    """How many calls of ``func`` one timed loop makes: grown until a loop takes at least ``min_time``."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            func()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return loops
        # aim a little past min_time, at least doubling, at most x10 per step
        loops = max(loops * 2, min(loops * 10, int(loops * min_time * 1.2 / max(elapsed, 1e-9)) + 1))
