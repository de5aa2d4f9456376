"""Scoring rules of the evaluation, on small hand-written cases."""

import json

import pytest

from pipeline.evaluate import (
    EvalReport,
    Gold,
    GoldError,
    evaluate_folder,
    find_source,
    load_gold,
    score_document,
)
from pipeline.scoring import (
    Counts,
    count_facts,
    figure_in_quote,
    match_facts,
    match_references,
    names_match,
    qualifiers_match,
    quote_in_source,
    score_metadata,
    values_match,
)
from schemas import Document, Evidence, Extraction, Fact, Flag, Reference, ReportMeta, Status


def fact(metric: str, value, **qualifiers) -> dict:
    return {"metric": metric, "qualifiers": qualifiers, "value": value}


@pytest.mark.parametrize(
    ("gold", "got", "same"),
    [
        ("Chứng thực", "Chúng thực", True),
        ("Hộ tịch", "hộ  tịch.", True),
        ("Quản lý giá công sản", "Quản ly gia cong san", True),
        ("Phòng chống tham nhũng", "Phòng chống tham nhũn", True),
        ("Hộ tịch", "Chứng thực", False),
        ("Phòng chống tham nhũng", "Phòng chống tệ nạn xã hội", False),
    ],
)
def test_field_names_match_tolerantly(gold, got, same):
    assert names_match(gold, got) is same


def test_qualifiers_need_the_same_names_and_values():
    assert qualifiers_match({"scope": "province"}, {"scope": "Province"})
    assert qualifiers_match({"field": "Hộ tịch"}, {"field": "Ho tich"})
    assert not qualifiers_match({}, {"year": "2021"})
    assert not qualifiers_match({"level": "3"}, {"level": "4"})
    assert not qualifiers_match({"year": "2020"}, {"year": "2021"})


def test_values_exact_for_counts_and_within_a_hundredth_for_rates():
    assert values_match("dossier.received", 12, 12.0)
    assert not values_match("dossier.received", 12, 13)
    assert not values_match("dossier.received", 1, True)
    assert values_match("dossier.on_time_rate", 95.53, 95.535)
    assert values_match("dossier.on_time_rate", 95.53, 95.54)
    assert not values_match("dossier.on_time_rate", 95.53, 95.6)
    assert not values_match("one_stop.area_m2", 55.0, 55.5)


def test_match_facts_counts_each_gold_fact_once_and_skips_ignored_keys():
    gold = [
        fact("tthc.total", 103),
        fact("tthc.by_field", 11, field="Chứng thực"),
        fact("staff.total", 18),
    ]
    ignore = [{"metric": "dossier.resolved", "qualifiers": {}, "why": "ambiguous"}]
    extracted = [
        fact("tthc.total", 103),
        fact("tthc.total", 103),  # a duplicate cannot be right twice
        fact("tthc.by_field", 11, field="Chúng thực"),
        fact("staff.total", 17),
        fact("dossier.resolved", 736),
        fact("invented.metric", 5),
    ]
    result = match_facts(gold, extracted, ignore)
    assert [g["metric"] for g, _ in result.correct] == ["tthc.total", "tthc.by_field"]
    assert result.false_pos == [fact("tthc.total", 103), fact("staff.total", 17)]
    assert result.false_neg == [fact("staff.total", 18)]
    assert result.ignored == [fact("dossier.resolved", 736)]


def test_counts_per_family_and_incomplete_gold_counts_for_recall_only():
    gold = [fact("tthc.total", 103), fact("staff.total", 18), fact("staff.cadres", 9)]
    extracted = [fact("tthc.total", 103), fact("staff.total", 17), fact("staff.cadres", 9)]
    match = match_facts(gold, extracted, [])
    complete = count_facts(match, complete=True)
    assert (complete["staff"].tp, complete["staff"].fp, complete["staff"].fn) == (1, 1, 1)
    assert (complete["overall"].tp, complete["overall"].fp, complete["overall"].fn) == (2, 1, 1)
    partial = count_facts(match, complete=False)
    assert partial["overall"].tp == 2 and partial["overall"].fn == 1
    assert partial["overall"].fp == 0 and partial["overall"].precision is None


