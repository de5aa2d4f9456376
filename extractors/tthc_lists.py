"""Procedure counts per field, in lists (`Lĩnh vực Hộ tịch: 19 thủ tục; Chứng thực 11 thủ
tục; ...`) and in statistics tables (`1.4.3 | Số TTHC ngành dọc | Thủ tục | 420`, year
columns, a `Số TTHC` column beside field rows)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.common import candidate, clauses, clean_field, report_level, sentences, table_values
from extractors.nlp import words
from extractors.numbers import NumberMatch, as_count, parse_number
from extractors.tthc_terms import (
    COUNT,
    LEVEL,
    ONLINE_UNIT,
    PROC,
    N,
    classify_label,
    compile_ci,
)
from schemas import Candidate, Document
from schemas.text import fold

_ITEM = compile_ci(
    rf"^(?:[-+*•]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?(?P<name>\p{{L}}[\p{{L}}\s,–\-/&]*?)\s*"
    rf"(?::|có|gồm|là)?\s*{N}\s*(?P<unit>{PROC})?\s*[.;,]?$"
)
_INTRO = compile_ci(r"(?:cụ\s+thể|gồm|như\s+sau|bao\s+gồm|trong\s+đó)\s*:\s*")
# Words that make a name something other than a field (`Tổng số TTHC`, `Năm 2020`, `Số hồ
# sơ`), compared as whole words: a field may end in `số` (`Chuyển đổi số`) or hold it
# inside a word (`Xổ số kiến thiết`), which syllable matching would refuse.
_NOT_FIELD_WORDS = {
    "tổng",
    "tổng số",
    "tthc",
    "thủ tục",
    "hồ sơ",
    "trong đó",
    "gồm",
    "mức độ",
    "được",
    "đã",
    "là",
    "năm",
    "tháng",
    "quý",
    "văn bản",
    "trường hợp",
    "tỷ lệ",
    "đạt",
    "chiếm",
}
_NOT_FIELD_FIRST = {"số", "có", "trong", "tổng", "cộng"}


def _field_name(name: str) -> str | None:
    cleaned = clean_field(name)
    if not cleaned or not 1 <= len(cleaned.split()) <= 10:
        return None
    tokens = [fold(w) for w, _, _ in words(cleaned) if any(c.isalnum() for c in w)]
    if not tokens or tokens[0] in _NOT_FIELD_FIRST:
        return None
    if any(
        t in _NOT_FIELD_WORDS or t.split()[0] in ("số", "tổng") and len(t.split()) > 1
        for t in tokens
    ):
        return None
    return cleaned


class FieldList:
    """`Lĩnh vực Bảo trợ xã hội: 6 thủ tục; Người có công 2 thủ tục; ...`: a run of items,
    most of them counted in procedures; items without a unit inside such a run count too."""

    id = "tthc.list.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        text = doc.text
        run: list[tuple[str, int, bool, NumberMatch, tuple[int, int]]] = []
        for span in sentences(doc):
            if span.table is not None:
                yield from self._flush(run)
                run = []
                continue
            items = clauses(text, span.start, span.end, ";")
            if len(items) == 1 and "," in span.text and COUNT.search(span.text):
                parts = clauses(text, span.start, span.end, ",")
                if sum(1 for a, b in parts if COUNT.search(text, a, b)) >= 3:
                    items = parts
            for k, (a, b) in enumerate(items):
                item = self._item(doc, a, b, first=k == 0)
                if item is None:
                    yield from self._flush(run)
                    run = []
                else:
                    run.append(item)
        yield from self._flush(run)

    def _item(self, doc: Document, a: int, b: int, first: bool):
        text = doc.text
        starts = [a]
        if first:
            starts += [m.end() for m in _INTRO.finditer(text, a, b)]
        for s in reversed(starts):
            m = _ITEM.match(text[s:b])
            if not m:
                continue
            # the name as the source spells it (`Hoà giải`, not the canonical `Hòa giải`)
            name = _field_name(doc.surface[s + m.start("name") : s + m.end("name")])
            value = parse_number(m.group("n"))
            count = as_count(value) if value is not None else None
            if name is None or count is None:
                return None
            fig = NumberMatch(value, s + m.start("n"), s + m.end("n"), m.group("n"))
            return (name, count, bool(m.group("unit")), fig, (a, b))
        return None

    def _flush(self, run: list) -> Iterator[Candidate]:
        with_unit = sum(1 for item in run if item[2])
        if len(run) < 2 or with_unit < max(2, (len(run) + 1) // 2):
            return
        for name, count, _, fig, (a, b) in run:
            yield candidate("tthc.by_field", count, (a, b), fig, self.id, {"field": name})


class TableRules:
    """Statistics tables: a row label naming the kind of count, a unit `Thủ tục` or none,
    one value or one value per year column."""

    id = "tthc.table.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        for v in table_values(doc):
            label = v.label
            if v.unit and v.unit not in ("thủ tục", "tthc"):
                continue
            field = self._field(doc, v)
            if field is not None:
                count = as_count(v.value)
                if count is not None:
                    q = {"field": field, "year": v.year}
                    yield candidate(
                        "tthc.by_field", count, (v.row_start, v.row_end), v.figure, self.id, q
                    )
                continue
            if not regex.search(rf"(?i){PROC}|{ONLINE_UNIT}", label):
                continue
            if regex.search(r"(?i)tỷ\s+lệ|hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh|nội\s+bộ", label):
                continue
            count = as_count(v.value)
            if count is None:
                continue
            metric, scope = classify_label(label, v.section, level)
            if metric is None:
                metric = self._level_column(label, v.header)
                scope = None
            if metric is None:
                continue
            q = {"scope": scope, "year": v.year}
            yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)

    @staticmethod
    def _level_column(label: str, header: str) -> str | None:
        """`Số TTHC | 50 | 60 | 29` under `Mức độ 2 | Mức độ 3 | Mức độ 4` (or `Toàn trình`)."""
        lv = LEVEL.search(header)
        if lv is None or regex.search(r"(?i)hồ\s+sơ|tỷ\s+lệ|%", header):
            return None
        if not regex.match(rf"(?i)(?:tổng\s+)?số\s+(?:lượng\s+)?(?:{PROC}|{ONLINE_UNIT})", label):
            return None
        if regex.search(r"(?i)hồ\s+sơ|tiếp\s+nhận|giải\s+quyết|đủ\s+điều\s+kiện", label):
            return None
        return "tthc.online_level" + (
            "4" if lv.group("full") else "3" if lv.group("part") else lv.group("lv")
        )

    def _field(self, doc: Document, v) -> str | None:
        """A row naming a field under a column counting procedures (`Số TTHC`)."""
        header = v.header
        if not regex.search(rf"(?i)số\s+(?:lượng\s+)?{PROC}|^\s*{PROC}\s*$", header):
            return None
        if regex.search(r"(?i)hồ\s+sơ|tỷ\s+lệ|%", header):
            return None
        label = doc.surface[v.label_start : v.label_end] if v.label_end > v.label_start else ""
        if not label.strip() or regex.search(r"(?i)\b(?:tổng|cộng)\b", label):
            return None
        return _field_name(label)
