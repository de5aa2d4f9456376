"""scripts/compare_facts.py: the same rules give the same facts, and a fact one side lacks
is reported as lost, under its file and family."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "compare_facts.py"
SEED = sorted((ROOT / "corpus" / "txt").glob("*.txt"))[1]


def _run(*args: str) -> str:
    env = {"PYTHONPATH": str(ROOT), "PATH": ""}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def test_one_checkout_against_itself_gains_and_loses_nothing() -> None:
    facts = len(extract_file(SEED).facts)
    out = _run("compare", "--base", str(ROOT), str(SEED))
    assert out.strip() == f"files 1: facts {facts} -> {facts}, same {facts}, gained 0, lost 0"


def test_a_fact_missing_on_the_new_side_is_lost(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    _run("dump", str(SEED), "-o", str(old))
    dumped = json.loads(old.read_text(encoding="utf-8"))
    (facts,) = dumped.values()
    gone = facts.pop(0)
    new = tmp_path / "new.json"
    new.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")
    lines = _run("diff", str(old), str(new)).splitlines()
    total = len(facts) + 1
    assert lines[0] == f"{SEED}: +0 -1"
    assert lines[1].startswith(f"  - {gone['metric']}[") and f"= {gone['value']} " in lines[1]
    family = gone["metric"].split(".")[0]
    assert lines[2:] == [
        f"files 1: facts {total} -> {len(facts)}, same {len(facts)}, gained 0, lost 1",
        f"  {family}: +0 -1",
    ]
