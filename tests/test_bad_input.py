"""Bad files fail alone, with a reason that names the file and the cause: never a
traceback, never a hang. Every bad file is made here, in a temporary folder."""

from __future__ import annotations

import io
import os
import threading
import time
import zipfile
from pathlib import Path

import docx
import hanging_reader
import pytest

from pipeline.load import load_document
from pipeline.read import doc as doc_reader
from pipeline.read import limits, ocr, txt
from pipeline.read.doc import convert
from schemas.document import Document, Status

ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"matkhau"}}'
)


def failed_because(doc: Document, path: Path, *words: str) -> None:
    assert doc.status is Status.FAILED, doc.errors
    assert doc.text == "" and doc.segments.sentences == []
    (error,) = doc.errors
    assert error.startswith(f"{path}: "), error
    for word in words:
        assert word in error, error


def small_docx(path: Path, text: str = "Tổng số hồ sơ tiếp nhận là 937 hồ sơ.") -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def made_pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("made")
    return convert(small_docx(folder / "r.docx"), "pdf", folder)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    failed_because(load_document(path), path, "empty file")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong_co.docx"
    failed_because(load_document(path), path, "cannot open")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "rac.txt"
    path.write_bytes(os.urandom(4096))
    failed_because(load_document(path), path, "no supported format")


def test_truncated_pdf(made_pdf: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    data = made_pdf.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    failed_because(load_document(path), path, "truncated PDF")


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n")
    failed_because(load_document(path), path, "PDF")


def test_encrypted_pdf(soffice: str, tmp_path: Path) -> None:
    path = convert(small_docx(tmp_path / "mat.docx"), ENCRYPT, tmp_path)
    failed_because(load_document(path), path, "encrypted PDF", "password")


def test_pdf_without_text_layer_is_partial_and_says_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    body = b"%PDF-1.4\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(body)
    doc = load_document(path)
    assert doc.status is Status.PARTIAL
    reason = ocr.missing()
    cause = f"needs OCR, but {reason}" if reason else "and OCR found no text"
    assert doc.errors == [f"{path}: no text layer{':' if reason else ','} {cause}"]


def test_docx_named_pdf_reads_as_docx(tmp_path: Path) -> None:
    path = small_docx(tmp_path / "that_ra_la_word.pdf")
    doc = load_document(path)
    assert doc.status is Status.OK and doc.format == "docx"
    assert doc.text == "Tổng số hồ sơ tiếp nhận là 937 hồ sơ."


def test_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(40):
                member.write(b"\0" * (1 << 20))
    doc = load_document(path)
    failed_because(doc, path, "refused", "zip bomb")


def test_unsupported_formats(tmp_path: Path) -> None:
    workbook = tmp_path / "bang.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    workbook.write_bytes(buffer.getvalue())
    failed_because(load_document(workbook), workbook, "not a Word document", "Excel")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(256))
    failed_because(load_document(image), image, "damaged or unreadable image")


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "lon.txt"
    path.write_bytes(b"a" * (2 * 1024 * 1024))
    failed_because(load_document(path), path, "too large")


def _load_in_a_thread(path: Path, wait: float) -> Document:
    """As a flow's or a web server's worker thread reads: no signals there."""
    results: list[Document] = []
    worker = threading.Thread(target=lambda: results.append(load_document(path)))
    worker.start()
    worker.join(wait)
    assert results, "load_document did not return"
    return results[0]


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_reader_that_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_thread: bool
) -> None:
    limit = 3.0 if in_thread else 0.3  # off the main thread the limit includes a Python start
    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", limit)
    monkeypatch.setattr(txt, "read", hanging_reader.hang)
    path = tmp_path / "treo.txt"
    path.write_text("Báo cáo.", encoding="utf-8")
    started = time.monotonic()
    doc = _load_in_a_thread(path, limit + 10) if in_thread else load_document(path)
    assert time.monotonic() - started < limit + 2
    failed_because(doc, path, f"longer than {limit:g} s")
    pid = int(path.with_suffix(".pid").read_text())
    if in_thread:  # it ran in a child process, which is gone: not left running
        assert pid != os.getpid()
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not path.with_suffix(".done").exists()


def test_a_reader_whose_process_dies_fails_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(txt, "read", hanging_reader.crash)
    path = tmp_path / "chet.txt"
    path.write_text("Báo cáo.", encoding="utf-8")
    failed_because(_load_in_a_thread(path, 30), path, "reader process stopped", "SIGKILL")


def test_off_the_main_thread_a_file_reads_the_same(tmp_path: Path) -> None:
    path = small_docx(tmp_path / "r.docx")
    here, there = load_document(path), _load_in_a_thread(path, 60)
    assert there.status is Status.OK and there.text == here.text
    assert there.source_map.origins == here.source_map.origins


def test_legacy_doc_is_converted(soffice: str, tmp_path: Path) -> None:
    folder = tmp_path / "convert"
    folder.mkdir()
    made = convert(small_docx(tmp_path / "r.docx"), "doc:MS Word 97", folder)
    path = tmp_path / "cu.doc"
    made.rename(path)
    doc = load_document(path)
    assert doc.status is Status.OK, doc.errors
    assert (doc.format, doc.converted_from) == ("doc", "doc")
    assert doc.text == "Tổng số hồ sơ tiếp nhận là 937 hồ sơ."


def test_legacy_doc_without_libreoffice_says_it_is_needed(
    soffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "convert"
    folder.mkdir()
    path = convert(small_docx(tmp_path / "r.docx"), "doc:MS Word 97", folder)
    monkeypatch.setattr(doc_reader, "soffice", lambda: None)
    failed_because(load_document(path), path, "LibreOffice", "not installed")
