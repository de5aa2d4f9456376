"""Limits that keep one hostile or broken file from stopping a batch: a size cap, a time
cap on parsing, and a check of a ZIP's declared sizes before anything is decompressed."""

from __future__ import annotations

import os
import signal
import threading
import time
import zipfile
from collections.abc import Callable
from typing import TypeVar

from pipeline.read.base import ReadError

T = TypeVar("T")

MAX_FILE_BYTES = int(os.environ.get("BAOCAO_MAX_FILE_MB", "100")) * 1024 * 1024
TIME_LIMIT_SECONDS = float(os.environ.get("BAOCAO_READ_TIMEOUT", "120"))
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024  # all members together
MAX_MEMBER_RATIO = 200  # uncompressed / compressed, for members over 1 MB


class ReadTimeout(ReadError):
    pass


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse an archive that would decompress to something huge (a zip bomb)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_MEMBER_RATIO:
            raise ReadError(
                f"refused: {info.filename} would expand {ratio:.0f}-fold "
                f"to {info.file_size // (1024 * 1024)} MB (a zip bomb?)"
            )
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(f"refused: it would decompress to {total // (1024 * 1024)} MB")


def run_limited(fn: Callable[..., T], *args: object, seconds: float | None = None) -> T:
    """`fn(*args)`, or ReadTimeout after `seconds`.

    In the main thread a SIGALRM interrupts the parser. Elsewhere (a worker thread of a
    flow) the parser runs in a daemon thread that is abandoned when it overruns: the caller
    gets its answer on time even though the thread may keep running until it ends.
    """
    limit = TIME_LIMIT_SECONDS if seconds is None else seconds
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
        return _with_alarm(fn, args, limit)
    return _in_thread(fn, args, limit)


def _with_alarm(fn: Callable[..., T], args: tuple, limit: float) -> T:
    """Run under an interval timer; a timer the caller had set is put back afterwards."""

    def expire(signum, frame):
        raise ReadTimeout(f"reading took longer than {limit:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _in_thread(fn: Callable[..., T], args: tuple, limit: float) -> T:
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = fn(*args)
        except BaseException as error:  # handed to the caller below
            result["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise ReadTimeout(f"reading took longer than {limit:g} s")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]  # type: ignore[return-value]
