"""How much the Prefect flow adds to `baocao ingest` on the same files.

Usage: PYTHONPATH=. .venv/bin/python scripts/bench_flow.py FOLDER [--workers 1 2] [--repeat 2]

Each measurement loads FOLDER into a fresh dataset in a temporary folder: `ingest_paths`
(what `baocao ingest` runs) and one run of the flow, both in this process, on a Prefect
server started once beforehand (its start-up, ~6 s, is reported apart). Then an unchanged
re-run of the flow. Timings only: nothing is asserted. The FOLDER is copied, never changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _fresh(base: Path, folder: Path, name: str) -> tuple[Path, Path]:
    root = base / name
    shutil.copytree(folder, root / "inbox")
    return root / "inbox", root / "baocao.duckdb"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from pipeline.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="bench-flow-") as tmp:
        base = Path(tmp)
        os.environ["PREFECT_HOME"] = str(base / "prefect-home")
        from prefect.testing.utilities import prefect_test_harness

        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=60):
            print(f"Prefect test server start: {time.perf_counter() - started:.1f} s")
            from flows.serve import run_once

            (base / "empty").mkdir()
            run_once(str(base / "empty"), str(base / "warm.duckdb"), 1)  # engine warm-up
            files = sum(1 for p in args.folder.rglob("*") if p.is_file())
            print(f"{args.folder}: {files} files")
            for workers in args.workers:
                plain, flowed, again = [], [], []
                for attempt in range(args.repeat):
                    inbox, db = _fresh(base, args.folder, f"i{workers}-{attempt}")
                    t0 = time.perf_counter()
                    summary = ingest_paths([inbox], db, workers=workers)
                    plain.append(time.perf_counter() - t0)
                    inbox, db = _fresh(base, args.folder, f"f{workers}-{attempt}")
                    t0 = time.perf_counter()
                    state = run_once(str(inbox), str(db), workers)
                    flowed.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    run_once(str(inbox), str(db), workers)
                    again.append(time.perf_counter() - t0)
                ingest_s, flow_s = statistics.median(plain), statistics.median(flowed)
                print(
                    f"workers {workers}: ingest {ingest_s:.2f} s ({summary.count('new')} new, "
                    f"{summary.count('failed')} failed); flow {flow_s:.2f} s "
                    f"({state.message}); overhead {100 * (flow_s / ingest_s - 1):+.1f} %; "
                    f"unchanged re-run {statistics.median(again):.2f} s "
                    f"(medians of {args.repeat})"
                )


if __name__ == "__main__":
    main()
