"""Mentions merge into facts by key; conflicts are flagged, never settled silently."""

import json

import pytest

from pipeline.resolve import (
    fact_id,
    merge_spans,
    qualifier_key,
    reference_flags,
    resolve_facts,
    resolve_metadata,
    resolve_references,
)
from schemas import (
    Candidate,
    Document,
    Evidence,
    Location,
    Reference,
    ReportMeta,
    SourceMap,
    Status,
)
from schemas.text import canonical

PAGE_BREAK = 60


def make_doc(surface: str, doc_id: str = "d" * 64) -> Document:
    """A document whose characters before PAGE_BREAK are on page 1, the rest on page 2."""
    origins = [Location(page=1 if i < PAGE_BREAK else 2) for i in range(len(surface))]
    return Document(
        id=doc_id,
        path="report.txt",
        format="txt",
        status=Status.OK,
        text=canonical(surface),
        surface=surface,
        source_map=SourceMap(origins),
    )


def mention(doc: Document, metric: str, figure: str, sentence: str, occurrence: int = 0, **kw):
    """A candidate for `figure` inside `sentence`, both found in the document's text."""
    start = doc.text.index(sentence)
    for _ in range(occurrence):
        start = doc.text.index(sentence, start + 1)
    fig = doc.text.index(figure, start)
    value = kw.pop("value", None)
    return Candidate(
        metric=metric,
        value=value if value is not None else int(figure),
        start=start,
        end=start + len(sentence),
        figure_start=fig,
        figure_end=fig + len(figure),
        extractor=kw.pop("extractor", "test.rule.v1"),
        qualifiers=kw.pop("qualifiers", {}),
        confidence=kw.pop("confidence", 0.9),
    )


TEXT = (
    "Tổng số hồ sơ tiếp nhận là 120 hồ sơ. Đã giải quyết 118 hồ sơ. "
    "Bảng: Tiếp nhận | 120 | Giải quyết | 118. Sau đó ghi tiếp nhận 125 hồ sơ."
)


