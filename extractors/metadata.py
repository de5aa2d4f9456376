"""Report metadata from the parts every official document has: the header (issuing body,
number, place and date), the type and summary line, `Kính gửi`, and the signature block.

Each value keeps the span it was read from, so a reviewer sees why the unit is `Thanh Hà`
or the period ends on the 14th. Values the text leaves blank (`Số:    /BC-UBND`,
`ngày    tháng 3 năm 2026` before signing) stay blank: null, or the number's fixed part.
"""

from __future__ import annotations

import regex

from extractors import layout, periods, units
from extractors.citations import CITATION
from extractors.dates import find_dates
from extractors.kind import document_kind
from schemas import Document, Evidence, ReportMeta

_NUMBER = regex.compile(
    r"(?<![\p{L}])Số\s*:\s*"
    r"(?P<num>(?:\d[\d.]*[a-zđ]?)?[ \t]*/[ \t]*[\p{L}\d&.\-]+(?:/[\p{L}\d&.\-]+)?)"
)
_PLACE_DATE = regex.compile(
    r"(?P<place>[\p{L}][\p{L}.]*(?:[ \t]+[\p{L}\d.]+){0,4})[ \t]*,[ \t]*"
    r"(?P<date>ngày\b[^\n|]{0,40})"
)
_CUTS = regex.compile(
    r"(?i)\s(?:trong|của)\s|[,;]?\s+và\s+phương\s+hướng|,\s*phương\s+hướng|[.;]\s|[.;:]$"
)
# A person's name: two to five words, the first and last capitalised, alone on its line
# (a footnote number or a table cell may follow it).
_NAME_LINE = regex.compile(
    r"^\p{Lu}\p{L}*(?:[ \t]+\p{L}+){0,3}[ \t]+\p{Lu}\p{L}*(?=[ \t]*(?:$|[|(\d]))"
)
# PDF text of a two-column closing puts the name at the end of the last `Nơi nhận` line
# (`- Lưu: VT, NC.        Hoàng Nam`): a capitalised name after the entry's end
_NAME_AFTER_ENTRY = regex.compile(
    r"(?<=[;.,)])[ \t]+(?!(?:Sở|Phòng|Văn|Ban|Ủy|Uỷ|Hội|Trung|Chi|Cục|Bộ|Tòa|Toà|Viện|Công|Đảng"
    r"|Huyện|Xã|Tỉnh|Thành|Quận|Phường|Thị|Các|Như|Lưu|Đoàn|Mặt|Kho|Báo|Đài)\b)"
    r"(?P<name>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}*){1,4})[ \t]*$"
)
_SKIP_LINE = regex.compile(r"(?i)^\s*(?:[-+•*]|\(?đã\s+ký\)?|\[?ký\b|$)")
_SIGN_PREFIX = regex.compile(r"(?<![\p{L}])(?:TM|KT|TL|TUQ|Q)\s*\.")


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    return Evidence(page=None, start=start, end=end, quote=doc.quote(start, end))


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


def signer_title(written: str) -> str:
    """`PHÓ CHỦ TỊCH` -> `Phó Chủ tịch`, `GIÁM ĐỐC` -> `Giám đốc`; an acting head signs
    `Q. CHỦ TỊCH` or `QUYỀN CHỦ TỊCH` -> `Quyền Chủ tịch`."""
    words = " ".join(written.split()).lower()
    acting = regex.match(r"(?:q\.|quyền)\s*", words)
    if acting:
        return "Quyền " + signer_title(words[acting.end() :])
    if words.startswith("phó "):
        return "Phó " + _capitalised(words[4:])
    return _capitalised(words)


