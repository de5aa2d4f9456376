"""Shared fixtures: where the seed texts and the real files are, and LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _beside_repo(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else (ROOT / path).resolve()


@pytest.fixture(scope="session")
def real_dir() -> Path:
    """The real report files (kept outside the repository)."""
    path = _beside_repo(os.environ.get("BAOCAO_REAL_CORPUS", "../shared/corpus/real"))
    if not path.is_dir():
        pytest.skip(f"real corpus not found at {path} (set BAOCAO_REAL_CORPUS)")
    return path


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five seed report texts: the repository's corpus/txt, else the shared seeds."""
    for folder in (ROOT / "corpus" / "txt", _beside_repo("../shared/corpus/seeds")):
        paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if paths:
            return paths
    pytest.skip("seed texts not found in corpus/txt or ../shared/corpus/seeds")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary, to make real DOCX/PDF inputs the way offices make them."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-golden",
        action="store_true",
        help="Rewrite tests/golden/*.json from the current extraction (read before committing).",
    )


@pytest.fixture(scope="session")
def regenerate_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regenerate-golden"))


@pytest.fixture(scope="session")
def dev_set() -> tuple[Path, Path]:
    """The development set of other offices' reports and their gold (outside the repository)."""
    gold = _beside_repo(os.environ.get("BAOCAO_DEV_GOLD", "../shared/gold/dev"))
    corpus = _beside_repo(os.environ.get("BAOCAO_DEV_CORPUS", "../shared/corpus/dev"))
    if not (gold.is_dir() and corpus.is_dir()):
        pytest.skip(f"development set not found at {gold} and {corpus}")
    return gold, corpus


@pytest.fixture(scope="session")
def real_gold() -> Path:
    """Key-fact gold for the real quarterly report (outside the repository)."""
    path = _beside_repo(os.environ.get("BAOCAO_REAL_GOLD", "../shared/gold"))
    if not (path / "real").is_dir():
        pytest.skip(f"real-report gold not found at {path}/real")
    return path


# --- PostgreSQL: a throwaway server for the tests that run on both databases ----------


def _postgres_bin() -> Path | None:
    """Debian keeps initdb and pg_ctl out of PATH, under /usr/lib/postgresql/VERSION/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL cluster of its own in a temporary folder, on a free port, with trust
    authentication for the user `baocao`; stopped and removed after the session."""
    import subprocess
    import tempfile

    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip(
            "PostgreSQL is not installed (Debian: apt-get install postgresql, "
            "which scripts/system-packages does)"
        )
    if os.geteuid() == 0:
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, but there is no `postgres` user to run PostgreSQL")
    home = Path(tempfile.mkdtemp(prefix="baocao-pg-"))
    if os.geteuid() == 0:
        os.chown(home, owner.pw_uid, owner.pw_gid)
    data, port = home / "data", _free_port()
    run = lambda *args: subprocess.run(  # noqa: E731
        _as_server_user([str(a) for a in args]),
        check=True, capture_output=True, text=True, cwd=home,
    )  # fmt: skip
    try:
        run(binaries / "initdb", "-D", data, "-U", "baocao", "--auth=trust", "-E", "UTF8",
            "--locale=C")  # fmt: skip
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(binaries / "pg_ctl", "-D", data, "-o", options, "-l", home / "log", "-w", "start")
    except subprocess.CalledProcessError as error:
        log = (home / "log").read_text() if (home / "log").exists() else ""
        shutil.rmtree(home, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {error.stderr}{log}")
    try:
        yield f"postgresql://baocao@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True, cwd=home,
        )  # fmt: skip
        shutil.rmtree(home, ignore_errors=True)


def new_postgres_database(server: str, template: str | None = None) -> str:
    """The URL of a new database on the test server: empty, or a copy of `template`'s
    (a database URL of the same server nobody is connected to)."""
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    copy = f" TEMPLATE {template.rsplit('/', 1)[1]}" if template else ""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}{copy}")
    return f"{server}/{name}"


@pytest.fixture
def postgres_db(postgres_server: str) -> str:
    """The URL of a new, empty database on the test server."""
    return new_postgres_database(postgres_server)


def dataset_location(request: pytest.FixtureRequest, folder: Path) -> Path | str:
    """Where a test's dataset goes for the backend of its parameter: a DuckDB file in
    `folder`, or a new database on the test server."""
    if request.param == "duckdb":
        return folder / "baocao.duckdb"
    return new_postgres_database(request.getfixturevalue("postgres_server"))


BACKENDS = ["duckdb", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The dataset, once as a DuckDB file and once as a PostgreSQL database: tests of the
    store's behaviour take this fixture and run on both."""
    return dataset_location(request, tmp_path)
