"""Leases that keep two overlapping runs from processing the same file.

A lease is a file named after the content's sha256 in a `leases` folder beside the
dataset, created with O_EXCL (only one process can create it) and holding the owner's
host, pid and start time. It is released when the file is loaded or quarantined. A run
killed with SIGKILL leaves its leases behind; a lease whose owner on this host is no
longer running is stale, and the next run takes it over (by an atomic rename, so two
runs cannot both take over one lease).
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Lease:
    path: Path
    digest: str


def leases_dir(db: str | Path) -> Path:
    """The `leases` folder beside the dataset (beside its quarantine folder)."""
    from pipeline.ingest import quarantine_dir

    return quarantine_dir(db).parent / "leases"


def acquire(folder: Path, digest: str) -> Lease | None:
    """The lease on `digest`, or None while a running process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.lease"
    for _ in range(3):
        if _create(path):
            return Lease(path, digest)
        if not _stale(path):
            return None
        taken = path.with_name(f"{path.name}.taken-{os.getpid()}")
        try:
            os.rename(path, taken)  # only one of several runs taking over succeeds
        except FileNotFoundError:
            continue  # released or taken by another run meanwhile: try again
        taken.unlink(missing_ok=True)
    return None


def release(lease: Lease) -> None:
    """Give the lease up (only its owner calls this)."""
    lease.path.unlink(missing_ok=True)


def _create(path: Path) -> bool:
    owner = {"host": socket.gethostname(), "pid": os.getpid(), "since": time.time()}
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(owner, handle)
    return True


def _stale(path: Path) -> bool:
    """True when the owner is gone: a pid not running on this host, or an unreadable
    lease older than a minute (its owner died while writing it)."""
    try:
        owner = json.loads(path.read_text(encoding="utf-8"))
        host, pid = owner["host"], int(owner["pid"])
    except FileNotFoundError:
        return True
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return time.time() - path.stat().st_mtime > 60
        except FileNotFoundError:
            return True
    if host != socket.gethostname():
        return False  # another machine's process: it cannot be checked from here
    return not _running(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
