"""Whole-document golden files: every fact (metric, qualifiers, value, the rule and decision
row that gave it), the report's metadata and the unclaimed count of each demo report in each
form. A change of the extraction shows here as a diff to read; `pytest --regenerate-golden`
rewrites the files, which a person reads before they are committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
DOCUMENTS = sorted(
    p for form in ("txt", "docx", "pdf") for p in (ROOT / "corpus" / form).glob("*.*")
)


def summary(path: Path) -> dict:
    result = extract_file(path)
    report = result.report.model_dump(exclude={"evidence"}) if result.report else {}
    facts = sorted(
        (
            {"metric": f.metric, "qualifiers": f.qualifiers, "value": f.value, "rule": f.extractor}
            for f in result.facts
        ),
        key=lambda f: (f["metric"], json.dumps(f["qualifiers"], sort_keys=True), str(f["value"])),
    )
    return {
        "status": result.document["status"],
        "report": report,
        "facts": facts,
        "flags": sorted(f.check for f in result.flags),
        "unclaimed": len(result.unclaimed),
    }


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_document_matches_its_golden_file(path: Path, regenerate_golden: bool) -> None:
    golden = GOLDEN / f"{path.stem}.{path.parent.name}.json"
    got = summary(path)
    if regenerate_golden or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not regenerate_golden:
            pytest.fail(f"{golden.name} did not exist: written, read it and commit it")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
