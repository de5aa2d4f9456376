"""Where the dataset lives: an embedded DuckDB file (the default) or a PostgreSQL server
database for an office where several people ingest, review and query at once.

The rest of the store writes one SQL for both: DuckDB's spelling of parameters (`?`,
`$name`), a few of its functions (`list_contains`, `len`, `any_value`, given to PostgreSQL
as small SQL functions by `POSTGRES_PRELUDE`), and `to_postgres` for the words that
differ (`DOUBLE`, `TRY_CAST(x AS DATE)`). A DuckDB connection is used as it is; a server
database is a `ServerConnection` with the same `execute` / `fetchone` / `fetchall` /
`df()` surface, so the callers do not know which one they hold.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import duckdb

if TYPE_CHECKING:  # pandas takes a second to import; only query results need it
    import pandas as pd

DUCKDB, POSTGRES = "duckdb", "postgresql"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def database_errors() -> tuple[type[BaseException], ...]:
    """Errors of either database, for callers that turn them into messages. psycopg is
    imported only to reach a server (a tenth of a second of every command otherwise), and
    no psycopg error can be raised before it is: an `except database_errors()` names
    psycopg's errors whenever one can have been raised."""
    server = sys.modules.get("psycopg")
    return (duckdb.Error, server.Error) if server is not None else (duckdb.Error,)


def __getattr__(name: str) -> object:
    if name == "DATABASE_ERRORS":  # the whole tuple, for callers that import it by name
        try:
            import psycopg  # noqa: F401
        except ImportError:  # pragma: no cover - psycopg is a dependency of the package
            pass
        return database_errors()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Advisory lock keys (any two fixed numbers): one for migrating, one for loading documents.
MIGRATION_LOCK = 7_301_001
LOAD_LOCK = 7_301_002

# The role `baocao query` takes on a server database: it may read, nothing else.
READER_ROLE = "baocao_reader"

Db = str | Path


def is_server(db: Db) -> bool:
    """Whether `db` names a server database (a postgresql:// URL) rather than a file."""
    return isinstance(db, str) and db.startswith(SERVER_SCHEMES)


def shown_db(db: Db) -> str:
    """The dataset's name for messages: a URL without its password."""
    if not is_server(db):
        return str(db)
    parts = urlsplit(str(db))
    if parts.password is None:
        return str(db)
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def dialect(con: object) -> str:
    return POSTGRES if isinstance(con, ServerConnection) else DUCKDB


def files_folder(db: Db) -> Path:
    """The folder the dataset's own files go (quarantine notes, submitted reports): next
    to a DuckDB file; for a server database, the folder the command runs in."""
    if is_server(db):
        return Path.cwd()
    return Path(db).resolve().parent


# --- SQL for PostgreSQL ---------------------------------------------------------------

_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?|\$[A-Za-z_]\w*|%",
)
_DOUBLE = re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE)
_TRY_DATE = re.compile(r"TRY_CAST\(([\w.]+) AS DATE\)", re.IGNORECASE)


def to_postgres(sql: str) -> str:
    """DuckDB's words that PostgreSQL spells otherwise (types and TRY_CAST to a date)."""
    sql = _DOUBLE.sub("DOUBLE PRECISION", sql)
    return _TRY_DATE.sub(r"baocao_try_date(\1)", sql)


def step_sql(sql: str | dict[str, str], con: object) -> str:
    """A migration step's SQL for this database: one text for both (the usual case), or,
    where the two cannot share one, `{"duckdb": ..., "postgresql": ...}`."""
    return sql[dialect(con)] if isinstance(sql, dict) else sql


def placeholders(sql: str) -> str:
    """`?` -> `%s` and `$name` -> `%(name)s` outside quotes; a literal `%` doubled."""

    def swap(match: re.Match) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith("$"):
            return f"%({token[1:]})s"
        return token.replace("%", "%%")

    return _TOKENS.sub(swap, sql)


# Functions of DuckDB the shared SQL uses, as PostgreSQL functions, and `=` on JSON by its
# text (`qualifiers = '{}'`, as in DuckDB); made (again) with the views, so a database
# always has the ones its views need.
POSTGRES_PRELUDE = """
CREATE OR REPLACE FUNCTION list_contains(anycompatiblearray, anycompatible)
    RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $2 = ANY($1) $$;
CREATE OR REPLACE FUNCTION len(anyarray)
    RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT cardinality($1) $$;
CREATE OR REPLACE FUNCTION baocao_first(anyelement, anyelement)
    RETURNS anyelement LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1, $2) $$;
CREATE OR REPLACE AGGREGATE any_value(anyelement) (SFUNC = baocao_first, STYPE = anyelement);
CREATE OR REPLACE FUNCTION baocao_json_eq(json, json)
    RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1::text = $2::text $$;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_operator WHERE oprname = '='
                   AND oprleft = 'json'::regtype AND oprright = 'json'::regtype) THEN
        CREATE OPERATOR = (LEFTARG = json, RIGHTARG = json, FUNCTION = baocao_json_eq,
                           COMMUTATOR = =);
    END IF;
END $$;
CREATE OR REPLACE FUNCTION baocao_try_date(text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF $1 !~ '^\\d{4}-\\d{2}-\\d{2}$' THEN RETURN NULL; END IF;
    RETURN $1::date;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
"""