def test_same_figure_stated_twice_is_one_fact_with_two_spans():
    doc = make_doc(TEXT)
    cands = [
        mention(doc, "dossier.received", "120", "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."),
        mention(doc, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |"),
    ]
    facts, flags = resolve_facts(doc, cands, [])
    assert flags == []
    assert len(facts) == 1
    fact = facts[0]
    assert fact.value == 120 and fact.unit == "dossier"
    assert [e.page for e in fact.evidence] == [1, 2]
    assert all("120" in e.quote for e in fact.evidence)
    assert fact.evidence[0].quote == "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."


def test_overlapping_spans_are_quoted_once():
    doc = make_doc(TEXT)
    sentence = "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."
    cands = [
        mention(doc, "dossier.received", "120", sentence, extractor="a.v1"),
        mention(doc, "dossier.received", "120", "tiếp nhận là 120", extractor="b.v1"),
    ]
    facts, _ = resolve_facts(doc, cands, [])
    assert len(facts[0].evidence) == 1
    assert facts[0].evidence[0].quote == sentence


def test_merge_spans_joins_only_overlaps():
    assert merge_spans([(10, 20), (0, 5), (15, 30), (30, 40)]) == [(0, 5), (10, 30), (30, 40)]


def test_two_values_for_one_key_keep_the_better_supported_and_flag_both():
    doc = make_doc(TEXT)
    cands = [
        mention(doc, "dossier.received", "125", "Sau đó ghi tiếp nhận 125 hồ sơ."),
        mention(doc, "dossier.received", "120", "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."),
        mention(doc, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |"),
    ]
    facts, flags = resolve_facts(doc, cands, [])
    assert [f.value for f in facts] == [120]
    assert len(flags) == 1
    flag = flags[0]
    assert flag.check == "fact.conflict"
    assert flag.facts == [facts[0].id]
    assert "120" in flag.message and "125" in flag.message
    assert "Sau đó ghi tiếp nhận 125 hồ sơ." in flag.message
    # the losing value's span is not evidence for the kept value
    assert all("125" not in e.quote for e in facts[0].evidence)


def test_conflict_tie_goes_to_confidence_then_to_the_figure_written_first():
    doc = make_doc(TEXT)
    first = "Tổng số hồ sơ tiếp nhận là 120 hồ sơ."
    later = "Sau đó ghi tiếp nhận 125 hồ sơ."
    by_confidence = [
        mention(doc, "dossier.received", "120", first, confidence=0.6),
        mention(doc, "dossier.received", "125", later, confidence=0.95),
    ]
    assert resolve_facts(doc, by_confidence, [])[0][0].value == 125
    by_position = [
        mention(doc, "dossier.received", "125", later),
        mention(doc, "dossier.received", "120", first),
    ]
    assert resolve_facts(doc, by_position, [])[0][0].value == 120


def test_field_names_join_across_case_marks_and_spacing():
    text = "Chứng thực 11 thủ tục; Lĩnh vực Chúng thực 11 thủ tục; chứng  thực 11; Hộ tịch 19."
    doc = make_doc(text)
    cands = [
        mention(doc, "tthc.by_field", "11", "Chứng thực 11", qualifiers={"field": "Chứng thực"}),
        mention(doc, "tthc.by_field", "11", "Chúng thực 11", qualifiers={"field": "Chúng thực"}),
        mention(doc, "tthc.by_field", "11", "chứng  thực 11", qualifiers={"field": "chứng  thực"}),
        mention(doc, "tthc.by_field", "19", "Hộ tịch 19", qualifiers={"field": "Hộ tịch"}),
    ]
    facts, flags = resolve_facts(doc, cands, [])
    assert flags == []
    assert [(f.qualifiers["field"], len(f.evidence)) for f in facts] == [
        ("Chứng thực", 3),
        ("Hộ tịch", 1),
    ]


def test_other_qualifiers_differ_by_value_but_not_by_tone_placement():
    text = "Năm 2020 có 30 thủ tục, năm 2021 có 31 thủ tục."
    doc = make_doc(text)
    cands = [
        mention(doc, "tthc.total", "30", "Năm 2020 có 30", qualifiers={"year": "2020"}),
        mention(doc, "tthc.total", "31", "năm 2021 có 31", qualifiers={"year": "2021"}),
    ]
    facts, flags = resolve_facts(doc, cands, [])
    assert [f.value for f in facts] == [30, 31] and flags == []
    assert qualifier_key({"period": "Quý II Thanh Hoá"}) == qualifier_key(
        {"period": "quý II thanh hóa"}
    )


def test_fact_id_depends_on_file_metric_and_key_only():
    doc = make_doc(TEXT)
    a = resolve_facts(
        doc, [mention(doc, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |")], []
    )[0][0]
    b = resolve_facts(
        doc,
        [
            mention(
                doc,
                "dossier.received",
                "125",
                "Sau đó ghi tiếp nhận 125 hồ sơ.",
                extractor="other.rule.v2",
            )
        ],
        [],
    )[0][0]
    assert a.id == b.id  # another value, span and rule: a correction stays attached
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    other_file = make_doc(TEXT, doc_id="e" * 64)
    c = resolve_facts(
        other_file, [mention(other_file, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |")], []
    )[0][0]
    assert c.id != a.id
    assert fact_id("x", "m", {"a": "1", "b": "2"}) == fact_id("x", "m", {"b": "2", "a": "1"})
    assert fact_id("x", "m", {}) != fact_id("x", "n", {})


def test_span_widens_to_hold_the_figure():
    doc = make_doc(TEXT)
    cand = mention(doc, "dossier.resolved", "118", "Đã giải quyết 118 hồ sơ.")
    cand.end = cand.figure_start - 1  # a rule cut the sentence before the number
    facts, _ = resolve_facts(doc, [cand], [])
    evidence = facts[0].evidence[0]
    assert "118" in evidence.quote
    assert doc.text[evidence.figure_start : evidence.figure_end] == "118"
    assert evidence.start <= evidence.figure_start < evidence.figure_end <= evidence.end


def test_counts_are_int_and_rates_and_areas_float_in_json():
    text = "Tiếp nhận 2.231 hồ sơ, đúng hạn đạt 100%, diện tích 55 m2."
    doc = make_doc(text)
    cands = [
        mention(doc, "dossier.received", "2.231", "Tiếp nhận 2.231 hồ sơ", value=2231.0),
        mention(doc, "dossier.on_time_rate", "100", "đạt 100%", value=100),
        mention(doc, "one_stop.area_m2", "55", "diện tích 55 m2", value=55),
    ]
    facts, _ = resolve_facts(doc, cands, [])
    values = [json.loads(f.model_dump_json())["value"] for f in facts]
    assert values == [2231, 100.0, 55.0]
    assert [type(v) for v in values] == [int, float, float]
    assert [f.unit for f in facts] == ["dossier", "percent", "m2"]


def test_unknown_metric_and_bad_offsets_are_dropped_with_a_note():
    doc = make_doc(TEXT)
    good = mention(doc, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |")
    unknown = mention(doc, "dossier.invented", "118", "Đã giải quyết 118 hồ sơ.")
    outside = mention(doc, "dossier.resolved", "118", "Đã giải quyết 118 hồ sơ.")
    outside.figure_end = len(doc.text) + 5
    notes: list[str] = []
    facts, _ = resolve_facts(doc, [good, unknown, outside], notes)
    assert [f.metric for f in facts] == ["dossier.received"]
    assert len(notes) == 2
    assert "dossier.invented" in notes[0] and "outside the text" in notes[1]


def test_quotes_keep_the_source_tone_placement():
    doc = make_doc("Tỷ lệ số hoá đạt 98,8% trong kỳ.")
    assert "hóa" in doc.text and "hoá" in doc.surface
    cand = mention(doc, "dossier.digitized_rate", "98,8", "Tỷ lệ số hóa đạt 98,8%", value=98.8)
    fact = resolve_facts(doc, [cand], [])[0][0]
    assert fact.evidence[0].quote == "Tỷ lệ số hoá đạt 98,8%"


REF_TEXT = (
    "Thực hiện Kế hoạch số 19/KH-UBND ngày 10/3/2023 của UBND. Theo Kế hoạch 19/KH-UBND, "
    "và Kế hoạch số 12/KH-UBND ngày 01/02/2022, Kế hoạch số 12/KH-UBND ngày 05/6/2023, "
    "Kế hoạch 12/KH-UBND nói trên."
)


def ref(doc: Document, kind: str, number: str, date: str | None, phrase: str, occurrence=0, **kw):
    start = doc.text.index(phrase)
    for _ in range(occurrence):
        start = doc.text.index(phrase, start + 1)
    ev = Evidence(start=start, end=start + len(phrase), quote="(from the extractor)")
    return Reference(kind=kind, number=number, date=date, evidence=[ev], **kw)


def test_references_merge_by_key_and_undated_mentions_join_the_only_dated_one():
    doc = make_doc(REF_TEXT)
    refs = [
        ref(doc, "Kế hoạch", "19/KH-UBND", "2023-03-10", "Kế hoạch số 19/KH-UBND ngày 10/3/2023"),
        ref(doc, "Kế hoạch", "19/KH-UBND", None, "Kế hoạch 19/KH-UBND", issuer="UBND"),
        ref(doc, "Kế hoạch", "12/KH-UBND", "2022-02-01", "Kế hoạch số 12/KH-UBND ngày 01/02"),
        ref(doc, "Kế hoạch", "12/KH-UBND", "2023-06-05", "Kế hoạch số 12/KH-UBND ngày 05/6"),
        ref(doc, "Kế hoạch", "12/KH-UBND", None, "Kế hoạch 12/KH-UBND nói trên"),
    ]
    merged = resolve_references(doc, refs)
    keys = [(r.number, r.date) for r in merged]
    assert keys == [
        ("19/KH-UBND", "2023-03-10"),
        ("12/KH-UBND", "2022-02-01"),
        ("12/KH-UBND", "2023-06-05"),
        ("12/KH-UBND", None),  # two dated ones: cannot tell which is meant
    ]
    first = merged[0]
    assert first.issuer == "UBND"
    assert [e.quote for e in first.evidence] == [
        "Kế hoạch số 19/KH-UBND ngày 10/3/2023",
        "Kế hoạch 19/KH-UBND",
    ]
    assert first.evidence[0].page == 1


def test_undated_first_mention_keeps_its_place_after_joining():
    doc = make_doc(REF_TEXT)
    refs = [
        ref(doc, "Kế hoạch", "12/KH-UBND", None, "Kế hoạch 12/KH-UBND nói trên"),
        ref(doc, "Kế hoạch", "19/KH-UBND", "2023-03-10", "Kế hoạch số 19/KH-UBND ngày 10/3/2023"),
        ref(doc, "Kế hoạch", "12/KH-UBND", "2022-02-01", "Kế hoạch số 12/KH-UBND ngày 01/02"),
    ]
    merged = resolve_references(doc, refs)
    assert [(r.number, r.date) for r in merged] == [
        ("12/KH-UBND", "2022-02-01"),
        ("19/KH-UBND", "2023-03-10"),
    ]
    assert len(merged[0].evidence) == 2


def test_metadata_evidence_is_requoted_from_the_document():
    doc = make_doc("ỦY BAN NHÂN DÂN THỊ TRẤN THANH HÀ. Chủ tịch Nguyễn Văn A")
    start = doc.text.index("Nguyễn Văn A")
    meta = ReportMeta(
        signer="Nguyễn Văn A",
        evidence={"signer": Evidence(start=start, end=start + 12, quote="?")},
    )
    result = resolve_metadata(doc, meta)
    assert result.signer == "Nguyễn Văn A"
    assert result.evidence["signer"].quote == "Nguyễn Văn A"
    assert meta.evidence["signer"].quote == "?"  # the extractor's record is not changed


@pytest.mark.parametrize("value", [True, "12"])
def test_non_numbers_are_refused(value):
    doc = make_doc(TEXT)
    cand = mention(doc, "dossier.received", "120", "Bảng: Tiếp nhận | 120 |")
    cand.value = value
    notes: list[str] = []
    assert resolve_facts(doc, [cand], notes)[0] == [] and "not a number" in notes[0]


def test_one_number_with_two_dates_in_a_year_is_flagged_unless_issuers_differ():
    def r(date, issuer=None, number="806/KH-UBND"):
        return Reference(kind="Kế hoạch", number=number, date=date, issuer=issuer)

    flags = reference_flags([r("2026-01-09", "UBND tỉnh"), r("2026-01-19"), r("2025-03-01")])
    assert [f.check for f in flags] == ["reference.date_conflict"]
    assert "2026-01-09" in flags[0].message and "2026-01-19" in flags[0].message
    assert reference_flags([r("2026-01-09", "UBND tỉnh"), r("2026-01-19", "UBND xã")]) == []
    assert reference_flags([r("2026-01-09"), r("2026-01-09"), r("2026-01-19", number="1/KH")]) == []


def test_a_rate_stated_at_two_precisions_is_one_figure() -> None:
    from pipeline.resolve import _merge_rounded

    by_value = {71.95: ["table"], 72.0: ["prose"], 80.0: ["target"]}
    _merge_rounded(by_value)
    assert by_value == {71.95: ["table", "prose"], 80.0: ["target"]}
