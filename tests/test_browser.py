"""The review app in a real browser (Debian's chromium driven by Playwright, headless): a
reviewer opens the queue and a PDF report, picks a figure with the keyboard, sees it boxed
on the page image, corrects it without the mouse, and the dataset's value changes."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.ingest import ingest_paths
from pipeline.store import connect

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


def test_a_reviewer_corrects_a_figure_with_the_keyboard(browser, served, tmp_path) -> None:
    url, db = served
    shots = _screenshots(tmp_path)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url + "/")
    page.fill("#reviewer-name", "Lan")
    page.click("header form button")
    page.wait_for_selector("a.doc-link")
    page.screenshot(path=str(shots / "queue.png"))

    page.click("a.doc-link")
    page.wait_for_selector("article.fact")
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

    page.keyboard.press("k")  # back to the corrected figure, and its audit page
    assert page.locator("article.fact.selected").get_attribute("data-fact") == fact_id
    page.keyboard.press("o")
    page.wait_for_selector("table.corrections")
    assert "đọc sai trên bản in" in page.inner_text("table.corrections")
    page.screenshot(path=str(shots / "audit.png"), full_page=True)
    page.close()
