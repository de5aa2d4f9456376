"""Importing this module readies the extractors and the language models they load on
first use, by extracting one short report. The fork server behind
`pipeline.read.limits.run_bounded` imports it once, so each document's worker starts
warm instead of paying seconds of model loading per file."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

SAMPLE = (
    "ỦY BAN NHÂN DÂN XÃ THANH HÀ\n"
    "Số: 01/BC-UBND\n"
    "BÁO CÁO\nKết quả công tác cải cách hành chính quý I năm 2024\n"
    "Tổng số hồ sơ tiếp nhận là 1.025 hồ sơ, đã giải quyết 1.020 hồ sơ, "
    "trong đó đúng hạn 1.018 hồ sơ, tỷ lệ 99,8%.\n"
)


def warm() -> None:
    """Extract the sample as text and as a DOCX with a table; import the other readers."""
    import docx

    import pipeline.read.doc
    import pipeline.read.ocr
    import pipeline.read.pdf  # noqa: F401 - their libraries load once, here
    from pipeline.table_evidence import extract_with_table_cells

    with tempfile.TemporaryDirectory(prefix="baocao-warm-") as folder:
        sample = Path(folder) / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        extract_with_table_cells(sample)
        document = docx.Document()
        for line in SAMPLE.splitlines():
            document.add_paragraph(line)
        table = document.add_table(rows=2, cols=2)
        cells = ("Chỉ tiêu", "Năm 2024", "Hồ sơ tiếp nhận", "1.025")
        for cell, text in zip(table._cells, cells, strict=True):
            cell.text = text
        document.save(str(Path(folder) / "sample.docx"))
        extract_with_table_cells(Path(folder) / "sample.docx")


try:
    warm()
except Exception:  # noqa: BLE001, S110 - warming is an optimisation; workers load lazily
    pass
gc.freeze()  # the collector leaves what is loaded alone: forked workers share its pages