def test_precision_recall_f1_arithmetic():
    counts = Counts(tp=3, fn=2, tp_p=3, fp=1)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 is None
    assert Counts(tp=0, fn=2, tp_p=0, fp=1).f1 == 0.0


def test_references_match_on_kind_number_and_the_gold_date():
    gold = [
        {"kind": "Nghị định", "number": "61/2018/NĐ-CP", "date": "2018-04-23"},
        {"kind": "Kế hoạch", "number": "806/KH-UBND", "date": None},
        {"kind": "Thông tư", "number": "01/2018/TT-VPCP", "date": "2018-11-23"},
    ]
    extracted = [
        {"kind": "nghị định", "number": "61/2018/NĐ-CP", "date": "2018-04-23"},
        {"kind": "Kế hoạch", "number": "806/KH-UBND", "date": "2026-01-09"},
        {"kind": "Thông tư", "number": "01/2018/TT-VPCP", "date": "2018-11-24"},
    ]
    result = match_references(gold, extracted)
    assert len(result.correct) == 2
    assert [r["number"] for r in result.false_neg] == ["01/2018/TT-VPCP"]
    assert [r["date"] for r in result.false_pos] == ["2018-11-24"]


def test_an_undated_gold_reference_does_not_take_the_match_of_a_dated_one():
    gold = [
        {"kind": "Kế hoạch", "number": "12/KH-UBND", "date": None},
        {"kind": "Kế hoạch", "number": "12/KH-UBND", "date": "2022-02-01"},
    ]
    extracted = [{"kind": "Kế hoạch", "number": "12/KH-UBND", "date": "2022-02-01"}]
    result = match_references(gold, extracted)
    assert [g["date"] for g, _ in result.correct] == ["2022-02-01"]
    assert [g["date"] for g in result.false_neg] == [None]


def test_metadata_fields_dates_exact_names_tolerant_of_case_only():
    gold = {
        "signer": "Nguyễn Năng Hùng",
        "period_end": "2021-06-14",
        "district": None,
        "report_type": "Báo cáo kết quả thực hiện công tác cải cách hành chính",
        "unit_name": "Thanh Hà",
    }
    got = {
        "signer": "nguyễn năng hùng",
        "period_end": "2021-06-15",
        "district": None,
        "report_type": "Báo cáo kết quả thực hiện công tác cải cách hành chánh",
        "unit_name": "Thanh Hải",
    }
    assert score_metadata(gold, got) == {
        "signer": True,
        "period_end": False,
        "district": True,
        "report_type": True,
        "unit_name": False,
    }
    assert score_metadata({"province": "Hải Dương"}, {"province": None}) == {"province": False}


@pytest.mark.parametrize(
    ("value", "quote", "holds"),
    [
        (2231, "tiếp nhận 2.231 hồ sơ", True),
        (98.8, "đúng hạn đạt 98,8%", True),
        (2, "gồm 02 cán bộ", True),
        (3, "có ba thủ tục", True),
        (0, "Số lượng TTHC được đánh giá tác động: Không có", True),
        (5, "tiếp nhận 15 hồ sơ", False),
        (2231, "tiếp nhận 2.232 hồ sơ", False),
        (11, "Trung cấp 11/11 người chiếm 100%", True),
        (100.0, "Trung cấp 11/11 người chiếm 100%", True),
        (1, "Trung cấp 11/11 người", False),
    ],
)
def test_figure_in_quote(value, quote, holds):
    assert figure_in_quote(value, quote) is holds


def test_quote_in_source_folds_white_space():
    source = "Tổng số hồ sơ\n  tiếp nhận là 120 hồ sơ."
    folded = " ".join(source.split())
    assert quote_in_source("hồ sơ tiếp nhận là 120", folded)
    assert not quote_in_source("hồ sơ đã tiếp nhận là 120", folded)
    assert not quote_in_source("", folded)


def test_find_source_tries_the_same_stem_in_other_formats(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "real" / "b.docx").write_bytes(b"PK")
    assert find_source("a.txt", tmp_path) == tmp_path / "a.pdf"
    assert find_source("b.docx", tmp_path, "real") == tmp_path / "real" / "b.docx"
    assert find_source("c.txt", tmp_path) is None


