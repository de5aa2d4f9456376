"""Limits that keep one hostile or broken file from stopping a batch: a size cap, a time
cap on parsing (a signal in the main thread, a child process that is killed elsewhere),
a check of a ZIP's declared sizes before anything is decompressed, and `run_bounded`:
one document's whole processing in a worker process with one time limit and one memory
(address-space) limit, killed on overrun.

Settings (environment): BAOCAO_MAX_FILE_MB (file size, default 100), BAOCAO_READ_TIMEOUT
(reading alone, seconds, default 120), BAOCAO_TIME_LIMIT (a document's whole processing,
seconds, default 300), BAOCAO_MAX_MEMORY_MB (its worker's address space, default 2048).
"""

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


# --- one document's whole processing, bounded -----------------------------------------

WORK_PRELOAD = ["pipeline.extract", "pipeline.warm"]


class WorkLimitExceeded(ReadError):
    """A document that needed more time or memory than a document may have."""


def work_time_limit() -> float:
    """Seconds one document's whole processing may take (BAOCAO_TIME_LIMIT)."""
    return float(os.environ.get("BAOCAO_TIME_LIMIT", "300"))


def work_memory_limit_mb() -> int:
    """Address space one document's worker may map, in MB (BAOCAO_MAX_MEMORY_MB)."""
    return int(os.environ.get("BAOCAO_MAX_MEMORY_MB", "2048"))


_CONTEXT = None


def _work_context(last: bool = False):
    """A fork server started once, with the pipeline imported: each document then costs a
    fork of a warm, single-threaded process instead of a Python start-up.

    The first document of a small single-threaded process (a command, not a test run or a
    server that has loaded much: a fork keeps its parent's address space, which the memory
    limit counts) does not wait for it: the server starts warming in the background and
    that document's worker is a plain fork of this process, which imports only what the
    document needs. A run of one file (`baocao extract`, a re-run where one file changed)
    then costs no warm-up. When the caller says no document follows (`last`), the server
    is not started at all: a run of one file leaves the other core to other work.
    """
    global _CONTEXT
    import multiprocessing

    if _CONTEXT is None and last and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if _CONTEXT is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        _CONTEXT = multiprocessing.get_context(method)
        if method == "forkserver":
            _CONTEXT.set_forkserver_preload(WORK_PRELOAD)
            small = _address_space() < work_memory_limit_mb() * 1024 * 1024 // 4
            if threading.active_count() == 1 and small:
                from multiprocessing import forkserver

                forkserver.ensure_running()  # warms while the first document is read
                return multiprocessing.get_context("fork")
    return _CONTEXT


def _bounded_child(conn, fn: Callable, args: tuple, memory_bytes: int) -> None:
    """In the worker: lead a process group (so whatever it starts dies with it), cap the
    address space, run, and send back the outcome."""
    from pipeline.read.worker import dumps

    if hasattr(os, "setsid"):
        os.setsid()
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):  # no rlimits here: time limit only
        pass
    try:
        payload = dumps(("ok", fn(*args)))
    except MemoryError:
        payload = dumps(("memory", ""))
    except Exception as error:  # the caller decides what it means
        try:
            payload = dumps(("error", error))
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its text
            payload = dumps(("failed", type(error).__name__, str(error)))
    if _peak_address_space() >= memory_bytes * 0.97:
        # a parser that hit the limit often reports it as a broken file (lxml: "unknown
        # error"); the worker's peak says what really happened
        payload = dumps(("memory", ""))
    try:
        conn.send_bytes(payload)
    except MemoryError:
        conn.send_bytes(dumps(("memory", "")))
    conn.close()


def _address_space() -> int:
    """This process's address space now, in bytes (a large figure where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 1 << 62


def _peak_address_space() -> int:
    """The largest address space this process has had, in bytes (0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_bounded(
    fn: Callable[..., T],
    *args: object,
    seconds: float | None = None,
    memory_mb: int | None = None,
    last: bool = False,
) -> T:
    """`fn(*args)` in a worker process with a time limit and an address-space limit.

    On overrun the worker and everything it started are killed, and WorkLimitExceeded
    says which limit it was; an exception of `fn` is raised here as it was there. `fn`
    must be importable by name. `last`: no other document follows in this process, so no
    warm worker server is started for later ones.
    """
    limit = work_time_limit() if seconds is None else seconds
    memory = work_memory_limit_mb() if memory_mb is None else memory_mb
    if _in_daemon():
        return _bounded_by_child(fn, args, limit)
    context = _work_context(last)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_bounded_child, args=(sender, fn, args, memory * 1024 * 1024), daemon=True
    )
    process.start()
    sender.close()
    try:
        outcome = _receive(receiver, limit)
    finally:
        receiver.close()
        _end(process)
    if outcome is None:
        raise WorkLimitExceeded(f"processing took longer than {limit:g} s (BAOCAO_TIME_LIMIT)")
    if outcome == "died":
        code = process.exitcode
        how = _crash_reason(code, b"").removeprefix("the reader process stopped ")
        raise WorkLimitExceeded(
            f"processing stopped {how}: most likely it needed more than {memory} MB of "
            "memory (BAOCAO_MAX_MEMORY_MB)"
        )
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "memory":
        raise WorkLimitExceeded(
            f"processing needed more than {memory} MB of memory (BAOCAO_MAX_MEMORY_MB)"
        )
    if outcome[0] == "error":
        raise outcome[1]
    raise type(outcome[1], (Exception,), {})(outcome[2])


def _in_daemon() -> bool:
    """A daemonic process (a cluster's worker) may not start multiprocessing children."""
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def _bounded_by_child(fn: Callable[..., T], args: tuple, limit: float) -> T:
    """The time limit through a child process started by `subprocess` (allowed in a
    daemonic process); the memory limit is then the worker's own."""
    try:
        return _in_child(fn, args, limit)
    except ReadTimeout:
        raise WorkLimitExceeded(
            f"processing took longer than {limit:g} s (BAOCAO_TIME_LIMIT)"
        ) from None


def _receive(receiver, limit: float):
    """The worker's outcome; None when the time ran out, "died" when it sent nothing."""
    if not receiver.poll(limit):
        return None
    try:
        return pickle.loads(receiver.recv_bytes())
    except (EOFError, OSError, pickle.UnpicklingError):
        return "died"


def _end(process) -> None:
    """Stop the worker's whole process group if it is still there, then reap it."""
    if process.is_alive() and hasattr(os, "killpg"):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            process.join(1.0)
            if not process.is_alive():
                break
    if process.is_alive():
        process.kill()
    process.join()
