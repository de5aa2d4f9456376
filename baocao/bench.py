"""`baocao bench`: how fast the pipeline runs, beside the floors of the libraries it reads
PDFs with, on the demo corpus and a generated one (`baocao.bench_corpus`).

One run prints: pages and documents a second by format, the time of each stage, plain
pdfplumber `extract_text` and plain pypdfium2 over the same PDFs with the pipeline's ratio
to each, the start-up of `baocao extract` and of `--help`, peak memory of `baocao ingest`
by corpus size, the cost of re-running an unchanged corpus and one with 1 file in 100
changed, and `baocao ingest --workers 2` against `--workers 1` over the same files (with
their facts compared). Targets are printed beside the figures, never asserted. CPU seconds
are printed beside wall seconds: on a shared machine the wall clock counts other people's
work.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Say = Callable[[str], None]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        ram = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except OSError:
        ram = 0
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {ram} MB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def load_average() -> str:
    """The machine's load: above its core count, wall times count other work too."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "baocao.cli", *args]


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {**os.environ, "PYTHONPATH": path}


def _peak_of(command: list[str]) -> tuple[float, int]:
    """Wall seconds of a command and the peak resident memory (MB) of its largest
    process, measured from a fresh Python so the peak is this command's alone."""
    script = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "subprocess.run(sys.argv[1:],capture_output=True);"
        "print(time.perf_counter()-t,"
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss//1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, env=_env()
    ).stdout.split()
    return float(out[0]), int(out[1])


def stage_times(files: list[Path], progress) -> dict:
    """Each file through read, normalise, segment, extract (validate timed apart) and load
    into a fresh dataset, in this process; seconds by stage and format, pages by format."""
    import pipeline.extract as extract_module
    import pipeline.warm  # noqa: F401 - models and patterns load here, not in the first file
    from pipeline.extract import extract_document
    from pipeline.load import load_document
    from pipeline.normalise import normalise
    from pipeline.read import read_raw
    from pipeline.segment import segment
    from pipeline.store import connect, load_extraction

    validate_time = [0.0]
    original = extract_module._validate

    def timed_validate(*args):
        start = time.process_time()
        try:
            return original(*args)
        finally:
            validate_time[0] += time.process_time() - start

    extract_module._validate = timed_validate
    totals: dict[str, dict[str, float]] = {}
    facts: dict[str, list] = {}
    folder = Path(tempfile.mkdtemp(prefix="baocao-bench-db-"))
    con = connect(folder / "stages.duckdb")
    try:
        for k, path in enumerate(files):
            form = path.suffix.lstrip(".")
            t = totals.setdefault(form, dict.fromkeys(("read", "normalise", "segment"), 0.0))
            for key in ("extract", "validate", "load", "wall", "cpu", "pages", "docs"):
                t.setdefault(key, 0.0)
            wall = time.perf_counter()
            c0 = time.process_time()
            raw, _ = read_raw(path)
            c1 = time.process_time()
            result = normalise(raw)
            c2 = time.process_time()
            segment(result.text, result.tables)
            c3 = time.process_time()
            doc = load_document(path)  # the whole load again, for the extraction's input
            c4 = time.process_time()
            validate_time[0] = 0.0
            extraction = extract_document(doc)
            c5 = time.process_time()
            load_extraction(con, extraction, path, "bench")
            c6 = time.process_time()
            t["read"] += c1 - c0
            t["normalise"] += c2 - c1
            t["segment"] += c3 - c2
            t["extract"] += c5 - c4 - validate_time[0]
            t["validate"] += validate_time[0]
            t["load"] += c6 - c5
            t["cpu"] += (c3 - c0) + (c6 - c4)
            t["wall"] += time.perf_counter() - wall - (c4 - c3)
            t["pages"] += raw.pages or 1
            t["docs"] += 1
            facts[path.name] = sorted((f.metric, str(f.value)) for f in extraction.facts)
            progress(k + 1)
    finally:
        extract_module._validate = original
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {"totals": totals, "facts": facts}


def floors(pdfs: list[Path]) -> dict[str, float]:
    """CPU seconds over the PDFs of plain pdfplumber extract_text, plain pypdfium2, and the
    PDF reader alone with pdfplumber for every page (as it was) and as it is."""
    import pdfplumber
    import pypdfium2

    start = time.process_time()
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    plumber = time.process_time() - start
    start = time.process_time()
    for path in pdfs:
        document = pypdfium2.PdfDocument(str(path))
        for page in document:
            page.get_textpage().get_text_range()
        document.close()
    pdfium_seconds = time.process_time() - start
    from pipeline.read import pdf

    start = time.process_time()
    for path in pdfs:
        pdf.read(path, fast=False)
    every_page = time.process_time() - start
    start = time.process_time()
    for path in pdfs:
        pdf.read(path)
    return {
        "pdfplumber": plumber,
        "pypdfium2": pdfium_seconds,
        "read stage, pdfplumber for every page (before)": every_page,
        "read stage, pdfium where it reads the same (now)": time.process_time() - start,
    }


def ingest_facts(db: Path) -> list[tuple]:
    """Every fact of a dataset (document hash, metric, qualifiers, value), sorted."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT document_id, metric, CAST(qualifiers AS VARCHAR), value FROM facts"
        ).fetchall()
    finally:
        con.close()
    return sorted(rows)