def test_bad_gold_file_names_itself(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="broken.json"):
        load_gold(bad)
    no_file = tmp_path / "nofile.json"
    no_file.write_text(json.dumps({"facts": []}), encoding="utf-8")
    with pytest.raises(GoldError, match="nofile.json"):
        load_gold(no_file)


def test_gold_files_without_a_corpus_file_are_reported_missing(tmp_path):
    gold_dir, corpus = tmp_path / "gold", tmp_path / "corpus"
    (gold_dir / "real").mkdir(parents=True)
    corpus.mkdir()
    (gold_dir / "x.json").write_text(json.dumps({"file": "x.txt", "facts": []}), "utf-8")
    (gold_dir / "real" / "y.json").write_text(json.dumps({"file": "y.docx"}), "utf-8")
    report = evaluate_folder(gold_dir, corpus)
    assert report.documents == []
    assert report.missing == ["x.txt", "real/y.docx"]
    with pytest.raises(GoldError, match="no such corpus folder"):
        evaluate_folder(gold_dir, tmp_path / "absent")


def _scored_document():
    surface = "Tiếp nhận 120 hồ sơ, giải quyết 118 hồ sơ. Diện tích 55 m2."
    doc = Document(
        id="f" * 64, path="x.txt", format="txt", status=Status.OK, text=surface, surface=surface
    )

    def mk(fid, metric, value, unit, quote):
        start = surface.index(quote) if quote in surface else 0
        ev = Evidence(start=start, end=start + len(quote), quote=quote)
        return Fact(id=fid, metric=metric, value=value, unit=unit, evidence=[ev], extractor="t")

    extraction = Extraction(
        document={"status": "ok", "errors": []},
        report=ReportMeta(unit_name="Thanh Hà"),
        facts=[
            mk("1", "dossier.received", 120, "dossier", "Tiếp nhận 120 hồ sơ"),
            mk("2", "dossier.resolved", 119, "dossier", "giải quyết 118 hồ sơ"),
            mk("3", "one_stop.area_m2", 55.0, "m2", "Diện tích 55 m2 rộng"),
        ],
        references=[Reference(kind="Kế hoạch", number="19/KH-UBND", date="2023-03-10")],
        flags=[Flag(check="dossier.resolved_parts", message="118 + 2 != 120", facts=["1"])],
    )
    gold = Gold(
        path=None,
        file="x.txt",
        subdir="",
        complete=True,
        report={"unit_name": "Thanh Hà", "signer": "Trần Văn Tuấn"},
        facts=[
            fact("dossier.received", 120),
            fact("dossier.resolved", 118),
            fact("one_stop.area_m2", 55.0),
        ],
        references=[{"kind": "Kế hoạch", "number": "19/KH-UBND", "date": "2023-03-10"}],
        ignore=[],
        inconsistencies=[{"check": "parts", "detail": "..."}],
    )
    return score_document(gold, doc.path, doc, extraction)


def test_score_document_checks_quotes_against_the_source():
    score = _scored_document()
    problems = {(p["metric"], p["in_source"], p["has_figure"]) for p in score.evidence_problems}
    assert score.evidence_total == 3
    assert problems == {("dossier.resolved", True, False), ("one_stop.area_m2", False, True)}
    assert score.metadata == {"unit_name": True, "signer": False}
    assert score.fact_counts["overall"].tp == 2 and score.fact_counts["overall"].fp == 1


def test_render_lists_errors_only_when_verbose():
    report = EvalReport(gold_dir="gold", corpus="corpus", documents=[_scored_document()])
    short = report.render()
    assert "dossier" in short and "overall" in short and "references" in short
    assert "FP dossier.resolved" not in short
    verbose = report.render(verbose=True)
    assert "FP dossier.resolved = 119  [gold: 118]" in verbose
    assert "FN dossier.resolved = 118  [extracted: 119]" in verbose
    assert "meta signer" in verbose
    data = report.to_dict()
    assert data["facts"]["overall"]["tp"] == 2
    assert data["evidence"] == {"quotes": 3, "valid": 1, "not_in_source": 1, "without_figure": 1}
    json.dumps(data)  # machine output must serialise
