"""Opening the dataset: a DuckDB file or a PostgreSQL database, created or brought up to
date on the way (numbered migrations, then the derived views), for `pipeline.store`.

A read-only open of an older file migrates it through a short writable open first; on a
server, migrating takes an advisory lock, so processes that open a new database at once
migrate it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.store_backend import (
    MIGRATION_LOCK,
    READER_GRANTS,
    ServerConnection,
    is_server,
    open_server,
    shown_db,
    step_sql,
    transaction,
    views_prelude,
)
from pipeline.store_identity import backfill
from pipeline.store_schema import (
    MIGRATIONS,
    SCHEMA_VERSION_TABLE,
    derived_fingerprint,
    metric_rows,
    views_sql,
)

SCHEMA_VERSION = MIGRATIONS[-1][0]


class DatasetError(Exception):
    """A problem with the dataset file a user can act on; the message says which and why."""


def now() -> datetime:
    """Naive UTC, the dataset's clock."""
    return datetime.now(UTC).replace(tzinfo=None)


def connect(db: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the dataset, creating or migrating it first unless read-only.

    A read-only open of an older file migrates it through a short writable open first.
    `db` is a DuckDB file or a `postgresql://` URL (`pipeline.store_backend`).
    """
    if is_server(db):
        return _connect_server(str(db), read_only=read_only)
    path = Path(db)
    if read_only:
        if not path.exists():
            raise DatasetError(f"{path}: no dataset here (run `baocao ingest` first)")
        con = _open(path, read_only=True)
        if _up_to_date(con):
            return con
        con.close()
        _open_and_migrate(path).close()
        return _open(path, read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _open_and_migrate(path)


def lock_wait_seconds() -> float:
    """How long an open waits for another process's hold on the file (BAOCAO_LOCK_WAIT)."""
    return float(os.environ.get("BAOCAO_LOCK_WAIT", "5"))


def _open(path: Path, *, read_only: bool, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Open the file; while another process holds it (a writer holds it only for one
    document's transaction), try again with a growing pause for up to BAOCAO_LOCK_WAIT s.

    Openers queue at a turn file beside the dataset (`<name>.turn`, an flock held only
    while opening): the one waiting longest gets the file as soon as its holder closes
    it, so a reader opening page after page cannot starve a batch writer, nor the reverse.
    """
    deadline = time.monotonic() + lock_wait_seconds()
    with _turn(path, deadline):
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only, config=dict(config or {}))
            except duckdb.IOException as error:
                locked = "lock" in str(error).lower()
                if locked and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.25)
                    continue
                reason = "another process is writing to it" if locked else error
                raise DatasetError(f"{path}: cannot open the dataset: {reason}") from None
            except duckdb.Error as error:
                raise DatasetError(f"{path}: not a readable dataset: {error}") from None


@contextlib.contextmanager
def _turn(path: Path, deadline: float) -> Iterator[None]:
    """Hold the dataset's turn file while opening it; waits until `deadline` at most."""
    turn = path.with_name(path.name + ".turn")
    try:
        handle = open(turn, "a+b")  # noqa: SIM115 - held across the yield
    except OSError:
        yield  # a read-only folder: no queue, DuckDB's own lock still guards the file
        return
    try:
        pause = 0.005
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() + pause >= deadline:
                    raise DatasetError(
                        f"{path}: cannot open the dataset: another process is writing to it"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        yield
    finally:
        handle.close()  # closing releases the flock


def _connect_server(url: str, *, read_only: bool) -> ServerConnection:
    """A server database, migrated under a lock (several processes may open it at once);
    a read-only one refuses writes for the rest of its session."""
    try:
        con = open_server(url)
    except ConnectionError as error:
        raise DatasetError(str(error)) from None
    try:
        if read_only and schema_version(con) == 0:
            raise DatasetError(f"{shown_db(url)}: no dataset here (run `baocao ingest` first)")
        if _pending(con, SCHEMA_VERSION) or not _derived_current(con):
            con.execute("SELECT pg_advisory_lock(?)", [MIGRATION_LOCK])
            try:
                migrate(con)
                refresh_derived(con)
                _backfill_identity(con)
                con.execute(READER_GRANTS)
            finally:
                con.execute("SELECT pg_advisory_unlock(?)", [MIGRATION_LOCK])
        if read_only:
            con.execute("SET default_transaction_read_only = on")
    except BaseException:
        con.close()
        raise
    return con


def _open_and_migrate(path: Path) -> duckdb.DuckDBPyConnection:
    con = _open(path, read_only=False)
    try:
        if not _up_to_date(con):
            migrate(con)
            refresh_derived(con)
        _backfill_identity(con)
    except BaseException:
        con.close()
        raise
    return con


def _up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
    """Every migration applied and the derived views current (then `migrate` and
    `refresh_derived` would change nothing), in three short queries instead of the eight
    of `migrate` and `refresh_derived`: a writer opens the file again and again."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' "
        "AND schema_name = current_schema()"
    ).fetchone()[0]
    if not exists:
        return False  # a new file
    applied = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    if any(step[0] <= SCHEMA_VERSION and step[0] not in applied for step in MIGRATIONS):
        return False
    row = con.execute("SELECT value FROM dataset_meta WHERE key = 'derived'").fetchone()
    return row is not None and row[0] == derived_fingerprint()


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied; 0 for an empty file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' "
        "AND table_schema = current_schema()"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The migrations a file has had (steps numbered apart may land in any order)."""
    if schema_version(con) == 0:
        return set()
    return {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}


def _pending(con: duckdb.DuckDBPyConnection, target: int) -> list[tuple]:
    applied = applied_versions(con)
    return [step for step in MIGRATIONS if step[0] <= target and step[0] not in applied]


def migrate(con: duckdb.DuckDBPyConnection, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations a file lacks, in order, each in its own transaction; return
    the highest version applied. A step is applied by whether it is missing, not by
    being above the highest one: a file that has step 5 still gets a step 3 released
    after it."""
    pending = _pending(con, target)
    if not pending:
        return schema_version(con)  # nothing written: opening a current file leaves it untouched
    con.execute(SCHEMA_VERSION_TABLE)
    for version, description, sql in pending:
        if version in applied_versions(con):
            continue  # another process applied it meanwhile
        with transaction(con):
            con.execute(step_sql(sql, con))
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, now()]
            )
    return schema_version(con)


def _backfill_identity(con: duckdb.DuckDBPyConnection) -> None:
    """Reports loaded by an older version get their report and unit identity once."""
    if not con.execute("SELECT 1 FROM reports WHERE report_id IS NULL LIMIT 1").fetchone():
        return
    with transaction(con):
        backfill(con)


def _derived_current(con: duckdb.DuckDBPyConnection) -> bool:
    if schema_version(con) == 0:
        return False
    row = con.execute("SELECT value FROM dataset_meta WHERE key = 'derived'").fetchone()
    return row is not None and row[0] == derived_fingerprint()


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the views and the metrics table when their definition changed."""
    if _derived_current(con):
        return
    with transaction(con):
        con.execute(views_prelude(con) + views_sql())
        con.execute("DELETE FROM metrics")
        con.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?, ?)", metric_rows())
        con.execute(
            "INSERT INTO dataset_meta VALUES ('derived', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [derived_fingerprint()],
        )
