"""Report metadata from header blocks, titles and signature blocks in the genre's layouts:
a commune's plain-text header, a header read from a two-column table, a report with no
header at all, and signature blocks printed beside `Nơi nhận`."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import metadata
from extractors.metadata import signer_title
from pipeline.load import load_document
from schemas import ReportMeta

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def meta_of(tmp_path: Path, text: str) -> ReportMeta:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    meta = metadata.EXTRACTOR.extract(doc)
    for name, evidence in meta.evidence.items():
        assert evidence.quote == doc.quote(evidence.start, evidence.end), name
        assert evidence.quote, name
    return meta


def fields(meta: ReportMeta, *names: str) -> dict:
    return {name: getattr(meta, name) for name in names}


def test_extractor_id_is_versioned() -> None:
    assert metadata.EXTRACTOR.id == "report.header.v1"


COMMUNE_HEADER = (
    "UBND HUYỆN HÀ TRUNG\nỦY BAN NHÂN DÂN\nXÃ HÀ TIẾN\nSố: 45/BC-UBND\n"
    + MOTTO
    + "Hà Tiến, ngày 20 tháng 6 năm 2023\nBÁO CÁO\nKết quả thực hiện công tác cải cách hành "
    "chính 6 tháng đầu năm 2023\nKính gửi: Phòng Nội vụ huyện Hà Trung.\n"
    "I. KẾT QUẢ\nUBND xã Hà Tiến thực hiện tốt công tác CCHC.\n"
    "Trên đây là báo cáo của UBND xã Hà Tiến./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nLê Văn Bình\n"
)


def test_a_commune_header_under_its_district(tmp_path: Path) -> None:
    meta = meta_of(tmp_path, COMMUNE_HEADER)
    assert fields(meta, *ReportMeta.model_fields.keys() - {"evidence"}) == {
        "unit_name": "Hà Tiến",
        "unit_type": "xã",
        "district": "Hà Trung",
        "province": None,
        "report_type": "Báo cáo kết quả thực hiện công tác cải cách hành chính",
        "period_label": "6 tháng đầu năm 2023",
        "period_start": "2023-01-01",
        "period_end": "2023-06-30",
        "issue_date": "2023-06-20",
        "doc_number": "45/BC-UBND",
        "signer": "Lê Văn Bình",
        "signer_title": "Chủ tịch",
        "recipients": ["Phòng Nội vụ huyện Hà Trung"],
        "document_kind": "báo cáo",
        "reform_report": True,
    }
    assert set(meta.evidence) >= {"unit_name", "issue_date", "doc_number", "signer", "recipients"}


def test_a_header_read_from_a_two_column_table(tmp_path: Path) -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH BÌNH AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc\nSố: /BC-UBND | Bình An, ngày tháng 3 năm 2026\nBÁO CÁO\nCông tác cải cách "
        "hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026 tỉnh Bình An\n"
        "Ủy ban nhân dân tỉnh Bình An báo cáo như sau:\n"
        "Nơi nhận: - Bộ Nội vụ; - Lưu: VT, NC. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Thị Hoa\n"
    )
    meta = meta_of(tmp_path, text)
    assert fields(
        meta, "unit_name", "unit_type", "province", "district", "report_type", "period_label",
        "period_start", "period_end", "issue_date", "doc_number", "signer", "signer_title",
    ) == {
        "unit_name": "Bình An", "unit_type": "tỉnh", "province": "Bình An", "district": None,
        "report_type": "Báo cáo công tác cải cách hành chính", "period_label": "quý I năm 2026",
        "period_start": "2026-01-01", "period_end": "2026-03-31", "issue_date": None,
        "doc_number": "/BC-UBND", "signer": "Trần Thị Hoa", "signer_title": "Phó Chủ tịch",
    }  # fmt: skip


def test_a_department_under_its_province(tmp_path: Path) -> None:
    text = (
        "UBND TỈNH BÌNH AN SỞ NỘI VỤ | " + MOTTO.replace("\n", " ") + "\nSố: 184 /BC-SNV | "
        "Bình An, ngày 06 tháng11 năm 2025\nBÁO CÁO\nTình hình thực hiện các chỉ số PAR Index,\n"
        "PAPI, PCI của tỉnh Bình An\nSở Nội vụ báo cáo như sau:\n"
        "Nơi nhận:\n- UBND tỉnh;\t\tPHÓ GIÁM ĐỐC\n- Lưu: VT.\nNguyễn Hữu An\n"
    )
    meta = meta_of(tmp_path, text)
    assert fields(
        meta, "unit_name", "unit_type", "province", "doc_number", "issue_date", "report_type",
        "signer", "signer_title",
    ) == {
        "unit_name": "Nội vụ", "unit_type": "sở", "province": "Bình An",
        "doc_number": "184 /BC-SNV", "issue_date": "2025-11-06",
        "report_type": "Báo cáo tình hình thực hiện các chỉ số PAR Index, PAPI, PCI",
        "signer": "Nguyễn Hữu An", "signer_title": "Phó Giám đốc",
    }  # fmt: skip


def test_a_centre_under_an_office_with_a_footnote_after_the_signer(tmp_path: Path) -> None:
    text = (
        "VĂN PHÒNG UBND TỈNH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG Số: 12/TTr-HCC | "
        + MOTTO
        + "Bình An, ngày 2 tháng 3 năm 2026\nTỜ TRÌNH\nVề việc xử lý hồ sơ theo Công văn số "
        "27/UBND-NC ngày 24/7/2024 của UBND tỉnh\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh\n"
        "Trung tâm Phục vụ hành chính công tỉnh Bình An kính trình.\n"
        "Nơi nhận: KT. GIÁM ĐỐC\n- Như trên; PHÓ GIÁM ĐỐC\n- Lưu: VT.\n"
        "Đỗ Văn Chung 1 Gồm: các sở.\n"
    )
    meta = meta_of(tmp_path, text)
    assert fields(
        meta, "unit_name", "unit_type", "province", "doc_number", "issue_date", "report_type",
        "signer", "signer_title", "recipients",
    ) == {
        "unit_name": "Phục vụ hành chính công", "unit_type": "trung tâm", "province": "Bình An",
        "doc_number": "12/TTr-HCC", "issue_date": "2026-03-02",
        "report_type": "Tờ trình về việc xử lý hồ sơ", "signer": "Đỗ Văn Chung",
        "signer_title": "Phó Giám đốc", "recipients": ["Chủ tịch Ủy ban nhân dân tỉnh"],
    }  # fmt: skip


def test_a_report_without_header_speaks_through_its_body(tmp_path: Path) -> None:
    text = (
        "I. KẾT QUẢ\nUBND thị trấn Yên Lạc đã triển khai công tác CCHC. UBND thị trấn tiếp "
        "nhận 120 hồ sơ từ ngày 15/12/2022 đến ngày 14/6/2023. UBND thị trấn Yên Lạc thực hiện "
        "Quyết định của UBND tỉnh Vĩnh Phúc. UBND tỉnh Vĩnh Phúc đã công bố TTHC.\n"
        "Trên đây là báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm, phương "
        "hướng 6 tháng cuối năm 2023, UBND thị trấn báo cáo UBND huyện Yên Lạc./.\n"
        "Nơi nhận: CHỦ TỊCH\n- UBND huyện;\n- Lưu.\nPhạm Quang Huy\n"
    )
    meta = meta_of(tmp_path, text)
    assert fields(
        meta, "unit_name", "unit_type", "district", "province", "report_type", "period_label",
        "period_start", "period_end", "issue_date", "doc_number", "signer", "signer_title",
    ) == {
        "unit_name": "Yên Lạc", "unit_type": "thị trấn", "district": "Yên Lạc",
        "province": "Vĩnh Phúc", "report_type": "Báo cáo kết quả công tác cải cách hành chính",
        "period_label": "6 tháng đầu năm 2023", "period_start": "2022-12-15",
        "period_end": "2023-06-14", "issue_date": None, "doc_number": None,
        "signer": "Phạm Quang Huy", "signer_title": "Chủ tịch",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("summary", "label", "start", "end"),
    [
        ("Công tác cải cách hành chính quý III năm 2022", "quý III năm 2022", "2022-07-01",
         "2022-09-30"),
        ("Kết quả CCHC quý 2/2024", "quý 2/2024", "2024-04-01", "2024-06-30"),
        ("Công tác CCHC 9 tháng đầu năm 2021", "9 tháng đầu năm 2021", "2021-01-01",
         "2021-09-30"),
        ("Kết quả kiểm soát TTHC tháng 10 năm 2023", "tháng 10 năm 2023", "2023-10-01",
         "2023-10-31"),
        ("Về công tác cải cách hành chính xã An Phú năm 2021", "năm 2021", "2021-01-01",
         "2021-12-31"),
        ("Tổng kết giai đoạn 2011 - 2020, định hướng giai đoạn 2021 - 2030",
         "giai đoạn 2011 - 2020", "2011-01-01", "2020-12-31"),
        ("Công tác CCHC năm 2021 (số liệu tính từ 01/01/2021 đến 20/9/2021)", "năm 2021",
         "2021-01-01", "2021-09-20"),
        ("Công tác CCHC quý II năm 2023 (từ ngày 15/3/2023 đến ngày 14/6/2023)",
         "quý II năm 2023", "2023-03-15", "2023-06-14"),
    ],
)  # fmt: skip
def test_periods(tmp_path: Path, summary: str, label: str, start: str, end: str) -> None:
    meta = meta_of(tmp_path, f"BÁO CÁO\n{summary}\nUBND xã An Phú báo cáo như sau.\n")
    assert (meta.period_label, meta.period_start, meta.period_end) == (label, start, end)


@pytest.mark.parametrize(
    ("header", "unit", "province", "issue_date"),
    [
        ("ỦY BAN NHÂN DÂN\nQUẬN 1\nSố: 12/BC-UBND\nQuận 1, ngày 3 tháng 7 năm 2023\n",
         ("1", "quận"), None, "2023-07-03"),
        ("UBND THÀNH PHỐ HÀ NỘI\nSố: 7/BC-UBND\nHà Nội, ngày 03/7/2023\n",
         ("Hà Nội", "thành phố"), "Hà Nội", "2023-07-03"),
        ("UBND QUẬN 5\nỦY BAN NHÂN DÂN PHƯỜNG 12\nSố: 7/BC-UBND\nQuận 5, ngày 9 tháng 7 năm "
         "2023\n", ("12", "phường"), None, "2023-07-09"),
        ("UBND TỈNH QUẢNG NINH\nỦY BAN NHÂN DÂN THÀNH PHỐ HẠ LONG\nSố: 7/BC-UBND\nHạ Long, "
         "ngày 9 tháng 7 năm 2023\n", ("Hạ Long", "thành phố"), "Quảng Ninh", "2023-07-09"),
    ],
)  # fmt: skip
def test_units_of_each_level(
    tmp_path: Path, header: str, unit: tuple, province: str | None, issue_date: str
) -> None:
    text = header + "BÁO CÁO\nCông tác cải cách hành chính 6 tháng năm 2023\nNội dung.\n"
    meta = meta_of(tmp_path, text)
    assert (meta.unit_name, meta.unit_type) == unit
    assert (meta.province, meta.issue_date) == (province, issue_date)
    assert (meta.period_label, meta.period_start, meta.period_end) == (
        "6 tháng năm 2023",
        "2023-01-01",
        "2023-06-30",
    )


@pytest.mark.parametrize(
    ("text", "report_type", "label"),
    [
        ("Báo cáo kết quả kiểm soát TTHC quý III năm 2024\nI. Kết quả\nNội dung.\n",
         "Báo cáo kết quả kiểm soát TTHC", "quý III năm 2024"),
        ("I. Kết quả\nThực hiện Kế hoạch số 5/KH-UBND của UBND huyện, UBND xã An Phú báo cáo "
         "kết quả công tác CCHC 9 tháng đầu năm 2024 như sau:\n1. Nội dung.\n",
         None, "9 tháng đầu năm 2024"),
    ],
)  # fmt: skip
def test_reports_without_a_type_line(
    tmp_path: Path, text: str, report_type: str | None, label: str
) -> None:
    meta = meta_of(tmp_path, text)
    assert (meta.report_type, meta.period_label) == (report_type, label)


def test_a_short_event_is_not_the_period(tmp_path: Path) -> None:
    text = (
        "BÁO CÁO\nCông tác CCHC quý I năm 2024\nĐoàn kiểm tra làm việc từ ngày 10/3/2024 đến "
        "ngày 20/3/2024 tại UBND xã An Phú.\n"
    )
    meta = meta_of(tmp_path, text)
    assert (meta.period_start, meta.period_end) == ("2024-01-01", "2024-03-31")


def test_no_period_no_dates(tmp_path: Path) -> None:
    text = "BÁO CÁO\nTình hình thực hiện các chỉ số\nUBND xã thực hiện từ ngày 01/10/2025 đến "
    text += "ngày 31/10/2025 đợt rà soát.\n"
    meta = meta_of(tmp_path, text)
    assert (meta.period_label, meta.period_start, meta.period_end) == (None, None, None)


def test_several_addressees(tmp_path: Path) -> None:
    text = (
        "BÁO CÁO\nVề công tác cải cách hành chính năm 2021\nKính gửi: - Đoàn Kiểm tra CCHC "
        "huyện Cẩm Giàng;\n- Phòng Nội vụ huyện Cẩm Giàng;\nThực hiện kế hoạch, UBND xã Lương "
        "Điền báo cáo như sau:\n"
    )
    meta = meta_of(tmp_path, text)
    assert meta.recipients == ["Đoàn Kiểm tra CCHC huyện Cẩm Giàng", "Phòng Nội vụ huyện Cẩm Giàng"]
    assert (meta.unit_name, meta.district) == ("Lương Điền", "Cẩm Giàng")


@pytest.mark.parametrize(
    ("written", "title"),
    [("CHỦ TỊCH", "Chủ tịch"), ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"), ("GIÁM  ĐỐC", "Giám đốc"),
     ("PHÓ GIÁM ĐỐC", "Phó Giám đốc"), ("CHÁNH VĂN PHÒNG", "Chánh văn phòng"),
     ("Q. CHỦ TỊCH", "Quyền Chủ tịch"), ("QUYỀN GIÁM ĐỐC", "Quyền Giám đốc"),
     ("Q.CHỦ TỊCH", "Quyền Chủ tịch")],
)  # fmt: skip
def test_signer_titles(written: str, title: str) -> None:
    assert signer_title(written) == title


def test_nothing_to_read(tmp_path: Path) -> None:
    meta = meta_of(tmp_path, "Tổng số hồ sơ tiếp nhận là 120 hồ sơ.\n")
    kind = {"document_kind", "reform_report"}
    assert meta.model_dump(exclude={"evidence", "recipients", *kind}) == dict.fromkeys(
        ReportMeta.model_fields.keys() - {"evidence", "recipients", *kind}
    )
    # no type line: a news item, which names the trade's words
    assert (meta.document_kind, meta.reform_report) == ("tin bài", True)


@pytest.mark.parametrize(
    ("closing", "signer", "title"),
    [
        (  # PDF text of a two-column closing: the name ends the last `Nơi nhận` line
            "Nơi nhận:                         TM. ỦY BAN NHÂN DÂN\n"
            "- Sở Nội vụ;                            KT. CHỦ TỊCH\n"
            "- Thường trực HĐND huyện;               PHÓ CHỦ TỊCH\n"
            "- Lưu: VT, NV.                          Trần Thị Mai Lan\n",
            "Trần Thị Mai Lan",
            "Phó Chủ tịch",
        ),
        (  # an acting chairman signs `Q. CHỦ TỊCH`
            "Nơi nhận:                         TM. ỦY BAN NHÂN DÂN\n"
            "- UBND huyện;                           Q. CHỦ TỊCH\n"
            "- Lưu: VT.\n\n"
            "Lê Văn Khánh\n",
            "Lê Văn Khánh",
            "Quyền Chủ tịch",
        ),
        (
            "Nơi nhận:                                  CHỦ TỊCH\n"
            "- UBND huyện (b/c);\n"
            "- Lưu: VP.                                 Đinh Công Hậu\n",
            "Đinh Công Hậu",
            "Chủ tịch",
        ),
        (  # a recipient written in capitals beside the list is no name; the name comes later
            "Nơi nhận:                                  CHỦ TỊCH\n"
            "- Như trên;                    Sở Tư Pháp\n"
            "- Lưu: VT.\n\n"
            "Vũ Đức Thành\n",
            "Vũ Đức Thành",
            "Chủ tịch",
        ),
    ],
)
def test_signature_beside_the_recipients(
    tmp_path: Path, closing: str, signer: str, title: str
) -> None:
    text = COMMUNE_HEADER.split("Nơi nhận:")[0] + closing
    meta = meta_of(tmp_path, text)
    assert (meta.signer, meta.signer_title) == (signer, title)
