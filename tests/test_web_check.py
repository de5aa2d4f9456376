"""Check before submitting: a report read at once with nothing kept, then submitted."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import docx
import pytest
from markupsafe import escape
from test_web import Browser, add_users, logged_in

from pipeline.extract import extract_file
from pipeline.store import connect
from web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpus" / "docx" / "002_a420976f677e4fa3.docx"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Browser, Path]:
    db = tmp_path / "data" / "baocao.duckdb"
    connect(db).close()
    add_users(db)
    return logged_in(db, "Hoa"), db


def _documents(db: Path) -> int:
    con = connect(db)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def _leftovers() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob("baocao-check-*"))


def test_check_shows_the_figures_and_failing_sums_and_keeps_nothing(setup) -> None:
    client, db = setup
    before = set(_leftovers())
    expected = extract_file(REPORT)
    assert expected.flags, "the sample report has sums that do not add up"
    answer = client.post("/check", files={"file": (REPORT.name, REPORT.read_bytes())})
    assert answer.status_code == 200
    assert f"{REPORT.name}: {len(expected.facts)} số liệu, {len(expected.flags)} cảnh báo" in (
        answer.text
    )
    for flag in expected.flags:  # each sum that does not add up, as the checks word it
        assert f"<code>{flag.check}</code> {escape(flag.message)}" in answer.text
    assert _documents(db) == 0
    kept = sorted(p.name for p in db.parent.iterdir())
    assert kept == ["baocao.duckdb", "baocao.duckdb.turn"]  # the dataset and its empty turn file
    assert (db.parent / "baocao.duckdb.turn").stat().st_size == 0
    assert set(_leftovers()) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ...", "not a report file"),
        ("empty.txt", b"", "the file is empty"),
        ("garbage.pdf", b"%PDF-1.4 not really", "Trạng thái: failed. garbage.pdf: truncated"),
    ],
)
def test_check_refuses_what_ingestion_would_refuse(setup, name, data, message) -> None:
    client, db = setup
    answer = client.post("/check", files={"file": (name, data)})
    assert message in answer.text
    assert _documents(db) == 0


def test_uploads_are_bounded_in_size(setup, monkeypatch) -> None:
    client, _ = setup
    monkeypatch.setattr("pipeline.submission.MAX_FILE_BYTES", 1000)
    answer = client.post("/check", files={"file": ("big.txt", b"x" * 5000)})
    assert answer.status_code == 400 and "too large" in answer.text


def test_uploaded_text_renders_inert(setup, tmp_path) -> None:
    client, _ = setup
    word = docx.Document()
    word.add_paragraph("UBND XÃ AN BÌNH")
    word.add_paragraph("<script>alert(1)</script> Tổng số hồ sơ tiếp nhận là 12 hồ sơ.")
    word.save(tmp_path / "x.docx")
    answer = client.post("/check", files={"file": ("x.docx", (tmp_path / "x.docx").read_bytes())})
    assert answer.status_code == 200
    assert "<script>alert(1)" not in answer.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text  # shown, as text


def test_submit_stores_the_file_beside_the_dataset_and_ingests_it(setup) -> None:
    client, db = setup
    answer = client.post(
        "/submit",
        files={"file": ("../../../" + REPORT.name, REPORT.read_bytes())},
        follow_redirects=False,
    )
    assert answer.status_code == 303  # a submitter, who may not read the dataset, gets a receipt
    assert answer.headers["location"] == f"/check?submitted={REPORT.name}"
    stored = list((db.parent / "submitted").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith(REPORT.name)
    assert not (db.parent.parent / REPORT.name).exists()
    assert _documents(db) == 1
    page = client.get(answer.headers["location"])
    assert page.status_code == 200 and f"Đã nộp «{REPORT.name}»" in page.text
    con = connect(db)
    command = con.execute("SELECT command FROM runs").fetchone()[0]
    con.close()
    assert command == f"baocao review: submitted {REPORT.name} by Hoa"
    shutil.rmtree(db.parent / "submitted")


def test_submit_needs_the_pages_token_and_a_name(setup, tmp_path) -> None:
    client, db = setup
    files = {"file": (REPORT.name, REPORT.read_bytes())}
    forged = Browser.__mro__[1].post(client, "/submit", files=files)
    assert forged.status_code == 403
    anonymous = Browser(create_app(db))
    assert anonymous.post("/submit", files=files).status_code == 401
    assert _documents(db) == 0
