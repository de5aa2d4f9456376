"""Documents the unit issued (in total, by type, digitally signed) and the floor area of
its one-stop shop.

`HĐND&UBND xã đã ban hành 623 văn bản gồm: 197 quyết định, 142 công văn, ...`, `Tổng số
văn bản đi 282 văn bản. Báo cáo:105, Thông báo: 10, ...`, `tổng cộng 282 văn bản; trong
đó 142 văn bản thực hiện chữ ký số`; `Bộ phận một cửa ... diện tích khoảng 55 m2`.
Only the unit's own output counts: documents received (`văn bản đến`), legal normative
documents (`QPPL`) and the few directives issued about one topic are subsets or other
things, and a type list is read only right after a total.
"""

from __future__ import annotations

import regex

from extractors import common
from extractors.dossier_read import reading
from extractors.numbers import NumberMatch, parse_number
from schemas import Candidate, Document
from schemas.text import same_length_loose

DOC_TYPES = {
    "quyet dinh": "Quyết định",
    "cong van": "Công văn",
    "bao cao": "Báo cáo",
    "to trinh": "Tờ trình",
    "ke hoach": "Kế hoạch",
    "thong bao": "Thông báo",
    "van ban khac": "Khác",
    "loai khac": "Khác",
    "khac": "Khác",
}
_TYPE = "|".join(sorted(DOC_TYPES, key=len, reverse=True))
_ITEM_AFTER = regex.compile(rf"(?<![\p{{L}}\d])(\d[\d.]*)\s+({_TYPE})\b(?!\s+so\b)")
_ITEM_BEFORE = regex.compile(rf"\b({_TYPE})\s*:?\s*(\d[\d.]*)(?![\d,.]\d)(?!\s*/)")

_ISSUED = regex.compile(
    r"ban hanh|phat hanh|soan thao|van ban di\b|\bdi\b|tong cong|tong so van ban"
)
_NOT_OWN = regex.compile(
    r"qppl|quy pham|van ban den\b|nhan duoc|tiep nhan|tham dinh|gop y|kiem tra|ra soat"
    r"|chi dao|huong dan|trien khai|tra loi|cap nhat|he thong hoa|lay y kien|cong bo|niem yet"
    r"|tuyen truyen|xin y kien|de nghi"
)
_SUBSET_AFTER = regex.compile(
    r"\s*(?:chi dao|qppl|quy pham|huong dan|dieu hanh|trien khai|ve |lien quan|cchc|cai cach"
    r"|khac|den\b|de\b|nham\b)"
)
_SIGNED = regex.compile(r"ky so|chu ky so|ky dien tu|chu ky dien tu")
_DOC_UNIT = regex.compile(r"\s*van ban\b")


def _planned(doc: Document) -> set[int]:
    """Starts of sentences under plan or proposal headings, or asking for something."""
    return {r.span.start for r in reading(doc).sentences if r.plan}


class DocsIssuedExtractor:
    """Documents issued: total, by type after it, and how many were digitally signed."""

    id = "docs_issued.sentence.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out: list[Candidate] = []
        spans = common.sentences(doc)
        text = doc.text
        planned = _planned(doc)
        for k, s in enumerate(spans):
            key = same_length_loose(s.text)
            if "van ban" not in key or s.start in planned:
                continue
            total_end = None
            for n in common.numbers(text, s.start, s.end):
                metric = self._metric(text, s, n)
                if metric is None:
                    continue
                span = common.clause_around(text, s.start, s.end, n.start, ";")
                out.append(common.candidate(metric, n.value, span, n, self.id))
                if metric == "docs_issued.total" and total_end is None:
                    total_end = n.end
            if total_end is None:
                continue
            items = _type_items(text, total_end, s.end)
            if len(items) < 2 and k + 1 < len(spans) and spans[k + 1].start - s.end < 3:
                items = _type_items(text, spans[k + 1].start, spans[k + 1].end, at_start=True)
            if len(items) >= 2:
                for doc_type, n, span in items:
                    out.append(
                        common.candidate(
                            "docs_issued.by_type", n.value, span, n, self.id, {"doc_type": doc_type}
                        )
                    )
        return out

    def _metric(self, text: str, s: common.Span, n: NumberMatch) -> str | None:
        if isinstance(n.value, float):
            return None
        before = same_length_loose(text[max(s.start, n.start - 120) : n.start])
        after = same_length_loose(text[n.end : min(s.end, n.end + 60)])
        unit = _DOC_UNIT.match(after)
        rest = after[unit.end() :] if unit else after
        tail = regex.split(r"[,;.:()]", rest, maxsplit=1)[0]
        near = regex.split(r"[;.]", before)[-1]
        if unit and _SIGNED.search(tail):
            return "docs_issued.digitally_signed"
        if _SIGNED.search(near[-25:]) and (unit or near.rstrip().endswith(":")):
            return "docs_issued.digitally_signed"
        labelled = regex.search(
            r"(?:tong )?so (?:luong )?van ban(?: da)?(?: di| ban hanh| phat hanh)?\s*(?:la|:)?\s*$",
            near,
        )
        if not unit and not labelled:
            return None
        if unit and _SUBSET_AFTER.match(rest):
            return None
        if not _ISSUED.search(near) or _NOT_OWN.search(near):
            return None
        return "docs_issued.total"


