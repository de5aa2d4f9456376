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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        help="Rewrite tests/golden/*.json from the current extraction (read before committing).",
    )


@pytest.fixture(scope="session")
def regenerate_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regenerate-golden"))


@pytest.fixture(scope="session")
def dev_set() -> tuple[Path, Path]:
    """The development set of other offices' reports and their gold (outside the repository)."""
    gold = _beside_repo(os.environ.get("BAOCAO_DEV_GOLD", "../shared/gold/dev"))
    corpus = _beside_repo(os.environ.get("BAOCAO_DEV_CORPUS", "../shared/corpus/dev"))
    if not (gold.is_dir() and corpus.is_dir()):
        pytest.skip(f"development set not found at {gold} and {corpus}")
    return gold, corpus


@pytest.fixture(scope="session")
def real_gold() -> Path:
    """Key-fact gold for the real quarterly report (outside the repository)."""
    path = _beside_repo(os.environ.get("BAOCAO_REAL_GOLD", "../shared/gold"))
    if not (path / "real").is_dir():
        pytest.skip(f"real-report gold not found at {path}/real")
    return path
