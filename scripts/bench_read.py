"""How fast baocao reads PDFs, next to the plain libraries it is built on.

Prints pages per second and peak memory for: `load_document` (read + normalise + segment),
the same called off the main thread (where the time limit runs the reader in a child
process that can be killed), the read stage alone (`pipeline.read.read_raw`), pdfplumber
`extract_text` (and with `extract_tables`), and pypdfium2's text layer, over the same
files. Then milliseconds per file for Word files, on and off the main thread. Each method
runs in its own fresh process, so one method's imports and caches do not colour another's
figures. Figures are printed, never asserted: speed targets live here, not in tests.

Usage: .venv/bin/python scripts/bench_read.py [FILES...] [--repeat N]
(default files: corpus/pdf/*.pdf, and corpus/docx/*.docx for the Word figures)
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_document(path: Path) -> None:
    from pipeline.load import load_document

    doc = load_document(path)
    if doc.errors:
        raise RuntimeError("; ".join(doc.errors))


def _load_document_off_main_thread(path: Path) -> None:
    import threading

    results: list = []
    worker = threading.Thread(target=lambda: results.append(_load_document(path)))
    worker.start()
    worker.join()
    if not results:
        raise RuntimeError(f"{path}: load_document failed off the main thread")


def _read_stage(path: Path) -> None:
    from pipeline.read import read_raw

    raw, _ = read_raw(path)
    if raw.errors:
        raise RuntimeError(f"{path}: " + "; ".join(raw.errors))


def _pdfplumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _pdfplumber_text_tables(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def _pypdfium2_text(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


WORD_METHODS = ("baocao load_document", "baocao off main thread")
METHODS: dict[str, Callable[[Path], None]] = {
    "baocao load_document": _load_document,
    "baocao off main thread": _load_document_off_main_thread,
    "baocao read stage": _read_stage,
    "pdfplumber extract_text": _pdfplumber_text,
    "pdfplumber text+tables": _pdfplumber_text_tables,
    "pypdfium2 text": _pypdfium2_text,
}


def _measure(name: str, files: list[Path], repeat: int, trace: bool) -> dict:
    """Run in a child process: best wall time over `repeat` passes, then (with `trace`)
    one more pass under tracemalloc, which is slow (pdfplumber runs ~10x slower)."""
    sys.path.insert(0, str(ROOT))
    fn = METHODS[name]
    try:
        fn(files[0])  # warm up: imports, models, caches
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for path in files:
                fn(path)
            best = min(best, time.perf_counter() - start)
        peak = 0
        if trace:
            tracemalloc.start()
            for path in files:
                fn(path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    except Exception as error:  # a reader that is not there yet, or a file it refuses
        return {"error": f"{type(error).__name__}: {str(error)[:160]}"}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": best, "py_peak": peak / 2**20, "rss": rss / 1024, "rss0": rss_before / 1024}


def _pages(files: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in files:
        pdf = pypdfium2.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description="PDF reading speed: baocao next to plain libraries")
    ap.add_argument("files", nargs="*", type=Path, help="PDFs (default: corpus/pdf/*.pdf)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts")
    ap.add_argument("--tracemalloc", action="store_true", help="also measure Python allocations")
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    if not files:
        sys.exit("bench_read: no PDF files (run scripts/make_corpus.py, or name some)")
    pages = _pages(files)
    print(f"{len(files)} files, {pages} pages, best of {args.repeat} passes, one process each")
    head = ("method", "seconds", "pages/s", "RSS MB", "+read MB", "py peak MB")
    print("{:26} {:>8} {:>8} {:>8} {:>9} {:>11}".format(*head))
    ctx = multiprocessing.get_context("spawn")
    for name in METHODS:
        with ctx.Pool(1) as pool:
            result = pool.apply(_measure, (name, files, args.repeat, args.tracemalloc))
        if "error" in result:
            print(f"{name:26} {'-':>8} {'-':>8} {'-':>8} {'-':>9} {'-':>11}  ({result['error']})")
            continue
        rate = pages / result["seconds"] if result["seconds"] else float("inf")
        traced = f"{result['py_peak']:11.1f}" if args.tracemalloc else f"{'-':>11}"
        print(
            f"{name:26} {result['seconds']:8.3f} {rate:8.1f} {result['rss']:8.0f} "
            f"{result['rss'] - result['rss0']:9.0f} {traced}"
        )
    print("RSS: peak resident memory of the method's own process, imports included; +read:")
    print("its growth after the first file was read. py peak (--tracemalloc): Python")
    print("allocations during one pass, native buffers not counted.")
    words = sorted((ROOT / "corpus" / "docx").glob("*.docx")) if not args.files else []
    if words:
        print(f"\n{len(words)} Word files, best of {args.repeat} passes")
        for name in WORD_METHODS:
            with ctx.Pool(1) as pool:
                result = pool.apply(_measure, (name, words, args.repeat, False))
            if "error" in result:
                print(f"{name:26} ({result['error']})")
                continue
            print(f"{name:26} {1000 * result['seconds'] / len(words):8.0f} ms per file")


if __name__ == "__main__":
    main()
