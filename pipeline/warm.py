"""Importing this module readies the extractors and the language models they load on
first use, by extracting one short report. The fork server behind
`pipeline.read.limits.run_bounded` imports it once, so each document's worker starts
warm instead of paying seconds of model loading per file."""

from __future__ import annotations

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
    from pipeline.extract import extract_file

    with tempfile.TemporaryDirectory(prefix="baocao-warm-") as folder:
        sample = Path(folder) / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        extract_file(sample)


try:
    warm()
except Exception:  # noqa: BLE001, S110 - warming is an optimisation; workers load lazily
    pass
