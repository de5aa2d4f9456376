"""Arithmetic checks between the figures of one report: each check fires on a report whose
figures do not add up and stays silent on one whose figures do."""

from __future__ import annotations

import pytest

from pipeline.validate import validate
from schemas import Evidence, Fact, Flag, ReportMeta, unit_of


def fact(metric: str, value: float, quote: str, **qualifiers: str) -> Fact:
    key = ",".join(f"{k}={v}" for k, v in sorted(qualifiers.items()))
    return Fact(
        id=f"{metric}[{key}]={value}",
        metric=metric,
        qualifiers=qualifiers,
        value=value,
        unit=unit_of(metric),
        evidence=[Evidence(start=0, end=len(quote), quote=quote)],
        extractor="test",
    )


def run(facts: list[Fact], report: ReportMeta | None = None) -> list[Flag]:
    return validate(facts, report)


def named(flags: list[Flag], check: str) -> list[Flag]:
    return [f for f in flags if f.check == check]


# A quarterly commune report whose figures add up (suspended and returned dossiers sit beside
# resolved + pending, as on the official form).
CONSISTENT = [
    fact("dossier.received", 937, "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là 937 hồ sơ"),
    fact("dossier.received.new", 934, "Số hồ sơ mới tiếp nhận là 934 hồ sơ"),
    fact("dossier.received.online", 854, "(Trực tuyến: 854 hồ sơ, trực tiếp: 80 hồ sơ)"),
    fact("dossier.received.direct", 80, "(Trực tuyến: 854 hồ sơ, trực tiếp: 80 hồ sơ)"),
    fact("dossier.received.postal", 0, "qua dịch vụ bưu chính công ích: 0 hồ sơ"),
    fact("dossier.carried_over", 3, "Số hồ sơ từ kỳ báo cáo trước chuyển qua là 3 hồ sơ"),
    fact("dossier.resolved", 935, "Số hồ sơ đã giải quyết là 935 hồ sơ, trong đó:"),
    fact("dossier.resolved.early", 920, "Số hồ sơ giải quyết trước hạn là 920 hồ sơ"),
    fact("dossier.resolved.on_time", 15, "số hồ sơ giải quyết đúng hạn là 15 hồ sơ"),
    fact("dossier.resolved.late", 0, "số hồ sơ giải quyết quá hạn 0 hồ sơ"),
    fact("dossier.pending", 2, "Số hồ sơ đang giải quyết là 2 hồ sơ, trong đó:"),
    fact("dossier.pending.not_due", 2, "Số hồ sơ chưa đến hạn là 2 hồ sơ"),
    fact("dossier.suspended", 1, "Số hồ sơ tạm dừng là 1 hồ sơ"),
    fact("dossier.returned", 1, "hồ sơ trả lại do không đủ điều kiện giải quyết là 1 hồ sơ"),
    fact("dossier.digitized_on_receipt", 933, "số hóa được 933 hồ sơ khi tiếp nhận"),
    fact("dossier.digitized_on_return", 859, "859 hồ sơ được số hóa khi trả kết quả"),
    fact("dossier.on_time_rate", 100.0, "100% hồ sơ đều được giải quyết đúng thời hạn"),
    fact("tthc.total", 135, "gồm: 33 lĩnh vực với 135 thủ tục"),
    fact("tthc.fields", 33, "gồm: 33 lĩnh vực với 135 thủ tục"),
    fact("tthc.online_level2", 29, "Có 29 TTHC được cung cấp dịch vụ công mức độ 2"),
    fact("tthc.online_level3", 62, "Có 62 TTHC được cung cấp dịch vụ công mức độ 3"),
    fact("tthc.online_level4", 44, "Có 44 TTHC được cung cấp dịch vụ công mức độ 4"),
    fact("feedback.received", 1, "tiếp nhận 01 đơn phản ánh kiến nghị của công dân"),
    fact("staff.total", 18, "Tổng số cán bộ, công chức xã là 18 người."),
    fact("staff.cadres", 11, "Trong đó cán bộ 11 người, công chức 07 người."),
    fact("staff.civil_servants", 7, "Trong đó cán bộ 11 người, công chức 07 người."),
    fact("staff.edu", 9, "Đại học: 9 người chiếm 81,8 %.", level="university", group="cadres"),
    fact("staff.edu", 2, "Cao đẳng : 02 người chiếm 18,1 %.", level="college", group="cadres"),
    fact("docs_issued.total", 623, "đã ban hành 623 văn bản gồm:"),
    fact("docs_issued.by_type", 197, "197 quyết định", doc_type="Quyết định"),
    fact("docs_issued.by_type", 142, "142 công văn", doc_type="Công văn"),
    fact("docs_issued.by_type", 86, "86 báo cáo", doc_type="Báo cáo"),
    fact("docs_issued.by_type", 60, "60 tờ trình", doc_type="Tờ trình"),
    fact("docs_issued.by_type", 138, "138 văn bản khác", doc_type="Khác"),
    fact("docs_issued.digitally_signed", 142, "trong đó 142 văn bản thực hiện chữ ký số"),
]
CONSISTENT_META = ReportMeta(
    period_label="quý II năm 2023", period_start="2023-03-15", period_end="2023-06-14"
)


