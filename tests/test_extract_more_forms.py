"""Further forms of the genre read end to end: a short report written to a file, extracted by
the whole pipeline, and the facts it gives as (metric, sorted qualifiers, value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract_file


def _head(unit: str) -> str:
    return f"ỦY BAN NHÂN DÂN\n{unit}\n\nBÁO CÁO\nCông tác cải cách hành chính\n\n"


COMMUNE = _head("XÃ AN PHÚ")
DISTRICT = _head("HUYỆN BÌNH SƠN")
PROVINCE = _head("TỈNH BÌNH AN")


def facts(tmp_path: Path, body: str, head: str = COMMUNE) -> set[tuple]:
    path = tmp_path / "report.txt"
    path.write_text(head + body + "\n", encoding="utf-8")
    return {
        (f.metric, tuple(sorted(f.qualifiers.items())), f.value) for f in extract_file(path).facts
    }


@pytest.mark.parametrize(
    ("body", "metric", "other"),
    [
        (
            "Trong kỳ đã giải quyết 1.549 hồ sơ (trước hạn: 1.460; đúng hạn: 89; quá hạn: không).",
            "dossier.resolved.late",
            ("dossier.resolved.on_time", 89),
        ),
        (
            "Số hồ sơ giải quyết là 57 (quá hạn: không có; trước hạn: 20; đúng hạn: 37).",
            "dossier.resolved.late",
            ("dossier.resolved.early", 20),
        ),
        (
            "Đã giải quyết 230 hồ sơ (đúng hạn: 230, trễ hạn: Không)",
            "dossier.resolved.late",
            ("dossier.resolved.on_time", 230),
        ),
    ],
)
def test_status_answered_no_inside_a_list_is_zero(
    tmp_path: Path, body: str, metric: str, other: tuple
) -> None:
    got = facts(tmp_path, body)
    assert (metric, (), 0) in got
    assert (other[0], (), other[1]) in got


@pytest.mark.parametrize(
    "body",
    [
        "Hồ sơ quá hạn: không phát sinh trong kỳ.",
        "Nguyên nhân hồ sơ quá hạn: không rõ, đang rà soát.",
    ],
)
def test_no_without_a_colon_answer_gives_no_zero_late(tmp_path: Path, body: str) -> None:
    assert not any(m == "dossier.resolved.late" for m, _, _ in facts(tmp_path, body))
