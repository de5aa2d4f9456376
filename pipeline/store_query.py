"""Analysts' SQL over the dataset, in a sandbox: a query may read the dataset's tables and
views and nothing else.

Read-only is not enough on its own: DuckDB's `COPY ... TO`, `read_text`, `ATTACH` and
`INSTALL` reach the file system and the network from any connection. User SQL therefore
runs on a connection opened read-only with external access off, then with its
configuration locked, so no statement can turn the access back on.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.store import DatasetError, _open, connect

SANDBOX_CONFIG = {"enable_external_access": False}


def sandboxed(db: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot touch files, the network or extensions."""
    connect(db, read_only=True).close()  # checks the file and migrates an older one
    con = _open(Path(db), read_only=True, config=SANDBOX_CONFIG)  # waits out a writer
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
