"""Protection of the app's forms against requests forged by other sites.

Every page sets a random token in an `HttpOnly`, `SameSite=Lax` cookie and repeats it in
each of its forms; a POST whose form does not carry the cookie's token is refused, so a
page elsewhere cannot make a reviewer's browser record a decision.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

CSRF_COOKIE = "baocao_csrf"
CSRF_FIELD = "csrf"


class FormRefused(Exception):
    """A POST without the page's token: out of date, or sent by another site."""


def page_token(request: Request) -> tuple[str, bool]:
    """The token for the forms of a page, and whether it is new (to be set as a cookie)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if len(token) >= 32:
        return token, False
    return secrets.token_urlsafe(32), True


def set_token(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", max_age=7 * 86400)


async def require_token(request: Request) -> None:
    """A dependency of every route: POSTs must carry the cookie's token in their form."""
    if request.method != "POST":
        return
    expected = request.cookies.get(CSRF_COOKIE, "")
    form = await request.form()
    sent = str(form.get(CSRF_FIELD) or "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        await form.close()
        raise FormRefused("this form is out of date or came from another site: reload the page")