def test_a_report_that_adds_up_raises_nothing() -> None:
    assert run(CONSISTENT, CONSISTENT_META) == []


def replaced(facts: list[Fact], metric: str, value: float, **qualifiers: str) -> list[Fact]:
    """The consistent report with one figure changed."""
    changed = [f for f in facts if not (f.metric == metric and f.qualifiers == qualifiers)]
    return [*changed, fact(metric, value, f"{metric} {value}", **qualifiers)]


@pytest.mark.parametrize(
    ("metric", "value", "qualifiers", "check"),
    [
        ("dossier.carried_over", 4, {}, "dossier.received_parts"),
        ("dossier.received.direct", 70, {}, "dossier.new_channels"),
        ("dossier.resolved.on_time", 14, {}, "dossier.resolved_parts"),
        ("dossier.pending.not_due", 3, {}, "dossier.pending_parts"),
        ("dossier.resolved", 930, {}, "dossier.received_balance"),
        ("dossier.digitized_on_receipt", 940, {}, "dossier.digitized_parts"),
        ("tthc.online_level4", 50, {}, "tthc.online_levels"),
        ("staff.civil_servants", 8, {}, "staff.total_parts"),
        ("staff.edu", 3, {"level": "college", "group": "cadres"}, "staff.level_parts"),
        ("docs_issued.by_type", 100, {"doc_type": "Báo cáo"}, "docs_issued.by_type_sum"),
        ("docs_issued.digitally_signed", 700, {}, "docs_issued.signed_parts"),
        ("feedback.resolved", 2, {}, "feedback.parts"),
        ("dossier.on_time_rate", 98.5, {}, "rate.parts"),
        ("dossier.online_rate", 124.0, {"level": "3"}, "rate.max"),
    ],
)
def test_one_wrong_figure_raises_its_check(
    metric: str, value: float, qualifiers: dict[str, str], check: str
) -> None:
    flags = run(replaced(CONSISTENT, metric, value, **qualifiers), CONSISTENT_META)
    assert check in {f.check for f in flags}, flags
    changed = next(f for f in named(flags, check))
    assert any(i.startswith(f"{metric}[") for i in changed.facts)
    assert str(int(value) if float(value).is_integer() else value) in changed.message


# --- dossiers -----------------------------------------------------------------------------

FORM_LIKE_LATE = [
    fact("dossier.received", 207, "Tổng số TTHC đã tiếp nhận và giải quyết trong kỳ: 207 thủ tục"),
    fact("dossier.resolved.early", 134, "+ Hồ sơ giải quyết trước hạn: 134 hồ sơ."),
    fact("dossier.resolved.on_time", 70, "+ Hồ sơ giải quyết đúng hạn: 70 hồ sơ."),
    fact("dossier.pending.not_due", 0, "+ Hồ sơ đang giải quyết trong hạn là: 0 hồ sơ."),
    fact("dossier.pending.overdue", 0, "hồ sơ quá hạn đang giải quyết là: 0 hồ sơ)."),
]


