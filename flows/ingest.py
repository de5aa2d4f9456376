"""Scheduled ingestion: load the new report files of an inbox folder, each exactly once.

The flow only orchestrates `pipeline.inbox`. A file is work when its sha256 is not in
the dataset, or an older version of the rules read it (a rules change re-processes what
it affects). Each file gets two tasks: `extract` (read, extract and validate in one
bounded worker process, N at a time through `pipeline.parallel`, or on a Dask cluster)
and `load` (this process alone writes, one short transaction per document). Retries
with back-off are only where waiting can help: the LibreOffice converter timing out or
failing, and a dataset another process holds too long. A bad file fails the same way
every time, so it is never retried: it is moved to the quarantine folder with a note of
its reason, its `load` task ends Failed with that reason, and the run ends Failed with
a message such as "3 loaded, 1 quarantined: bad.pdf (reason)". A lease per sha256
keeps overlapping runs off each other's files. Each run leaves two artifacts: a table
of its files and a summary of the new flags.

Run once:   baocao flow run --inbox inbox/ --db baocao.duckdb
On a timer: baocao serve --inbox inbox/ --every 10m   (see flows/serve.py)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.runtime import task_run as this_task_run
from prefect.states import Completed, Failed, State
from prefect.tasks import exponential_backoff

from pipeline import inbox as work
from pipeline import leases
from pipeline.discover import shown
from pipeline.ingest import FileOutcome, close_run, new_run_id
from pipeline.parallel import default_workers, ordered_map
from pipeline.store import DatasetError
from schemas import Extraction

EXTRACT_RETRIES = 2
LOAD_RETRIES = 3
CONVERTER_TROUBLE = ("LibreOffice took longer", "LibreOffice could not convert")


class ConverterTrouble(Exception):
    """The LibreOffice converter timed out or failed: it may do better on a retry."""


class DatasetBusy(Exception):
    """Another process held the dataset longer than an open waits."""


def _retry_worth_it(task, task_run, state) -> bool:
    """Only the errors a retry can cure are retried."""
    try:
        state.result()
    except (ConverterTrouble, DatasetBusy):
        return True
    except Exception:  # noqa: BLE001 - anything else is not retried
        return False
    return False


@task(
    name="extract",
    task_run_name="extract {item.path.name}",
    cache_policy=NO_CACHE,
    retries=EXTRACT_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_condition_fn=_retry_worth_it,
)
def extract_task(item: work.Work) -> Extraction:
    """Read, extract and validate one file in a bounded worker process."""
    extraction = work.extract(item.path)
    errors = " ".join(extraction.document.get("errors") or [])
    converter = any(trouble in errors for trouble in CONVERTER_TROUBLE)
    if converter and extraction.document.get("status") == "failed":
        if (this_task_run.run_count or 1) <= EXTRACT_RETRIES:
            raise ConverterTrouble(errors)
    return extraction  # the last attempt's failure is the file's: it is quarantined


@task(
    name="load",
    task_run_name="load {item.path.name}",
    cache_policy=NO_CACHE,
    retries=LOAD_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_condition_fn=_retry_worth_it,
)
def load_task(
    item: work.Work, extraction: Extraction | None, db: str, run_id: str, command: str
) -> FileOutcome | State:
    """Load one document; a bad file ends this task Failed with its reason, no traceback."""
    try:
        outcome = work.load(item, extraction, db, run_id, command=command)
    except DatasetError as error:
        if "another process" in str(error):
            raise DatasetBusy(str(error)) from None
        raise
    if outcome.outcome == "failed":
        return Failed(message=f"quarantined: {outcome.reason}", data=outcome)
    return outcome


@dataclass
class RunSummary:
    """What one run did, and its message as the run's final state shows it."""

    files: list[FileOutcome] = field(default_factory=list)
    unchanged: int = 0
    busy: list[Path] = field(default_factory=list)  # leased by another running run

    @property
    def loaded(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome in ("new", "replaced", "reextracted")]

    @property
    def quarantined(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome == "failed"]

    def message(self) -> str:
        text = f"{len(self.loaded)} loaded, {len(self.quarantined)} quarantined"
        if self.quarantined:
            text += ": " + "; ".join(f"{shown(f.path.name)} ({f.reason})" for f in self.quarantined)
        extra = [f"{self.unchanged} unchanged"]
        if self.busy:
            extra.append(f"{len(self.busy)} left to a run already processing them")
        return text + "; " + ", ".join(extra)