# The reader role: created once per server when the user may create roles; re-granted the
# tables and views each time they are rebuilt.
READER_GRANTS = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user
                   AND (rolcreaterole OR rolsuper)) THEN
            CREATE ROLE {READER_ROLE} NOLOGIN;
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO {READER_ROLE}', current_schema());
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO {READER_ROLE}',
                       current_schema());
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'the reader role could not be granted the dataset';
END $$;
"""


# --- a server database behind DuckDB's connection surface -----------------------------


class ServerResult:
    """One statement's result: DB-API rows plus DuckDB's `df()`."""

    def __init__(self, cursor) -> None:
        self._cursor = cursor

    @property
    def description(self):
        return self._cursor.description

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall()

    def df(self) -> pd.DataFrame:
        import pandas as pd

        if self._cursor.description is None:
            return pd.DataFrame()
        names = [column.name for column in self._cursor.description]
        frame = pd.DataFrame.from_records(self._cursor.fetchall(), columns=names)
        for column, info in zip(names, self._cursor.description, strict=True):
            if info.type_code in _TIME_TYPES:  # dates and times as DuckDB gives them
                frame[column] = pd.to_datetime(frame[column])
        return frame


_TIME_TYPES = frozenset({1082, 1114})  # date, timestamp


class ServerConnection:
    """A PostgreSQL connection that takes the store's DuckDB-spelled SQL.

    Autocommit, like DuckDB: a statement outside `BEGIN ... COMMIT` commits at once.
    Parameters are bound on the client (`ClientCursor`), as DuckDB binds them, so
    `? IS NULL` and lists work without casts. JSON columns come back as text, as DuckDB
    returns them (qualifiers are compared and hashed as text).
    """

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:  # pragma: no cover
            raise RuntimeError("psycopg is not installed: pip install 'psycopg[binary]'") from None
        self.url = url
        self._con = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor)
        from psycopg.types.string import TextLoader

        for name in ("json", "jsonb"):
            self._con.adapters.register_loader(name, TextLoader)

    def execute(self, sql: str, params: Sequence | dict | None = None) -> ServerResult:
        cursor = self._con.cursor()
        sql = to_postgres(sql)
        if params is None:
            cursor.execute(sql)
        else:
            cursor.execute(placeholders(sql), params)
        return ServerResult(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence | dict]) -> None:
        with self._con.cursor() as cursor:
            cursor.executemany(placeholders(to_postgres(sql)), list(rows))

    def insert_rows(self, table: str, rows: list[dict]) -> None:
        """Rows given as dicts, by column name (DuckDB's `INSERT ... BY NAME`)."""
        columns = list(rows[0])
        names = ", ".join(columns)
        marks = ", ".join(["%s"] * len(columns))
        with self._con.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [[row.get(c) for c in columns] for row in rows],
            )

    def raw(self):
        """The psycopg connection, for what only the server does (read-only sessions)."""
        return self._con

    def close(self) -> None:
        self._con.close()


def open_server(url: str) -> ServerConnection:
    """Connect to the server database at `url`, or raise ConnectionError saying why."""
    try:
        return ServerConnection(url)
    except Exception as error:  # noqa: BLE001 - psycopg's OperationalError and friends
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConnectionError(f"{shown_db(url)}: cannot connect to the database: {first}") from None


@contextmanager
def transaction(con) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (either database)."""
    con.execute("BEGIN")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def lock_for_load(con) -> None:
    """Inside a document's transaction on a server: one load at a time (reading and
    extracting run in parallel; only the short write is serialised), so two ingestions
    of the same file neither collide nor double it. DuckDB has one writer anyway."""
    if dialect(con) == POSTGRES:
        con.execute("SELECT pg_advisory_xact_lock(?)", [LOAD_LOCK])


def views_prelude(con) -> str:
    """What comes before the views: on a server the functions they use, and the old
    views dropped (PostgreSQL replaces a view only when its columns stay the same)."""
    if dialect(con) != POSTGRES:
        return ""
    from pipeline.store_schema import VIEWS

    drops = "".join(f"DROP VIEW IF EXISTS {name} CASCADE;\n" for name in VIEWS)
    return POSTGRES_PRELUDE + drops
