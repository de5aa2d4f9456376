"""A small report written as a real text file, and extractions of it whose evidence points
at the file's own normalised text, so reviewers' actions can be checked against the source.

The values are chosen by each test (a re-extraction with other rules is the same file read
with other values; a changed file is new text), independent of the extraction rules.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.load import load_document
from pipeline.resolve import fact_id, qualifier_key
from schemas import Evidence, Extraction, Fact, Flag, ReportMeta
from schemas.metrics import unit_of

# metric -> sentence of the report; {} is where its figure is written
SENTENCES: dict[str, str] = {
    "tthc.total": "Tổng số TTHC thuộc thẩm quyền giải quyết là {} thủ tục.",
    "dossier.received": "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là {} hồ sơ.",
    "dossier.resolved": "Đã giải quyết {} hồ sơ.",
    "dossier.resolved.on_time": "Trong đó giải quyết đúng hạn {} hồ sơ.",
    "staff.total": "Tổng số cán bộ, công chức của xã là {} người.",
}
VALUES: dict[str, int] = {
    "tthc.total": 103,
    "dossier.received": 937,
    "dossier.resolved": 930,
    "dossier.resolved.on_time": 925,
    "staff.total": 21,
}


def write_text_report(folder: Path, name: str, values: dict[str, int] | None = None) -> Path:
    """The report as a text file; `values` changes what it says (hence its sha256)."""
    values = {**VALUES, **(values or {})}
    lines = ["UBND XÃ AN BÌNH", "BÁO CÁO", "Kết quả cải cách hành chính quý II năm 2023", ""]
    lines += [SENTENCES[m].format(f"{v:,}".replace(",", ".")) for m, v in values.items()]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_extraction(
    path: Path, metrics: list[str] | None = None, values: dict[str, int] | None = None
) -> Extraction:
    """An extraction of the file as it is now, with evidence located in its normalised text.

    `metrics` are the figures the rules find (all but staff.total by default); `values`
    overrides what they read (rules that read a figure differently).
    """
    doc = load_document(path)
    metrics = metrics if metrics is not None else [m for m in SENTENCES if m != "staff.total"]
    facts = []
    for metric in metrics:
        head = SENTENCES[metric].split("{}")[0]
        start = doc.text.index(head)
        end = doc.text.index(".", start + len(head)) + 1
        figure_start = start + len(head)
        figure_end = doc.text.index(" ", figure_start)
        written = doc.text[figure_start:figure_end]
        value = (values or {}).get(metric, int(written.replace(".", "")))
        facts.append(
            Fact(
                id=fact_id(doc.id, metric, qualifier_key({})),
                metric=metric,
                value=value,
                unit=unit_of(metric),
                evidence=[
                    Evidence(
                        page=doc.source_map.page_of(start, end),
                        start=start,
                        end=end,
                        quote=doc.quote(start, end),
                        figure_start=figure_start,
                        figure_end=figure_end,
                    )
                ],
                extractor="dossier.form.v1" if metric.startswith("dossier") else "tthc.v1",
                confidence=0.9,
            )
        )
    by_metric = {f.metric: f for f in facts}
    flags = []
    if {"dossier.received", "dossier.resolved"} <= by_metric.keys():
        flags.append(
            Flag(
                check="dossier.balance",
                message="937 received but 930 resolved and none pending",
                facts=[by_metric["dossier.received"].id, by_metric["dossier.resolved"].id],
            )
        )
    return Extraction(
        document=doc.info(),
        report=ReportMeta(unit_name="An Bình", unit_type="xã", period_label="quý II năm 2023"),
        facts=facts,
        flags=flags,
    )


def span_of(path: Path, text: str) -> tuple[int, int]:
    """Offsets of `text` in the file's normalised text."""
    doc = load_document(path)
    start = doc.text.index(text)
    return start, start + len(text)