class HeaderExtractor:
    """One `ReportMeta` per document from its header, title, addressees and signature."""

    id = "report.header.v1"

    def extract(self, doc: Document) -> ReportMeta:
        meta = ReportMeta()
        evidence: dict[str, Evidence] = {}
        self._unit(doc, meta, evidence)
        self._title_and_period(doc, meta, evidence)
        self._header_lines(doc, meta, evidence)
        self._signature(doc, meta, evidence)
        self._recipients(doc, meta, evidence)
        kind = document_kind(doc)
        meta.document_kind, meta.reform_report = kind.kind, kind.reform
        meta.evidence = evidence
        return meta

    def _unit(self, doc: Document, meta: ReportMeta, evidence: dict[str, Evidence]) -> None:
        unit = units.identify_unit(doc)
        meta.unit_type, meta.unit_name = unit.type, unit.name
        if unit.span:
            for name in ("unit_name", "unit_type"):
                evidence[name] = _evidence(doc, *unit.span)
        for name, place in (("district", unit.district), ("province", unit.province)):
            if place is not None and place.name:
                setattr(meta, name, place.name)
                if place.end > place.start:
                    evidence[name] = _evidence(doc, place.start, place.end)

    def _title_and_period(
        self, doc: Document, meta: ReportMeta, evidence: dict[str, Evidence]
    ) -> None:
        text = doc.text
        title = layout.find_title(text)
        closing = layout.closing_sentence(text)
        zones = []
        if title and title.summary_end > title.summary_start:
            zones.append((title.summary_start, title.summary_end))
        if closing:
            zones.append((closing.start, closing.end))
        opening = layout.opening_sentence(text)
        if opening:
            zones.append((opening.start, opening.end))
        label = None
        for start, end in zones:
            label = periods.find_label(text, start, end)
            if label:
                break
        if label:
            meta.period_label = label.text
            evidence["period_label"] = _evidence(doc, label.start, label.end)
        rng = periods.best_range(text, label)
        if rng is not None:
            first, last, span = rng.first, rng.last, (rng.start, rng.end)
        elif label is not None and label.first is not None:
            first, last, span = label.first, label.last, (label.start, label.end)
        else:
            first = last = span = None
        if span is not None:
            meta.period_start, meta.period_end = first.isoformat(), last.isoformat()
            evidence["period_start"] = evidence["period_end"] = _evidence(doc, *span)
        report_type = self._report_type(doc, title, closing, label)
        if report_type:
            meta.report_type, span = report_type
            evidence["report_type"] = _evidence(doc, *span)

    def _report_type(
        self,
        doc: Document,
        title: layout.Title | None,
        closing: layout.Span | None,
        label: periods.Label | None,
    ) -> tuple[str, tuple[int, int]] | None:
        """`Báo cáo` with the summary line's core: up to the period, the unit or `trong`."""
        text = doc.text
        if title and title.summary_end > title.summary_start:
            start, end, head_start = title.summary_start, title.summary_end, title.type_start
            head = " ".join(text[title.type_start : title.type_end].split()).lower()
            if title.qualifier:
                head += " " + title.qualifier.lower()
        elif closing:
            start, end, head_start, head = closing.start, closing.end, closing.start, ""
        else:
            return None
        cut = end
        if label and start <= label.start < end:
            cut = label.start
        found = _CUTS.search(text, start, cut)
        if found:
            cut = found.start()
        place = units.PLACE.search(text, start, cut)
        if place and place.start() > start:
            cut = place.start()
        cited = CITATION.search(text, start, cut)
        if cited and cited.start() > start:  # `... theo Công văn số 2769/UBND-NC`
            cut = cited.start()
            joint = regex.search(r"(?i)\s(?:theo|tại|căn\s+cứ|thực\s+hiện)\s*$", text[start:cut])
            cut = start + joint.start() if joint else cut
        summary = units.surface(doc, start, cut).strip(" ,.;:-")
        if not summary:
            return None
        if head and not regex.match(r"(?i)" + r"\s+".join(head.split()), summary):
            phrase = f"{_capitalised(head)} {summary[:1].lower()}{summary[1:]}"
        else:
            phrase = _capitalised(summary)
        return phrase, (head_start, cut)

    def _header_lines(self, doc: Document, meta: ReportMeta, evidence: dict[str, Evidence]) -> None:
        end = layout.header_end(doc.text)
        head = layout.masked_header(doc.text, end)
        number = _NUMBER.search(head)
        if number:
            meta.doc_number = units.surface(doc, number.start("num"), number.end("num"))
            evidence["doc_number"] = _evidence(doc, number.start(), number.end())
        for m in _PLACE_DATE.finditer(head):
            written = regex.sub(r"(?i)(tháng|năm)(?=\d)", r"\1 ", m.group("date"))
            dates = find_dates(written)
            if dates and dates[0].start <= len("ngày "):
                meta.issue_date = dates[0].iso
                evidence["issue_date"] = _evidence(doc, m.start(), m.end())
            break

    def _signature(self, doc: Document, meta: ReportMeta, evidence: dict[str, Evidence]) -> None:
        """The last title in the signature block (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH` -> the deputy)
        and the name under it, skipping the `Nơi nhận` list printed beside it."""
        text = doc.text
        zone = layout.recipients_zone(text)
        start = zone.start if zone else None
        if start is None:
            prefixes = list(_SIGN_PREFIX.finditer(text))
            if not prefixes:
                return
            start = prefixes[-1].start()
        titles = list(layout.SIGNER_TITLES.finditer(text, start, min(len(text), start + 1500)))
        for title in reversed(titles):
            name = self._name_after(text, title.end())
            if name is None:
                continue
            meta.signer_title = signer_title(title.group(0))
            meta.signer = units.surface(doc, *name)
            evidence["signer_title"] = _evidence(doc, title.start(), title.end())
            evidence["signer"] = _evidence(doc, *name)
            return

    @staticmethod
    def _name_after(text: str, pos: int) -> tuple[int, int] | None:
        """The person's name after a signer title, on the same line or a later one."""
        line_end = layout.line_bounds(text, pos)[1]
        pieces = [(pos, line_end)]
        cursor = line_end
        for _ in range(12):
            if cursor >= len(text):
                break
            nxt = text.find("\n", cursor + 1)
            nxt = len(text) if nxt < 0 else nxt
            pieces.append((cursor + 1, nxt))
            cursor = nxt
        for start, end in pieces:
            piece = text[start:end]
            for part in regex.split(r"\|", piece):
                offset = start + piece.find(part)
                stripped = part.strip(" \t*_")
                beside = _NAME_AFTER_ENTRY.search(part) if start > pos else None
                if beside and regex.match(r"\s*[-+•*–]", part):
                    first = offset + beside.start("name")
                    return first, first + len(beside.group("name"))
                if _SKIP_LINE.match(stripped) or layout.SIGNER_TITLES.fullmatch(stripped):
                    continue
                name = _NAME_LINE.match(stripped)
                if name and not layout.SIGNER_TITLES.search(name.group(0)):
                    first = offset + part.find(stripped)
                    return first, first + name.end()
                if start > pos:
                    return None
        return None

    def _recipients(self, doc: Document, meta: ReportMeta, evidence: dict[str, Evidence]) -> None:
        text = doc.text
        m = layout.kinh_gui(text)
        if m is None:
            return
        _, end = layout.line_bounds(text, m.end())
        items = [(m.end(), end)]
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            if not regex.match(r"\s*[-+•]", text[end + 1 : nxt]):
                break
            items.append((end + 1, nxt))
            end = nxt
        names = []
        for start, stop in items:
            for part in regex.finditer(r"[^;]+", text[start:stop]):
                s = start + part.start()
                written = units.surface(doc, s, start + part.end()).strip(" -+•.,;:")
                if written:
                    names.append(written)
        meta.recipients = names
        if names:
            evidence["recipients"] = _evidence(doc, m.start(), end)


EXTRACTOR = HeaderExtractor()
