"""`baocao bench --quick` runs end to end on real files (LibreOffice-made PDFs, a real
DuckDB dataset, real `baocao ingest` processes) and prints every figure it promises.
No timing is asserted: the figures are the benchmark's, the targets are printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_bench_prints_its_figures(soffice: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "baocao.cli", "bench", "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert out.startswith("machine: ")
    for figure in (
        "pages/s",
        "plain pdfplumber",
        "plain pypdfium2",
        "DOCX:",
        "baocao extract one small TXT",
        "baocao --help",
        "unchanged re-run",
        "files changed",
        "2 workers against 1",
        "peak",
    ):
        assert figure in out, figure
    for form in ("docx", "pdf", "txt"):
        assert any(line.startswith(form + " ") for line in out.splitlines()), form
    assert (
        "facts identical, --workers 1 and 2: True; before and after an unchanged re-run: True; "
        "re-run after the change and a fresh run: True" in out
    )


def test_help_does_not_load_the_language_models() -> None:
    """`baocao --help` starts in a fraction of a second because it imports no language
    model, PDF parser or data frame library; `-X importtime` lists what it did import."""
    for args in (["--help"], ["extract", "--help"], ["bench", "--help"]):
        run = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "baocao.cli", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert run.returncode == 0 and "Usage:" in run.stdout, run.stderr[-500:]
        assert args == ["--help"] or "Example:" in run.stdout
        imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
        assert imported and not imported & {"spacy", "underthesea", "pdfplumber", "pandas"}
