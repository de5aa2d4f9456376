"""The review and audit web app: server-rendered pages over the dataset.

Every read and write goes through `pipeline` functions (the queue, a document's facts,
the corrections, the audit record); the app only turns requests into calls and results
into pages. Each request opens the dataset briefly and closes it, so ingestion can write
between requests. Document text is untrusted: templates escape everything.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import duckdb
from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pipeline import review, review_queue, sources
from pipeline.audit import MARK_CLOSE, MARK_OPEN, fact_record, mark_figure
from pipeline.store import DatasetError, connect
from pipeline.store_backend import is_server
from pipeline.users import User, unknown_hash
from schemas import Document
from schemas.metrics import FAMILIES, METRICS, QUALIFIER_KEYS
from web.auth import CORRECTORS, READERS, SUBMITTERS, add_auth_routes, guard
from web.check import add_check_routes
from web.security import (
    FormRefused,
    FormTooLarge,
    close_form,
    page_token,
    require_token,
    set_token,
)
from web.text_view import figure_boxes, figure_place, text_blocks

HERE = Path(__file__).parent
# DuckDB refuses to open a file in one thread while another thread closes its last
# connection to it ("unique file handle conflict"): requests open and close one at a time.
OPENING = threading.Lock()
SHORTCUTS = [
    ("j / n", "số liệu tiếp theo"),
    ("k / p", "số liệu trước"),
    ("a", "chấp nhận số liệu đang chọn"),
    ("r", "loại bỏ"),
    ("c", "sửa (gõ giá trị, Tab, lý do, Enter)"),
    ("o", "mở trang truy vết"),
    ("Esc", "rời ô nhập"),
]


class DatasetBusy(DatasetError):
    """Another process (an ingestion) holds the dataset's write lock for longer than a
    request can wait."""


class DocumentCache:
    """The last few documents read from their files (reading a PDF takes a second)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.items: OrderedDict[str, Document] = OrderedDict()

    def get(self, con: duckdb.DuckDBPyConnection, document_id: str) -> Document:
        if document_id in self.items:
            self.items.move_to_end(document_id)
            return self.items[document_id]
        doc = sources.load_source(con, document_id)
        self.items[document_id] = doc
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return doc


