"""Timings of the dataset stages on the bundled demo corpus; prints figures, asserts nothing.

.venv/bin/python scripts/bench_dataset.py [FOLDER...] [--db postgresql://user@host/empty_db]

With `--db`, the dataset is that (empty) PostgreSQL database, and the store-only figure
is a reload of the same documents into it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pipeline.audit import trace_fact
from pipeline.export import export_dataset
from pipeline.extract import extract_file
from pipeline.ingest import discover, ingest_paths
from pipeline.store import connect, load_extraction, run_query

ROOT = Path(__file__).resolve().parents[1]


def _timed(label: str, function, *args):
    start = time.perf_counter()
    result = function(*args)
    print(f"{label:<40} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    args = sys.argv[1:]
    server = args[args.index("--db") + 1] if "--db" in args else None
    args = [a for a in args if a not in ("--db", server)]
    folders = [Path(a) for a in args] or [ROOT / "corpus" / "txt", ROOT / "corpus" / "docx"]
    files = discover(folders)
    with tempfile.TemporaryDirectory() as tmp:
        db = server or Path(tmp) / "bench.duckdb"
        print(f"dataset: {'PostgreSQL' if server else 'DuckDB'}")
        summary = _timed(f"ingest {len(files)} files (cold)", ingest_paths, folders, db)
        print(f"  {summary.facts} facts, {len(summary.failed)} failed")
        _timed("ingest again (all unchanged)", ingest_paths, folders, db)

        extractions = [extract_file(f) for f in files]
        con = connect(server or Path(tmp) / "load.duckdb")
        start = time.perf_counter()
        for path, extraction in zip(files, extractions, strict=True):
            load_extraction(con, extraction, str(path), "bench")
        elapsed = time.perf_counter() - start
        con.close()
        facts = sum(len(e.facts) for e in extractions)
        print(
            f"{'store only: load_extraction':<40} {elapsed:8.3f} s ({facts / elapsed:,.0f} facts/s)"
        )

        _timed("query reports_wide", run_query, db, "SELECT * FROM reports_wide")
        for fmt, out in (("parquet", "pq"), ("csv", "csv"), ("xlsx", "b.xlsx")):
            _timed(f"export {fmt}", export_dataset, db, fmt, Path(tmp) / out)
        fact_id = run_query(db, "SELECT id FROM facts LIMIT 1")["id"][0]
        _timed("trace one fact", trace_fact, db, fact_id)


if __name__ == "__main__":
    main()
