"""The review app's routes and actions over a real dataset: the demo PDF, Word and text
reports read by the real pipeline, and a small text report with controlled figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import duckdb
import pytest
from fastapi.testclient import TestClient
from review_samples import read_extraction, span_of, write_text_report

from pipeline.ingest import ingest_paths
from pipeline.review_queue import review_queue
from pipeline.store import connect, load_extraction
from pipeline.users import add_user
from web.app import create_app
from web.auth import SESSION_COOKIE
from web.security import CSRF_COOKIE

ROOT = Path(__file__).resolve().parents[1]
DEMO = {
    "pdf": ROOT / "corpus" / "pdf" / "004_efc8c9725471be51.pdf",
    "docx": ROOT / "corpus" / "docx" / "003_475270ebcf4b3eff.docx",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    for path in DEMO.values():
        shutil.copyfile(path, folder / path.name)
    db = folder / "baocao.duckdb"
    ingest_paths([folder / p.name for p in DEMO.values()], db)
    sample = write_text_report(folder, "xa.txt")
    ingest_paths([sample], db, extract=read_extraction)
    hostile = docx.Document()  # a Word file keeps markup-like text as text
    hostile.add_paragraph("UBND XÃ AN BÌNH")
    hostile.add_paragraph("<script>alert('x')</script> Đã giải quyết 930 hồ sơ.")
    hostile.save(folder / "hostile.docx")
    ingest_paths(
        [folder / "hostile.docx"], db, extract=lambda p: read_extraction(p, ["dossier.resolved"])
    )
    add_users(db)
    return db


PASSWORD = "mật khẩu đủ dài"
USERS = {"Quan": "admin", "Lan": "reviewer", "An": "auditor", "Hoa": "submitter"}


def add_users(db: Path) -> None:
    """One user of each role, all with PASSWORD."""
    con = connect(db)
    try:
        for name, role in USERS.items():
            add_user(con, name, role, PASSWORD)
    finally:
        con.close()


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template.parent, tmp_path / "data")
    return tmp_path / "data" / template.name


class Browser(TestClient):
    """A client that sends the page's form token with each POST, as the pages' forms do."""

    def post(self, url: str, *, data: dict | None = None, **kwargs):
        if CSRF_COOKIE not in self.cookies:
            self.get("/login")
        data = {"csrf": self.cookies[CSRF_COOKIE], **(data or {})}
        return super().post(url, data=data, **kwargs)


def logged_in(db: Path, name: str, **kwargs) -> Browser:
    """A browser logged in as `name` (one of USERS)."""
    browser = Browser(create_app(db), **kwargs)
    answer = browser.post("/login", data={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    assert SESSION_COOKIE in browser.cookies
    return browser


@pytest.fixture
def client(db: Path) -> TestClient:
    return logged_in(db, "Lan")


def _doc(db: Path, name: str) -> str:
    con = connect(db)
    try:
        return con.execute("SELECT id FROM documents WHERE name = ?", [name]).fetchone()[0]
    finally:
        con.close()


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = connect(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _fact(db: Path, name: str, metric: str) -> str:
    return _query(
        db,
        "SELECT f.id FROM facts f JOIN documents d ON d.id = f.document_id "
        "WHERE d.name = ? AND f.metric = ?",
        [name, metric],
    )[0][0]


def _effective(db: Path, fact_id: str) -> tuple | None:
    found = _query(db, "SELECT value, review_status FROM facts_effective WHERE id = ?", [fact_id])
    return found[0] if found else None


def test_queue_lists_documents_most_urgent_first_with_counts(client, db) -> None:
    page = client.get("/")
    assert page.status_code == 200
    shown = re.findall(r'class="doc-link" href="/documents/([0-9a-f]{64})"', page.text)
    con = connect(db)
    expected = review_queue(con)
    con.close()
    assert shown == [row["id"] for row in expected]
    assert len(shown) == 4
    urgency = [(r["open_flags"], r["conflicts"], r["pending_decisions"]) for r in expected]
    assert urgency == sorted(urgency, reverse=True)
    assert urgency[0] > urgency[-1]
    assert "Phím tắt" in page.text


def test_queue_filters_and_search(client, db) -> None:
    by_unit = client.get("/", params={"unit": "An Bình"}).text
    assert "xa.txt" in by_unit and "004_efc8c9725471be51.pdf" not in by_unit
    search = client.get("/", params={"q": "thanh ha"}).text  # no marks, any case
    assert "004_efc8c9725471be51.pdf" in search and "xa.txt" not in search
    flagged = client.get("/", params={"flag": "dossier.balance"}).text
    assert "xa.txt" in flagged and "003_475270ebcf4b3eff.docx" not in flagged
    period = client.get("/", params={"period": "quý II năm 2023"}).text
    assert "xa.txt" in period
    assert "Không có tài liệu nào khớp" in client.get("/", params={"q": "zzz"}).text


def test_document_marks_every_figure_and_links_it_to_its_fact(client, db) -> None:
    doc = _doc(db, "xa.txt")
    page = client.get(f"/documents/{doc}").text
    facts = _query(db, "SELECT id FROM facts WHERE document_id = ?", [doc])
    for (fact_id,) in facts:
        assert f'id="fact-{fact_id}"' in page
        assert re.search(rf'<mark class="fig" data-o="\d+" data-facts="[^"]*{fact_id}', page)
    start, _ = span_of(db.parent / "xa.txt", "937")
    assert f'<mark class="fig" data-o="{start}"' in page
    assert "dossier.balance" in page  # the flag, on the facts it concerns
    families = re.findall(r'<h2 class="family">(\w+) <span class="count">(\d+)</span>', page)
    assert families == [("tthc", "1"), ("dossier", "3")]  # grouped by family, in order


def test_document_text_is_escaped(client, db) -> None:
    page = client.get(f"/documents/{_doc(db, 'hostile.docx')}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_pdf_page_image_with_the_figure_boxed(client, db) -> None:
    doc = _doc(db, "004_efc8c9725471be51.pdf")
    page = client.get(f"/documents/{doc}").text
    boxes = re.findall(
        r'class="box" data-fact="(\w+)" style="left: ([\d.]+)%; top: ([\d.]+)%; '
        r"width: ([\d.]+)%; height: ([\d.]+)%",
        page,
    )
    assert len(boxes) >= 10
    for _, *numbers in boxes:
        assert all(0 <= float(n) <= 100 for n in numbers)
    number = re.search(rf"/documents/{doc}/pages/(\d+)\.png", page).group(1)
    image = client.get(f"/documents/{doc}/pages/{number}.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert client.get(f"/documents/{doc}/pages/999.png").status_code == 400
    not_pdf = client.get(f"/documents/{_doc(db, 'xa.txt')}/pages/1.png")
    assert not_pdf.status_code == 400


def test_docx_marks_the_table_cell_of_a_figure(client, db) -> None:
    page = client.get(f"/documents/{_doc(db, '003_475270ebcf4b3eff.docx')}").text
    assert 'class="cell-marked" data-facts="' in page
    assert "table row" in page  # where the figure is in the Word file


def test_only_the_datasets_own_files_are_served(client) -> None:
    for path in (
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd/pages/1.png",
        "/documents/%2Fetc%2Fpasswd/pages/1.png",
        "/documents/..%2Fbaocao.duckdb",
        "/static/..%2F..%2Fapp.py",
    ):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert "root:" not in response.text and "create_app" not in response.text


def test_accept_correct_reject_change_the_effective_value(client, db) -> None:
    doc = _doc(db, "xa.txt")
    received = _fact(db, "xa.txt", "dossier.received")
    answer = client.post(
        f"/facts/{received}/correct",
        data={"document_id": doc, "value": "1.037", "reason": "đọc sai bảng"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/documents/{doc}?fact={received}#fact-{received}"
    assert _effective(db, received) == (1037.0, "corrected")
    page = client.get(answer.headers["location"]).text
    assert "1.037" in page and "trích xuất: 937" in page

    client.post(f"/facts/{received}/accept", data={"document_id": doc})
    assert _effective(db, received) == (1037.0, "accepted")
    client.post(f"/facts/{received}/reject", data={"document_id": doc, "reason": "trùng"})
    assert _effective(db, received) is None
    rows = _query(db, "SELECT action, reviewer, old_value, new_value FROM corrections ORDER BY id")
    assert rows == [
        ("correct", "Lan", 937.0, 1037.0),
        ("accept", "Lan", 1037.0, 1037.0),
        ("reject", "Lan", 1037.0, None),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "940", "reason": ""}, "needs a reason"),
        ({"value": "nhiều", "reason": "x"}, "is not a number"),
        ({"value": "", "reason": "x"}, "is not a number"),
    ],
)
def test_a_bad_correction_is_refused_with_its_reason(client, db, data, message) -> None:
    received = _fact(db, "xa.txt", "dossier.received")
    data["document_id"] = _doc(db, "xa.txt")
    answer = client.post(f"/facts/{received}/correct", data=data)
    assert answer.status_code == 400 and message in answer.text
    assert _query(db, "SELECT count(*) FROM corrections") == [(0,)]


def test_a_form_without_the_pages_token_is_refused(client, db) -> None:
    received = _fact(db, "xa.txt", "dossier.received")
    data = {"document_id": _doc(db, "xa.txt")}
    forged = TestClient.post(client, f"/facts/{received}/accept", data=data)
    assert forged.status_code == 403 and "another site" in forged.text
    wrong = TestClient.post(client, f"/facts/{received}/accept", data=data | {"csrf": "x" * 43})
    assert wrong.status_code == 403
    stranger = TestClient(create_app(db))  # the session but not the form token, as a
    stranger.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])  # forged form's
    assert stranger.post(f"/facts/{received}/accept", data=data).status_code == 403
    assert _query(db, "SELECT count(*) FROM corrections") == [(0,)]
    page = client.get("/").text
    assert f'name="csrf" value="{client.cookies[CSRF_COOKIE]}"' in page


def test_actions_need_a_login_and_a_known_action(client, db) -> None:
    anonymous = Browser(create_app(db))
    received = _fact(db, "xa.txt", "dossier.received")
    answer = anonymous.post(f"/facts/{received}/accept", data={"document_id": "x"})
    assert answer.status_code == 401 and "log in first" in answer.text
    unknown = client.post(f"/facts/{received}/delete", data={"document_id": "x"})
    assert unknown.status_code == 400 and "unknown action" in unknown.text
    assert _query(db, "SELECT count(*) FROM corrections") == [(0,)]


def test_add_a_missing_fact_from_selected_text(client, db) -> None:
    doc = _doc(db, "xa.txt")
    start, end = span_of(db.parent / "xa.txt", "Tổng số cán bộ, công chức của xã là 21 người.")
    form = {"start": start, "end": end, "metric": "staff.total", "value": "21", "reason": "sót"}
    wrong = client.post(f"/documents/{doc}/add", data=form | {"value": "12"})
    assert wrong.status_code == 400 and "does not show the value 12" in wrong.text
    bad_scope = client.post(f"/documents/{doc}/add", data=form | {"q_scope": "planet"})
    assert bad_scope.status_code == 400
    answer = client.post(f"/documents/{doc}/add", data=form, follow_redirects=False)
    assert answer.status_code == 303
    fact_id = re.search(r"fact=(added-\w+)", answer.headers["location"]).group(1)
    assert _effective(db, fact_id) == (21.0, "added")
    page = client.get(f"/documents/{doc}").text
    assert f'id="fact-{fact_id}"' in page
    assert re.search(rf'<mark class="fig" data-o="\d+" data-facts="[^"]*{fact_id}', page)
    no_selection = client.post(f"/documents/{doc}/add", data={"metric": "staff.total"})
    assert no_selection.status_code == 400 and "select the figure" in no_selection.text


def test_a_correction_that_no_longer_applies_is_shown_and_can_be_set_aside(client, db) -> None:
    doc = _doc(db, "xa.txt")
    received = _fact(db, "xa.txt", "dossier.received")
    client.post(
        f"/facts/{received}/correct", data={"document_id": doc, "value": "973", "reason": "x"}
    )
    con = connect(db)
    load_extraction(
        con, read_extraction(db.parent / "xa.txt", values={"dossier.received": 940}), "xa.txt", "r2"
    )
    correction = con.execute("SELECT id FROM corrections_pending").fetchone()[0]
    con.close()
    assert _effective(db, received) == (940.0, "unreviewed")
    assert "nay đọc được 940, không phải 937" in client.get("/").text
    page = client.get(f"/documents/{doc}").text
    assert "Chờ quyết định (1)" in page and "decision-pending" in page
    answer = client.post(
        f"/corrections/{correction}/dismiss", data={"document_id": doc, "reason": "đã xem"}
    )
    assert answer.status_code == 200
    assert "Chờ quyết định" not in client.get(f"/documents/{doc}").text
    again = client.post(f"/corrections/{correction}/dismiss", data={"reason": "x"})
    assert again.status_code == 400


def test_audit_page_shows_the_whole_chain(client, db) -> None:
    doc = _doc(db, "004_efc8c9725471be51.pdf")
    fact_id = _query(db, "SELECT id FROM facts WHERE document_id = ? LIMIT 1", [doc])[0][0]
    client.post(
        f"/facts/{fact_id}/correct", data={"document_id": doc, "value": "1", "reason": "thử"}
    )
    page = client.get(f"/facts/{fact_id}/audit").text
    fact = _query(db, "SELECT extractor, run_id FROM facts WHERE id = ?", [fact_id])[0]
    assert doc in page and "004_efc8c9725471be51.pdf" in page
    assert fact[0] in page and fact[1] in page
    assert '<mark class="figure">' in page
    assert f"/documents/{doc}/pages/" in page and 'class="box selected"' in page
    assert re.search(r"<td>Lan</td><td>\d{4}-\d\d-\d\d [\d:]+</td><td>correct</td>", page)
    assert "thử" in page and "→ 1<" in page
    assert "window.print()" in page
    assert client.get("/facts/nope/audit").status_code == 400


def test_unclaimed_figures_show_when_the_dataset_lists_them(client, db) -> None:
    doc = _doc(db, "xa.txt")
    assert 'class="promote"' not in client.get(f"/documents/{doc}").text
    start, end = span_of(db.parent / "xa.txt", "21 người")
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO unclaimed_figures (document_id, char_start, char_end, quote, value, page) "
        "VALUES (?, ?, ?, '21 người', 21, NULL)",
        [doc, start, end],
    )
    con.close()
    assert "Số chưa nhận" in client.get("/").text
    page = client.get(f"/documents/{doc}").text
    assert f'class="promote" data-start="{start}" data-end="{end}"' in page


def test_while_another_process_writes_the_app_waits_then_says_so(client, db) -> None:
    import subprocess
    import sys

    received = _fact(db, "xa.txt", "dossier.received")
    data = {"document_id": _doc(db, "xa.txt")}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        answer = client.post(f"/facts/{received}/accept", data=data)
        assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
        assert "the dataset is busy" in answer.text and "nothing was recorded" in answer.text
        assert "Traceback" not in answer.text
        page = client.get("/")  # a page to read waits too, then says so
        assert page.status_code == 503 and "try again" in page.text
    finally:
        holder.terminate()
        holder.wait(10)
        holder.stdout.close()
    answer = client.post(f"/facts/{received}/accept", data=data)
    assert answer.status_code == 200
    assert _effective(db, received) == (937.0, "accepted")


HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(60)
"""
