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
    from pipeline.ingest import extract_bounded
    from pipeline.render import render_extraction

    failed = False
    for file in files:
        result = extract_bounded(file)
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
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Try again files whose bytes failed before."
    ),
    copy_quarantined: bool = typer.Option(
        False, "--copy-quarantined", help="Copy each failed file into the quarantine folder."
    ),
) -> None:
    """Load files or folders into the dataset; unchanged files are skipped.

    Exit status 1 when this run met a failure not seen before (listed in the summary).

    Example: baocao ingest corpus/ --db baocao.duckdb
    """
    from pipeline.ingest import ingest_paths

    summary = _dataset_call(
        lambda: ingest_paths(
            paths, db, retry_failed=retry_failed, copy_quarantined=copy_quarantined
        )
    )
    typer.echo(summary.render())
    if summary.new_failures:
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


if __name__ == "__main__":  # pragma: no cover
    app()