@pytest.mark.parametrize(("late", "flagged"), [(4, True), (3, False)])
def test_resolved_columns_against_received_when_no_resolved_total(late: int, flagged: bool) -> None:
    facts = [*FORM_LIKE_LATE, fact("dossier.resolved.late", late, f"Hồ sơ quá hạn: {late} hồ sơ")]
    flags = named(run(facts), "dossier.resolved_parts")
    assert bool(flags) == flagged
    if flagged:
        assert flags[0].message.startswith(
            "resolved.early + resolved.on_time + resolved.late = 134 + 70 + 4 = 208, "
            "but dossier.received is 207"
        )
        assert "dossier.received[]=207" in flags[0].facts


def test_resolved_columns_short_of_received_without_pending_is_not_an_error() -> None:
    facts = [f for f in FORM_LIKE_LATE if not f.metric.startswith("dossier.pending")]
    facts.append(fact("dossier.resolved.late", 1, "Hồ sơ quá hạn: 1 hồ sơ"))
    assert run(facts) == []


def test_resolved_columns_beyond_received_are_an_error_even_without_pending() -> None:
    facts = [f for f in FORM_LIKE_LATE if not f.metric.startswith("dossier.pending")]
    facts.append(fact("dossier.resolved.late", 5, "Hồ sơ quá hạn: 5 hồ sơ"))
    [flag] = run(facts)
    assert flag.check == "dossier.resolved_parts"
    assert "134 + 70 + 5 = 209, but dossier.received is 207" in flag.message


def test_with_pending_dossiers_the_failure_is_the_balance() -> None:
    facts = [
        fact("dossier.received", 160, "Tổng số hồ sơ tiếp nhận: 160 hồ sơ"),
        fact("dossier.resolved", 150, "Đã giải quyết 150 hồ sơ"),
        fact("dossier.pending", 12, "Đang giải quyết 12 hồ sơ"),
    ]
    [flag] = run(facts)
    assert flag.check == "dossier.received_balance"
    assert "resolved + pending = 150 + 12 = 162, but dossier.received is 160" in flag.message


@pytest.mark.parametrize(
    ("received", "flagged"),
    [(937, False), (939, False), (938, False), (940, True), (936, True)],
)
def test_balance_accepts_suspended_and_returned_inside_or_beside(
    received: int, flagged: bool
) -> None:
    facts = replaced(CONSISTENT, "dossier.received", received)
    facts = [f for f in facts if f.metric not in ("dossier.received.new", "dossier.carried_over")]
    flags = named(run(facts), "dossier.received_balance")
    assert bool(flags) == flagged
    if flagged and received > 937:  # short of the total: neither reading balances
        assert "(nor with suspended 1, returned 1)" in flags[0].message
    elif flagged:  # resolved + pending alone exceed the total
        assert "935 + 2 = 937, but dossier.received is 936" in flags[0].message


@pytest.mark.parametrize(("late", "flagged"), [(5624, False), (5264, True)])
def test_resolved_parts_with_early_or_on_time_sum(late: int, flagged: bool) -> None:
    scope = {"scope": "departments"}
    facts = [
        fact("dossier.resolved", 125712, "các sở, ngành đã giải quyết là 125.712 hồ sơ", **scope),
        fact("dossier.resolved.early_or_on_time", 120088, "trước và đúng hạn là 120.088", **scope),
        fact("dossier.resolved.late", late, f"trễ hạn là {late}", **scope),
    ]  # fmt: skip
    flags = named(run(facts), "dossier.resolved_parts")
    assert bool(flags) == flagged
    if flagged:
        assert flags[0].message.endswith("(scope=departments)")


