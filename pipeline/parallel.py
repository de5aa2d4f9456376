"""Extracting many documents at once while one writer loads them in order.

Each document's extraction already runs in a bounded worker process
(`pipeline.read.limits.run_bounded`); running N of them at a time only needs N threads
that each wait for one worker. The results come back in the order of the input, so a
batch loads the same documents in the same order whatever N is, and its output is the
same as one worker's. `baocao ingest --workers N` and the scheduled flow both use it.
"""

from __future__ import annotations

import contextvars
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """One worker a core: extraction is CPU-bound."""
    return max(os.cpu_count() or 1, 1)


class Ahead:
    """Whether taking the next result of an `ordered_map` would wait: a caller holding
    something others wait for (the dataset) lets go only before a wait."""

    def __init__(self) -> None:
        self._pending: deque | None = None

    def next_done(self, within: float = 0.0) -> bool:
        """True when the next result is there, waiting for it up to `within` seconds
        (never with one worker, where the next call runs when it is taken)."""
        pending = self._pending
        if not pending:
            return False
        done, _ = wait([pending[0][1]], timeout=max(within, 0.0))
        return bool(done)


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int = 1, ahead: Ahead | None = None
) -> Iterator[tuple[T, R | BaseException]]:
    """(item, fn(item)) in the input order, with up to `workers` calls running at a time.

    An exception of `fn` is yielded in place of its result, so one bad item never stops
    the others. At most twice `workers` results wait to be taken, which bounds memory.
    Each call runs in a copy of the caller's context (context variables travel with it).
    With one worker everything runs in the calling thread. `ahead` tells the caller
    whether the next result is ready.
    """
    if workers <= 1:
        for item in items:
            yield item, _call(fn, item)
        return
    pending: deque[tuple[T, Future]] = deque()
    if ahead is not None:
        ahead._pending = pending
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="extract") as pool:
        for item in items:
            context = contextvars.copy_context()
            pending.append((item, pool.submit(context.run, _call, fn, item)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def _call(fn: Callable[[T], R], item: T) -> R | BaseException:
    try:
        return fn(item)
    except Exception as error:  # noqa: BLE001 - handed to the caller with its item
        return error
