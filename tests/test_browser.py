"""The review app in a real browser (Debian's chromium driven by Playwright, headless): a
reviewer logs in, opens the queue and a flagged PDF report, picks a figure with the
keyboard, sees it boxed on the page image, corrects it without the mouse, and the
dataset's value and the Excel export change, then checks a report and sees its failing
sums; a submitter checks a report and submits it; an auditor may read but not correct.

Screenshots go to $BAOCAO_SCREENSHOTS when set (for CI to keep), else a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.ingest import ingest_paths
from pipeline.store import connect
from pipeline.users import add_user

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PDF = Path(__file__).resolve().parents[1] / "corpus" / "pdf" / "004_efc8c9725471be51.pdf"
REPORT = PDF.parents[1] / "docx" / "002_a420976f677e4fa3.docx"
PASSWORD = "mật khẩu đủ dài"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    import uvicorn

    from web.app import create_app

    shutil.copyfile(PDF, tmp_path / PDF.name)
    db = tmp_path / "baocao.duckdb"
    ingest_paths([tmp_path / PDF.name], db)
    con = connect(db)
    for name, role in (("Lan", "reviewer"), ("Hoa", "submitter"), ("An", "auditor")):
        add_user(con, name, role, PASSWORD)
    con.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the review app did not start"
    yield f"http://127.0.0.1:{port}", db
    server.should_exit = True
    thread.join(10)


def _screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BAOCAO_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _log_in(browser, url: str, name: str, path: str = "/", **page_options):
    """A new page logged in as `name`, at `path` (the login page sends it there)."""
    page = browser.new_page(**page_options)
    page.goto(url + path)
    assert "/login" in page.url  # nothing is shown before logging in
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert name in page.inner_text("#who")
    return page


def test_a_reviewer_corrects_a_figure_with_the_keyboard_then_checks_a_report(
    browser, served, tmp_path
) -> None:
    url, db = served
    shots = _screenshots(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "/")
    page.wait_for_selector("#login-form")
    page.screenshot(path=str(shots / "login.png"))
    page.close()
    page = _log_in(browser, url, "Lan", viewport={"width": 1400, "height": 900})
    page.wait_for_selector("a.doc-link")
    page.screenshot(path=str(shots / "queue.png"))

    page.click("tr.needs a.doc-link")  # a document with an open flag
    page.wait_for_selector("article.fact")
    page.wait_for_load_state("load")  # and its script, which the keys need
    page.keyboard.press("j")
    selected = page.locator("article.fact.selected")
    assert selected.count() == 1
    fact_id = selected.get_attribute("data-fact")
    # the figure is marked in the text and boxed on the page image
    assert page.locator(f'mark.fig.selected[data-facts~="{fact_id}"]').count() >= 1
    box = page.locator(f'.box.selected[data-fact="{fact_id}"]').first
    box.wait_for(state="visible")
    assert box.bounding_box()["width"] > 3
    page.screenshot(path=str(shots / "document.png"))

    con = connect(db)
    before = con.execute("SELECT value FROM facts WHERE id = ?", [fact_id]).fetchone()[0]
    con.close()
    new_value = int(before) + 7
    page.keyboard.press("c")
    page.keyboard.type(str(new_value))
    page.keyboard.press("Tab")
    page.keyboard.type("đọc sai trên bản in")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    card = page.locator(f"#fact-{fact_id}")
    card.wait_for()
    assert "status-corrected" in card.get_attribute("class").split()
    assert card.locator("[data-value]").inner_text() == f"{new_value:,}".replace(",", ".")
    # the review moves on to the next figure
    assert page.locator("article.fact.selected").get_attribute("data-fact") != fact_id
    page.screenshot(path=str(shots / "corrected.png"))

    con = connect(db)
    effective = con.execute(
        "SELECT value, review_status, reviewed_by FROM facts_effective WHERE id = ?", [fact_id]
    ).fetchone()
    con.close()
    assert effective == (float(new_value), "corrected", "Lan")
    # and in the workbook analysts get from `baocao export`
    workbook = tmp_path / "baocao.xlsx"
    result = CliRunner().invoke(
        app, ["export", "--format", "xlsx", "--out", str(workbook), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    sheet = pd.read_excel(workbook, sheet_name="Số liệu")
    assert sheet.loc[sheet["Mã"] == fact_id, "Giá trị"].tolist() == [new_value]

    page.keyboard.press("k")  # back to the corrected figure, and its audit page
    assert page.locator("article.fact.selected").get_attribute("data-fact") == fact_id
    page.keyboard.press("o")
    page.wait_for_selector("table.corrections")
    assert "đọc sai trên bản in" in page.inner_text("table.corrections")
    page.screenshot(path=str(shots / "audit.png"), full_page=True)

    _check_report(page, url, db, shots / "check.png")  # nothing stored by a check
    page.close()


def _check_report(page, url: str, db: Path, shot: Path) -> None:
    """Upload REPORT on the check page and find each of its failing sums shown."""
    from pipeline.extract import extract_file

    expected = extract_file(REPORT).flags
    assert expected, "the sample report has sums that do not add up"
    page.goto(url + "/check")
    page.wait_for_selector("#check-form")
    page.set_input_files("#check-file", str(REPORT))
    page.click("#check-button")
    page.wait_for_selector("#check-result h2")
    shown = page.inner_text("#check-result .check-flags")
    for flag in expected:
        assert flag.message in shown
    page.screenshot(path=str(shot), full_page=True)
    con = connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)  # nothing stored
    con.close()


def test_a_submitter_checks_a_report_sees_its_failing_sum_then_submits(
    browser, served, tmp_path
) -> None:
    url, db = served
    page = _log_in(browser, url, "Hoa", viewport={"width": 1300, "height": 900})
    assert page.url.endswith("/check")  # where a submitter starts
    _check_report(page, url, db, _screenshots(tmp_path) / "check-submitter.png")
    with page.expect_navigation():
        page.click("#submit-button")  # the chosen file is still chosen
    assert "/check?submitted=" in page.url
    assert REPORT.name in page.inner_text("#submitted")
    con = connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    assert con.execute("SELECT command FROM runs ORDER BY started_at DESC").fetchone() == (
        f"baocao review: submitted {REPORT.name} by Hoa",
    )
    con.close()
    page.goto(url + "/")  # the queue is not for submitters
    assert page.url.endswith("/check")
    page.close()


def test_an_auditor_reads_but_a_correction_is_refused(browser, served) -> None:
    url, db = served
    page = _log_in(browser, url, "An", viewport={"width": 1400, "height": 900})
    page.click("a.doc-link")
    page.wait_for_selector("article.fact")
    page.wait_for_load_state("load")  # and its script, which the keys need
    page.keyboard.press("j")
    fact_id = page.locator("article.fact.selected").get_attribute("data-fact")
    assert page.locator("form.act-correct, #add-fact").count() == 0  # nothing to send
    page.keyboard.press("c")  # the keys that would change a figure do nothing
    page.keyboard.press("a")
    assert "/documents/" in page.url
    # a correction sent anyway, with the session and the page's form token
    document_id = page.locator("div.doc").get_attribute("data-document")
    token = page.locator('header input[name="csrf"]').input_value()
    answer = page.request.post(
        f"{url}/facts/{fact_id}/correct",
        form={"csrf": token, "document_id": document_id, "value": "12", "reason": "thử"},
    )
    assert answer.status == 403, answer.text()
    assert "your role (auditor) may not do this" in answer.text()
    con = connect(db)
    assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)
    con.close()
    page.close()


def test_a_reviewer_adds_a_missing_figure_by_selecting_its_text(browser, served) -> None:
    url, db = served
    page = _log_in(browser, url, "Lan", viewport={"width": 1400, "height": 900})
    page.click("a.doc-link")
    page.wait_for_selector("article.fact")
    page.wait_for_load_state("load")  # and its script, which the keys need
    # select, as a mouse would, the line holding the first marked figure
    line = page.locator("#text p.line", has=page.locator("mark.fig")).first
    line.evaluate(
        """p => {
            const range = document.createRange();
            range.selectNodeContents(p);
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            p.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    start = int(page.input_value("#add-start"))
    end = int(page.input_value("#add-end"))
    assert end > start
    value = page.input_value("#add-value")
    assert value
    page.select_option('select[name="metric"]', "dossier.by_field")
    page.fill('input[name="q_field"]', "Thử nghiệm")
    with page.expect_navigation():
        page.click("#add-fact button")
    added = page.locator("article.fact.status-added")
    assert added.count() == 1
    fact_id = added.get_attribute("data-fact")
    con = connect(db)
    row = con.execute(
        "SELECT source, field, evidence FROM facts_effective f JOIN corrections c "
        "ON c.fact_id = f.id WHERE f.id = ?",
        [fact_id],
    ).fetchone()
    con.close()
    assert row[:2] == ("added", "Thử nghiệm")
    assert f'"start":{start}' in row[2] and f'"end":{end}' in row[2]
    page.close()