def test_channels_split_received_when_no_new_column() -> None:
    facts = [
        fact("dossier.received", 500, "Tổng số hồ sơ tiếp nhận: 500 hồ sơ"),
        fact("dossier.received.online", 300, "trực tuyến 300 hồ sơ"),
        fact("dossier.received.direct", 150, "trực tiếp 150 hồ sơ"),
        fact("dossier.received.postal", 0, "qua dịch vụ bưu chính công ích 0 hồ sơ"),
        fact("dossier.carried_over", 40, "kỳ trước chuyển sang 40 hồ sơ"),
    ]
    [flag] = named(run(facts), "dossier.new_channels")
    assert "300 + 150 + 0 + 40 = 490, but dossier.received is 500" in flag.message
    assert run(replaced(facts, "dossier.carried_over", 50)) == []


def test_missing_channel_is_not_an_error_but_excess_is() -> None:
    base = [
        fact("dossier.received.new", 934, "Số hồ sơ mới tiếp nhận là 934 hồ sơ"),
        fact("dossier.received.online", 800, "Trực tuyến: 800 hồ sơ"),
    ]
    assert run(base) == []
    assert named(run(replaced(base, "dossier.received.online", 950)), "dossier.new_channels")


def test_figures_of_other_scopes_are_not_compared() -> None:
    facts = [
        fact("dossier.resolved", 241331, "cấp xã đã giải quyết là 241.331", scope="commune"),
        fact("dossier.resolved.early_or_on_time", 237412, "trước và đúng hạn là 237.412",
             scope="commune"),
        fact("dossier.resolved.late", 3919, "trễ hạn là 3.919", scope="commune"),
        fact("dossier.on_time_rate", 98.38, "(tỷ lệ 98,38%)", scope="commune"),
        fact("dossier.resolved", 125712, "sở, ngành đã giải quyết là 125.712", scope="departments"),
        fact("dossier.on_time_rate", 95.53, "(tỷ lệ 95,53%)", scope="departments"),
        fact("dossier.received", 2312, "Tổng cộng: 2.312"),
    ]  # fmt: skip
    assert run(facts) == []


# --- breakdowns ---------------------------------------------------------------------------

FIELDS = [
    fact("tthc.by_field", 6, "Lĩnh vực Bảo trợ xã hội: 6 thủ tục", field="Bảo trợ xã hội"),
    fact("tthc.by_field", 19, "Hộ tịch 19 thủ tục", field="Hộ tịch"),
    fact("tthc.by_field", 11, "Chứng thực 11 thủ tục", field="Chứng thực"),
]


@pytest.mark.parametrize(
    ("total", "fields", "flagged"),
    [
        (36, 3, False),  # whole list, adds up
        (38, 3, True),  # whole list (3 fields named, 3 stated), short of the total
        (38, 4, False),  # one field not listed: the shortfall is not an error
        (30, 4, True),  # the listed fields alone exceed the total
    ],
)
def test_procedures_by_field(total: int, fields: int, flagged: bool) -> None:
    facts = [
        *FIELDS,
        fact("tthc.total", total, f"gồm {total} thủ tục thuộc {fields} lĩnh vực"),
        fact("tthc.fields", fields, f"gồm {total} thủ tục thuộc {fields} lĩnh vực"),
    ]
    flags = named(run(facts), "tthc.by_field_sum")
    assert bool(flags) == flagged
    if flagged:
        assert "Bảo trợ xã hội 6 + Hộ tịch 19 + Chứng thực 11 = 36" in flags[0].message


def test_a_commune_quoting_the_province_catalogue_is_not_compared_with_its_own_set() -> None:
    facts = [
        fact("tthc.total", 49, "áp dụng tại xã gồm 10 lĩnh vực với 49 thủ tục"),
        fact("tthc.total", 99, "28 lĩnh vực với 99 thủ tục", scope="province"),
        fact("tthc.fields", 1, "1 lĩnh vực", scope="province"),
        fact("tthc.by_field", 99, "Hộ tịch 99 thủ tục", field="Hộ tịch", scope="province"),
    ]
    assert run(facts) == []


