"""Analysts' SQL over the dataset, in a sandbox: a query may read the dataset's tables and
views and nothing else.

Read-only is not enough on its own: DuckDB's `COPY ... TO`, `read_text`, `ATTACH` and
`INSTALL` reach the file system and the network from any connection. User SQL therefore
runs on a connection opened read-only with external access off, then with its
configuration locked, so no statement can turn the access back on.

On a PostgreSQL server the query runs in a READ ONLY transaction that is always rolled
back, as one statement (a prepared statement cannot hold two), under a time limit, and
as the role `baocao_reader` (SELECT on the dataset's tables and views only, so no server
file, program or extension) where that role exists. A role that may write could leave
the reader role from inside a query; analysts should connect as a login role that is a
member of `baocao_reader` only (README, "A server database"); the transaction stays
read-only whatever the role.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.store import DatasetError, connect
from pipeline.store_backend import READER_ROLE, is_server, open_server

SERVER_TIMEOUT = "60s"  # one analyst's query must not hold the server for long

SANDBOX_CONFIG = {"enable_external_access": False}


def sandboxed(db: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot touch files, the network or extensions."""
    connect(db, read_only=True).close()  # checks the file and migrates an older one
    try:
        con = duckdb.connect(str(db), read_only=True, config=dict(SANDBOX_CONFIG))
    except duckdb.Error as error:
        raise DatasetError(f"cannot open the dataset: {error}") from None
    con.execute("SET lock_configuration = true")
    return con


def explain_refusal(error: duckdb.Error) -> str:
    """A user's reading of why DuckDB refused a statement."""
    text = str(error)
    if isinstance(error, duckdb.PermissionException) or "disabled by configuration" in text:
        return (
            "query refused: queries may read the dataset's tables and views only, not "
            "files, other databases, the network or extensions"
        )
    if "read-only mode" in text:
        return "query refused: the dataset is read-only here (corrections go through the API)"
    if "configuration has been locked" in text:
        return "query refused: settings cannot be changed from a query"
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return f"query failed: {first}"


def run_query(db: str | Path, sql: str) -> pd.DataFrame:
    """Run one analyst's SQL in the sandbox and return the result as a DataFrame."""
    if is_server(db):
        return _server_query(str(db), sql)
    con = sandboxed(db)
    try:
        result = con.execute(sql)
        if result.description is None:
            return pd.DataFrame()
        return result.df()
    except duckdb.Error as error:
        raise DatasetError(explain_refusal(error)) from None
    finally:
        con.close()


def _server_query(url: str, sql: str) -> pd.DataFrame:
    import psycopg

    from pipeline.store_backend import ServerResult

    connect(url, read_only=True).close()  # checks the database and migrates an older one
    try:
        con = open_server(url)
    except ConnectionError as error:
        raise DatasetError(str(error)) from None
    raw = con.raw()
    cursor = psycopg.Cursor(raw)  # bound on the server: one statement, prepared
    try:
        cursor.execute("BEGIN READ ONLY")
        cursor.execute(f"SET LOCAL statement_timeout = '{SERVER_TIMEOUT}'")
        if _may_be_reader(cursor):
            cursor.execute(f"SET LOCAL ROLE {READER_ROLE}")
        cursor.execute(sql.replace("%", "%%"), prepare=True)
        return ServerResult(cursor).df()
    except psycopg.Error as error:
        raise DatasetError(explain_server_refusal(error)) from None
    finally:
        with contextlib.suppress(psycopg.Error):
            raw.execute("ROLLBACK")  # nothing a query did is ever kept
        con.close()


def _may_be_reader(cursor) -> bool:
    """Whether the reader role exists and this user may take it."""
    cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [READER_ROLE])
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", [READER_ROLE])
    return bool(cursor.fetchone()[0])


def explain_server_refusal(error: Exception) -> str:
    """A user's reading of why PostgreSQL refused a statement."""
    import psycopg.errors as errors

    text = str(error).strip()
    if isinstance(error, errors.ReadOnlySqlTransaction):
        return "query refused: the dataset is read-only here (corrections go through the API)"
    if isinstance(error, errors.InsufficientPrivilege):
        return (
            "query refused: queries may read the dataset's tables and views only, not "
            "files, other databases, the network or extensions"
        )
    if "multiple commands" in text:
        return "query refused: one statement at a time"
    if isinstance(error, errors.QueryCanceled):
        return f"query refused: it ran longer than {SERVER_TIMEOUT}"
    first = text.splitlines()[0] if text else type(error).__name__
    return f"query failed: {first}"
