"""Running the ingestion flow once, or as a deployment on a schedule.

A schedule needs a Prefect server (the temporary one a lone run starts cannot run
schedules). When no PREFECT_API_URL is configured, `serve` starts `prefect server start`
as a child process with its home (its SQLite database) in a `.prefect` folder beside
the dataset, waits until it answers, and stops it on exit. The UI is at the server's
address; the deployment's page lists each run with its state, message and artifacts.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_START_SECONDS = 60.0
RUN_GRACE_SECONDS = 30.0


def parse_every(text: str) -> int:
    """Seconds in "90", "30s", "10m", "2h" or "1d"."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text.lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"not an interval: {text!r} (say e.g. 30s, 10m, 2h)")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


def dataset_home(db: str) -> Path:
    """Where the local server keeps its files: `.prefect` beside the dataset file (or in
    the current folder when the dataset is a server's URL)."""
    base = Path.cwd() if "://" in db else Path(db).resolve().parent
    return base / ".prefect"


def configured_api_url() -> str | None:
    """The API a user configured (environment or Prefect profile), if any."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _free_port(preferred: int) -> int:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


def _prefect_command() -> list[str]:
    beside = Path(sys.executable).with_name("prefect")
    found = str(beside) if beside.exists() else shutil.which("prefect")
    if not found:
        raise RuntimeError("the `prefect` command is not installed beside this Python")
    return [found]


@contextmanager
def local_server(home: Path, port: int = 4200) -> Iterator[str]:
    """A `prefect server start` child with PREFECT_HOME=`home`; yields its API URL."""
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port(port)
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("ab")
    command = [*_prefect_command(), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, process, home / "server.log")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Prefect server stopped at start; its log: {log}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer in {SERVER_START_SECONDS:g} s: {log}")


def run_once(inbox: str, db: str, workers: int | None = None, dask_address: str | None = None):
    """One run of the flow; its final state (message: what was loaded and quarantined)."""
    from flows.ingest import ingest_inbox

    return ingest_inbox(
        inbox=inbox, db=db, workers=workers, dask_address=dask_address, return_state=True
    )


def serve(
    inbox: str,
    db: str,
    *,
    every: int | None = None,
    cron: str | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    announce=print,
) -> None:
    """Serve the flow as the deployment `ingest-inbox/<inbox folder name>` until stopped."""
    parameters = {
        "inbox": str(Path(inbox).resolve()),
        "db": db if "://" in db else str(Path(db).resolve()),
        "workers": workers,
        "dask_address": dask_address,
    }
    name = Path(inbox).resolve().name or "inbox"
    url = configured_api_url()
    if url:
        _serve(url, name, parameters, every, cron, announce)
        return
    home = dataset_home(db)
    announce(f"starting a local Prefect server (its files: {home}) ...")
    with local_server(home) as url:
        os.environ["PREFECT_API_URL"] = url
        try:
            _serve(url, name, parameters, every, cron, announce)
        finally:
            _end_runs(announce)  # while the server is still there to record them


def _end_runs(announce, grace: float = RUN_GRACE_SECONDS) -> None:
    """Let the flow runs still going (each in a child process) finish, then stop them; a
    run stopped midway leaves its leases, and the next run takes them over."""
    import multiprocessing

    running = multiprocessing.active_children()
    if running:
        announce(f"waiting up to {grace:g} s for {len(running)} run(s) to finish ...")
    deadline = time.monotonic() + grace
    for child in running:
        child.join(max(deadline - time.monotonic(), 0))
        if child.is_alive():
            child.terminate()
            child.join(5)


def _serve(url, name, parameters, every, cron, announce) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    ui = url.removesuffix("/api")
    when = f"cron {cron!r}" if cron else f"every {every} s"
    announce(
        f"serving ingest-inbox/{name} ({when}) over {parameters['inbox']}\n"
        f"watch the runs in the Prefect UI: {ui}/ (Ctrl+C stops)"
    )
    with temporary_settings(updates={PREFECT_API_URL: url}):
        from flows.ingest import ingest_inbox

        ingest_inbox.serve(
            name=name,
            interval=None if cron else every,
            cron=cron,
            parameters=parameters,
            print_starting_message=False,
        )