@pytest.mark.parametrize(
    ("other", "total", "flagged"),
    [(None, 300, False), (None, 200, True), (18, 300, True), (68, 300, False)],
)
def test_documents_by_type(other: int | None, total: int, flagged: bool) -> None:
    facts = [
        fact("docs_issued.total", total, f"Tổng số văn bản đi {total} văn bản."),
        fact("docs_issued.by_type", 105, "Báo cáo:105", doc_type="Báo cáo"),
        fact("docs_issued.by_type", 45, "Quyết định: 45", doc_type="Quyết định"),
        fact("docs_issued.by_type", 82, "Công văn: 82", doc_type="Công văn"),
    ]
    if other is not None:  # a `văn bản khác` line says the list is whole
        facts.append(fact("docs_issued.by_type", other, f"{other} văn bản khác", doc_type="Khác"))
    assert bool(named(run(facts), "docs_issued.by_type_sum")) == flagged


@pytest.mark.parametrize(("other", "flagged"), [(0, False), (5, True)])
def test_dossiers_by_field_with_an_other_line(other: int, flagged: bool) -> None:
    facts = [
        fact("dossier.received", 2312, "Tổng cộng: 2.312 2.312 0 0"),
        fact("dossier.by_field", 2231, "3. Tư pháp – Hộ tịch 2.231", field="Tư pháp – Hộ tịch"),
        fact("dossier.by_field", 81, "4. Lao động TBXH 81", field="Lao động TBXH"),
        fact("dossier.by_field", other, f"7. Lĩnh vực khác {other}", field="khác"),
    ]
    assert bool(named(run(facts), "dossier.by_field_sum")) == flagged


def test_staff_levels_of_all_staff() -> None:
    facts = [
        fact("staff.total", 18, "Tổng số cán bộ công chức của thị trấn hiện có là 18 người"),
        fact("staff.edu", 14, "trong đó đại học 14", level="university"),
        fact("staff.edu", 1, "cao đẳng: 01", level="college"),
        fact("staff.edu", 3, "trung cấp: 03", level="intermediate"),
    ]
    assert run(facts) == []
    [flag] = run(replaced(facts, "staff.edu", 4, level="intermediate"))
    assert flag.check == "staff.level_parts"
    assert "edu university 14 + edu college 1 + edu intermediate 4 = 19" in flag.message


@pytest.mark.parametrize(("pending", "flagged"), [(5, False), (4, True), (6, True)])
def test_feedback_parts(pending: int, flagged: bool) -> None:
    facts = [
        fact("feedback.received", 25, "đã tiếp nhận 25 đơn của công dân"),
        fact("feedback.resolved", 20, "giải quyết xong 20 đơn"),
        fact("feedback.pending", pending, f"còn {pending} đơn đang giải quyết"),
    ]
    assert bool(named(run(facts), "feedback.parts")) == flagged


# --- rates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "of", "stated", "agrees"),
    [
        (120088, 125712, 95.53, True),  # rounded
        (120088, 125712, 95.52, True),  # truncated
        (120088, 125712, 95.5, True),
        (120088, 125712, 96, True),
        (120088, 125712, 95.6, False),
        (120088, 125712, 95.54, False),
        (2, 11, 18.1, True),  # 18.18…, cut
        (2, 11, 18.2, True),
        (2, 11, 18.3, False),
        (935, 935, 100, True),
        (935, 935, 99.9, False),
        (735, 736, 99.9, True),
        (735, 736, 100, True),
        (735, 736, 98, False),
        (2, 3, 66.67, True),
        (2, 3, 66.6, True),
        (2, 3, 66.5, False),
    ],
)
def test_on_time_rate_within_rounding(done: int, of: int, stated: float, agrees: bool) -> None:
    facts = [
        fact("dossier.resolved", of, f"Số hồ sơ đã giải quyết là {of} hồ sơ"),
        fact("dossier.resolved.early_or_on_time", done, f"trước và đúng hạn là {done}"),
        fact("dossier.resolved.late", of - done, f"trễ hạn là {of - done}"),
        fact("dossier.on_time_rate", stated, f"(tỷ lệ {stated}%)"),
    ]
    flags = named(run(facts), "rate.parts")
    assert (not flags) == agrees
    if flags:
        assert f"{done} / {of}" in flags[0].message


