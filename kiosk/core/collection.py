"""The cyclic garbage collector paused over bulk work on plain data.

Reading ten years of digests, or replaying their decisions, makes millions of tuples;
the collector, woken by each few hundred, would walk the growing heap every time (a
third of a first report's time, measured on 100,000 incidents). Nothing made there
forms a cycle, so nothing is lost by pausing it; it resumes as it was.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
