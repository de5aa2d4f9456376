"""Shared fixtures: where the seed texts and the real files are, and LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _beside_repo(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (ROOT / path).resolve()


@pytest.fixture(scope="session")
def real_dir() -> Path:
    """The real report files (kept outside the repository)."""
    path = _beside_repo(os.environ.get("BAOCAO_REAL_CORPUS", "../shared/corpus/real"))
    if not path.is_dir():
        pytest.skip(f"real corpus not found at {path} (set BAOCAO_REAL_CORPUS)")
    return path


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five seed report texts: the repository's corpus/txt, else the shared seeds."""
    for folder in (ROOT / "corpus" / "txt", _beside_repo("../shared/corpus/seeds")):
        paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if paths:
            return paths
    pytest.skip("seed texts not found in corpus/txt or ../shared/corpus/seeds")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary, to make real DOCX/PDF inputs the way offices make them."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary
