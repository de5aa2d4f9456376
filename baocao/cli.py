"""The `baocao` command: a thin layer over `pipeline` functions.

Each command only parses arguments, calls one pipeline function and prints; the forms in
the interface spec (`extract`, `text`, `ingest`, `trace`) are a contract other tools rely on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(
    help="Read Vietnamese administrative-reform reports into a dataset with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_DB = "baocao.duckdb"
DB_HELP = "DuckDB file of the dataset, or a postgresql://user@host/db URL."


def _version(value: bool) -> None:
    if value:
        from pipeline.versions import versions

        info = versions()
        typer.echo(f"baocao {info['baocao']} (vocabulary {info['vocabulary']})")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Read Vietnamese administrative-reform reports into a dataset with evidence."""


def _dataset_call(function, *args):
    """Call a dataset function; an ordinary failure (the dataset's, or of the disk: read
    only, full) becomes a message and exit code 1, never a traceback."""
    from pipeline.discover import shown
    from pipeline.store import DatasetError
    from pipeline.store_backend import database_errors

    try:
        return function(*args)
    except DatasetError as error:
        typer.echo(f"error: {error}", err=True)
    except OSError as error:
        where = f"{shown(error.filename)}: " if error.filename else ""
        typer.echo(f"error: {where}{error.strerror or error}", err=True)
    except database_errors() as error:
        typer.echo(f"error: the dataset could not be read or written: {error}", err=True)
    raise typer.Exit(1)


@app.command()
def text(file: Path) -> None:
    """Print the normalised text that evidence offsets point into.

    Example: baocao text corpus/pdf/004_efc8c9725471be51.pdf
    """
    from pipeline.load import load_document

    doc = load_document(file)
    if doc.status.value == "failed":
        for error in doc.errors:
            typer.echo(error, err=True)
        raise typer.Exit(1)
    for error in doc.errors:
        typer.echo(f"warning: {error}", err=True)
    sys.stdout.write(doc.text)
    if doc.text and not doc.text.endswith("\n"):
        sys.stdout.write("\n")


@app.command()
def extract(
    files: list[Path],
    json_lines: bool = typer.Option(False, "--json", help="One JSON object per file."),
) -> None:
    """Extract facts, references, metadata and flags from files (no database needed).

    Example: baocao extract corpus/txt/*.txt --json
    """
    from baocao.progress import FileProgress
    from pipeline.bounded import extract_bounded
    from pipeline.render import render_extraction

    failed = False
    with FileProgress("extracting") as progress:
        for index, file in enumerate(files):
            if len(files) > 1:
                progress.start(index, len(files), file)
            result = extract_bounded(file, last=index == len(files) - 1)
            status = result.document["status"]
            failed |= status == "failed"
            if len(files) > 1:
                progress.done(index, len(files), file, f"{status}, {len(result.facts)} facts")
            if json_lines:
                sys.stdout.write(result.model_dump_json(exclude_none=False) + "\n")
            else:
                sys.stdout.write(render_extraction(result) + "\n")
            sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command(name="eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files."),
    corpus: Path = typer.Option(..., "--corpus", help="Folder with the files the gold names."),
    verbose: bool = typer.Option(
        False, "--verbose", "--show-errors", help="List false positives and negatives per file."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
) -> None:
    """Score extraction against gold: P/R/F1 per family, references, evidence validity.

    Example: baocao eval --gold gold/ --corpus corpus/txt --show-errors
    """
    import json

    from pipeline.evaluate import GoldError, evaluate_folder

    try:
        report = evaluate_folder(gold, corpus)
    except GoldError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if json_out:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        typer.echo(report.render(verbose=verbose))


@app.command()
def ingest(
    paths: list[Path],
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Try again files whose bytes failed before."
    ),
    copy_quarantined: bool = typer.Option(
        False, "--copy-quarantined", help="Copy each failed file into the quarantine folder."
    ),
    reextract: bool = typer.Option(
        False, "--reextract", help="Read again files an older version of the rules read."
    ),
    workers: int = typer.Option(
        0, "--workers", help="Documents extracted at a time (0: one per core)."
    ),
) -> None:
    """Load files or folders into the dataset; unchanged files are skipped.

    Exit status 1 when this run met a failure not seen before (listed in the summary).

    Example: baocao ingest corpus/ --db baocao.duckdb
    (or, on a server: baocao ingest corpus/ --db postgresql://baocao@dbhost/baocao)
    """
    from baocao.progress import FileProgress
    from pipeline.ingest import ingest_paths
    from pipeline.parallel import default_workers

    with FileProgress("ingesting") as progress:

        def report(index: int, total: int, path: Path, outcome) -> None:
            if outcome is None:
                progress.start(index, total, path)
                return
            what = outcome.outcome.replace("_", " ")
            if outcome.facts:
                what += f", {outcome.facts} facts"
            if outcome.reason:
                what += f": {outcome.reason}"
            progress.done(index, total, path, what)

        summary = _dataset_call(
            lambda: ingest_paths(
                paths,
                db,
                retry_failed=retry_failed,
                copy_quarantined=copy_quarantined,
                reextract=reextract,
                progress=report,
                workers=workers or default_workers(),
            )
        )
    typer.echo(summary.render())
    if summary.new_failures:
        raise typer.Exit(1)


