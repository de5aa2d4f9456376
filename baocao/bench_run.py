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


def _ingest(paths: list[Path], db: Path) -> tuple[float, int]:
    return _peak_of(_cli("ingest", *map(str, paths), "--db", str(db)))


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
    db = work / "one.duckdb"
    first, peak = _ingest(files, db)
    again, _ = _ingest(files, db)
    say(f"first run {first:.1f} s, peak {peak} MB")
    say(
        f"unchanged re-run {again:.2f} s = {100 * again / first:.1f} % of the first "
        + _target(again <= 0.02 * first, "<= 2 %")
    )
    changed = made["txt"][: max(len(files) // 100, 1)]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "Lưu: VT.\n", encoding="utf-8")
    one_in_100, _ = _ingest(files, db)
    say(f"re-run with {len(changed)} of {len(files)} files changed {one_in_100:.2f} s")
    facts_one = ingest_facts(db)
    halves = [files[0::2], files[1::2]]
    dbs = [work / "half0.duckdb", work / "half1.duckdb"]
    import subprocess

    from baocao.bench import _env

    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            _cli("ingest", *map(str, h), "--db", str(d)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(),
        )
        for h, d in zip(halves, dbs, strict=True)
    ]
    for proc in procs:
        proc.wait()
    two = time.perf_counter() - start
    fresh = work / "fresh.duckdb"
    single, _ = _ingest(files, fresh)
    say(
        "2 processes over halves (ingest has no --workers option here): "
        f"{two:.1f} s against 1 process {single:.1f} s = {single / two:.2f}x "
        + _target(single / two >= 1.8, ">= 1.8x")
    )
    facts_two = sorted(ingest_facts(dbs[0]) + ingest_facts(dbs[1]))
    facts_fresh = ingest_facts(fresh)
    say(
        f"facts identical, 1 process and 2: {facts_fresh == facts_two}; "
        f"before and after re-runs: {facts_fresh == facts_one} ({len(facts_fresh)} facts)"
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
