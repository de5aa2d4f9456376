"""The order of a `baocao bench` run and how its figures are printed (`baocao.bench` holds
the measurements)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from baocao.bench import (
    ROOT,
    Say,
    _cli,
    _peak_of,
    floors,
    ingest_facts,
    load_average,
    machine,
    stage_times,
)
from baocao.bench_corpus import generate, text_copies


def _target(ok: bool, text: str) -> str:
    return f"[target {text}: {'met' if ok else 'MISSED'}]"


def _ingest(paths: list[Path], db: Path, workers: int | None = None) -> tuple[float, int]:
    """Wall seconds and peak MB of one `baocao ingest`; `workers` None: its default."""
    options = ["--workers", str(workers)] if workers else []
    return _peak_of(_cli("ingest", *map(str, paths), "--db", str(db), *options))


def run(docs: int, memory_sizes: list[int], say: Say, bar) -> None:
    """One benchmark run over the demo corpus and `docs` generated reports."""
    say(machine())
    say(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {load_average()}")
    work = Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    try:
        start = time.perf_counter()
        made = generate(work / "gen", docs)
        say(
            f"corpus: demo corpus (15 files) + {docs} generated reports in each of DOCX, PDF, "
            f"TXT, made in {time.perf_counter() - start:.1f} s"
        )
        files = sorted((ROOT / "corpus").glob("*/*.*")) + [p for v in made.values() for p in v]
        files = [p for p in files if p.suffix in (".pdf", ".docx", ".txt")]
        task = bar.add_task("stages", total=len(files))
        stages = stage_times(files, lambda n: bar.update(task, completed=n))
        say("\n== End to end, in this process (CPU seconds; stages add up to the total)")
        say(
            f"{'format':<6} {'docs':>5} {'pages':>6} {'cpu s':>7} {'wall s':>7} {'pages/s':>8} "
            f"{'docs/s':>7}  read  normalise  segment  extract  validate  load"
        )
        for form, t in sorted(stages["totals"].items()):
            say(
                f"{form:<6} {t['docs']:>5.0f} {t['pages']:>6.0f} {t['cpu']:>7.2f} "
                f"{t['wall']:>7.2f} "
                f"{t['pages'] / t['cpu']:>8.1f} {t['docs'] / t['cpu']:>7.1f}  "
                + "  ".join(
                    f"{t[k]:.2f}"
                    for k in ("read", "normalise", "segment", "extract", "validate", "load")
                )
            )
        pdfs = [p for p in files if p.suffix == ".pdf"]
        pdf = stages["totals"].get("pdf")
        docx = stages["totals"].get("docx")
        if pdf:
            floor = floors(pdfs)
            pages = pdf["pages"]
            say(f"\n== PDF floors over the same {len(pdfs)} PDFs ({pages:.0f} pages), CPU s")
            say(
                f"pipeline end to end   {pdf['cpu']:7.2f} s  {pages / pdf['cpu']:7.1f} pages/s "
                + _target(pages / pdf["cpu"] >= 30, ">= 30 pages/s per core")
            )
            for name in ("pdfplumber", "pypdfium2"):
                seconds = floor.pop(name)
                ratio = seconds / pdf["cpu"]
                say(
                    f"plain {name:<15} {seconds:7.2f} s  {pages / seconds:7.1f} pages/s  "
                    f"pipeline speed / this = {ratio:.2f}"
                    + (" " + _target(ratio >= 3, ">= 3x") if name == "pdfplumber" else "")
                )
            for name, seconds in floor.items():
                say(f"{name}: {seconds:.2f} s, {pages / seconds:.1f} pages/s")
        if docx:
            rate = docx["docs"] / docx["cpu"]
            say(f"DOCX: {rate:.1f} documents/s per core " + _target(rate >= 20, ">= 20 docs/s"))
        _startup(say)
        _ingest_figures(made, work, memory_sizes, say, bar)
        say(f"\nat the end: {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _startup(say: Say) -> None:
    small = ROOT / "corpus" / "txt" / "000_5d598c3cb7466002.txt"
    say("\n== Start-up (wall, best of 3, fresh processes)")
    extract = min(_peak_of(_cli("extract", str(small)))[0] for _ in range(3))
    helps = min(_peak_of(_cli("--help"))[0] for _ in range(3))
    say(f"baocao extract one small TXT  {extract:5.2f} s " + _target(extract <= 1, "<= 1 s"))
    say(f"baocao --help                 {helps:5.2f} s " + _target(helps <= 0.3, "<= 0.3 s"))


def _ingest_figures(made: dict, work: Path, sizes: list[int], say: Say, bar) -> None:
    files = [p for v in made.values() for p in v]
    say(f"\n== baocao ingest over the {len(files)} generated files (wall)")
    one, peak_one = _ingest(files, work / "one.duckdb", workers=1)
    db = work / "two.duckdb"
    two, peak_two = _ingest(files, db, workers=2)
    say(f"first run, --workers 1: {one:.1f} s, peak {peak_one} MB")
    say(f"first run, --workers 2: {two:.1f} s, peak {peak_two} MB")
    say(
        f"2 workers against 1 (same files, fresh datasets): {one / two:.2f}x "
        + _target(one / two >= 1.8, ">= 1.8x")
    )
    facts_one, facts_two = ingest_facts(work / "one.duckdb"), ingest_facts(db)
    again = min(_ingest(files, db, workers=2)[0] for _ in range(3))
    facts_again = ingest_facts(db)
    say(
        f"unchanged re-run (best of 3) {again:.2f} s = {100 * again / two:.1f} % of the "
        f"first run with 2 workers ({100 * again / one:.1f} % of 1 worker's) "
        + _target(again <= 0.02 * two, "<= 2 %")
    )
    changed = made["txt"][: max(len(files) // 100, 1)]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "Lưu: VT.\n", encoding="utf-8")
    one_in_100, _ = _ingest(files, db, workers=2)
    say(f"re-run with {len(changed)} of {len(files)} files changed {one_in_100:.2f} s")
    fresh = work / "fresh.duckdb"
    _ingest(files, fresh, workers=2)
    facts_changed, facts_fresh = ingest_facts(db), ingest_facts(fresh)
    say(
        f"facts identical, --workers 1 and 2: {facts_one == facts_two}; "
        f"before and after an unchanged re-run: {facts_two == facts_again}; "
        f"re-run after the change and a fresh run: {facts_changed == facts_fresh} "
        f"({len(facts_two)} facts)"
    )
    say("\n== Peak resident memory of baocao ingest by corpus size (TXT copies)")
    peaks = []
    task = bar.add_task("memory", total=len(sizes))
    for k, size in enumerate(sizes):
        copies = text_copies(made["txt"], work / f"mem{size}", size)
        wall, peak = _ingest([work / f"mem{size}"], work / f"mem{size}.duckdb")
        peaks.append(peak)
        say(f"{size:>6} documents  peak {peak:5d} MB  {wall:7.1f} s  {size / wall:6.1f} docs/s")
        shutil.rmtree(copies[0].parent, ignore_errors=True)
        bar.update(task, completed=k + 1)
    if len(peaks) > 1:
        growth = peaks[-1] / max(peaks[0], 1) - 1
        say(
            f"growth {100 * growth:.0f} % from {sizes[0]} to {sizes[-1]} documents "
            + _target(abs(growth) <= 0.2 and max(peaks) < 500, "flat within 20 %, < 500 MB")
        )
