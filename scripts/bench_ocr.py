"""What OCR gives and costs: the demo PDFs scanned (rasterised at 200 and 300 dpi, turned
by a small angle, with scanner noise), read back by OCR, and compared with the text and
the figures of the born-digital PDFs.

Prints, per resolution: character accuracy of the OCR text against the born-digital
PDF's text (both normalised alike; 1 - edits / characters, white space folded, edits
counted on a difflib alignment), extraction recall against the seeds' gold next to the
born-digital PDFs' recall (and their ratio), and seconds per page per core (Tesseract's
CPU time per page, and wall time x cores / pages). Then, for scans of real reports
(`--real`, default `../shared/corpus/real/*_scan.pdf`), what comes out: pages, characters,
tables, facts extracted, the first lines and the first facts. Figures are
printed, never asserted. The OCR cache is a fresh temporary folder, so every page is paid.

Usage: .venv/bin/python scripts/bench_ocr.py [--dpi 200 300] [--files ...] [--real ...]
"""

from __future__ import annotations

import argparse
import difflib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

ANGLE = 0.7  # degrees, as a sheet laid a little askew on the scanner
NOISE = 12.0  # grey levels of Gaussian noise per pixel


def char_accuracy(reference: str, got: str) -> float:
    """1 - edits / len(reference), white space folded, on difflib's alignment."""
    a, b = " ".join(reference.split()), " ".join(got.split())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )
    return 1 - edits / max(len(a), 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def recall(gold_dir: Path, docs: dict[str, object]) -> float | None:
    """Overall fact recall of the extraction on `docs` (stem -> Document) against gold."""
    from pipeline.evaluate import load_gold, score_document
    from pipeline.extract import extract_document
    from pipeline.scoring import Counts

    total = Counts()
    for stem, doc in docs.items():
        path = gold_dir / f"{stem}.json"
        if not path.is_file():
            continue
        score = score_document(load_gold(path), Path(doc.path), doc, extract_document(doc))
        total.add(score.fact_counts["overall"])
    return total.recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--files", type=Path, nargs="*")
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--real", type=Path, nargs="*")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    real = (
        args.real
        if args.real is not None
        else sorted((ROOT.parent / "shared" / "corpus" / "real").glob("*_scan.pdf"))
    )
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    os.environ["BAOCAO_OCR_CACHE"] = str(work / "cache")
    os.environ.setdefault("BAOCAO_READ_TIMEOUT", "3600")

    from scans import make_scan

    from pipeline.load import load_document
    from pipeline.read import ocr

    reason = ocr.missing()
    if reason:
        sys.exit(f"cannot benchmark OCR: {reason}")
    cores = os.cpu_count() or 1
    digital = {p.stem: load_document(p) for p in files}
    born_recall = recall(args.gold, digital)
    print(f"{len(files)} demo PDFs, {sum(d.pages for d in digital.values())} pages; {cores} cores")
    print(f"scans: turned {ANGLE} degrees, noise sigma {NOISE:g} grey levels\n")
    print(f"born-digital PDFs: extraction recall {born_recall:.3f}")
    for dpi in args.dpi:
        folder = work / f"dpi{dpi}"
        folder.mkdir()
        scans = [
            make_scan(p, folder / p.name, dpi=dpi, angle=ANGLE, noise=NOISE, seed=k)
            for k, p in enumerate(files)
        ]
        ocr.DPI = dpi
        cpu, wall = _children_cpu(), time.monotonic()
        docs = {p.stem: load_document(p) for p in scans}
        cpu, wall = _children_cpu() - cpu, time.monotonic() - wall
        pages = sum(len(d.ocr_pages) for d in docs.values())
        accuracies = [char_accuracy(digital[s].text, d.text) for s, d in docs.items()]
        chars = [len(" ".join(digital[s].text.split())) for s in docs]
        overall = sum(a * n for a, n in zip(accuracies, chars, strict=True)) / sum(chars)
        got = recall(args.gold, docs)
        ratio = got / born_recall if got is not None and born_recall else float("nan")
        print(
            f"{dpi} dpi: character accuracy {overall:.4f} "
            f"(per file {', '.join(f'{a:.4f}' for a in accuracies)}); "
            f"recall {got:.3f} = {ratio:.3f} of born-digital; "
            f"{cpu / pages:.2f} s CPU a page (Tesseract), "
            f"{wall * cores / pages:.2f} s wall x cores a page ({pages} pages, {wall:.1f} s)"
        )
    ocr.DPI = 300
    if real:
        print("\nreal scans:")
    for path in real:
        from pipeline.extract import extract_document

        wall = time.monotonic()
        doc = load_document(path)
        wall = time.monotonic() - wall
        extraction = extract_document(doc)
        head = " / ".join(doc.text.splitlines()[:6])[:300]
        print(
            f"{path.name}: {doc.status.value}, {doc.pages} pages, OCR pages {doc.ocr_pages}, "
            f"{len(doc.text)} characters, {len(doc.tables)} tables, "
            f"{len(extraction.facts)} facts, {wall:.1f} s\n  {head}"
        )
        for fact in extraction.facts[:8]:
            quote = fact.evidence[0].quote[:90] if fact.evidence else ""
            print(f"    {fact.metric} = {fact.value}  «{quote}»")


if __name__ == "__main__":
    main()
