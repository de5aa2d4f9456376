"""A command's start costs only what the command uses: importing the command line loads
none of the dataset's, the flow's, the web app's or the extraction's libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("prefect", "fastapi", "duckdb", "pandas", "argon2", "spacy", "underthesea", "pdfplumber")


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    probe = f"import sys, baocao.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert done.stdout.split() == []