@pytest.mark.parametrize(("stated", "agrees"), [(91.4, True), (91.1, True), (95.0, False)])
def test_online_rate_over_new_or_all_received(stated: float, agrees: bool) -> None:
    facts = [
        fact("dossier.received", 937, "Tổng số hồ sơ đã tiếp nhận là 937 hồ sơ"),
        fact("dossier.received.new", 934, "Số hồ sơ mới tiếp nhận là 934 hồ sơ"),
        fact("dossier.received.online", 854, "Trực tuyến: 854 hồ sơ"),
        fact("dossier.online_rate", stated, f"tỷ lệ hồ sơ trực tuyến đạt {stated}%"),
    ]  # 854/934 = 91.43 %, 854/937 = 91.14 %
    assert (not named(run(facts), "rate.parts")) == agrees


@pytest.mark.parametrize(("value", "flagged"), [(100.0, False), (0.0, False), (124.0, True)])
def test_no_rate_above_100(value: float, flagged: bool) -> None:
    facts = [fact("dossier.digitized_rate", value, f"Tỷ lệ số hóa hồ sơ đạt {value}%")]
    assert bool(named(run(facts), "rate.max")) == flagged


# --- conflicts ----------------------------------------------------------------------------

LATE_4 = fact("dossier.resolved.late", 4, "+ Hồ sơ quá hạn: 4 hồ sơ (trong đó hồ sơ quá hạn")
LATE_3 = fact("dossier.resolved.late", 3, "trong đó hồ sơ quá hạn đã giải quyết là 3 hồ sơ")


def test_checks_run_with_each_value_of_a_conflicting_key() -> None:
    flags = run([*FORM_LIKE_LATE, LATE_4, LATE_3])
    assert [f.check for f in flags] == ["dossier.resolved_parts"]
    assert "134 + 70 + 4 = 208" in flags[0].message


@pytest.mark.parametrize(("stated", "agrees"), [(98.9, True), (94.0, True), (97.0, False)])
def test_on_time_rate_over_resolved_or_received(stated: float, agrees: bool) -> None:
    facts = [
        fact("dossier.received", 1000, "Tổng số hồ sơ tiếp nhận: 1.000 hồ sơ"),
        fact("dossier.resolved", 950, "Đã giải quyết 950 hồ sơ"),
        fact("dossier.resolved.early_or_on_time", 940, "trước và đúng hạn 940 hồ sơ"),
        fact("dossier.resolved.late", 10, "quá hạn 10 hồ sơ"),
        fact("dossier.on_time_rate", stated, f"đạt tỷ lệ {stated}%"),
    ]  # 940/950 = 98.95 %, 940/1000 = 94 %
    assert (not named(run(facts), "rate.parts")) == agrees


def test_many_conflicting_keys_still_check_each_value() -> None:
    noise = [
        fact("tthc.online_level2", value, f"Có {value} TTHC mức độ 2")
        for value in (29, 30, 31, 32, 33)
    ] + [fact("one_stop.area_m2", value, f"diện tích {value} m2") for value in (40, 55, 60, 70)]
    flags = run([*FORM_LIKE_LATE, LATE_3, LATE_4, *noise])
    assert [f.check for f in flags] == ["dossier.resolved_parts"]


def test_a_rate_over_a_base_the_report_does_not_give_is_not_second_guessed() -> None:
    facts = [  # the on-time rate of dossiers that fell due, and an online rate of 382 filed
        fact("dossier.received", 6302, "lũy kế đã và đang giải quyết là 6.302 hồ sơ"),
        fact("dossier.resolved.early_or_on_time", 4157, "trả trước và đúng hạn là 4.157 hồ sơ"),
        fact("dossier.on_time_rate", 99.71, "(đạt 99,71%)"),
        fact("dossier.received.online", 99, "mức độ 3,4 là 99 hồ sơ/382 hồ sơ phát sinh"),
        fact("dossier.online_rate", 25.9, "đạt tỉ lệ 25,9%"),
    ]
    assert named(run(facts), "rate.parts") == []