def create_app(db: str | Path) -> FastAPI:
    """The app over the dataset `db` (a DuckDB file or a postgresql:// URL)."""
    db = db if is_server(db) else Path(db)
    unknown_hash()  # made now, so no login waits for it
    app = FastAPI(
        title="baocao review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(require_token)],
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(number=_number, shortcuts=SHORTCUTS, mark=_marked)
    cache = DocumentCache()

    @contextlib.contextmanager
    def dataset() -> Iterator[duckdb.DuckDBPyConnection]:
        with OPENING:
            con = _open_with_retry(db)
        try:
            yield con
        finally:
            with OPENING:
                con.close()

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context["user"] = user = getattr(request.state, "user", None)
        context["can_correct"] = user is not None and user.role in CORRECTORS
        context["csrf"], new = page_token(request)
        response = templates.TemplateResponse(request, name, context, status_code=status)
        if new:
            set_token(response, context["csrf"], secure=request.url.scheme == "https")
        return response

    allow = guard(dataset)
    readers, correctors = allow(*READERS), allow(*CORRECTORS)

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, error: FormRefused) -> HTMLResponse:
        return page(request, "error.html", 403, message=str(error), back="/")

    @app.exception_handler(FormTooLarge)
    async def form_too_large(request: Request, error: FormTooLarge) -> HTMLResponse:
        return page(request, "error.html", 413, message=str(error), back="/check")

    @app.exception_handler(DatasetError)
    async def dataset_error(request: Request, error: DatasetError) -> HTMLResponse:
        await close_form(request)
        back = request.headers.get("referer", "/")
        status = 503 if isinstance(error, DatasetBusy) else 400
        response = page(request, "error.html", status, message=str(error), back=back)
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response

    @app.get("/", response_class=HTMLResponse)
    def queue(
        request: Request,
        unit: str = "",
        period: str = "",
        flag: str = "",
        q: str = "",
        user: User = readers,
    ) -> HTMLResponse:
        with dataset() as con:
            rows = review_queue.review_queue(con, unit=unit, period=period, flag=flag, search=q)
            choices = review_queue.queue_choices(con)
            pending = review.pending_corrections(con)
            unclaimed = review_queue.has_unclaimed(con)
        filters = {"unit": unit, "period": period, "flag": flag, "q": q}
        return page(
            request,
            "queue.html",
            rows=rows,
            choices=choices,
            filters=filters,
            pending=pending,
            has_unclaimed=unclaimed,
        )

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def document(
        request: Request, document_id: str, fact: str = "", user: User = readers
    ) -> HTMLResponse:
        with dataset() as con:
            info = review_queue.document_info(con, document_id)
            if info is None:
                raise DatasetError(f"no document {document_id!r} in the dataset")
            facts = review_queue.document_facts(con, document_id)
            flags = review_queue.document_flags(con, document_id)
            pending = review.pending_corrections(con, document_id)
            unclaimed = review_queue.unclaimed_figures(con, document_id)
            source, problem = None, ""
            try:
                source = cache.get(con, document_id)
            except DatasetError as error:
                problem = str(error)
            pdf = sources.document_pdf(con, document_id) if source else None
        pages = _pages(source, facts, pdf) if source is not None else []
        for f in facts:
            f["place"] = figure_place(source, f) if source is not None else ""
        families = [(fam, [f for f in facts if f["family"] == fam]) for fam in FAMILIES]
        families = [(fam, group) for fam, group in families if group]
        return page(
            request,
            "document.html",
            info=info,
            families=families,
            facts=facts,
            flags=flags,
            pending=pending,
            unclaimed=unclaimed,
            blocks=text_blocks(source, facts) if source is not None else [],
            problem=problem,
            pages=pages,
            selected=fact,
            metrics=METRICS,
            families_all=FAMILIES,
            qualifier_keys=QUALIFIER_KEYS,
            qualifier_values=review.QUALIFIER_VALUES,
        )

    @app.get("/documents/{document_id}/pages/{number}.png")
    def page_image(document_id: str, number: int, user: User = readers) -> Response:
        with dataset() as con:
            pdf = sources.document_pdf(con, document_id)
        if pdf is None:
            raise DatasetError(f"document {document_id!r} has no page images (not a PDF)")
        png = sources.render_page(pdf, number)
        return Response(png, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    @app.post("/facts/{fact_id}/{action}")
    def act(
        fact_id: str,
        action: str,
        document_id: str = Form(...),
        value: str = Form(""),
        reason: str = Form(""),
        next_fact: str = Form(""),
        user: User = correctors,
    ) -> RedirectResponse:
        if action not in ("accept", "correct", "reject"):
            raise DatasetError(f"unknown action {action!r}")
        new_value = review.typed_value(value) if action == "correct" else None
        with dataset() as con:
            review.append_correction(
                con,
                fact_id,
                action,
                reviewer=user.name,
                new_value=new_value,
                reason=reason,
            )
        return _to_document(document_id, next_fact or fact_id)

    @app.post("/documents/{document_id}/add")
    async def add_fact(
        request: Request, document_id: str, user: User = correctors
    ) -> RedirectResponse:
        form = await request.form()
        try:
            start, end = int(str(form.get("start"))), int(str(form.get("end")))
        except ValueError:
            raise DatasetError("select the figure's text in the document first") from None
        qualifiers = {k: str(form.get(f"q_{k}") or "") for k in QUALIFIER_KEYS}
        value = review.typed_value(str(form.get("value") or ""))
        with dataset() as con:
            fact_id = review.add_fact(
                con,
                document_id=document_id,
                metric=str(form.get("metric") or ""),
                value=value,
                evidence=[{"start": start, "end": end, "quote": str(form.get("quote") or "")}],
                reviewer=user.name,
                qualifiers=qualifiers,
                reason=str(form.get("reason") or ""),
            )
        return _to_document(document_id, fact_id)

    @app.post("/corrections/{correction_id}/dismiss")
    def dismiss(
        correction_id: int,
        document_id: str = Form(""),
        reason: str = Form(""),
        user: User = correctors,
    ) -> RedirectResponse:
        with dataset() as con:
            review.dismiss_correction(con, correction_id, reviewer=user.name, reason=reason)
        return _to_document(document_id, "") if document_id else RedirectResponse("/", 303)

    add_check_routes(app, db, page, allow(*SUBMITTERS))
    add_auth_routes(app, dataset, page, allow)

    @app.get("/facts/{fact_id}/audit", response_class=HTMLResponse)
    def audit(request: Request, fact_id: str, user: User = readers) -> HTMLResponse:
        with dataset() as con:
            record = fact_record(con, fact_id)
            pdf = sources.document_pdf(con, record["document_id"])
            source = None
            if pdf is not None:
                with contextlib.suppress(DatasetError):
                    source = cache.get(con, record["document_id"])
        images = _pages(source, [record], pdf) if source is not None else []
        return page(request, "audit.html", fact=record, pages=images)

    return app


def _open_with_retry(db: str | Path, attempts: int = 1) -> duckdb.DuckDBPyConnection:
    """Open the dataset; `connect` itself waits a while (BAOCAO_LOCK_WAIT, 5 s) for another
    process's hold on the file, so one attempt is enough before saying it is busy."""
    for attempt in range(attempts):
        try:
            return connect(db)
        except DatasetError as error:
            if "another process" not in str(error):
                raise
            if attempt == attempts - 1:
                raise DatasetBusy(
                    "the dataset is busy: another process (baocao ingest or the scheduled "
                    "flow) is loading it; nothing was recorded: try again in a moment"
                ) from None
            time.sleep(0.25)
    raise AssertionError("unreachable")


def _to_document(document_id: str, fact_id: str) -> RedirectResponse:
    query = "?" + urlencode({"fact": fact_id}) if fact_id else ""
    anchor = f"#fact-{fact_id}" if fact_id else ""
    return RedirectResponse(f"/documents/{quote(document_id)}{query}{anchor}", status_code=303)


def _pages(doc: Document | None, facts: list[dict], pdf: Path | None) -> list[dict]:
    """The PDF pages that hold figures, with each figure's box in percent of the page."""
    if doc is None or pdf is None:
        return []
    by_page: dict[int, list[dict]] = {}
    for fact in facts:
        for box in figure_boxes(doc, fact):
            by_page.setdefault(box.page, []).append({"fact": fact["id"], "box": box})
    pages = []
    for number in sorted(by_page):
        width, height = sources.page_size(pdf, number)
        boxes = [
            {
                "fact": item["fact"],
                "left": 100 * item["box"].x0 / width,
                "top": 100 * item["box"].top / height,
                "width": 100 * (item["box"].x1 - item["box"].x0) / width,
                "height": 100 * (item["box"].bottom - item["box"].top) / height,
            }
            for item in by_page[number]
        ]
        pages.append({"number": number, "boxes": boxes, "ratio": height / width})
    return pages


def _number(value: float | None, is_integer: bool | None = None) -> str:
    """A figure the Vietnamese way: 1.025, 98,8."""
    if value is None:
        return "–"
    if is_integer or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def _marked(ev: dict, value: float | None) -> tuple[str, str, str]:
    """A quote as (before, figure, after), so a template can mark the figure and escape
    all three; the figure is found as `baocao trace` finds it."""
    quote_text = ev.get("quote") or ""
    relative = length = None
    if ev.get("figure_start") is not None and ev.get("figure_end") is not None:
        relative = ev["figure_start"] - ev["start"]
        length = ev["figure_end"] - ev["figure_start"]
    marked = mark_figure(quote_text, relative, length, value if value is not None else -1.0)
    if marked == quote_text:
        return quote_text, "", ""
    before, rest = marked.split(MARK_OPEN, 1)
    figure, after = rest.split(MARK_CLOSE, 1)
    return before, figure, after
