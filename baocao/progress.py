"""Progress of long work, on standard error: a bar with the file in hand on a terminal,
one line per file when the output goes to a file or a pipe (a log keeps every step)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pipeline.discover import shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


class FileProgress:
    """Call `start(i, n, path)` before a file and `done(i, n, path, what)` after it.

    The console is made on first use: a command on one file shows no progress and does
    not import the terminal library."""

    def __init__(self, verb: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.verb = verb
        self._console: Console | None = None
        self.bar: Progress | None = None
        self.task = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream)
        return self._console

    @property
    def interactive(self) -> bool:
        return self.console.is_terminal

    def start(self, index: int, total: int, path: Path) -> None:
        if not self.interactive:
            return
        if self.bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[file]}"),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.verb, total=total, file="")
        self.bar.update(self.task, completed=index, file=shown(path.name))

    def done(self, index: int, total: int, path: Path, what: str) -> None:
        if self.interactive:
            if self.bar is not None:
                self.bar.update(self.task, completed=index + 1)
            return
        self.stream.write(f"[{index + 1}/{total}] {shown(path)}: {what}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> FileProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
