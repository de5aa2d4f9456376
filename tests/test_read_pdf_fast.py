"""The PDF reader's fast path (pdfium for pages that draw text alone) reads what pdfplumber
reads: the same lines, tables and scanned pages, every located character in the same box
to the hundredth of a point, the same normalised text, offsets and facts, on every PDF of
the demo corpus and of the development set (where it is present)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import _beside_repo

from pipeline.extract import extract_document
from pipeline.normalise import normalise
from pipeline.read import pdf
from pipeline.segment import segment
from schemas.document import Document, SourceMap

ROOT = Path(__file__).resolve().parents[1]


def _pdfs() -> list[Path]:
    """The demo PDFs, and those of the development set and the real files where present
    (kept outside the repository: $BAOCAO_DEV_CORPUS, $BAOCAO_REAL_CORPUS)."""
    found = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    for variable, default in (
        ("BAOCAO_DEV_CORPUS", "../shared/corpus/dev"),
        ("BAOCAO_REAL_CORPUS", "../shared/corpus/real"),
    ):
        folder = _beside_repo(os.environ.get(variable, default))
        found += sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    return found


def _items(raw) -> list:
    out = []
    for item in raw.items:
        if hasattr(item, "rows"):
            out.append([[(c.text, c.col, c.span) for c in row] for row in item.rows])
        else:
            out.append((item.text, item.page))
    return out


def _document(raw, path: Path) -> Document:
    result = normalise(raw)
    doc = Document(id="x", path=path.name, format="pdf", status=raw.status, pages=raw.pages)
    doc.text, doc.surface, doc.tables = result.text, result.surface, result.tables
    doc.source_map = SourceMap(result.origins)
    doc.segments = segment(result.text, result.tables)
    return doc


@pytest.mark.parametrize("path", _pdfs(), ids=lambda p: p.name)
def test_fast_path_reads_as_pdfplumber_does(path: Path) -> None:
    slow, fast = pdf.read(path, fast=False), pdf.read(path)
    assert _items(fast) == _items(slow)
    assert (fast.scanned, fast.errors, fast.pages) == (slow.scanned, slow.errors, slow.pages)
    a, b = _document(slow, path), _document(fast, path)
    assert b.text == a.text and b.segments == a.segments
    for k, (x, y) in enumerate(zip(a.source_map.origins, b.source_map.origins, strict=True)):
        if x == y or a.text[k : k + 1].isspace() or a.surface[k : k + 1].isspace():
            continue  # a space pdfium rewrote keeps its place, its width is the font's
        assert x is not None and y is not None and x.page == y.page, k
        assert max(abs(p - q) for p, q in zip(x.bbox, y.bbox, strict=True)) <= 0.011, k

    def facts(doc: Document) -> list:
        found = extract_document(doc).facts
        return sorted((f.metric, str(f.qualifiers), str(f.value), f.extractor) for f in found)

    assert facts(b) == facts(a)


def test_most_demo_pages_take_the_fast_path() -> None:
    import pdfplumber

    from pipeline.read import pdf_chars

    plain = total = 0
    for path in sorted((ROOT / "corpus" / "pdf").glob("*.pdf")):
        document, fonts = pdf_chars.open_document(path), {}
        with pdfplumber.open(path) as source:
            for index, page in enumerate(source.pages):
                total += 1
                plain += pdf._plain_page(document, index, page, fonts) is not None
    assert plain >= 0.8 * total, (plain, total)


def test_threads_reading_and_rendering_at_once_get_what_one_thread_gets() -> None:
    """pdfium is not thread-safe: the review app renders pages from several request
    threads while a check reads a PDF; each call must still give its serial answer."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.sources import render_page

    files = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))[:3]
    if not files:
        pytest.skip("demo corpus missing")

    def work(path: Path) -> tuple[int, int]:
        return len(pdf.read(path).items), len(render_page(path, 1, scale=0.5))

    serial = [work(path) for path in files]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(work, files * 4))
    assert together == serial * 4
