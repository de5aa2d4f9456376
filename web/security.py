"""Protection of the app's forms against requests forged by other sites.

Every page sets a random token in an `HttpOnly`, `SameSite=Lax` cookie and repeats it in
each of its forms; a POST whose form does not carry the cookie's token is refused, so a
page elsewhere cannot make a reviewer's browser record a decision.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from pipeline.read import limits

CSRF_COOKIE = "baocao_csrf"
CSRF_FIELD = "csrf"


FORM_SLACK = 1024 * 1024  # the form's other fields and multipart framing, beyond the file


class FormRefused(Exception):
    """A POST without the page's token: out of date, or sent by another site."""


class FormTooLarge(Exception):
    """A POST larger than an upload may be, refused before any of it is read."""


def page_token(request: Request) -> tuple[str, bool]:
    """The token for the forms of a page, and whether it is new (to be set as a cookie)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if len(token) >= 32:
        return token, False
    return secrets.token_urlsafe(32), True


def set_token(response: Response, token: str, *, secure: bool = False) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=7 * 86400
    )


async def require_token(request: Request) -> None:
    """A dependency of every route: POSTs must say their length, be no larger than an
    upload may be (checked before the body is read) and carry the cookie's token."""
    if request.method != "POST":
        return
    bound = limits.MAX_FILE_BYTES + FORM_SLACK
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > bound:
        raise FormTooLarge(
            f"the upload is too large: at most {limits.MAX_FILE_BYTES // 2**20} MB a file"
            if length.isdigit()
            else "the form was sent without its length: send it from the page"
        )
    expected = request.cookies.get(CSRF_COOKIE, "")
    form = await request.form()
    sent = str(form.get(CSRF_FIELD) or "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        await form.close()
        raise FormRefused("this form is out of date or came from another site: reload the page")


async def close_form(request: Request) -> None:
    """Close the uploaded files of a POST turned away after its form was read."""
    if request.method == "POST" and getattr(request, "_form", None) is not None:
        await (await request.form()).close()
