"""Progress of long work, on standard error: a bar with the file in hand on a terminal,
one line per file when the output goes to a file or a pipe (a log keeps every step)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.discover import shown


class FileProgress:
    """Call `start(i, n, path)` before a file and `done(i, n, path, what)` after it."""

    def __init__(self, verb: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.verb = verb
        self.console = Console(file=self.stream)
        self.bar: Progress | None = None
        self.task = None

    @property
    def interactive(self) -> bool:
        return self.console.is_terminal

    def start(self, index: int, total: int, path: Path) -> None:
        if not self.interactive:
            return
        if self.bar is None:
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
