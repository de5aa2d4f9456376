"""The check-before-submitting pages: an officer sends a report, sees at once the figures
read from it and the sums that do not add up, and only then submits it to the dataset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from pipeline.read.limits import MAX_FILE_BYTES
from pipeline.store import DatasetError
from pipeline.submission import check_upload, safe_name, submit_upload
from pipeline.users import User
from schemas.metrics import BY_CODE


async def _read(request: Request) -> tuple[str, bytes]:
    """The uploaded file's name and bytes, read no further than the size limit."""
    form = await request.form()
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise DatasetError("choose a report file first")
        return upload.filename, await upload.read(MAX_FILE_BYTES + 1)
    finally:
        await form.close()


def _facts(extraction) -> list[dict]:
    rows = []
    for fact in extraction.facts:
        known = BY_CODE.get(fact.metric)
        ev = fact.evidence[0].model_dump() if fact.evidence else {}
        rows.append(
            {
                "metric": fact.metric,
                "label": known.vi if known else fact.metric,
                "qualifiers": fact.qualifiers,
                "value": fact.value,
                "unit": fact.unit,
                "evidence": ev,
            }
        )
    return rows


def add_check_routes(app: FastAPI, db: Path, page: Callable, submitters: Any) -> None:
    """GET/POST /check (nothing stored) and POST /submit (into the dataset), for the
    roles `submitters` lets in."""

    @app.get("/check", response_class=HTMLResponse)
    def check_form(request: Request, submitted: str = "", user: User = submitters) -> HTMLResponse:
        return page(
            request,
            "check.html",
            result=None,
            submitted=submitted,
            limit=MAX_FILE_BYTES // 2**20,
        )

    @app.post("/check", response_class=HTMLResponse)
    async def check(request: Request, user: User = submitters) -> HTMLResponse:
        name, data = await _read(request)
        extraction = check_upload(name, data)
        return page(
            request,
            "check.html",
            result={
                "name": extraction.document["path"],
                "document": extraction.document,
                "report": extraction.report,
                "facts": _facts(extraction),
                "flags": extraction.flags,
            },
            submitted="",
            limit=MAX_FILE_BYTES // 2**20,
        )

    @app.post("/submit")
    async def submit(request: Request, user: User = submitters) -> RedirectResponse:
        name, data = await _read(request)
        outcome = submit_upload(db, name, data, by=user.name)
        if outcome.outcome == "failed":
            raise DatasetError(f"{name}: not stored: {outcome.reason}")
        if user.role == "submitter":  # who may not read the dataset sees a receipt
            receipt = urlencode({"submitted": safe_name(name)})
            return RedirectResponse(f"/check?{receipt}", status_code=303)
        return RedirectResponse(f"/documents/{quote(outcome.document_id)}", status_code=303)
