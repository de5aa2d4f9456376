"""Scans read by OCR: the project's demo PDFs rasterised (turned a little, with noise) come
back as their text, each word at its box on the page image, marked as OCR'd; an image file
reads the same way; a second read comes from the cache; a ruled table keeps its grid; and
without Tesseract a scan is `partial` and says why."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scans import make_scan, page_images
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.load import load_document
from pipeline.read import ocr
from pipeline.read.doc import convert
from schemas.document import Document, Status

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus" / "pdf" / "000_5d598c3cb7466002.pdf"
ANGLE = 0.8


@pytest.fixture(scope="session")
def tesseract() -> None:
    reason = ocr.missing()
    if reason:
        pytest.skip(f"OCR tests need Tesseract: {reason}")


@pytest.fixture(scope="module", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fresh OCR cache, so these tests pay for their OCR and see what it caches."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BAOCAO_OCR_CACHE", str(tmp_path_factory.mktemp("ocr-cache")))
        yield


@pytest.fixture(scope="module")
def scanned(tesseract: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document]:
    """The first two pages of a demo PDF scanned at 300 dpi, turned and noisy, and the
    born-digital PDF of the same two pages."""
    folder = tmp_path_factory.mktemp("scan")
    born = make_scan(DEMO, folder / "born.pdf", pages=[1, 2])  # image PDF, clean, upright
    clean = load_document(born)
    scan = make_scan(DEMO, folder / "scan.pdf", angle=ANGLE, noise=18, pages=[1, 2], seed=3)
    return clean, load_document(scan)


def _words(text: str) -> list[str]:
    return text.split()


def test_a_scan_reads_as_its_text_and_is_marked_ocr(scanned: tuple[Document, Document]) -> None:
    digital = load_document(DEMO)
    _, doc = scanned
    assert doc.status is Status.OK, doc.errors
    assert doc.ocr and doc.ocr_pages == [1, 2] and doc.pages == 2
    assert any("read by OCR" in error for error in doc.errors)
    assert len(doc.text) == len(doc.surface) == len(doc.source_map.origins)
    on_two = [i for i, o in enumerate(digital.source_map.origins) if o and o.page <= 2]
    expected = digital.text[: on_two[-1] + 1]
    ratio = difflib.SequenceMatcher(None, expected, doc.text, autojunk=False).ratio()
    assert ratio >= 0.97, ratio
    figure = re.search(r"\d+", doc.text)
    assert figure and doc.from_ocr(figure.start(), figure.end())
    assert not digital.ocr and not digital.from_ocr(0, 10)


def _box(doc: Document, word: str) -> tuple[int, float, float, float, float]:
    """Page, centre and half-size of the first occurrence of `word`, from the source map."""
    start = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", doc.text).start()
    boxes = [doc.source_map.locate(i) for i in range(start, start + len(word))]
    x0 = min(b.bbox[0] for b in boxes)
    x1 = max(b.bbox[2] for b in boxes)
    top = min(b.bbox[1] for b in boxes)
    bottom = max(b.bbox[3] for b in boxes)
    return boxes[0].page, (x0 + x1) / 2, (top + bottom) / 2, (x1 - x0) / 2, (bottom - top) / 2


def test_each_word_points_at_its_box_on_the_scanned_page(
    scanned: tuple[Document, Document],
) -> None:
    """The OCR box of a word (its ink) is centred inside its box in the born-digital PDF
    (its type), turned as the scanner turned the page."""
    digital = load_document(DEMO)
    _, doc = scanned
    width, height = 595.3, 841.9  # A4 in points, the demo PDFs' page
    counts = Counter(_words(digital.text))
    seen = Counter(_words(doc.text))
    unique = [w for w in seen if len(w) >= 4 and w.isalpha() and counts[w] == seen[w] == 1]
    assert len(unique) >= 20
    a = math.radians(ANGLE)
    for word in unique:
        page, x, y, half_w, half_h = _box(digital, word)
        dx, dy = x - width / 2, y - height / 2
        ex = width / 2 + dx * math.cos(a) + dy * math.sin(a)
        ey = height / 2 - dx * math.sin(a) + dy * math.cos(a)
        got_page, gx, gy, got_w, got_h = _box(doc, word)
        assert got_page == page, word
        assert abs(gx - ex) < 1.5 and abs(got_w - half_w) < 2, (word, gx, ex)
        assert abs(gy - ey) < half_h and got_h < 1.5 * half_h, (word, gy, ey)


def test_a_second_read_comes_from_the_cache(
    scanned: tuple[Document, Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, _ = scanned
    cached = sorted(ocr.cache_dir().rglob("*.tsv"))
    assert len(cached) >= 4  # two pages of each of the two scans

    def no_tesseract(args: list[str], data: bytes) -> str:
        raise AssertionError("Tesseract ran although the page was cached")

    monkeypatch.setattr(ocr, "_run", no_tesseract)
    again = load_document(Path(clean.path))
    assert again.text == clean.text and again.source_map.origins == clean.source_map.origins


def test_an_image_file_reads_by_ocr_even_on_its_side(tesseract: None, tmp_path: Path) -> None:
    (page,) = page_images(DEMO, pages=[1])
    upright = tmp_path / "trang1.png"
    page.save(upright, dpi=(300, 300))
    sideways = tmp_path / "trang1_xoay.jpg"
    page.rotate(90, expand=True).save(sideways, dpi=(300, 300), quality=90)
    docs = [load_document(upright), load_document(sideways)]
    assert [(d.format, d.status, d.ocr_pages) for d in docs] == [
        ("png", Status.OK, [1]),
        ("jpeg", Status.OK, [1]),
    ]
    ratio = difflib.SequenceMatcher(None, docs[0].text, docs[1].text, autojunk=False).ratio()
    assert ratio >= 0.97, ratio
    assert "KẾT QUẢ" in docs[0].text


def test_a_ruled_table_keeps_its_rows_and_columns(
    tesseract: None, soffice: str, tmp_path: Path
) -> None:
    from test_read_pdf import build_merged_table

    pdf = convert(build_merged_table(tmp_path / "bang.docx"), "pdf", tmp_path)
    digital = load_document(pdf)
    doc = load_document(make_scan(pdf, tmp_path / "bang_scan.pdf", angle=-0.5, noise=12))
    assert doc.ocr_pages == [1]
    grids = [
        [[(c.text, c.col) for c in row.cells] for row in d.tables[0].rows] for d in (digital, doc)
    ]
    assert len(doc.tables) == 1
    assert [[col for _, col in row] for row in grids[1]] == [
        [col for _, col in row] for row in grids[0]
    ]
    cells = [pair for rows in zip(*grids, strict=True) for pair in zip(*rows, strict=True)]
    right = sum(scanned == typed for scanned, typed in cells)
    assert right >= 0.9 * len(cells), cells  # Tesseract may misread a lone figure


def test_without_tesseract_a_scan_is_partial_and_text_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = make_scan(DEMO, tmp_path / "scan.pdf", dpi=100, pages=[1])
    reason = "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-vie)"
    monkeypatch.setattr(ocr, "missing", lambda: reason)
    doc = load_document(scan)
    assert doc.status is Status.PARTIAL and not doc.ocr
    assert doc.errors == [f"{scan}: no text layer: needs OCR, but {reason}"]
    result = CliRunner().invoke(app, ["text", str(scan)])
    assert result.stdout == ""
    assert f"no text layer: needs OCR, but {reason}" in result.stderr


def test_a_tiff_of_several_pages_reads_page_by_page(tesseract: None, tmp_path: Path) -> None:
    first, second = page_images(DEMO, dpi=200, pages=[1, 2])
    path = tmp_path / "hai_trang.tif"
    first.save(path, save_all=True, append_images=[second], dpi=(200, 200), compression="tiff_lzw")
    doc = load_document(path)
    assert (doc.format, doc.status, doc.pages, doc.ocr_pages) == ("tiff", Status.OK, 2, [1, 2])
    pages = [
        doc.source_map.locate(i).page for i in range(len(doc.text)) if doc.source_map.locate(i)
    ]
    assert pages == sorted(pages) and set(pages) == {1, 2}
    width = max(o.bbox[2] for o in doc.source_map.origins if o)
    assert 400 < width < 595  # points on an A4 page: 200 pixels an inch, as the file says


def test_figures_from_a_scan_are_less_sure_and_go_to_review(
    scanned: tuple[Document, Document],
) -> None:
    from pipeline.extract import OCR_CONFIDENCE, extract_document

    _, scan = scanned
    result = extract_document(scan)
    assert result.facts, "the scanned pages hold figures"
    assert all(f.confidence <= 0.9 * OCR_CONFIDENCE for f in result.facts)
    (flag,) = [f for f in result.flags if f.check == "ocr.review"]
    assert set(flag.facts) == {f.id for f in result.facts}
    assert flag.severity == "warning"
