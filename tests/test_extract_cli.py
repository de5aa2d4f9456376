"""`baocao extract`: the JSON contract of the interface spec, with evidence that holds.

The first tests run `extract_document` with small hand-made rules (a faulty rule must not
cost the file); the rest run the installed command on the bundled corpus in a subprocess,
as scripts outside the project do.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract import extract_document, extract_file
from pipeline.scoring import figure_in_quote
from schemas import BY_CODE, Candidate, Document, ReportMeta, Status
from schemas.text import canonical, fold_spaces

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TXT = ROOT / "corpus" / "txt"
BAOCAO = Path(sys.executable).parent / "baocao"

DOCUMENT_KEYS = {"id", "path", "format", "pages", "status", "errors"}
REPORT_KEYS = {
    "unit_name", "unit_type", "district", "province", "report_type", "period_label",
    "period_start", "period_end", "issue_date", "doc_number", "signer", "signer_title",
}  # fmt: skip
FACT_KEYS = {"id", "metric", "qualifiers", "value", "unit", "evidence", "extractor", "confidence"}
EVIDENCE_KEYS = {"page", "start", "end", "quote"}
REFERENCE_KEYS = {"kind", "number", "date", "issuer", "subject", "own", "evidence"}
FLAG_KEYS = {"check", "severity", "message", "facts"}


# ------------------------------------------------------------ with hand-made rules

TEXT = "Tổng số hồ sơ tiếp nhận là 120 hồ sơ. Đã giải quyết 118 hồ sơ."


def _doc(status: Status = Status.OK) -> Document:
    return Document(id="a" * 64, path="r.txt", format="txt", status=status, text=TEXT, surface=TEXT)


class Finds:
    """A rule that reports one figure of TEXT."""

    def __init__(self, metric: str, figure: str) -> None:
        self.id = f"test.{metric}.v1"
        self.metric, self.figure = metric, figure

    def extract(self, doc):
        at = doc.text.index(self.figure)
        end = doc.text.index(".", at) + 1
        start = doc.text.rfind(".", 0, at) + 1
        yield Candidate(self.metric, int(self.figure), start, end, at, at + 3, self.id)


class Breaks:
    id = "test.broken.v1"

    def extract(self, doc):
        yield from ()
        raise RuntimeError("rule bug")


class NoReferences:
    id = "test.refs.v1"

    def extract(self, doc):
        return []


class Meta:
    id = "test.meta.v1"

    def extract(self, doc):
        return ReportMeta(unit_name="Thanh Hà")


def test_a_faulty_rule_is_an_error_note_and_the_others_still_count():
    rules = [Finds("dossier.received", "120"), Breaks(), Finds("dossier.resolved", "118")]
    result = extract_document(_doc(), rules, NoReferences(), Meta())
    assert [f.metric for f in result.facts] == ["dossier.received", "dossier.resolved"]
    assert result.document["status"] == "partial"
    assert any("test.broken.v1" in e and "rule bug" in e for e in result.document["errors"])
    assert result.report.unit_name == "Thanh Hà"


def test_a_clean_run_stays_ok_and_prints_the_contract_keys():
    result = extract_document(_doc(), [Finds("dossier.received", "120")], NoReferences(), Meta())
    data = json.loads(result.model_dump_json())
    assert data["document"]["status"] == "ok" and data["document"]["errors"] == []
    assert DOCUMENT_KEYS <= data["document"].keys()
    assert REPORT_KEYS <= data["report"].keys()
    fact = data["facts"][0]
    assert FACT_KEYS <= fact.keys() and EVIDENCE_KEYS <= fact["evidence"][0].keys()
    assert fact["value"] == 120 and isinstance(fact["value"], int)
    assert fact["evidence"][0]["quote"] == "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."


def test_a_failed_document_yields_an_extraction_without_facts():
    doc = _doc(Status.FAILED)
    doc.errors = ["r.txt: not a report"]
    result = extract_document(doc, [Finds("dossier.received", "120")], NoReferences(), Meta())
    assert result.facts == [] and result.document["status"] == "failed"
    assert result.document["errors"] == ["r.txt: not a report"]


def test_extract_file_reports_a_missing_file_as_failed(tmp_path):
    result = extract_file(tmp_path / "absent.pdf")
    assert result.document["status"] == "failed"
    assert any("absent.pdf" in e for e in result.document["errors"])
    assert result.facts == []


# ------------------------------------------------------------ the installed command


def _corpus_files() -> list[Path]:
    files = sorted(CORPUS_TXT.glob("*.txt"))
    if not files:
        pytest.skip(f"no bundled corpus texts in {CORPUS_TXT}")
    return files


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BAOCAO), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@pytest.fixture(scope="session")
def extracted() -> list[tuple[Path, dict]]:
    files = _corpus_files()
    run = _run("extract", *(str(f.relative_to(ROOT)) for f in files), "--json")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(files), run.stdout[:2000]
    return list(zip(files, (json.loads(line) for line in lines), strict=True))


@pytest.fixture(scope="session")
def normalised_texts(extracted) -> dict[str, str]:
    """`baocao text` of each file: what evidence offsets point into."""
    texts = {}
    for path, _ in extracted:
        run = _run("text", str(path.relative_to(ROOT)))
        assert run.returncode == 0, run.stderr
        texts[path.name] = run.stdout
    return texts


def test_one_line_per_file_in_input_order_with_the_contract_keys(extracted):
    for path, data in extracted:
        assert {"document", "report", "facts", "references", "flags"} <= data.keys()
        assert DOCUMENT_KEYS <= data["document"].keys()
        assert data["document"]["path"].endswith(path.name)
        assert data["document"]["status"] == "ok", data["document"]["errors"]
        assert len(data["document"]["id"]) == 64
        assert REPORT_KEYS <= data["report"].keys()
        for ref in data["references"]:
            assert REFERENCE_KEYS <= ref.keys()
            assert all(EVIDENCE_KEYS <= e.keys() for e in ref["evidence"])
        for flag in data["flags"]:
            assert FLAG_KEYS <= flag.keys()
    assert sum(len(data["facts"]) for _, data in extracted) > 0


def test_facts_speak_the_vocabulary_with_int_counts_and_float_rates(extracted):
    for _, data in extracted:
        ids = [fact["id"] for fact in data["facts"]]
        assert len(ids) == len(set(ids))
        for fact in data["facts"]:
            assert FACT_KEYS <= fact.keys()
            assert fact["metric"] in BY_CODE
            unit = BY_CODE[fact["metric"]].unit
            assert fact["unit"] == unit
            if unit in ("percent", "m2"):
                assert isinstance(fact["value"], float), fact
            else:
                assert isinstance(fact["value"], int), fact
            assert fact["evidence"], fact


def _check_evidence(name: str, data: dict, text: str) -> None:
    """Quotes sit at their offsets of `baocao text` and write their figure or number."""
    pages = data["document"]["pages"]
    for fact in data["facts"]:
        for ev in fact["evidence"]:
            # the quote keeps the source's tone placement; the text has the canonical one
            at_offsets = fold_spaces(text[ev["start"] : ev["end"]])
            assert at_offsets == canonical(ev["quote"]), (name, fact)
            assert figure_in_quote(fact["value"], ev["quote"]), (name, fact)
            figure = text[ev["figure_start"] : ev["figure_end"]]
            assert ev["start"] <= ev["figure_start"] < ev["figure_end"] <= ev["end"], fact
            assert figure_in_quote(fact["value"], figure), (name, figure, fact)
            if pages is None:
                assert ev["page"] is None, (name, fact)
            else:
                assert 1 <= ev["page"] <= pages, (name, fact)
    for ref in data["references"]:
        for ev in ref["evidence"]:
            at_offsets = fold_spaces(text[ev["start"] : ev["end"]])
            assert at_offsets == canonical(ev["quote"]), (name, ref)
            number = "".join(canonical(ref["number"]).split())
            assert number in "".join(canonical(ev["quote"]).split()), (name, ref)


def test_every_quote_is_in_the_text_at_its_offsets_and_holds_its_figure(
    extracted, normalised_texts
):
    for path, data in extracted:
        _check_evidence(path.name, data, normalised_texts[path.name])


@pytest.mark.parametrize("form", ["pdf", "docx"])
def test_pdf_and_docx_forms_give_pages_and_valid_quotes(form):
    files = sorted((ROOT / "corpus" / form).glob(f"*.{form}"))
    if not files:
        pytest.skip(f"no bundled {form} forms in corpus/{form}")
    path = str(files[-1].relative_to(ROOT))
    run = _run("extract", path, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["document"]["status"] == "ok" and data["facts"]
    assert (data["document"]["pages"] or 0) >= (1 if form == "pdf" else 0)
    text = _run("text", path).stdout
    _check_evidence(path, data, text)


def test_ids_are_stable_across_runs(extracted):
    path, first = extracted[0]
    again = json.loads(_run("extract", str(path.relative_to(ROOT)), "--json").stdout)
    assert [f["id"] for f in again["facts"]] == [f["id"] for f in first["facts"]]
    assert [f["value"] for f in again["facts"]] == [f["value"] for f in first["facts"]]


def test_a_bad_file_fails_alone_and_sets_the_exit_code(tmp_path):
    good = _corpus_files()[0]
    missing = tmp_path / "absent.docx"
    run = _run("extract", str(missing), str(good.relative_to(ROOT)), "--json")
    assert run.returncode != 0
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["document"]["status"] for line in lines] == ["failed", "ok"]
    assert any("absent.docx" in e for e in lines[0]["document"]["errors"])
    assert "Traceback" not in run.stderr


def test_text_output_names_the_file_and_lists_facts():
    good = _corpus_files()[0]
    run = _run("extract", str(good.relative_to(ROOT)))
    assert run.returncode == 0, run.stderr
    assert good.name in run.stdout and "Facts (" in run.stdout and "References (" in run.stdout


def test_rendered_text_shows_facts_with_the_words_around_their_figure():
    from pipeline.render import render_extraction

    long_text = "Trong kỳ, " + "bộ phận một cửa đã tiếp nhận và xử lý công việc; " * 4 + TEXT
    doc = Document(
        id="b" * 64, path="r.txt", format="txt", status=Status.OK, text=long_text,
        surface=long_text,
    )  # fmt: skip
    rules = [Finds("dossier.received", "120"), Finds("dossier.received", "125")]
    rules[1].figure = "118"  # the same key read as two values: a conflict flag
    result = extract_document(doc, rules, NoReferences(), Meta())
    shown = render_extraction(result)
    assert "r.txt" in shown and "Thanh Hà" in shown
    assert "dossier.received" in shown and "120 dossier" in shown
    assert "tiếp nhận là 120 hồ sơ" in shown
    assert "fact.conflict" in shown and result.facts[0].id in shown
