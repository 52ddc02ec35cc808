"""Pausing the cyclic garbage collector while a plan is read and checked.

Reading and checking a plan allocates tens of thousands of small objects (parsed values,
model objects, items, field values) and frees none of them as cyclic garbage before it
returns: a collection in the middle finds nothing to free, yet it walks every young object
each time. Measured on a 170-row plan, the collector took about a quarter of
``check(parse_plan(text))``. So the collector is paused for the duration and resumes
afterwards, when anything unreachable is collected as usual.

Reentrant and thread-safe: the collector resumes when the last pause ends, and only if it
was running when the first began (a caller that disabled it keeps it disabled). After a
large pause (a plan of thousands of rows) what it allocated is moved to the oldest
generation as it resumes, unwalked (:func:`_promote_young`).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["paused_gc"]

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                _promote_young()
                gc.enable()


# Objects allocated while paused, past which they are moved to the oldest generation on resume.
PROMOTE_FROM = 100_000


def _promote_young() -> None:
    """Move what the pause allocated to the oldest generation without walking it.

    Everything allocated while the collector was paused is young: the first allocation
    after it resumes starts a collection that walks all of it (a whole plan, freed by its
    reference counts or still in use), then again as it ages into the middle generation.
    On a 30,000-row plan that walk was the one cost per row that grew with the plan
    (2.8 -> 10.4 us a row, bench/bench_scale.py --profile). ``gc.freeze()`` followed by
    ``gc.unfreeze()`` moves every tracked object into the oldest generation in constant
    time: it is looked at again by the next full collection, which Python runs as usual.

    Only after a large pause, and never in a process that has frozen objects itself
    (``gc.get_freeze_count()``: a pre-forking server, or this tool's command line):
    unfreezing would hand its frozen objects back to the collector. The host's own young
    objects are promoted with ours; any cycle among them waits for the next full
    collection instead of the next young one.
    """
    if gc.get_count()[0] >= PROMOTE_FROM and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
