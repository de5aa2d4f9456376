"""Limits that keep one hostile or broken file from stopping a batch: a size cap, a time
cap on parsing (a signal in the main thread, a child process that is killed elsewhere),
and a check of a ZIP's declared sizes before anything is decompressed."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.read.base import ReadError

T = TypeVar("T")

MAX_FILE_BYTES = int(os.environ.get("BAOCAO_MAX_FILE_MB", "100")) * 1024 * 1024
TIME_LIMIT_SECONDS = float(os.environ.get("BAOCAO_READ_TIMEOUT", "120"))
# OCR of scanned pages has a limit of its own: this many seconds a page for one core.
OCR_SECONDS_PER_PAGE = float(os.environ.get("BAOCAO_OCR_SECONDS_PER_PAGE", "30"))
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

    In the main thread a SIGALRM interrupts the parser: no cost. Elsewhere (a web
    server's or a task runner's worker thread) no signal can reach it, so `fn` runs in a
    child process (`pipeline.read.worker`) that is killed, with everything it started, when
    it overruns: nothing is left running. That costs a Python start-up and the transfer of
    the result (measured by scripts/bench_read.py), and `fn` must be importable by name.
    A signal cannot interrupt a long call inside C code either; the alarm then fires when
    the call returns (a ZIP is size-checked before decompressing for that reason).
    """
    limit = TIME_LIMIT_SECONDS if seconds is None else seconds
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM"):
        return _with_alarm(fn, args, limit)
    return _in_child(fn, args, limit)


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


def _in_child(fn: Callable[..., T], args: tuple, limit: float) -> T:
    """Run in a child process leading its own process group; on overrun, SIGTERM the group
    (so a LibreOffice conversion in it is cleaned up), then SIGKILL."""
    payload = pickle.dumps((list(sys.path), pickle.dumps((fn, args))))
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.read.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(payload, timeout=limit)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise ReadTimeout(f"reading took longer than {limit:g} s") from None
    finally:
        if process.poll() is None:
            _stop(process)
    try:
        outcome = pickle.loads(out)
    except Exception:  # no result, or a cut one: the process died
        raise ReadError(_crash_reason(process.returncode, err)) from None
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "error":
        raise outcome[1]
    raise type(outcome[1], (Exception,), {})(outcome[2])


def _stop(process: subprocess.Popen) -> None:
    if not hasattr(os, "killpg"):  # no process groups: the child alone
        process.kill()
        process.communicate()
        return
    for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        try:
            process.communicate(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _crash_reason(code: int | None, err: bytes) -> str:
    """Why the child gave no result: killed by a signal (memory, a crash) or an exit."""
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit status {code}"
    lines = err.decode("utf-8", "replace").strip().splitlines()
    detail = f": {lines[-1][:200]}" if lines else ""
    return f"the reader process stopped ({how}){detail}"