def _type_items(
    text: str, start: int, end: int, at_start: bool = False
) -> list[tuple[str, NumberMatch, tuple[int, int]]]:
    """(type, figure, item span) for every `197 quyết định` / `Báo cáo: 105` in text[start:end].

    `at_start`: the list must open the stretch (a sentence that only continues a total).
    """
    key = same_length_loose(text[start:end])
    found: dict[int, tuple[str, NumberMatch, tuple[int, int]]] = {}
    for pattern, type_group, number_group in ((_ITEM_AFTER, 2, 1), (_ITEM_BEFORE, 1, 2)):
        for m in pattern.finditer(key):
            a, b = start + m.start(number_group), start + m.end(number_group)
            numbers = common.numbers(text, a, b)
            if len(numbers) != 1 or a in found:
                continue
            item = (start + m.start(), start + m.end())
            found[a] = (DOC_TYPES[m.group(type_group)], numbers[0], item)
    items = [found[a] for a in sorted(found)]
    if at_start and items and regex.search(r"\p{L}", text[start : min(i[2][0] for i in items)]):
        return []
    return items


# --- one-stop area ----------------------------------------------------------------------

# `40 m2`, `40m²`, `40 mét vuông` (the unit may be glued to the figure)
_AREA = regex.compile(
    r"(?i)(?<![\p{L}\d.,/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?:m\s?2|m²|mét\s+vuông)(?!\p{L}|\d)"
)
_ONE_STOP = regex.compile(
    r"(?:mot|1) cua|tiep nhan va tra ket qua|tn ?& ?tkq|tiep nhan va hoan tra"
    r"|tiep nhan, tra ket qua|phuc vu hanh chinh cong|bo phan tiep nhan|phong tiep nhan"
)
_OTHER_ROOM = regex.compile(r"hoi truong|tru so|nha van hoa|san\b|kho\b|dat\b|khuon vien")


def _other_room(before: str) -> bool:
    """The area belongs to another place (`trụ sở có diện tích 500 m2`): that place is named
    in the area's own clause, not as where the shop sits (`bố trí tại tầng 1 trụ sở, diện
    tích 45 m2`, `đặt trong khuôn viên trụ sở UBND, rộng 40 m2`)."""
    clause = regex.split(r"[,;:()]", before)[-1][-60:]
    for m in _OTHER_ROOM.finditer(clause):
        if not regex.search(r"\b(?:tai|trong|o|thuoc)\b(?:\s+\S+){0,4}\s*$", clause[: m.start()]):
            return True
    return False


class OneStopAreaExtractor:
    """Floor area of the one-stop shop (`diện tích khoảng 55 m2`, `rộng 40 m2`)."""

    id = "one_stop.area.v1"

    def extract(self, doc: Document) -> list[Candidate]:
        out = []
        text = doc.text
        spans = common.sentences(doc)
        planned = _planned(doc)
        for k, s in enumerate(spans):
            if s.start in planned:
                continue
            for m in _AREA.finditer(text, s.start, s.end):
                value = parse_number(m.group(1))
                if value is None:
                    continue
                n = NumberMatch(value, m.start(1), m.end(1), m.group(1))
                before = same_length_loose(text[s.start : n.start])
                if k > 0 and not _ONE_STOP.search(before):
                    before = same_length_loose(spans[k - 1].text) + " " + before
                if not _ONE_STOP.search(before):
                    continue
                if _other_room(before):
                    continue
                span = common.clause_around(text, s.start, s.end, n.start, ";")
                out.append(common.candidate("one_stop.area_m2", float(value), span, n, self.id))
        return out


EXTRACTORS = (DocsIssuedExtractor(), OneStopAreaExtractor())
