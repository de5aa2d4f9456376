"""`baocao flow run` and `baocao serve`: the ingestion flow of `flows/` from the command
line, with a summary a person reads and an exit status instead of a raw result."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.discover import shown


def _check_inbox(inbox: Path) -> None:
    if not inbox.is_dir():
        typer.echo(f"error: {shown(inbox)}: no such folder (the inbox)", err=True)
        raise typer.Exit(2)


def run_flow_once(inbox: Path, db: str, workers: int | None, dask_address: str | None) -> int:
    """Run the flow once and print its summary; 1 when a file was quarantined."""
    _check_inbox(inbox)
    from flows.serve import run_once

    state = run_once(str(inbox), db, workers, dask_address)
    summary = state.result(raise_on_failure=False)
    files = getattr(summary, "files", [])
    for outcome in files:
        what = "quarantined" if outcome.outcome == "failed" else outcome.outcome
        detail = f": {outcome.reason}" if outcome.reason else f", {outcome.facts} facts"
        typer.echo(f"{what}: {shown(outcome.path)}{detail}")
    typer.echo(f"flow run {state.name.lower()}: {state.message}")
    if not files and not state.is_completed() and not hasattr(summary, "files"):
        return 2  # the run itself failed (a dataset that cannot be opened, ...)
    return 0 if state.is_completed() else 1


def _stop_on_sigterm() -> None:
    """SIGTERM stops serving as Ctrl+C does, from the first moment: the local Prefect
    server is stopped too, even when the signal comes before Prefect's own handler is set."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def serve_flow(
    inbox: Path,
    db: str,
    every: str | None,
    cron: str | None,
    workers: int | None,
    dask_address: str | None,
) -> int:
    """Serve the flow until Ctrl+C."""
    from flows.serve import parse_every, serve

    _check_inbox(inbox)
    if every and cron:
        typer.echo("error: give --every or --cron, not both", err=True)
        return 2
    try:
        seconds = None if cron else parse_every(every or "10m")
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        return 2
    _stop_on_sigterm()
    try:
        serve(
            str(inbox),
            db,
            every=seconds,
            cron=cron,
            workers=workers,
            dask_address=dask_address,
            announce=typer.echo,
        )
    except KeyboardInterrupt:
        typer.echo("stopped")
    except RuntimeError as error:
        typer.echo(f"error: {error}", err=True)
        return 1
    return 0
