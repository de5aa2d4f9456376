"""The vocabulary files hold together: every label a decision row names is a concept, every
metric a row gives is in the dataset's vocabulary, and no rule fails on the demo corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import vocabulary
from extractors.classify import decide, rows
from pipeline.extract import extract_file
from schemas.metrics import METRICS

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "txt"


def test_every_row_names_known_concepts_units_and_metrics() -> None:
    concepts = set(vocabulary.load("concepts")) | set(vocabulary.load("grammar")["marker_labels"])
    units = set(vocabulary.load("units")) | {"none"}
    metrics = {m.code for m in METRICS}
    ids = [row.id for row in rows()]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    for row in rows():
        assert row.all | row.any | row.none <= concepts, row.id
        assert row.units is None or row.units <= units, row.id
        assert row.metric == "" or row.metric in metrics, row.id
        for group in (row.parents, row.previous):
            assert group is None or group <= metrics, row.id


def test_grammar_names_known_concepts_and_units() -> None:
    grammar = vocabulary.load("grammar")
    concepts = set(vocabulary.load("concepts"))
    units = set(vocabulary.load("units"))
    assert set(grammar["status_concepts"]) <= concepts
    assert set(grammar["weak_concepts"]) <= concepts
    assert set(grammar["object_units"]) <= concepts
    assert set(grammar["object_units"].values()) <= units
    assert set(grammar["weak_units"]) <= units


def test_the_first_row_that_holds_decides() -> None:
    assert decide("dossier", frozenset({"LATE", "PENDING"}), None).metric == (
        "dossier.pending.overdue"
    )
    assert decide("dossier", frozenset({"LATE"}), None).metric == "dossier.resolved.late"
    assert decide("dossier", frozenset({"LATE"}), "dossier.pending").metric == (
        "dossier.pending.overdue"
    )
    assert decide("dossier", frozenset({"DUE"}), None).metric == ""  # abstains
    assert decide("other", frozenset({"RECEIVED"}), None) is None


def test_version_changes_with_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = vocabulary.version()
    copy = tmp_path / "vocab"
    copy.mkdir()
    for path in vocabulary.VOCAB_DIR.glob("*.toml"):
        (copy / path.name).write_bytes(path.read_bytes())
    (copy / "concepts.toml").write_text(
        (copy / "concepts.toml").read_text(encoding="utf-8") + 'EXTRA = ["một từ mới"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(vocabulary, "VOCAB_DIR", copy)
    vocabulary.version.cache_clear()
    try:
        assert vocabulary.version() != before
    finally:
        vocabulary.version.cache_clear()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_no_rule_fails_on_the_demo_reports(path: Path) -> None:
    result = extract_file(path)
    assert result.document["status"] == "ok", result.document["errors"]
    assert result.document["errors"] == []
