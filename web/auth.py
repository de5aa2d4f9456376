"""Logins and roles for the app: each route names the roles that may use it, and a
request without a live session (or with the wrong role) is turned away before the route
runs. The session cookie is HttpOnly and SameSite=Lax (and Secure over https); the
dataset keeps only its hash, and the users page is for admins."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pipeline import users
from pipeline.store import DatasetError
from pipeline.users import SESSION_HOURS, User
from web.security import CSRF_COOKIE, close_form, set_token

SESSION_COOKIE = "baocao_session"
READERS = ("admin", "reviewer", "auditor")
CORRECTORS = ("admin", "reviewer")
SUBMITTERS = ("admin", "reviewer", "submitter")
ADMINS = ("admin",)
Dataset = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


class NotLoggedIn(Exception):
    """No live session: log in first."""


class Forbidden(Exception):
    """A logged-in user whose role may not use this route."""

    def __init__(self, user: User) -> None:
        super().__init__(f"your role ({user.role}) may not do this; ask an admin for another")
        self.user = user


def home(user: User) -> str:
    """Where a user starts: the queue, or the check page for a submitter."""
    return "/check" if user.role == "submitter" else "/"


def local(target: str) -> str:
    """Only redirect within the app."""
    inside = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if inside and target.isprintable() else "/"


def guard(dataset: Dataset) -> Callable[..., Any]:
    """`allow(*roles)`: a route dependency that yields the logged-in user of one of
    those roles, opening the dataset only to look the session up."""

    def allow(*roles: str) -> Any:
        def current_user(request: Request) -> User:
            token = request.cookies.get(SESSION_COOKIE, "")
            user = None
            if token:
                with dataset() as con:
                    user = users.session_user(con, token)
            if user is None:
                raise NotLoggedIn()
            request.state.user = user
            if user.role not in roles:
                raise Forbidden(user)
            return user

        return Depends(current_user)

    return allow


def add_auth_routes(app: FastAPI, dataset: Dataset, page: Callable, allow: Callable) -> None:
    """/login, /logout, and /users for admins."""
    admins = allow(*ADMINS)

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, error: NotLoggedIn) -> Response:
        await close_form(request)
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        return page(request, "login.html", 401, message="log in first", next="/")

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        await close_form(request)
        if request.method == "GET" and request.url.path == "/":
            return RedirectResponse(home(error.user), status_code=303)
        return page(request, "error.html", 403, message=str(error), back=home(error.user))

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", message="", next=local(next))

    @app.post("/login")
    def login(
        request: Request,
        name: str = Form(""),
        password: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        client = request.client.host if request.client else "unknown"
        try:
            with dataset() as con:
                opened = users.login(con, name, password, client)
        except users.LoginThrottled as error:
            response = page(request, "login.html", 429, message=str(error), next=local(next))
            response.headers["Retry-After"] = str(int(users.THROTTLE_WINDOW.total_seconds()))
            return response
        if opened is None:
            return page(request, "login.html", 401, message="wrong name or password", next=next)
        user, token = opened
        target = local(next) if next not in ("", "/") else home(user)
        response = RedirectResponse(target, status_code=303)
        secure = request.url.scheme == "https"
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=secure,
            max_age=SESSION_HOURS * 3600,
        )
        set_token(response, secrets.token_urlsafe(32), secure=secure)  # fresh per login
        return response

    @app.post("/logout")
    def logout(request: Request) -> RedirectResponse:
        token = request.cookies.get(SESSION_COOKIE, "")
        if token:
            with dataset() as con:
                users.logout(con, token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
        response.delete_cookie(CSRF_COOKIE, httponly=True, samesite="lax")
        return response

    @app.get("/users", response_class=HTMLResponse)
    def users_page(request: Request, user: User = admins) -> HTMLResponse:
        with dataset() as con:
            rows = users.list_users(con)
        return page(request, "users.html", rows=rows, roles=users.ROLES)

    @app.post("/users")
    def add_user(
        name: str = Form(""),
        role: str = Form(""),
        password: str = Form(""),
        user: User = admins,
    ) -> RedirectResponse:
        with dataset() as con:
            users.add_user(con, name, role, password)
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{name}/{action}")
    def change_user(
        name: str,
        action: str,
        role: str = Form(""),
        password: str = Form(""),
        user: User = admins,
    ) -> RedirectResponse:
        with dataset() as con:
            if action == "role":
                users.set_role(con, name, role)
            elif action == "password":
                users.set_password(con, name, password)
            elif action == "remove":
                users.remove_user(con, name)
            else:
                raise DatasetError(f"unknown action {action!r}")
        return RedirectResponse(f"/users#user-{quote(name)}", status_code=303)