@flow(name="ingest-inbox", log_prints=False)
def ingest_inbox(
    inbox: str,
    db: str = "baocao.duckdb",
    workers: int | None = None,
    dask_address: str | None = None,
) -> State:
    """Load the files of `inbox` that the dataset at `db` lacks (see the module doc)."""
    logger = get_run_logger()
    run_id = new_run_id()
    command = f"baocao flow run --inbox {inbox} (flow run {flow_run.name})"
    planned, unchanged = work.plan(inbox, db)
    held, busy = _lease_all(planned, db)
    summary = RunSummary(unchanged=unchanged, busy=busy)
    try:
        todo = work.still_pending([item for item, _ in held], db)
        summary.unchanged += len(held) - len(todo)
        _release([lease for item, lease in held if item not in todo])
        logger.info(
            "%d file(s) to process in %s, %d unchanged, %d left to a run already on them",
            len(todo),
            inbox,
            summary.unchanged,
            len(busy),
        )
        by_item = dict(held)
        for item, extracted in _extractions(todo, workers, dask_address):
            summary.files.append(_load(item, extracted, db, run_id, command, logger))
            _release([by_item[item]])  # loaded or quarantined: another run may look now
    finally:
        _release([lease for _, lease in held])
    close_run(db, run_id)
    _artifacts(summary)
    if summary.quarantined:
        return Failed(message=summary.message(), data=summary)
    return Completed(message=summary.message(), data=summary)


def _lease_all(items: list[work.Work], db: str) -> tuple[list, list[Path]]:
    folder = leases.leases_dir(db)
    held, busy = [], []
    for item in items:
        lease = leases.acquire(folder, item.digest) if item.digest else None
        if item.digest and lease is None:
            busy.append(item.path)
        else:
            held.append((item, lease))
    return held, busy


def _release(held: list) -> None:
    for lease in held:
        if lease is not None:
            leases.release(lease)


def _extractions(
    todo: list[work.Work], workers: int | None, dask_address: str | None
) -> Iterator[tuple[work.Work, Extraction | None]]:
    """Each file's extraction (None when its task crashed), in inbox order: from a Dask
    cluster, or made N at a time on this machine's bounded workers."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        on_dask = extract_on_dask.with_options(task_runner=DaskTaskRunner(address=dask_address))
        yield from zip(todo, on_dask(todo), strict=True)
        return
    count = workers or default_workers()
    for item, state in ordered_map(lambda i: extract_task(i, return_state=True), todo, count):
        yield item, state.result(raise_on_failure=False) if state.is_completed() else None


@flow(name="extract-on-dask")
def extract_on_dask(todo: list[work.Work]) -> list[Extraction | None]:
    """The extract tasks submitted to the Dask cluster of this subflow's task runner (a
    subflow, so that run once or served the cluster is the one the run was given)."""
    futures = [extract_task.submit(item) for item in todo]
    done = []
    for future in futures:
        future.wait()
        state = future.state
        done.append(state.result(raise_on_failure=False) if state.is_completed() else None)
    return done


def _load(
    item, extraction: Extraction | None, db: str, run_id: str, command: str, logger
) -> FileOutcome:
    """Load one file's extraction; an extraction that crashed is extracted again here,
    where `pipeline.ingest` records any failure as the file's."""
    state = load_task(item, extraction, db, run_id, command, return_state=True)
    outcome = state.result(raise_on_failure=False)
    if not isinstance(outcome, FileOutcome):
        raise RuntimeError(f"{shown(item.path)}: could not be loaded: {state.message}")
    if outcome.outcome == "failed":
        logger.warning("quarantined %s: %s", shown(item.path.name), outcome.reason)
    else:
        logger.info("%s %s: %d facts", outcome.outcome, shown(item.path.name), outcome.facts)
    return outcome


def _artifacts(summary: RunSummary) -> None:
    rows = [
        {
            "file": shown(f.path.name),
            "status": "quarantined" if f.outcome == "failed" else f.outcome,
            "facts": f.facts,
            "flags": sum(f.flags.values()),
            "reason": f.reason,
        }
        for f in summary.files
    ]
    create_table_artifact(
        table=rows or [{"file": "", "status": "nothing new", "facts": 0, "flags": 0, "reason": ""}],
        key="ingest-files",
        description=summary.message(),
    )
    create_markdown_artifact(markdown=flags_markdown(summary), key="ingest-flags")


def flags_markdown(summary: RunSummary) -> str:
    """The flags this run's documents raised, by check and by file."""
    total: Counter = Counter()
    for f in summary.loaded:
        total.update(f.flags)
    lines = [f"# New flags: {sum(total.values())}", ""]
    if not total:
        return "\n".join([*lines, "No document loaded by this run raised a flag."])
    lines += ["| check | flags |", "| --- | --- |"]
    lines += [f"| {check} | {n} |" for check, n in sorted(total.items())]
    lines += ["", "| file | check | flags |", "| --- | --- | --- |"]
    for f in summary.loaded:
        lines += [f"| {shown(f.path.name)} | {c} | {n} |" for c, n in sorted(f.flags.items())]
    return "\n".join(lines)
