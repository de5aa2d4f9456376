"""Procedure (TTHC) figures that prose sentences do not hold: lists by field (`Lĩnh vực Hộ
tịch: 19 thủ tục; Chứng thực 11 thủ tục; ...`) and statistics tables (`1.4.3 | Số TTHC
ngành dọc | Thủ tục | 420`).

Procedure counts written in sentences — totals and their fields (`33 lĩnh vực với 135 thủ
tục`), one-stop, online levels, across levels, central vertical, announced / amended /
abolished — are read by the figure reader (`extractors.figures`) from the vocabulary and
the decision table.
"""

from __future__ import annotations

from extractors.tthc_lists import FieldList, TableRules

EXTRACTORS = (FieldList(), TableRules())
