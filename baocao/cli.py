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

DEFAULT_DB = Path("baocao.duckdb")


def _dataset_call(function, *args):
    """Call a dataset function; its DatasetError becomes a message and exit code 1."""
    from pipeline.store import DatasetError

    try:
        return function(*args)
    except DatasetError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


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
    from pipeline.extract import extract_file
    from pipeline.render import render_extraction

    failed = False
    for file in files:
        result = extract_file(file)
        failed |= result.document["status"] == "failed"
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
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB file of the dataset."),
) -> None:
    """Load files or folders into the dataset; unchanged files are skipped.

    Example: baocao ingest corpus/ --db baocao.duckdb
    """
    from pipeline.ingest import ingest_paths

    summary = _dataset_call(ingest_paths, paths, db)
    typer.echo(summary.render())
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def query(
    sql: str,
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB file of the dataset."),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """Run SQL over the dataset's tables and views.

    Example: baocao query "select metric, count(*) from facts group by 1"
    """
    from pipeline.store import run_query

    frame = _dataset_call(run_query, db, sql)
    if csv:
        sys.stdout.write(frame.to_csv(index=False))
    else:
        from baocao.display import print_frame

        print_frame(frame)


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", help="parquet | csv | xlsx"),
    out: Path = typer.Option(Path("export"), "--out", help="Output folder (or .xlsx file)."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB file of the dataset."),
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
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB file of the dataset."),
) -> None:
    """Print the whole chain behind one fact: source, quote, rule, run, corrections.

    Example: baocao trace 3f2a…
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
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB file of the dataset."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
) -> None:
    """Open the review and audit pages in a browser: the queue, each figure beside its
    source, corrections, and a printable trace of any figure.

    Example: baocao review --db baocao.duckdb --port 8765   (then open http://127.0.0.1:8765)
    """
    import uvicorn

    from pipeline.store import connect
    from web.app import create_app

    _dataset_call(lambda: connect(db, read_only=True).close())
    typer.echo(f"reviewing {db} at http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    app()
