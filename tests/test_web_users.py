"""Users and roles of the review app over a real dataset: what each role may do, logins
and their throttling, the session cookie, logout, the users page and `baocao users`."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
import test_web
from test_web import PASSWORD, USERS, Browser, _doc, _fact, _query, logged_in
from typer.testing import CliRunner

from baocao.cli import app as cli
from pipeline import users
from pipeline.store import DatasetError, connect, now
from web.app import create_app
from web.auth import SESSION_COOKIE

template, db = test_web.template, test_web.db  # the demo dataset with one user of each role
PDF_NAME = "004_efc8c9725471be51.pdf"
DENIED = (401, 403)


def _actions(db: Path) -> list[tuple[str, str, str, dict]]:
    """(name, method, path, form) of every kind of request the app answers."""
    doc = _doc(db, PDF_NAME)
    fact = _fact(db, "xa.txt", "dossier.received")
    text = _doc(db, "xa.txt")
    return [
        ("queue", "GET", "/", {}),
        ("document", "GET", f"/documents/{text}", {}),
        ("page image", "GET", f"/documents/{doc}/pages/1.png", {}),
        ("audit", "GET", f"/facts/{fact}/audit", {}),
        ("accept", "POST", f"/facts/{fact}/accept", {"document_id": text}),
        ("correct", "POST", f"/facts/{fact}/correct", {"document_id": text, "value": "940"}),
        ("reject", "POST", f"/facts/{fact}/reject", {"document_id": text, "reason": "x"}),
        ("add", "POST", f"/documents/{text}/add", {"metric": "staff.total"}),
        ("dismiss", "POST", "/corrections/999/dismiss", {"reason": "x"}),
        ("check page", "GET", "/check", {}),
        ("check", "POST", "/check", {}),
        ("submit", "POST", "/submit", {}),
        ("users page", "GET", "/users", {}),
        ("add user", "POST", "/users", {"name": "x", "role": "auditor"}),
        ("set role", "POST", "/users/Hoa/role", {"role": "submitter"}),
    ]


ALLOWED = {
    "admin": {"*"},
    "reviewer": {"queue", "document", "page image", "audit", "accept", "correct", "reject"}
    | {"add", "dismiss", "check page", "check", "submit"},
    "auditor": {"queue", "document", "page image", "audit"},
    "submitter": {"check page", "check", "submit"},
}


@pytest.mark.parametrize("name", list(USERS))
def test_each_role_may_do_what_it_is_for_and_nothing_else(db, name) -> None:
    role = USERS[name]
    browser = logged_in(db, name)
    for action, method, path, form in _actions(db):
        if method == "GET":
            answer = browser.get(path, follow_redirects=False)
        else:
            files = {"file": ("x.txt", b"")} if action in ("check", "submit") else None
            answer = browser.post(path, data=form, files=files, follow_redirects=False)
        allowed = "*" in ALLOWED[role] or action in ALLOWED[role]
        if allowed:
            assert answer.status_code not in DENIED, (role, action, answer.text[:300])
        elif action == "queue" and role == "submitter":  # sent to the page they may use
            assert answer.status_code == 303 and answer.headers["location"] == "/check"
        else:
            assert answer.status_code == 403, (role, action, answer.status_code)
            assert f"your role ({role}) may not do this" in answer.text
    if role in ("auditor", "submitter"):
        assert _query(db, "SELECT count(*) FROM corrections") == [(0,)]


def test_an_auditors_correction_is_refused_and_nothing_recorded(db) -> None:
    auditor = logged_in(db, "An")
    fact = _fact(db, "xa.txt", "dossier.received")
    form = {"document_id": _doc(db, "xa.txt"), "value": "1.037", "reason": "đọc sai"}
    answer = auditor.post(f"/facts/{fact}/correct", data=form)
    assert answer.status_code == 403
    assert _query(db, "SELECT count(*) FROM corrections") == [(0,)]
    page = auditor.get(f"/documents/{_doc(db, 'xa.txt')}")  # reading is fine
    assert page.status_code == 200 and "An" in page.text and "auditor" in page.text
    assert 'href="/check"' not in page.text and 'href="/users"' not in page.text


def test_a_correction_records_the_logged_in_name(db) -> None:
    reviewer = logged_in(db, "Lan")
    fact = _fact(db, "xa.txt", "dossier.received")
    form = {"document_id": _doc(db, "xa.txt"), "value": "940", "reason": "x", "reviewer": "Bo"}
    assert reviewer.post(f"/facts/{fact}/correct", data=form).status_code == 200
    assert _query(db, "SELECT reviewer FROM corrections") == [("Lan",)]


def test_without_a_session_pages_send_to_the_login_and_forms_are_refused(db) -> None:
    anonymous = Browser(create_app(db))
    doc = _doc(db, "xa.txt")
    answer = anonymous.get(f"/documents/{doc}?fact=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next=%2Fdocuments%2F{doc}%3Ffact%3Dx"
    fact = _fact(db, "xa.txt", "dossier.received")
    assert anonymous.post(f"/facts/{fact}/accept", data={"document_id": doc}).status_code == 401
    forged = Browser(create_app(db))
    forged.cookies.set(SESSION_COOKIE, "not-a-session-token")
    assert forged.get("/", follow_redirects=False).status_code == 303
    # after logging in, the page asked for at first
    login = anonymous.post(
        "/login",
        data={"name": "Lan", "password": PASSWORD, "next": f"/documents/{doc}"},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == f"/documents/{doc}"
    for elsewhere in ("//evil.example/x", "/\\evil.example", "https://evil.example"):
        evil = Browser(create_app(db)).post(
            "/login",
            data={"name": "Lan", "password": PASSWORD, "next": elsewhere},
            follow_redirects=False,
        )
        assert evil.headers["location"] == "/", elsewhere


def test_session_cookie_is_httponly_lax_and_secure_over_https(db) -> None:
    plain = Browser(create_app(db))
    answer = plain.post(
        "/login", data={"name": "Lan", "password": PASSWORD}, follow_redirects=False
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    parts = {p.strip().lower() for p in cookie.split(";")}
    assert "httponly" in parts and "samesite=lax" in parts and "secure" not in parts
    secure = Browser(create_app(db), base_url="https://testserver")
    answer = secure.post(
        "/login", data={"name": "Lan", "password": PASSWORD}, follow_redirects=False
    )
    cookies = answer.headers.get_list("set-cookie")
    assert all("secure" in {p.strip().lower() for p in c.split(";")} for c in cookies)
    assert len(cookies) == 2  # the session and a fresh form token


def test_sessions_and_passwords_are_stored_only_hashed(db) -> None:
    browser = logged_in(db, "Lan")
    token = browser.cookies[SESSION_COOKIE]
    stored = _query(db, "SELECT token_hash, user_name, expires_at - created_at FROM sessions")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "Lan", timedelta(hours=12))]
    (digest,) = _query(db, "SELECT password_hash FROM users WHERE name = 'Lan'")[0]
    assert digest.startswith("$argon2id$") and PASSWORD not in digest
    con = connect(db)
    try:  # a session ends when it expires
        assert users.session_user(con, token) == users.User("Lan", "reviewer")
        assert users.session_user(con, token, at=now() + timedelta(hours=13)) is None
    finally:
        con.close()


def test_logout_ends_the_session(db) -> None:
    browser = logged_in(db, "Lan")
    token = browser.cookies[SESSION_COOKIE]
    answer = browser.post("/logout", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert _query(db, "SELECT count(*) FROM sessions") == [(0,)]
    replay = Browser(create_app(db))  # the old cookie opens nothing any more
    replay.cookies.set(SESSION_COOKIE, token)
    assert replay.get("/", follow_redirects=False).headers["location"] == "/login?next=%2F"


def test_failed_logins_are_throttled_for_the_name_and_the_client(db) -> None:
    browser = Browser(create_app(db))
    for _ in range(users.MAX_FAILURES):
        wrong = browser.post("/login", data={"name": "Lan", "password": "sai mật khẩu"})
        assert wrong.status_code == 401 and "wrong name or password" in wrong.text
    right = browser.post("/login", data={"name": "Lan", "password": PASSWORD})
    assert right.status_code == 429 and "too many failed logins" in right.text
    assert right.headers["retry-after"] == "900"
    assert SESSION_COOKIE not in browser.cookies
    attempts = _query(db, "SELECT user_name, client, succeeded FROM login_attempts")
    assert attempts == [("Lan", "testclient", False)] * users.MAX_FAILURES
    con = connect(db)
    try:
        later = now() + users.THROTTLE_WINDOW + timedelta(minutes=1)
        assert users.login(con, "Lan", PASSWORD, "elsewhere", at=later) is not None
        # guessing many names from one client is throttled as well
        for name in ("x1", "x2", "x3", "x4", "x5"):
            assert users.login(con, name, "guess-guess", "10.0.0.9", at=later) is None
        with pytest.raises(users.LoginThrottled):
            users.login(con, "An", PASSWORD, "10.0.0.9", at=later)
        assert users.login(con, "An", PASSWORD, "10.0.0.8", at=later) is not None
        # a name's own success starts its count again; a client's does not
        for attempt in range(users.MAX_FAILURES - 1):
            assert users.login(con, "Quan", "guess-guess", f"10.1.0.{attempt}", at=later) is None
        assert users.login(con, "Quan", PASSWORD, "10.2.0.1", at=later) is not None
        assert not users.throttled(con, "Quan", "10.3.0.1", later)
        for _ in range(users.MAX_FAILURES - 1):
            assert users.login(con, "x6", "guess-guess", "10.4.0.1", at=later) is None
        assert users.login(con, "Quan", PASSWORD, "10.4.0.1", at=later) is not None
        assert users.login(con, "x7", "guess-guess", "10.4.0.1", at=later) is None
        assert users.throttled(con, "Hoa", "10.4.0.1", later)
    finally:
        con.close()


def test_a_role_change_or_removal_applies_to_open_sessions(db) -> None:
    browser = logged_in(db, "Lan")
    con = connect(db)
    users.set_role(con, "Lan", "auditor")
    con.close()
    fact = _fact(db, "xa.txt", "dossier.received")
    form = {"document_id": _doc(db, "xa.txt")}
    assert browser.post(f"/facts/{fact}/accept", data=form).status_code == 403
    con = connect(db)
    users.remove_user(con, "Lan")
    con.close()
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_the_users_page_adds_changes_and_removes_users(db) -> None:
    admin = logged_in(db, "Quan")
    page = admin.get("/users")
    assert page.status_code == 200 and all(f'id="user-{n}"' in page.text for n in USERS)
    added = admin.post("/users", data={"name": "Minh", "role": "auditor", "password": "ngắn"})
    assert added.status_code == 400 and "too short" in added.text
    admin.post("/users", data={"name": "Minh", "role": "auditor", "password": PASSWORD})
    admin.post("/users/Minh/role", data={"role": "reviewer"})
    assert _query(db, "SELECT role FROM users WHERE name = 'Minh'") == [("reviewer",)]
    logged_in(db, "Minh")
    admin.post("/users/Minh/password", data={"password": "một mật khẩu khác"})
    assert _query(db, "SELECT count(*) FROM sessions WHERE user_name = 'Minh'") == [(0,)]
    admin.post("/users/Minh/remove")
    assert _query(db, "SELECT count(*) FROM users WHERE name = 'Minh'") == [(0,)]
    last = admin.post("/users/Quan/role", data={"role": "auditor"})
    assert last.status_code == 400 and "only admin" in last.text


def test_uploads_larger_than_allowed_are_refused_before_they_are_read(db, monkeypatch) -> None:
    browser = logged_in(db, "Hoa")
    monkeypatch.setattr("pipeline.read.limits.MAX_FILE_BYTES", 1000)
    big = browser.post("/check", files={"file": ("big.txt", b"x" * (3 * 2**20))})
    assert big.status_code == 413 and "too large" in big.text


def test_baocao_users_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "baocao.duckdb")
    run = CliRunner().invoke
    connect(db).close()
    review = run(cli, ["review", "--db", db])
    assert review.exit_code == 1 and "baocao users add NAME --role admin" in review.output
    added = run(
        cli,
        ["users", "add", "lan", "--role", "admin", "--password-stdin", "--db", db],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    prompted = run(
        cli,
        ["users", "add", "an", "--role", "auditor", "--db", db],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert prompted.exit_code == 0, prompted.output
    listed = run(cli, ["users", "list", "--db", db])
    assert [line.split("\t")[:2] for line in listed.output.splitlines()] == [
        ["an", "auditor"],
        ["lan", "admin"],
    ]
    for args, message in [
        (["add", "x", "--role", "boss", "--password-stdin"], "unknown role 'boss'"),
        (["add", "y", "--role", "auditor", "--password-stdin"], "too short"),
        (["add", "lan", "--role", "auditor", "--password-stdin"], "exists already"),
        (["add", "a b", "--role", "auditor", "--password-stdin"], "is not a user name"),
        (["set-role", "lan", "auditor"], "only admin"),
        (["remove", "nobody"], "no user 'nobody'"),
    ]:
        refused = run(cli, ["users", *args, "--db", db], input="short\n")
        assert refused.exit_code == 1 and message in refused.output, (args, refused.output)
    assert run(cli, ["users", "set-role", "an", "reviewer", "--db", db]).exit_code == 0
    changed = run(
        cli,
        ["users", "set-password", "an", "--password-stdin", "--db", db],
        input="một mật khẩu mới\n",
    )
    assert changed.exit_code == 0
    con = connect(db)
    try:
        assert users.login(con, "an", "một mật khẩu mới", "cli") is not None
        assert users.login(con, "an", PASSWORD, "cli") is None
    finally:
        con.close()
    assert run(cli, ["users", "remove", "an", "--db", db]).exit_code == 0
    for command in ("add", "list", "remove", "set-password", "set-role"):
        assert "Example:" in run(cli, ["users", command, "--help"]).output
    con = connect(db)
    try:
        with pytest.raises(DatasetError, match="too short"):
            users.add_user(con, "z", "auditor", "")
    finally:
        con.close()


def test_requests_at_once_each_open_the_dataset_without_conflict(db) -> None:
    import threading

    auditor = logged_in(db, "An")
    doc = _doc(db, PDF_NAME)
    fact = _query(db, "SELECT id FROM facts WHERE document_id = ? LIMIT 1", [doc])[0][0]
    statuses: list[int] = []

    def requests(index: int) -> None:
        for _ in range(10):
            if index % 2:
                answer = auditor.get(f"/documents/{doc}/pages/1.png")
            else:
                form = {"document_id": doc, "value": "1", "reason": "x"}
                answer = auditor.post(f"/facts/{fact}/correct", data=form)
            statuses.append(answer.status_code)

    threads = [threading.Thread(target=requests, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [200, 403] and len(statuses) == 60
