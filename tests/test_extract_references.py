"""Citations written the way reports write them, read through the real reader.

Each case is a small report of a commune (`XÃ AN PHÚ`) or of the unit its header names;
`cited` gives every mention the extractor reads as (kind, number, date, issuer, own).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import references
from pipeline.load import load_document
from pipeline.resolve import resolve_references
from schemas import Document, Reference
from schemas.text import fold_spaces

COMMUNE = "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: /BC-UBND\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"
WARD = "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC XÁ\nSố: /BC-UBND\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"


def read(tmp_path: Path, body: str, head: str = COMMUNE) -> Document:
    path = tmp_path / "report.txt"
    path.write_text(head + body + "\n", encoding="utf-8")
    return load_document(path)


def cited(tmp_path: Path, body: str, head: str = COMMUNE) -> list[tuple]:
    doc = read(tmp_path, body, head)
    out = []
    for ref in references.EXTRACTOR.extract(doc):
        (evidence,) = ref.evidence
        assert evidence.quote == doc.quote(evidence.start, evidence.end)
        assert fold_spaces(ref.number) in fold_spaces(evidence.quote)
        out.append((ref.kind, ref.number, ref.date, ref.issuer, ref.own))
    return out


def test_extractor_id_is_versioned() -> None:
    assert references.EXTRACTOR.id == "reference.citation.v1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ.",
            [("Nghị định", "107/2021/NĐ-CP", "2021-12-06", "Chính phủ", False)],
        ),
        (
            "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/02/2024 của UBND huyện Yên Lạc về cải "
            "cách hành chính năm 2024, UBND xã An Phú báo cáo như sau:",
            [("Kế hoạch", "45/KH-UBND", "2024-02-10", "UBND huyện Yên Lạc", False)],
        ),
        (
            "Triển khai Quyết định số 1.234/QĐ-UBND, ngày 03 tháng 5 năm 2022 của Chủ tịch UBND "
            "tỉnh Bình An về việc công bố danh mục TTHC.",
            [("Quyết định", "1.234/QĐ-UBND", "2022-05-03", "Chủ tịch UBND tỉnh Bình An", False)],
        ),
        (
            "Quán triệt Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.",
            [("Nghị quyết", "18-NQ/TW", "2017-10-25", "Ban Chấp hành Trung ương", False)],
        ),
        (
            "Thực hiện theo Thông tư 01/2020/TT-BNV ngày 14/5/2020 của Bộ Nội vụ hướng dẫn.",
            [("Thông tư", "01/2020/TT-BNV", "2020-05-14", "Bộ Nội vụ", False)],
        ),
        (
            "Công khai ngân sách theo TT 343/TT-BTC và Chỉ thị 05-CT/TU của Tỉnh ủy.",
            [
                ("Thông tư", "343/TT-BTC", None, None, False),
                ("Chỉ thị", "05-CT/TU", None, "Tỉnh ủy", False),
            ],
        ),
        (
            "Áp dụng Luật số 80/2015/QH13 và QĐ số 25/QĐ-UBND của UBND huyện.",
            [
                ("Luật", "80/2015/QH13", None, None, False),
                ("Quyết định", "25/QĐ-UBND", None, "UBND huyện", False),
            ],
        ),
        (
            "Thực hiện Thông báo kết luận số 12-TB/HU ngày 2/3/2023 của Huyện ủy An Phú.",
            [("Thông báo", "12-TB/HU", "2023-03-02", "Huyện ủy An Phú", False)],
        ),
        (
            "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 64/UBND-NC ngày 4/11/2025.",
            [("Công văn", "64/UBND-NC", "2025-11-04", "Chủ tịch UBND tỉnh", False)],
        ),
        (
            "Xử lý hội theo Công văn số 27/UBND-NC ngày 24/7/2024 của UBND tỉnh Kính gửi: Sở.",
            [("Công văn", "27/UBND-NC", "2024-07-24", "UBND tỉnh", False)],
        ),
        (
            "Trả lời bằng Công văn số 15/UBND- VP ngày 20/4/2024 V/v giải quyết hồ sơ trễ hạn.",
            [("Công văn", "15/UBND- VP", "2024-04-20", None, False)],
        ),
    ],
)
def test_citations_of_other_bodies(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert cited(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "UBND xã đã ban hành Quyết định số 12/QĐ-UBND ngày 05/01/2024 về việc kiện toàn "
            "Bộ phận Một cửa.",
            [("Quyết định", "12/QĐ-UBND", "2024-01-05", "UBND xã", True)],
        ),
        (
            "- Ban hành Kế hoạch số 03/KH-UBND ngày 08/01/2024 về kiểm soát TTHC năm 2024.",
            [("Kế hoạch", "03/KH-UBND", "2024-01-08", "UBND xã An Phú", True)],
        ),
        (
            "Kế hoạch số 32/KH-UBND, ngày 28 tháng 12 năm 2023 của UBND xã về cải cách hành "
            "chính năm 2024;",
            [("Kế hoạch", "32/KH-UBND", "2023-12-28", "UBND xã", True)],
        ),
        (
            "Ủy ban nhân dân đã có Công văn số 06/CV-UBND ngày 21/04/2024 trả lời công dân.",
            [("Công văn", "06/CV-UBND", "2024-04-21", "Ủy ban nhân dân", True)],
        ),
        (
            "Kế hoạch số 9/KH-UBND ngày 2/1/2024 của Chủ tịch UBND xã An Phú về tuyên truyền.",
            [("Kế hoạch", "9/KH-UBND", "2024-01-02", "Chủ tịch UBND xã An Phú", True)],
        ),
        (
            "UBND xã đã ban hành các văn bản:\n+ Quyết định số 5/QĐ-UBND ngày 3/1/2024 về quy "
            "chế làm việc;\n+ Kế hoạch số 7/KH-UBND ngày 10/1/2024 về rà soát TTHC.",
            [
                ("Quyết định", "5/QĐ-UBND", "2024-01-03", "UBND xã", True),
                ("Kế hoạch", "7/KH-UBND", "2024-01-10", "UBND xã", True),
            ],
        ),
        (
            "Thực hiện Kế hoạch số 7/KH-UBND của UBND tỉnh, UBND xã đã tổ chức tuyên truyền.",
            [("Kế hoạch", "7/KH-UBND", None, "UBND tỉnh", False)],
        ),
        (
            "UBND xã đã nghiêm túc thực hiện Quyết định số 8/QĐ-UBND ngày 4/2/2022.",
            [("Quyết định", "8/QĐ-UBND", "2022-02-04", None, False)],
        ),
        (
            "UBND xã đã ban hành Kế hoạch số 4/KH-BCĐ ngày 4/2/2022 của Ban Chỉ đạo xã.",
            [("Kế hoạch", "4/KH-BCĐ", "2022-02-04", "Ban Chỉ đạo xã", False)],
        ),
    ],
)
def test_the_units_own_documents(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert cited(tmp_path, text) == expected


def test_numbers_listed_after_one_kind(tmp_path: Path) -> None:
    text = (
        "Triển khai các Quyết định số 61/QĐ-UBND ngày 2/3/2024, 62/QĐ-UBND và số 63/QĐ-UBND "
        "ngày 5/3/2024 của UBND tỉnh; Kế hoạch số 4/KH-UBND, 2024 là năm CCHC."
    )
    assert cited(tmp_path, text) == [
        ("Quyết định", "61/QĐ-UBND", "2024-03-02", None, False),
        ("Quyết định", "62/QĐ-UBND", None, None, False),
        ("Quyết định", "63/QĐ-UBND", "2024-03-05", "UBND tỉnh", False),
        ("Kế hoạch", "4/KH-UBND", None, None, False),
    ]


def test_a_date_stated_before_the_citation_belongs_to_it(tmp_path: Path) -> None:
    text = "- Ngày 15/3/2024, UBND phường Phúc Xá đã ban hành Thông báo số 20/TB-UBND về lịch."
    assert cited(tmp_path, text, WARD) == [
        ("Thông báo", "20/TB-UBND", "2024-03-15", "UBND phường Phúc Xá", True)
    ]


def test_a_date_of_another_document_does_not_move(tmp_path: Path) -> None:
    text = (
        "Thực hiện Văn bản số 86/BNV-CCVC ngày 05/02/2026 của Bộ Nội vụ về việc triển khai "
        "Nghị định số 361/2025/NĐ-CP."
    )
    assert cited(tmp_path, text) == [("Nghị định", "361/2025/NĐ-CP", None, None, False)]


def test_a_neighbouring_wards_committee_is_not_the_unit(tmp_path: Path) -> None:
    text = "Phối hợp theo Kế hoạch số 3/KH-UBND ngày 1/2/2024 của UBND phường Hàng Bột."
    assert cited(tmp_path, text, WARD) == [
        ("Kế hoạch", "3/KH-UBND", "2024-02-01", "UBND phường Hàng Bột", False)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch cải cách hành chính năm 2024 đã được triển khai.",
        "UBND tỉnh có Báo cáo số 33/BC-UBND ngày 20/01/2026 về chỉ số CCHC.",
        "Thực hiện Văn bản số 1086/BNV-CCVC ngày 05/02/2026 của Bộ Nội vụ.",
        "Thực hiện Đề án số 08 của Huyện ủy về chính quyền điện tử.",
        "Triển khai Công điện số 207/CĐ-TTg ngày 04/11/2025 của Thủ tướng Chính phủ.",
        "Áp dụng TCVN ISO 9001:2015 tại Bộ phận Một cửa; CT, PCT UBND xã trực tiếp chỉ đạo.",
        "Kiểm tra 03 văn bản quy phạm pháp luật số 12/2020/QĐ-UBND của các xã.",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
        "Thực hiện theo TT 15/BC-UBND của xã.",
        "Trên đây là báo cáo.\nNơi nhận:\n- Như Kế hoạch số 12/KH-UBND;\n- Lưu: VT.",
    ],
)
def test_not_citations(tmp_path: Path, text: str) -> None:
    assert cited(tmp_path, text) == []


def test_subjects(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "Thực hiện Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ Hướng "
        "dẫn thi hành một số quy định của Nghị định 61/2018/NĐ-CP; Kế hoạch số 19/KH-UBND ngày "
        "10/3/2023 về việc kiểm soát TTHC năm 2023, Kế hoạch số 20/KH-UBND V/v số hóa hồ sơ.",
    )
    subjects = {r.number: r.subject for r in references.EXTRACTOR.extract(doc)}
    assert subjects == {
        "01/2018/TT-VPCP": "Hướng dẫn thi hành một số quy định của Nghị định 61/2018/NĐ-CP",
        "61/2018/NĐ-CP": None,
        "19/KH-UBND": "việc kiểm soát TTHC năm 2023",
        "20/KH-UBND": "số hóa hồ sơ",
    }


def test_mentions_of_one_document_merge_and_years_keep_numbers_apart(tmp_path: Path) -> None:
    doc = read(
        tmp_path,
        "UBND xã đã xây dựng Kế hoạch số 23/KH-UBND ngày 23/12/2022 về CCHC năm 2023.\n"
        "Kế hoạch số 23/KH-UBND ngày 29/5/2023 về nâng cao chỉ số CCHC.\n"
        "Thực hiện Nghị quyết số 30c/NQ-CP của Chính phủ. Nghị quyết số 30c/NQ-CP ngày "
        "08/11/2011 của Chính phủ về Chương trình tổng thể.",
    )
    merged: list[Reference] = resolve_references(doc, list(references.EXTRACTOR.extract(doc)))
    keys = [(r.number, r.date, r.own, len(r.evidence)) for r in merged]
    assert keys == [
        ("23/KH-UBND", "2022-12-23", True, 1),
        ("23/KH-UBND", "2023-05-29", True, 1),
        ("30c/NQ-CP", "2011-11-08", False, 2),
    ]
