"""The same facts? What two versions of the rules extract from the same files, side by side.

A change to the rules should gain the figures it was made for and lose none by accident;
this shows both, per file and per metric family, over any files or folders.

    dump PATHS... [-o OUT.json]   the facts of every file, canonical JSON (sorted; a fact is
                                  metric, qualifiers, value; its rule and quote beside)
    diff OLD.json NEW.json        what NEW gains and loses against OLD, per file and family
    compare --base TREE PATHS...  dump with the code of checkout TREE and with this one,
                                  then diff (each dump runs in its own process)

Folders are read recursively for .txt, .docx, .doc and .pdf files. The code a dump runs is
the one on PYTHONPATH: `PYTHONPATH=/path/to/checkout python scripts/compare_facts.py dump`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SUFFIXES = {".txt", ".docx", ".doc", ".pdf"}


def files_of(paths: list[str]) -> list[Path]:
    """The files named, and those under the folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES))
        elif p.is_file():
            out.append(p)
    return out


def dump(paths: list[str]) -> dict[str, list[dict]]:
    """Every file's facts as plain sorted records (the whole extraction, as `baocao extract`)."""
    from pipeline.extract import extract_file

    result: dict[str, list[dict]] = {}
    for path in files_of(paths):
        extraction = extract_file(path)
        facts = []
        for f in extraction.facts:
            quote = f.evidence[0].quote if f.evidence else ""
            facts.append(
                {
                    "metric": f.metric,
                    "qualifiers": dict(sorted(f.qualifiers.items())),
                    "value": f.value,
                    "rule": f.extractor.split("@")[0],
                    "quote": " ".join(quote.split())[:160],
                }
            )
        facts.sort(key=lambda x: (x["metric"], json.dumps(x["qualifiers"]), str(x["value"])))
        result[str(path)] = facts
    return result


def _key(fact: dict) -> tuple:
    return fact["metric"], json.dumps(fact["qualifiers"], ensure_ascii=False), fact["value"]


def diff(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> str:
    """What `new` gains and loses against `old`, per file, then counted per family."""
    lines: list[str] = []
    gained_by: Counter[str] = Counter()
    lost_by: Counter[str] = Counter()
    totals = Counter()
    for path in sorted(set(old) | set(new)):
        a = {_key(f): f for f in old.get(path, [])}
        b = {_key(f): f for f in new.get(path, [])}
        gained = [b[k] for k in b if k not in a]
        lost = [a[k] for k in a if k not in b]
        totals["old"] += len(a)
        totals["new"] += len(b)
        totals["same"] += len(set(a) & set(b))
        if not gained and not lost:
            continue
        lines.append(f"{path}: +{len(gained)} -{len(lost)}")
        for sign, facts, by in (("+", gained, gained_by), ("-", lost, lost_by)):
            for f in facts:
                by[f["metric"].split(".")[0]] += 1
                q = ",".join(f"{k}={v}" for k, v in f["qualifiers"].items())
                lines.append(
                    f"  {sign} {f['metric']}[{q}] = {f['value']}  ({f['rule']}) {f['quote']}"
                )
    lines.append(
        f"files {len(set(old) | set(new))}: facts {totals['old']} -> {totals['new']}, "
        f"same {totals['same']}, gained {sum(gained_by.values())}, lost {sum(lost_by.values())}"
    )
    for family in sorted(set(gained_by) | set(lost_by)):
        lines.append(f"  {family}: +{gained_by[family]} -{lost_by[family]}")
    return "\n".join(lines)


def _dump_with(tree: Path, paths: list[str], out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "dump", *paths, "-o", str(out)]
    subprocess.run(cmd, check=True, env=env, cwd=tree)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("paths", nargs="+")
    d.add_argument("-o", "--out")
    f = sub.add_parser("diff")
    f.add_argument("old")
    f.add_argument("new")
    c = sub.add_parser("compare")
    c.add_argument("--base", required=True, help="the checkout whose code is the old side")
    c.add_argument("--head", default=str(Path(__file__).resolve().parent.parent))
    c.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "dump":
        text = json.dumps(dump(args.paths), ensure_ascii=False, indent=1, sort_keys=True)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
    elif args.command == "diff":
        old = json.loads(Path(args.old).read_text(encoding="utf-8"))
        new = json.loads(Path(args.new).read_text(encoding="utf-8"))
        print(diff(old, new))
    else:
        paths = [str(Path(p).resolve()) for p in args.paths]
        with tempfile.TemporaryDirectory() as tmp:
            old, new = Path(tmp) / "old.json", Path(tmp) / "new.json"
            _dump_with(Path(args.base).resolve(), paths, old)
            _dump_with(Path(args.head).resolve(), paths, new)
            print(diff(json.loads(old.read_text()), json.loads(new.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
