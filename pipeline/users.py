"""Who may use the review app, and as what: users with roles, login sessions, and the
record of login attempts that throttles password guessing.

Passwords are kept only as argon2 hashes; a session is a random token the browser holds,
stored here only as its sha256, so a copy of the dataset opens no session. Every write is
one short statement, so logins never hold the dataset while `baocao ingest` waits for it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.roles import ROLES
from pipeline.store import DatasetError, now

MIN_PASSWORD = 8
SESSION_HOURS = 12
MAX_FAILURES = 5  # failed logins, for one name or one client ...
THROTTLE_WINDOW = timedelta(minutes=15)  # ... within this window, then refusal until it passes
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_HASHER = PasswordHasher()


@cache
def unknown_hash() -> str:
    """The hash a login of an unknown name is verified against, so it costs what a known
    name's does. Made once (a fifth of a second) when the review app starts or a login
    first needs it, not by every import of this module."""
    return _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    """A logged-in person: the name recorded with each decision, and what they may do."""

    name: str
    role: str


class LoginThrottled(DatasetError):
    """Too many failed logins for a name or from a client in the window."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise DatasetError(
            f"{name!r} is not a user name: 1-64 letters, digits, '.', '_', '-' or '@'"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise DatasetError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def _password_hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise DatasetError(f"the password is too short: at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0] > 0


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str) -> User:
    """A new user; the name must be free."""
    name, role = _check_name(name), _check_role(role)
    if _exists(con, name):
        raise DatasetError(f"user {name!r} exists already (set-password or set-role change it)")
    con.execute(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        [name, role, _password_hash(password), now()],
    )
    return User(name, role)


def list_users(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute("SELECT name, role, created_at FROM users ORDER BY name").fetchall()
    return [{"name": n, "role": r, "created_at": c} for n, r, c in rows]


def count_users(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM users").fetchone()[0]


def _known(con: duckdb.DuckDBPyConnection, name: str) -> str:
    if not _exists(con, name):
        raise DatasetError(f"no user {name!r} (baocao users list shows them)")
    return name


def _keep_an_admin(con: duckdb.DuckDBPyConnection, name: str) -> None:
    admins = con.execute("SELECT name FROM users WHERE role = 'admin'").fetchall()
    if [(name,)] == admins:
        raise DatasetError(f"{name!r} is the only admin: make another admin first")


def remove_user(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Remove a user and end their sessions; their past decisions keep their name."""
    _known(con, name)
    _keep_an_admin(con, name)
    con.execute("DELETE FROM sessions WHERE user_name = ?", [name])
    con.execute("DELETE FROM users WHERE name = ?", [name])


def set_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> None:
    """A new password; sessions opened with the old one end."""
    _known(con, name)
    digest = _password_hash(password)
    con.execute("DELETE FROM sessions WHERE user_name = ?", [name])
    con.execute("UPDATE users SET password_hash = ? WHERE name = ?", [digest, name])


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str) -> None:
    _known(con, name)
    if _check_role(role) != "admin":
        _keep_an_admin(con, name)
    con.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])


def _name_failures(con: duckdb.DuckDBPyConnection, name: str, at: datetime) -> int:
    """Failures for a name in the window, since its last success."""
    start = at - THROTTLE_WINDOW
    return con.execute(
        "SELECT count(*) FROM login_attempts WHERE user_name = ? AND NOT succeeded "
        "AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts "
        "WHERE user_name = ? AND succeeded AND attempted_at > ?), ?)",
        [name, name, start, start],
    ).fetchone()[0]


def _client_failures(con: duckdb.DuckDBPyConnection, client: str, at: datetime) -> int:
    """Failures from a client in the window (a success of its own does not reset them, or
    one account of one's own would let a client guess at all the others)."""
    return con.execute(
        "SELECT count(*) FROM login_attempts WHERE client = ? AND NOT succeeded "
        "AND attempted_at > ?",
        [client, at - THROTTLE_WINDOW],
    ).fetchone()[0]


def throttled(con: duckdb.DuckDBPyConnection, name: str, client: str, at: datetime) -> bool:
    """Whether logins for `name` or from `client` are refused for now: MAX_FAILURES
    failures in the window."""
    return (
        _name_failures(con, name, at) >= MAX_FAILURES
        or _client_failures(con, client, at) >= MAX_FAILURES
    )


def login(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    client: str,
    *,
    at: datetime | None = None,
) -> tuple[User, str] | None:
    """Check a password and open a session: (the user, the token for the cookie), or None
    for a wrong name or password. Raises LoginThrottled while the name or the client has
    too many recent failures; a refused attempt is not recorded, so the window passes."""
    at = at or now()
    name = name.strip()[:64]
    if throttled(con, name, client, at):
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        raise LoginThrottled(
            f"too many failed logins: try again in {minutes} minutes, or ask an admin"
        )
    row = con.execute("SELECT role, password_hash FROM users WHERE name = ?", [name]).fetchone()
    ok = _verify(row[1] if row else unknown_hash(), password) and row is not None
    con.execute(
        "INSERT INTO login_attempts (user_name, client, attempted_at, succeeded) "
        "VALUES (?, ?, ?, ?)",
        [name, client, at, ok],
    )
    if not ok:
        return None
    if _HASHER.check_needs_rehash(row[1]):
        con.execute(
            "UPDATE users SET password_hash = ? WHERE name = ?", [_HASHER.hash(password), name]
        )
    token = secrets.token_urlsafe(32)
    con.execute(
        "INSERT INTO sessions (token_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
        [hash_token(token), name, at, at + timedelta(hours=SESSION_HOURS)],
    )
    return User(name, row[0]), token


def _verify(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


def session_user(
    con: duckdb.DuckDBPyConnection, token: str, *, at: datetime | None = None
) -> User | None:
    """The user of a live session, or None (no such token, expired, or user removed)."""
    if not token:
        return None
    row = con.execute(
        "SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.user_name "
        "WHERE s.token_hash = ? AND s.expires_at > ?",
        [hash_token(token), at or now()],
    ).fetchone()
    return User(*row) if row else None


def logout(con: duckdb.DuckDBPyConnection, token: str) -> None:
    """End a session, and drop the expired ones and old login attempts with it."""
    at = now()
    con.execute(
        "DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?", [hash_token(token), at]
    )
    con.execute("DELETE FROM login_attempts WHERE attempted_at < ?", [at - timedelta(days=30)])
