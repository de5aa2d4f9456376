"""Hostile and broken files: the project's own PDFs and Word files, mutated at random
(bytes flipped, spans cut, repeated or overwritten, the file cut short; for a Word file
also its document XML), always end `ok`, `partial` or `failed` with a reason, within a
time and memory bound per file; and a batch holding such files loads every good file and
quarantines every bad one with its reason."""

from __future__ import annotations

import io
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import ingest_paths
from pipeline.load import load_document
from pipeline.read import limits, ocr
from pipeline.store import connect
from schemas.document import Status

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "corpus" / "pdf" / "000_5d598c3cb7466002.pdf"
DOCX = ROOT / "corpus" / "docx" / "000_5d598c3cb7466002.docx"
SECONDS = 10.0  # per file: the time limit the reader is given, and what the test allows
MEGABYTES = 400  # per file: peak Python memory while it is read

mutation = st.tuples(
    st.sampled_from(["flip", "cut", "repeat", "overwrite", "truncate"]),
    st.floats(0, 1),  # where, as a share of the length
    st.integers(1, 4096),  # how many bytes
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, mutations: list[tuple[str, float, int, bytes]]) -> bytes:
    for kind, where, size, noise in mutations:
        at = int(where * max(len(data) - 1, 0))
        if kind == "flip":
            data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :] if data else data
        elif kind == "cut":
            data = data[:at] + data[at + size :]
        elif kind == "repeat":
            data = data[: at + size] + data[at : at + size] + data[at + size :]
        elif kind == "overwrite":
            data = data[:at] + (noise * (size // len(noise) + 1))[:size] + data[at + size :]
        else:
            data = data[:at]
    return data


def mutate_docx_xml(data: bytes, mutations: list) -> bytes:
    """The Word file with its `word/document.xml` mutated, the archive itself intact, so
    the damage reaches the XML parser and the reader rather than the unzipper."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "word/document.xml":
                member = mutate(member, mutations)
            target.writestr(info, member)
    return out.getvalue()


@pytest.fixture(autouse=True)
def bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers get SECONDS each; OCR (tested on its own, and slow) is off, so a page that
    lost its text is `partial` saying it needs OCR."""
    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", SECONDS)
    monkeypatch.setattr(ocr, "missing", lambda: "OCR is off in this test")


def check_bounded(path: Path) -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        doc = load_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert doc.status in (Status.OK, Status.PARTIAL, Status.FAILED)
    assert elapsed < SECONDS * 1.5, (elapsed, doc.errors)
    assert peak < MEGABYTES * 1024 * 1024, peak
    if doc.status is not Status.OK:
        assert doc.errors and all(e.startswith(f"{path}: ") for e in doc.errors), doc.errors
    if doc.status is Status.FAILED:
        assert doc.text == ""
    else:
        assert len(doc.text) == len(doc.surface) == len(doc.source_map.origins)


FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure in CI repeats here
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(FUZZ, max_examples=20)
@given(st.lists(mutation, min_size=1, max_size=4), st.booleans())
def test_a_mutated_pdf_ends_within_bounds(tmp_path: Path, mutations: list, keep_end: bool) -> None:
    """`keep_end`: the damage is in the body and the file still ends with its trailer and
    `%%EOF`, so it gets past the truncation check into the parser."""
    data = PDF.read_bytes()
    if keep_end:
        data = mutate(data[:-1024], mutations) + data[-1024:]
    else:
        data = mutate(data, mutations)
    path = tmp_path / "mutated.pdf"
    path.write_bytes(data)
    check_bounded(path)


@settings(FUZZ, max_examples=40)
@given(st.lists(mutation, min_size=1, max_size=4), st.booleans())
def test_a_mutated_word_file_ends_within_bounds(
    tmp_path: Path, mutations: list, inside: bool
) -> None:
    data = DOCX.read_bytes()
    path = tmp_path / "mutated.docx"
    path.write_bytes(mutate_docx_xml(data, mutations) if inside else mutate(data, mutations))
    check_bounded(path)


def test_a_batch_loads_the_good_files_and_quarantines_the_bad(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = [PDF, DOCX, ROOT / "corpus" / "txt" / "004_efc8c9725471be51.txt"]
    for source in good:
        shutil.copy(source, corpus / source.name)
    pdf, docx_data = PDF.read_bytes(), DOCX.read_bytes()
    bad = {
        "cut_short.pdf": pdf[: len(pdf) // 2],
        "no_pages.pdf": b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n",
        "torn.docx": docx_data[: len(docx_data) // 3],
        "bad_xml.docx": mutate_docx_xml(docx_data, [("overwrite", 0.0, 200, b"<\x00&")]),
        "empty.docx": b"",
    }
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    db = tmp_path / "data" / "baocao.duckdb"
    summary = ingest_paths([corpus], db, copy_quarantined=True)  # keep copies of the bad files
    outcomes = {f.path.name: f for f in summary.files}
    assert {name for name, f in outcomes.items() if f.outcome == "new"} == {p.name for p in good}
    assert {f.path.name for f in summary.failed} == set(bad)
    for name in bad:
        outcome = outcomes[name]
        assert outcome.reason and outcome.quarantined is not None, name
        assert outcome.quarantined.read_bytes() == bad[name]
        note = outcome.quarantined.with_name(outcome.quarantined.name + ".reason.txt")
        assert outcome.reason in note.read_text(encoding="utf-8")
    con = connect(db, read_only=True)
    try:
        rows = con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    finally:
        con.close()
    assert dict(rows) == {"ok": len(good), "failed": len(bad)}
