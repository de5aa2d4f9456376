"""Hand-built extractions for the dataset tests, so store tests do not depend on the rules.

The figures are those of a small commune report; the sentence around each figure is a
real quote shape (`... là 937 hồ sơ`), with the figure's span recorded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.store import connect
from schemas import Evidence, Extraction, Fact, Flag, Reference, ReportMeta
from schemas.metrics import unit_of

FIGURES: list[tuple[str, dict[str, str], int | float, str]] = [
    ("tthc.total", {}, 103, "Tổng số TTHC thuộc thẩm quyền giải quyết là {} thủ tục"),
    ("dossier.received", {}, 937, "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là {} hồ sơ"),
    ("dossier.resolved", {}, 930, "Đã giải quyết {} hồ sơ"),
    ("dossier.resolved.on_time", {}, 925, "trong đó đúng hạn {} hồ sơ"),
    ("dossier.resolved.late", {}, 5, "quá hạn {} hồ sơ"),
    ("dossier.pending", {}, 7, "đang giải quyết {} hồ sơ"),
    ("dossier.on_time_rate", {}, 99.46, "tỷ lệ đúng hạn đạt {}%"),
    ("dossier.by_field", {"field": "Hộ tịch"}, 412, "Lĩnh vực Hộ tịch: {} hồ sơ"),
    ("staff.edu", {"level": "university", "group": "cadres"}, 9, "Đại học: {} người"),
    ("one_stop.area_m2", {}, 42.5, "diện tích Bộ phận Một cửa {} m2"),
]


def many_figures(count: int) -> list[tuple[str, dict[str, str], int, str]]:
    """A large extraction (one figure per field), to make a load take a while."""
    return [
        ("dossier.by_field", {"field": f"Lĩnh vực {i}"}, i + 1, "Lĩnh vực này có {} hồ sơ")
        for i in range(count)
    ]


def written(value: int | float) -> str:
    """The figure as a Vietnamese report writes it: `98,8`, `1.025`."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def write_report(folder: Path, name: str, variant: str = "", body: str = "") -> Path:
    """A small text file whose bytes (hence sha256) depend on `variant`; `body` is more of
    its text (for figures a reviewer quotes from it)."""
    path = folder / name
    text = f"BÁO CÁO cải cách hành chính {name} {variant}\n" + (f"{body}\n" if body else "")
    path.write_text(text, encoding="utf-8")
    return path


def make_extraction(
    path: Path,
    *,
    figures: list[tuple[str, dict[str, str], int | float, str]] | None = None,
    unit_name: str = "Thanh Hà",
    period_start: str = "2023-03-15",
    scale: int = 1,
    status: str = "ok",
) -> Extraction:
    """An extraction of `path` (its real sha256) with the given figures times `scale`."""
    doc_id = hashlib.sha256(path.read_bytes()).hexdigest()
    figures = FIGURES if figures is None else figures
    facts = []
    offset = 100
    for metric, qualifiers, value, template in figures:
        value = value * scale if isinstance(value, int) else value
        text = template.format(written(value))
        figure_at = text.index(written(value))
        key = "|".join([doc_id, metric, *sorted(f"{k}={v}" for k, v in qualifiers.items())])
        facts.append(
            Fact(
                id=hashlib.sha256(key.encode()).hexdigest()[:16],
                metric=metric,
                qualifiers=qualifiers,
                value=value,
                unit=unit_of(metric),
                evidence=[
                    Evidence(
                        page=1,
                        start=offset,
                        end=offset + len(text),
                        quote=text,
                        figure_start=offset + figure_at,
                        figure_end=offset + figure_at + len(written(value)),
                    )
                ],
                extractor="dossier.form.v1" if metric.startswith("dossier") else "other.v2",
                confidence=0.95,
            )
        )
        offset += len(text) + 2
    by_metric = {f.metric: f for f in facts}
    flags = []
    if "dossier.resolved" in by_metric and "dossier.resolved.on_time" in by_metric:
        flags.append(
            Flag(
                check="dossier.resolved_parts",
                message="925 + 5 = 930",
                severity="warning",
                facts=[by_metric["dossier.resolved"].id, by_metric["dossier.resolved.on_time"].id],
            )
        )
    quote = "Kế hoạch số 19/KH-UBND ngày 10/3/2023 của UBND thị trấn Thanh Hà"
    return Extraction(
        document={
            "id": doc_id,
            "path": str(path),
            "format": "txt",
            "pages": None,
            "status": status,
            "errors": [],
            "converted_from": None,
        },
        report=ReportMeta(
            unit_name=unit_name,
            unit_type="thị trấn",
            period_label="quý II năm 2023",
            period_start=period_start,
            period_end="2023-06-14",
            issue_date="2023-06-15",
            signer="Trần Văn Tuấn",
            recipients=["UBND huyện"],
            evidence={
                "unit_name": Evidence(page=1, start=0, end=20, quote="UBND THỊ TRẤN THANH HÀ")
            },
        ),
        facts=facts,
        references=[
            Reference(
                kind="Kế hoạch",
                number="19/KH-UBND",
                date="2023-03-10",
                issuer="UBND thị trấn Thanh Hà",
                own=True,
                evidence=[Evidence(page=1, start=30, end=30 + len(quote), quote=quote)],
                extractor="references.v1",
            )
        ],
        flags=flags,
    )


def rows(db: Path, sql: str) -> list[tuple]:
    """The rows of one query on a dataset file, opened read-only and closed again."""
    con = connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