@app.command()
def query(
    sql: str,
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
    json_lines: bool = typer.Option(False, "--json", help="Print one JSON object per row."),
    limit: int = typer.Option(
        50, "--limit", help="Rows shown in the table (0: all); --csv and --json print all."
    ),
    no_header: bool = typer.Option(False, "--no-header", help="CSV without its header row."),
) -> None:
    """Run SQL over the dataset's tables and views (read-only; files and network are off).

    Example: baocao query "select metric, count(*) from facts group by 1"
    """
    from baocao.display import frame_csv, frame_json_lines, print_frame
    from pipeline.store import run_query

    frame = _dataset_call(run_query, db, sql)
    if csv:
        sys.stdout.write(frame_csv(frame, header=not no_header))
    elif json_lines:
        sys.stdout.write(frame_json_lines(frame))
    else:
        print_frame(frame, max_rows=limit or None)


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", help="parquet | csv | xlsx"),
    out: Path = typer.Option(Path("export"), "--out", help="Output folder (or .xlsx file)."),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Export the dataset's tables for analysts.

    Example: baocao export --format xlsx --out baocao.xlsx
    """
    from pipeline.export import export_dataset

    written = _dataset_call(export_dataset, db, fmt, out)
    for path in written:
        typer.echo(str(path))


@app.command()
def trace(
    fact_id: str,
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Print the whole chain behind one fact: source, quote, rule, run, corrections.

    Example: baocao trace $(baocao query "select id from facts limit 1" --csv --no-header)
    """
    from pipeline.audit import trace_fact

    typer.echo(_dataset_call(trace_fact, db, fact_id))


@app.command()
def coverage(
    paths: list[Path],
    top: int = typer.Option(30, "--top", help="How many labels to list."),
) -> None:
    """List the most frequent labels of figures no rule claimed, over files or folders.

    Example: baocao coverage corpus/txt --top 20
    """
    from pipeline.coverage import coverage as count_unclaimed

    typer.echo(count_unclaimed(paths).render(top))


@app.command()
def review(
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
) -> None:
    """Open the review and audit pages in a browser: the queue, each figure beside its
    source, corrections, and a printable trace of any figure (at http://127.0.0.1:8765).

    Everyone logs in; roles say who may correct (see `baocao users --help`). With no
    user in the dataset the app does not start: add one first with
    `baocao users add NAME --role admin`.

    Example: baocao review --db baocao.duckdb --port 8765
    """
    import uvicorn

    from pipeline.store import connect
    from pipeline.store_backend import shown_db
    from pipeline.users import count_users
    from web.app import create_app

    def users_in(path: str) -> int:
        con = connect(path, read_only=True)
        try:
            return count_users(con)
        finally:
            con.close()

    if not _dataset_call(users_in, db):
        typer.echo(
            f"error: {shown_db(db)} has no users, so nobody could log in; add one first:\n"
            f"  baocao users add NAME --role admin --db {shown_db(db)}\n"
            "(the password is asked for; --password-stdin reads it from standard input)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"reviewing {shown_db(db)} at http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning", proxy_headers=True)


from baocao.users_cli import users_app  # noqa: E402

app.add_typer(users_app, name="users")


flow_app = typer.Typer(help="Run the scheduled-ingestion flow by hand.", no_args_is_help=True)
app.add_typer(flow_app, name="flow")


@flow_app.command(name="run")
def flow_run(
    inbox: Path = typer.Option(..., "--inbox", help="Folder the reports arrive in."),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    workers: int = typer.Option(0, "--workers", help="Local extraction workers (0: one a core)."),
    dask_address: str = typer.Option(
        None, "--dask-address", help="Extract on this Dask scheduler (tcp://host:8786)."
    ),
) -> None:
    """Run the ingestion flow once over an inbox (a Prefect flow run, with its tasks).

    Exit status 1 when a file was quarantined.

    Example: baocao flow run --inbox inbox/ --db baocao.duckdb --workers 2
    """
    from baocao.flow_commands import run_flow_once

    raise typer.Exit(run_flow_once(inbox, db, workers or None, dask_address))


@app.command()
def serve(
    inbox: Path = typer.Option(..., "--inbox", help="Folder the reports arrive in."),
    every: str = typer.Option(None, "--every", help="Run at this interval: 30s, 10m, 2h."),
    cron: str = typer.Option(None, "--cron", help='Run on this schedule: "*/15 * * * *".'),
    db: str = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    workers: int = typer.Option(0, "--workers", help="Local extraction workers (0: one a core)."),
    dask_address: str = typer.Option(
        None, "--dask-address", help="Extract on this Dask scheduler (tcp://host:8786)."
    ),
) -> None:
    """Serve the ingestion flow as a Prefect deployment on a schedule (default every 10m).

    With no PREFECT_API_URL configured, a local Prefect server is started (its files in
    .prefect beside the dataset) and its UI address printed. Ctrl+C stops both.

    Example: baocao serve --inbox inbox/ --every 10m --db baocao.duckdb
    """
    from baocao.flow_commands import serve_flow

    raise typer.Exit(serve_flow(inbox, db, every, cron, workers or None, dask_address))


@app.command()
def bench(
    docs: int = typer.Option(30, "--docs", help="Generated reports in each format."),
    quick: bool = typer.Option(False, "--quick", help="A small run (CI): 2 reports, 10/20 docs."),
    memory: str = typer.Option(
        "100,1000,5000", "--memory", help="Corpus sizes for the peak-memory runs, comma-separated."
    ),
) -> None:
    """Measure speed, start-up, memory and re-run cost; print figures beside their targets.

    Needs LibreOffice (soffice) to make the PDFs. The committed result is a full run
    (`--docs 30`, memory at 100, 1,000 and 5,000 documents: over half an hour here).

    Example: baocao bench --quick
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from baocao.bench_run import run

    sizes = [10, 20] if quick else [int(n) for n in memory.split(",") if n.strip()]
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        run(2 if quick else docs, sizes, typer.echo, bar)


if __name__ == "__main__":  # pragma: no cover
    app()
