"""Procedure counts per field, in lists (`Lĩnh vực Hộ tịch: 19 thủ tục; Chứng thực 11 thủ
tục; ...`) and in statistics tables (`1.4.3 | Số TTHC ngành dọc | Thủ tục | 420`, year
columns, a `Số TTHC` column beside field rows)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.common import (
    candidate,
    clauses,
    clean_field,
    level_label,
    numbers,
    report_level,
    scope_of,
    sentences,
    table_values,
)
from extractors.nlp import words
from extractors.numbers import NumberMatch, as_count, parse_number
from extractors.tthc_terms import (
    COUNT,
    FIELDS,
    HANDLED,
    LEVEL,
    NOT_OWN_SET,
    ONLINE_UNIT,
    PROC,
    N,
    classify_label,
    compile_ci,
)
from schemas import Candidate, Document
from schemas.text import fold, loose_key

_BULLET = r"^(?:[-+*•]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?"
_NAME = r"(?P<name>\p{L}[\p{L}\s,–\-/&]*?)"
_ITEM = compile_ci(
    rf"{_BULLET}{_NAME}\s*(?::|có|gồm|là)?\s*{N}\s*(?P<unit>{PROC})?\s*[.;,]?$"
    # `Hộ tịch (22 TTHC)`
    rf"|{_BULLET}{_NAME}\s*\(\s*{N}\s*(?P<unit>{PROC})\s*\)\s*[.;,]?$"
)
_INTRO = compile_ci(r"(?:cụ\s+thể|gồm|như\s+sau|bao\s+gồm|trong\s+đó)\s*:\s*")
# a lead-in to a list: `trong đó:`, `gồm:`, `trong đó một số lĩnh vực có nhiều thủ tục:`
_LEAD = compile_ci(
    r"(?:cụ\s+thể|gồm(?:\s+có)?|như\s+sau|bao\s+gồm|trong\s+đó)[^.:;()\d]{0,80}?:\s*"
)
# a sentence that is nothing but a lead-in (`- Trong đó:`, `Cụ thể như sau:`)
_LEAD_ONLY = compile_ci(r"^[-+*•.\s]*(?:cụ\s+thể|gồm|bao\s+gồm|trong\s+đó)(?:\s+như\s+sau)?\s*:$")
# `... và các lĩnh vực khác` closing a list: the rest, not counted
_REST = compile_ci(
    rf"\s*(?:,|;)?\s*(?:và|cùng)\s+(?:các\s+|một\s+số\s+)?{FIELDS}\s+khác\s*[.;,]?\s*$"
)
# a name that is a level, an online level, a channel, a way of working or a change made to
# the catalogue (`công bố mới 12 TTHC, sửa đổi, bổ sung 07 TTHC, bãi bỏ 03 TTHC`), not a field
_NOT_FIELD_PHRASE = regex.compile(
    r"\b(?:cap (?:tinh|huyen|quan|xa|phuong|thi xa)|toan trinh|mot phan|muc do|dich vu cong|"
    r"truc tuyen|lien thong|mot cua|con lai|tham quyen|thuc hien|tiep nhan|cung cap|ubnd|"
    r"uy ban|cong bo|sua doi|bo sung|bai bo|huy bo|thay the|ban hanh|dieu chinh)\b"
)
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
    if level_label(cleaned) is not None or _NOT_FIELD_PHRASE.search(loose_key(cleaned)):
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


_COUNTED = compile_ci(rf"\s*(?:\(\s*)?(?:{PROC}|{FIELDS})")


def _total_before(text: str, start: int, end: int) -> bool:
    """Does text[start:end] end its figures with a count of procedures or fields?"""
    found = numbers(text, start, end)
    return bool(found) and bool(_COUNTED.match(text, found[-1].end, end))


class FieldList:
    """`Lĩnh vực Bảo trợ xã hội: 6 thủ tục; Người có công 2 thủ tục; ...`: a run of items,
    most of them counted in procedures; items without a unit inside such a run count too."""

    id = "tthc.list.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        text = doc.text
        run: list[tuple[str, int, bool, NumberMatch, tuple[int, int]]] = []
        # after a procedure total's lead-in (`118 TTHC, trong đó:`) items need no unit
        lenient = False
        counted = False  # the sentence before ended its figures with a procedure count
        for span in sentences(doc):
            if span.table is not None:
                yield from self._flush(run, lenient)
                run, lenient = [], False
                continue
            listed = self._lead_list(doc, span.start, span.end)
            if listed:
                yield from self._flush(run, lenient)
                yield from self._flush(listed, True)
                run, lenient = [], False
                continue
            items = clauses(text, span.start, span.end, ";")
            if len(items) == 1 and "," in span.text and COUNT.search(span.text):
                parts = clauses(text, span.start, span.end, ",")
                if sum(1 for a, b in parts if COUNT.search(text, a, b)) >= 2:
                    items = parts
            for k, (a, b) in enumerate(items):
                item = self._item(doc, a, b, first=k == 0)
                if item is None:
                    yield from self._flush(run, lenient)
                    run, lenient = [], False
                else:
                    run.append(item)
            total = _total_before(text, span.start, span.end)
            if span.text.endswith(":") and (total or (counted and _LEAD_ONLY.match(span.text))):
                yield from self._flush(run, lenient)
                run, lenient = [], True
            counted = total
        yield from self._flush(run, lenient)

    def _lead_list(self, doc: Document, start: int, end: int) -> list:
        """The items after a lead-in that follows a procedure total in the same sentence:
        `118 TTHC (24 lĩnh vực), trong đó: Hộ tịch: 21, Chứng thực: 10, ...`."""
        text = doc.text
        for lead in _LEAD.finditer(text, start, end):
            if lead.end() >= end or not _total_before(text, start, lead.start()):
                continue
            if NOT_OWN_SET.search(text, start, lead.start()) or HANDLED.search(
                text, start, lead.start()
            ):
                continue  # procedures reviewed or handled in the period, not the unit's set
            items = []
            for a, b in clauses(text, lead.end(), end, ",;"):
                rest = _REST.search(text, a, b)
                item = self._item(doc, a, rest.start() if rest else b, first=False)
                if item is None:
                    break
                items.append(item)
            if len(items) >= 2:
                return items
        return []

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

    def _flush(self, run: list, lenient: bool = False) -> Iterator[Candidate]:
        with_unit = sum(1 for item in run if item[2])
        if len(run) < 2 or (not lenient and with_unit < max(2, (len(run) + 1) // 2)):
            return
        for name, count, _, fig, (a, b) in run:
            yield candidate("tthc.by_field", count, (a, b), fig, self.id, {"field": name})


class TableRules:
    """Statistics tables: a row label naming the kind of count, a unit `Thủ tục` or none,
    one value or one value per year column."""

    id = "tthc.table.v1"

    def extract(self, doc: Document) -> Iterator[Candidate]:
        level = report_level(doc)
        values = list(table_values(doc))
        topics: dict[int, str] = {}
        split = {v.table for v in values if v.level is not None}  # tables with level rows
        for v in values:
            topics[v.table] = f"{topics.get(v.table, '')} {v.header}"
        for v in values:
            label = v.label
            if v.unit and v.unit not in ("thủ tục", "tthc"):
                continue
            count = as_count(v.value)
            if count is None:
                continue
            if v.level is not None or (v.whole and v.table in split):
                metric = self._split_row(v, topics.get(v.table, ""), level)
                if metric is not None:
                    q = {"scope": scope_of(v.label, level), **v.time_qualifiers}
                    yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)
                continue
            field = self._field(doc, v)
            if field is not None:
                q = {"field": field, **v.time_qualifiers}
                yield candidate(
                    "tthc.by_field", count, (v.row_start, v.row_end), v.figure, self.id, q
                )
                continue
            if not regex.search(rf"(?i){PROC}|{ONLINE_UNIT}", label):
                continue
            if regex.search(r"(?i)tỷ\s+lệ|hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh|nội\s+bộ", label):
                continue
            metric, scope = classify_label(label, v.section, level)
            if metric is None:
                metric = self._level_column(label, v.header)
                scope = None
            if metric is None:
                continue
            q = {"scope": scope, **v.time_qualifiers}
            yield candidate(metric, count, (v.row_start, v.row_end), v.figure, self.id, q)

    @staticmethod
    def _split_row(v, topic: str, level: str) -> str | None:
        """A level row (`Cấp tỉnh | 1.400 | 520`) or its whole (`Tổng cộng`): the count the
        column names (`Số TTHC`, `Toàn trình`), or the row it splits (`Tổng số TTHC ...`)."""
        header = v.header
        if regex.search(r"(?i)tỷ\s+lệ|hồ\s+sơ|%|đủ\s+điều\s+kiện|phát\s+sinh|nội\s+bộ", header):
            return None
        lv = LEVEL.search(header)
        if lv and regex.search(rf"(?i){PROC}|{ONLINE_UNIT}", topic):
            if not regex.search(r"(?i)hồ\s+sơ|tỷ\s+lệ", topic):
                return "tthc.online_level" + (
                    "4" if lv.group("full") else "3" if lv.group("part") else lv.group("lv")
                )
        if regex.match(rf"(?i)\s*(?:tổng\s+)?số\s+(?:lượng\s+)?(?:các\s+)?{PROC}", header):
            metric, _ = classify_label(header, "", level)
            return metric or "tthc.total"
        return classify_label(v.parent, "", level)[0] if v.parent else None

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
        if v.level is not None or v.whole:
            return None
        label = doc.surface[v.label_start : v.label_end] if v.label_end > v.label_start else ""
        if not label.strip() or regex.search(r"(?i)\b(?:tổng|cộng)\b", label):
            return None
        return _field_name(label)
