"""Small reports read through the real reader, and what a family of extractors finds in them.

The extractor tests share these so that every family is checked the same way: each candidate's
figure lies inside its evidence and is not blank, and `found` is the set of
(metric, qualifiers, value) the family gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from extractors import dossier, staffing, tthc
from extractors.figures import FigureReader
from extractors.selection import select
from pipeline.load import load_document

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"


def plain_head(unit: str) -> str:
    """The shortest opening a report has: its unit and a title naming no period."""
    return f"ỦY BAN NHÂN DÂN\n{unit}\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"


COMMUNE = plain_head("XÃ AN PHÚ")
DISTRICT = plain_head("HUYỆN BÌNH SƠN")
PROVINCE = plain_head("TỈNH BÌNH AN")
# full openings: number, motto, place and date, and a title naming the period (quý III / quý I)
COMMUNE_Q3 = (
    "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n\nSố: 125/BC-UBND\n\n" + MOTTO + "An Phú, ngày 15 tháng 9 năm "
    "2024\n\nBÁO CÁO\nKết quả công tác cải cách hành chính quý III năm 2024\n\nI. KẾT QUẢ THỰC "
    "HIỆN\n"
)
PROVINCE_Q1 = (
    "ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\n\nSố: 88/BC-UBND\n\n" + MOTTO + "Bình An, ngày 20 tháng 3 "
    "năm 2026\n\nBÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nI. KẾT QUẢ THỰC HIỆN\n"
)
CLOSING_PROVINCE = "\nTrên đây là báo cáo của Ủy ban nhân dân tỉnh Bình An./.\n"

Found = Callable[..., set[tuple]]

# the dossier and feedback family: the figure reader's readings of them, and the table rules
DOSSIER_FAMILY = (FigureReader(families=("dossier", "feedback")), *dossier.EXTRACTORS)
# the staffing family: the figure reader's readings of it, and the staffing rules
STAFF_FAMILY = (FigureReader(families=("staff",)), *staffing.EXTRACTORS)
# the procedure family: the figure reader's readings of it, and the procedure rules
TTHC_FAMILY = (FigureReader(families=("tthc",)), *tthc.EXTRACTORS)


def found_in(extractors: Iterable, path: Path) -> set[tuple]:
    """Every (metric, sorted qualifiers, value) the extractors give for the file at `path`,
    one reading per figure as the selection stage keeps it."""
    doc = load_document(path)
    candidates = []
    for extractor in extractors:
        for c in extractor.extract(doc):
            assert c.start <= c.figure_start < c.figure_end <= c.end
            assert doc.text[c.figure_start : c.figure_end].strip()
            candidates.append(c)
    return {
        (c.metric, tuple(sorted(c.qualifiers.items())), c.value) for c in select(doc, candidates)
    }


def finder(extractors: Iterable, default_head: str = COMMUNE) -> Found:
    """`found(tmp_path, body, head)`: the body written under a report's opening, then read."""
    extractors = tuple(extractors)

    def found(tmp_path: Path, body: str, head: str = default_head) -> set[tuple]:
        path = tmp_path / "report.txt"
        path.write_text(head + body + "\n", encoding="utf-8")
        return found_in(extractors, path)

    return found
