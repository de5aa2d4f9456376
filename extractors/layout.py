"""Where the parts of an official document sit in its text.

Administrative documents follow one layout (Nghị định 30/2020/NĐ-CP on document format):
the issuing body and the document number on the left of the header, the national motto and
the place-and-date line on the right, then the document type (`BÁO CÁO`) with its summary
line (trích yếu), sometimes `Kính gửi`, the body, and at the end `Nơi nhận` beside the
signature block. Read from DOCX or PDF, the two header columns arrive as table cells
joined by ` | ` or interleaved on one line, so the zones here are found by their wording,
not by their position on a line.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Document types that head the summary line (the report's `tên loại`).
DOC_TYPES = r"BÁO\s+CÁO|TỜ\s+TRÌNH|KẾ\s+HOẠCH|THÔNG\s+BÁO|CÔNG\s+VĂN|ĐỀ\s+ÁN|QUYẾT\s+ĐỊNH"
# The type alone on its line, possibly with a qualifier in capitals (`BÁO CÁO CHUYÊN ĐỀ`).
_TITLE = regex.compile(
    rf"(?m)^[ \t#*_]*(?P<type>{DOC_TYPES})(?P<qual>(?:[ \t]+\p{{Lu}}+){{0,3}})[ \t*_.:]*$"
)
_TITLE_AFTER_DATE = regex.compile(
    rf"(?m)(?:năm\s+\d{{4}}|Hạnh\s+phúc)[ \t]+(?P<type>{DOC_TYPES})(?P<qual>)[ \t]*$"
)
_TITLE_LOOSE = regex.compile(r"(?m)^[ \t#*_]*(?P<type>Báo\s+cáo)(?P<qual>)[ \t]+(?=\p{Ll})")
_LOOSE_WINDOW = 600
_TITLE_WINDOW = 3000
# A summary line broken in the source (`... SIPAS,` / `PAPI, PCI ...`) goes on after a comma,
# a dash or a joining word; a following line longer than this is the body.
_CONTINUES = regex.compile(r"(?:[,–-]|\s(?:và|của|về|trong|trên|tại))\s*$")
_SUMMARY_LINE = 160  # the title sits near the top; further down it is a heading
MOTTO = regex.compile(
    r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|(?i:Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc)"
    r"|[-_=–—]{3,}"
)
_CLOSING = regex.compile(r"(?i)Trên\s+đây\s+là\s+(?:nội\s+dung\s+)?(?P<body>báo\s+cáo\b[^\n]*)")
_OPENING = regex.compile(r"(?i)báo\s+cáo\s+[^.\n:]{0,250}?như\s+sau")
_RECIPIENTS = regex.compile(r"(?i)Nơi\s+nhận\s*:?")
_KINH_GUI = regex.compile(r"(?i)Kính\s+gửi\s*:?")
_BULLET_LINE = regex.compile(r"^\s*[-+•*–]")
SIGNER_TITLES = regex.compile(
    r"(?<![\p{L}])(?:(?:Q\.|QUYỀN)\s*)?(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+PHÒNG"
    r"|TRƯỞNG\s+BAN|TRƯỞNG\s+ĐOÀN|BÍ\s+THƯ|CHÁNH\s+THANH\s+TRA|CỤC\s+TRƯỞNG|CHI\s+CỤC\s+TRƯỞNG"
    r"|VIỆN\s+TRƯỞNG|HIỆU\s+TRƯỞNG|THỦ\s+TRƯỞNG)(?![\p{L}])"
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Title:
    """The document type line and the summary line (trích yếu) under it."""

    type_start: int
    type_end: int
    qualifier: str  # `CHUYÊN ĐỀ` in `BÁO CÁO CHUYÊN ĐỀ`, else ""
    summary_start: int
    summary_end: int


def masked_header(text: str, end: int) -> str:
    """The header zone with the national motto blanked out (same length, same offsets)."""
    head = text[:end]
    return MOTTO.sub(lambda m: " " * len(m.group(0)), head)


def find_title(text: str) -> Title | None:
    """The `BÁO CÁO` line near the top and the summary line that follows it."""
    m = _TITLE.search(text, 0, min(len(text), _TITLE_WINDOW))
    if m is None:
        # a reflowed header can end with the title: `... ngày 06 tháng 11 năm 2025 BÁO CÁO`
        m = _TITLE_AFTER_DATE.search(text, 0, min(len(text), _TITLE_WINDOW))
    if m is None:
        # no type line at all: a first line that reads `Báo cáo kết quả ...`
        m = _TITLE_LOOSE.search(text, 0, min(len(text), _LOOSE_WINDOW))
    if m is None:
        return None
    start = m.end()
    while start < len(text) and text[start] in " \t\n":
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    inline = _KINH_GUI.search(text, start, end)
    if inline:
        end = inline.start()  # a reflowed `Kính gửi` on the summary's line
    if _KINH_GUI.match(text, start) or _BULLET_LINE.match(text[start:end]):
        end = start  # no summary line: the title is followed straight by `Kính gửi` or a list
    while end < len(text) and _CONTINUES.search(text, start, end):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        if nxt - end > _SUMMARY_LINE or _KINH_GUI.match(text, end + 1):
            break
        end = nxt
    return Title(m.start("type"), m.end("type"), " ".join(m.group("qual").split()), start, end)


def header_end(text: str) -> int:
    """Where the header zone (issuing body, number, motto, place and date) ends."""
    title = find_title(text)
    return title.type_start if title else 0


def closing_sentence(text: str) -> Span | None:
    """`Trên đây là báo cáo ...`, the sentence that restates what the report is."""
    found = None
    for m in _CLOSING.finditer(text):
        found = Span(m.start("body"), m.end("body"))
    return found


def opening_sentence(text: str) -> Span | None:
    """`..., UBND xã báo cáo kết quả công tác CCHC quý I năm 2024 như sau:`"""
    m = _OPENING.search(text, 0, min(len(text), _TITLE_WINDOW + 2000))
    return Span(m.start(), m.end()) if m else None


def recipients_zone(text: str) -> Span | None:
    """`Nơi nhận:` and its list, the last one in the document (the signature sits beside it)."""
    found = None
    for m in _RECIPIENTS.finditer(text):
        found = m
    if found is None:
        return None
    end = found.end()
    line_end = text.find("\n", end)
    end = len(text) if line_end < 0 else line_end
    while end < len(text):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        line = text[end + 1 : nxt]
        if not _BULLET_LINE.match(line):
            break
        end = nxt
    return Span(found.start(), end)


def kinh_gui(text: str) -> regex.Match | None:
    """The `Kính gửi` line near the top (a report to a named superior body has one)."""
    return _KINH_GUI.search(text, 0, min(len(text), _TITLE_WINDOW + 2000))


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line holding offset `pos`: (start, end) without the newline."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)
