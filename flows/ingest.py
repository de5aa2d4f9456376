"""Scheduled ingestion: pick up the new report files in a folder and load each one once.

The flow only orchestrates `pipeline.ingest`: it asks which files' contents are not in
the dataset yet (by sha256; files that failed before count as seen, so a bad file is
tried once, not on every tick), then runs one task per file, one after another (DuckDB
takes one writer at a time). Failures of a file are deterministic (the same bytes fail
the same way), so tasks do not retry: a bad file is recorded, quarantined next to the
dataset, its task marked failed, and the other files go on.

Run once, from the repository:
    .venv/bin/python -m flows.ingest corpus/ --db baocao.duckdb

Serve on a schedule (schedules need a Prefect server, not the temporary one):
    .venv/bin/prefect server start &
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    .venv/bin/python -m flows.ingest /data/inbox --db /data/baocao.duckdb --cron "*/15 * * * *"
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from pipeline.ingest import close_run, ingest_one, new_run_id, pending_files
from pipeline.store_backend import is_server


class BadFileError(Exception):
    """A file that could not be loaded; it is already recorded and quarantined."""


@task(retries=0, cache_policy=NO_CACHE, task_run_name="ingest {path.name}")
def ingest_file_task(path: Path, db: str | Path, run_id: str, command: str) -> dict:
    outcome = ingest_one(path, db, run_id, command=command)
    if outcome.outcome == "failed":
        where = f"; copied to {outcome.quarantined}" if outcome.quarantined else ""
        raise BadFileError(f"{path}: {outcome.reason}{where}")
    return {"path": str(path), "outcome": outcome.outcome, "facts": outcome.facts}


@flow(name="ingest-folder")
def ingest_folder(folder: str | Path, db: str | Path = "baocao.duckdb") -> dict:
    """Load the files of `folder` that the dataset at `db` has not seen yet."""
    logger = get_run_logger()
    folder, db = Path(folder), db if is_server(db) else Path(db)
    run_id = new_run_id()
    command = f"flow ingest-folder {folder} (flow run {flow_run.name})"
    pending, skipped = pending_files([folder], db)
    logger.info("%d new file(s) in %s, %d already in the dataset", len(pending), folder, skipped)
    summary: dict = {"run_id": run_id, "skipped": skipped, "loaded": [], "failed": []}
    for path in pending:
        state = ingest_file_task(path, db, run_id, command, return_state=True)
        if state.is_completed():
            summary["loaded"].append(state.result())
        else:
            reason = str(state.result(raise_on_failure=False))
            logger.warning("quarantined: %s", reason)
            summary["failed"].append({"path": str(path), "reason": reason})
    close_run(db, run_id)
    return summary


def _absolute(db: str) -> str:
    """A served flow runs elsewhere: a DuckDB file by its whole path, a URL as it is."""
    return db if is_server(db) else str(Path(db).resolve())


def main() -> None:
    parser = argparse.ArgumentParser(description="Ingest a folder of reports with Prefect.")
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--db", default="baocao.duckdb", help="DuckDB file, or a postgresql://user@host/db URL"
    )
    parser.add_argument("--cron", help='serve on this schedule, e.g. "*/15 * * * *"')
    args = parser.parse_args()
    if args.cron:
        ingest_folder.serve(
            name="ingest-folder",
            cron=args.cron,
            parameters={"folder": str(args.folder.resolve()), "db": _absolute(args.db)},
        )
    else:
        print(ingest_folder(args.folder, args.db))


if __name__ == "__main__":
    main()
