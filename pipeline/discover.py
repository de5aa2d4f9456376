"""Which files a batch reads: the files named, and the report files inside named folders.

A folder is read for what is inside it and nothing else: a symbolic link leading out of
the folder (`secret.txt -> /etc/passwd`) is skipped with a message, a link leading
nowhere is reported, and links to folders are not followed (their files, when inside,
are read where they are). Any name the file system allows is handled; `shown` gives the
printable, JSON-safe spelling of a name that is not valid UTF-8.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EXTENSIONS = frozenset(
    {".txt", ".md", ".pdf", ".docx", ".doc", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)


def shown(path: str | Path) -> str:
    """The path as text that prints and serialises: bytes that are not UTF-8 appear as
    `\\xff` escapes instead of breaking a terminal, a JSON line or a database row."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


@dataclass
class Discovery:
    """The files to read, in a stable order, and the entries left out with the reason."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _is_report_name(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    # a folder's README describes the folder; it is not a report
    return suffix.lower() in EXTENSIONS and stem.upper() != "README"


def _walk(root: Path, found: dict[Path, None], skipped: list[tuple[Path, str]]) -> None:
    inside = root.resolve()
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in [d for d in dirs if (here / d).is_symlink()]:
            dirs.remove(name)  # os.walk does not enter it; say why when it leads out
            target = (here / name).resolve()
            if not target.is_relative_to(inside):
                skipped.append((here / name, f"a link to a folder outside {shown(root)}"))
        for name in sorted(names):
            if name.startswith(".") or not _is_report_name(name):
                continue
            path = here / name
            if path.is_symlink():
                target = path.resolve()
                if not target.exists():
                    skipped.append((path, "a link to nothing (its target is gone)"))
                    continue
                if not target.is_relative_to(inside):
                    skipped.append((path, f"a link leading outside {shown(root)}"))
                    continue
            if path.is_file():
                found.setdefault(path, None)


def discover_files(paths: Iterable[str | Path]) -> Discovery:
    """Named files as given (a named link is followed: it was asked for), folders walked
    for report extensions, hidden files and folders skipped, each path once."""
    found: dict[Path, None] = {}
    result = Discovery()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, found, result.skipped)
        elif path.exists():
            found.setdefault(path, None)
        elif path.is_symlink():
            result.skipped.append((path, "a link to nothing (its target is gone)"))
        else:
            result.missing.append(path)
    result.files = list(found)
    return result
