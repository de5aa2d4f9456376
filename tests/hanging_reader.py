"""Readers that misbehave, for the time-limit tests. They live in a module of their own
because a reader run in a child process must be importable by name there."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def hang(path: Path) -> None:
    """Note which process runs it, next to the file, then hang."""
    path.with_suffix(".pid").write_text(str(os.getpid()))
    time.sleep(60)
    path.with_suffix(".done").write_text("")  # reached only if nothing stopped it


def crash(path: Path) -> None:
    """Die the way a process killed for its memory dies."""
    os.kill(os.getpid(), signal.SIGKILL)
