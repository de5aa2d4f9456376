"""Which body a report speaks for, and the places around it.

A report names its own body in the header (`ỦY BAN NHÂN DÂN / THỊ TRẤN THANH HÀ`, under a
parent such as `UBND HUYỆN ...` or `UBND TỈNH ...`), and keeps naming it in the body
(`UBND thị trấn Thanh Hà đã ban hành ...`, or just `UBND xã`). Reports without a header are
common (pasted into a portal, the first page lost): the body then tells, by how often each
`UBND <cấp>` speaks. The same knowledge says whether a cited document is the unit's own:
`của UBND xã` in a commune's report is the commune itself, `của UBND tỉnh` is not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import regex

from extractors import layout
from schemas import Document
from schemas.text import loose_key

# Administrative levels, longest spelling first (`thị xã` before `xã`).
TYPES = ("thị trấn", "thị xã", "thành phố", "đặc khu", "phường", "xã", "quận", "huyện", "tỉnh")
COMMUNE_LEVEL = {"xã", "phường", "thị trấn", "đặc khu"}
DISTRICT_LEVEL = {"huyện", "quận", "thị xã", "thành phố"}
# Cities governed directly by the centre are provinces in all but name.
CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
BODY_HEADS = (
    "văn phòng",
    "trung tâm",
    "chi cục",
    "sở",
    "phòng",
    "ban chỉ đạo",
    "ban",
    "cục",
    "đoàn",
)

_TYPE = r"thị\s+trấn|thị\s+xã|thành\s+phố|đặc\s+khu|phường|xã|quận|huyện|tỉnh"
_AUTH = r"UBND|(?i:ủy\s+ban\s+nhân\s+dân)"
# A proper name: capitalised syllables (`Thanh Hà`, `Thừa Thiên Huế`), or a ward number.
_WORD = r"\p{Lu}[\p{Ll}\p{Mn}]*(?![\p{L}\d])"
_WORDS = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
NAME = rf"(?:{_WORDS}(?:[ \t]*[-–][ \t]*{_WORDS})?|\d{{1,2}}(?!\d))"
PLACE = regex.compile(rf"(?<![\p{{L}}])(?P<type>(?i:{_TYPE}))[ \t]+(?P<name>{NAME})")
AUTHORITY = regex.compile(
    rf"(?<![\p{{L}}])(?:(?P<chair>(?i:chủ\s+tịch))\s+)?(?P<auth>{_AUTH})"
    rf"(?:[ \t]+(?P<type>(?i:{_TYPE}))(?![\p{{L}}])(?:[ \t]+(?P<name>{NAME}))?)?"
)
# Capitalised words that open a citation or a sentence, not a place name.
_NOT_A_NAME = regex.compile(
    r"(?i)(?:quyết\s+định|kế\s+hoạch|nghị\s+định|nghị\s+quyết|thông\s+tư|chỉ\s+thị|thông\s+báo"
    r"|công\s+văn|đề\s+án|luật|báo\s+cáo|tờ\s+trình|văn\s+bản|hướng\s+dẫn|về|kính\s+gửi"
    r"|nơi\s+nhận)(?![\p{L}])"
)
_TYPE_CAPS = r"THỊ\s+TRẤN|THỊ\s+XÃ|THÀNH\s+PHỐ|ĐẶC\s+KHU|PHƯỜNG|XÃ|QUẬN|HUYỆN|TỈNH"
# Where a name in capitals ends: the next body or level (`UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ`).
# One-word heads (`PHÒNG`, `ĐOÀN`) also end place names (`HẢI PHÒNG`, `ĐOÀN KẾT`), so they
# stop a name only when a name of their own follows them.
_CAPS_STOP = regex.compile(
    rf"(?:ỦY\s+BAN|UBND|HĐND|HỘI\s+ĐỒNG|TRUNG\s+TÂM|VĂN\s+PHÒNG|CHI\s+CỤC|SỐ|{_TYPE_CAPS}"
    r"|(?P<head>SỞ|PHÒNG|BAN|CỤC|ĐOÀN)(?=[ \t]+[\p{Lu}\d]))(?![\p{L}])"
)
_CAPS_NAME = r"(?:[\p{Lu}\d]+(?![\p{L}])(?:[ \t]+[\p{Lu}\d]+(?![\p{L}])){0,5})"
_HEADER_AUTH = regex.compile(
    rf"(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(?P<type>{_TYPE_CAPS})[ \t]+(?P<name>{_CAPS_NAME})"
)
_HEADER_BODY = regex.compile(
    r"(?<![\p{L}])(?<!ỦY\s)(?P<head>VĂN\s+PHÒNG|TRUNG\s+TÂM|CHI\s+CỤC|SỞ|PHÒNG|BAN\s+CHỈ\s+ĐẠO|BAN|CỤC|ĐOÀN)"
    rf"[ \t]+(?P<name>{_CAPS_NAME})"
)
_SELF_REPORT = regex.compile(r"(?i)^\s*(?:xin\s+)?báo\s+cáo")


def type_of(written: str) -> str:
    """The level as the vocabulary spells it: `Thị  Trấn` -> `thị trấn`."""
    return " ".join(written.split()).lower()


@dataclass(frozen=True, slots=True)
class Place:
    """A named administrative unit as written: `huyện Cẩm Giàng`, `UBND tỉnh Hải Dương`."""

    type: str
    name: str  # verbatim from the source's own spelling
    start: int
    end: int
    authority: bool = False

    @property
    def key(self) -> str:
        return loose_key(self.name)


@dataclass(slots=True)
class Unit:
    """The body a report speaks for, with the places above it when the text names them."""

    type: str | None = None
    name: str | None = None
    span: tuple[int, int] | None = None
    district: Place | None = None
    province: Place | None = None
    parents: list[Place] = field(default_factory=list)

    @property
    def key(self) -> str:
        return loose_key(self.name or "")

    @property
    def is_body(self) -> bool:
        return self.type in BODY_HEADS

    def issuer_name(self) -> str | None:
        """How the unit signs a document it issues: `UBND xã Hà Tiến`, `Sở Nội vụ`."""
        if self.type is None:
            return None
        if self.is_body:
            return f"{self.type.capitalize()} {self.name or ''}".strip()
        return f"UBND {self.type} {self.name or ''}".strip()


def surface(doc: Document, start: int, end: int) -> str:
    return " ".join(doc.surface[start:end].split())


def _clean_name(doc: Document, m: regex.Match, group: str = "name") -> tuple[str, int] | None:
    """The verbatim name of a match and its end, or None when the words are not a name."""
    if m.group(group) is None or _NOT_A_NAME.match(doc.text, m.start(group)):
        return None
    return surface(doc, m.start(group), m.end(group)), m.end(group)


def authority_end(text: str, m: regex.Match) -> int:
    """End of an `AUTHORITY` match, leaving out capitalised words that are not a name
    (`UBND tỉnh Kính gửi` is `UBND tỉnh`)."""
    if m.group("name") and _NOT_A_NAME.match(text, m.start("name")):
        return m.end("type")
    return m.end()


def places(doc: Document, start: int = 0, end: int | None = None) -> list[Place]:
    """Every `<cấp> <Tên>` in text[start:end], marked when it follows `UBND`."""
    found = []
    stop = len(doc.text) if end is None else end
    for m in PLACE.finditer(doc.text, start, stop):
        named = _clean_name(doc, m)
        if named is None:
            continue
        before = doc.text[max(0, m.start() - 20) : m.start()]
        is_auth = bool(regex.search(rf"(?:{_AUTH})\s*$", before))
        found.append(Place(type_of(m.group("type")), named[0], m.start(), named[1], is_auth))
    return found


def title_case(doc: Document, start: int, end: int) -> str:
    """A name written in capitals in the header, in the spelling the body uses for it."""
    caps = doc.text[start:end]
    pattern = r"(?<![\p{L}])" + r"\s+".join(regex.escape(w) for w in caps.split()) + r"(?![\p{L}])"
    for m in regex.finditer("(?i)" + pattern, doc.text):
        if m.group(0) != m.group(0).upper():
            return surface(doc, m.start(), m.end())
    return surface(doc, start, end).title()


def _caps_name(text: str, m: regex.Match) -> tuple[int, int] | None:
    """The words of a capitalised name, stopping before the next body or level word."""
    start, end = m.start("name"), m.end("name")
    words = list(regex.finditer(r"[\p{Lu}\d]+(?![\p{L}])", text[start:end]))
    kept = []
    for w in words:
        stop = _CAPS_STOP.match(text, start + w.start(), end)
        if stop and (kept or not stop.group("head")):
            break
        kept.append(w)
    if not kept:
        return None
    return m.start("name") + kept[0].start(), m.start("name") + kept[-1].end()


def header_units(doc: Document) -> list[Place]:
    """Bodies in the header, top to bottom: parents first, the issuing body last."""
    end = layout.header_end(doc.text)
    head = layout.masked_header(doc.text, end)
    found: list[Place] = []
    for pattern, group in ((_HEADER_AUTH, "type"), (_HEADER_BODY, "head")):
        for m in pattern.finditer(head, overlapped=True):
            span = _caps_name(head, m)
            if span is None or any(p.start <= m.start() < p.end for p in found):
                continue
            name = title_case(doc, *span)
            found.append(Place(type_of(m.group(group)), name, m.start(), span[1], group == "type"))
    return sorted(found, key=lambda p: p.start)


def _body_unit(doc: Document) -> Unit:
    """The unit from how often each `UBND <cấp>` speaks in the body (no header to read)."""
    score: dict[str, float] = defaultdict(float)
    names: dict[tuple[str, str], list] = defaultdict(list)
    title = layout.find_title(doc.text)
    closing = layout.closing_sentence(doc.text)
    cues = [(title.summary_start, title.summary_end)] if title else []
    cues += [(closing.start, closing.end)] if closing else []
    for m in AUTHORITY.finditer(doc.text):
        if m.group("type") is None or m.group("chair"):
            continue
        kind = type_of(m.group("type"))
        named = _clean_name(doc, m)
        weight = 1.0
        if named and _SELF_REPORT.match(doc.text, named[1]):
            weight += 3
        score[kind] += weight
        if named:
            place = Place(kind, named[0], m.start(), named[1], True)
            names[(kind, place.key)].append((place, weight + 1))
    for place in places(doc):
        if not place.authority:
            bonus = 3 if any(s <= place.start < e for s, e in cues) else 0
            names[(place.type, place.key)].append((place, 1 + bonus))
            score[place.type] += bonus
    if not score:
        return Unit()
    kind = max(score, key=lambda k: (score[k], k in COMMUNE_LEVEL))
    candidates = {key: ms for key, ms in names.items() if key[0] == kind}
    if not candidates:
        return Unit(type=kind)
    best = max(candidates.values(), key=lambda ms: sum(w for _, w in ms))
    place = max(best, key=lambda pw: pw[1])[0]
    return Unit(type=kind, name=place.name, span=(place.start, place.end))


def _score_places(doc: Document, levels: set[str], unit: Unit) -> Place | None:
    """The district or province a report sits in: the one it reports to, or names most."""
    text = doc.text
    zones = []
    gui = layout.kinh_gui(text)
    if gui:
        zones.append((gui.start(), layout.line_bounds(text, gui.start())[1] + 400))
    closing = layout.closing_sentence(text)
    if closing:
        zones.append((closing.start, closing.end))
    recipients = layout.recipients_zone(text)
    if recipients:
        zones.append((recipients.start, recipients.end))
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, Place] = {}
    for place in places(doc):
        kind = place.type
        if kind == "thành phố" and place.key in CENTRAL_CITIES:
            kind = "tỉnh"
        if kind not in levels or (place.type == unit.type and place.key == unit.key):
            continue
        weight = 1 + (2 if place.authority else 0)
        if any(s <= place.start < e for s, e in zones):
            weight += 4
        scores[place.key] += weight
        first.setdefault(place.key, place)
    if not scores:
        return None
    key = max(scores, key=lambda k: scores[k])
    return first[key] if scores[key] >= 2 else None


def identify_unit(doc: Document) -> Unit:
    """The reporting unit: the header's issuing body, else the body's most frequent voice."""
    stack = header_units(doc)
    if stack:
        own = stack[-1]
        unit = Unit(own.type, own.name, (own.start, own.end), parents=stack[:-1])
    else:
        unit = _body_unit(doc)
    for parent in unit.parents:
        if parent.type in DISTRICT_LEVEL and parent.key not in CENTRAL_CITIES:
            unit.district = unit.district or parent
        elif parent.type in {"tỉnh", "thành phố"}:
            unit.province = unit.province or parent
    own_place = Place(unit.type or "", unit.name or "", *(unit.span or (0, 0)))
    if unit.type == "tỉnh" or (unit.type == "thành phố" and unit.key in CENTRAL_CITIES):
        unit.province = own_place
    elif unit.type in DISTRICT_LEVEL:
        unit.district = own_place
    if unit.type in COMMUNE_LEVEL and unit.district is None:
        unit.district = _score_places(doc, DISTRICT_LEVEL, unit)
    if unit.type not in {"tỉnh"} and unit.province is None:
        unit.province = _score_places(doc, {"tỉnh"}, unit)
    return unit


_ISSUER = regex.compile(
    rf"^(?:(?i:chủ\s+tịch)\s+)?(?:{_AUTH})(?:\s+(?P<type>(?i:{_TYPE}))(?:\s+(?P<name>.+))?)?$"
)


def is_unit(phrase: str, unit: Unit) -> bool:
    """Does an issuer as written (`UBND xã`, `Ủy ban nhân dân`, `UBND thị trấn Sịa`) name the
    reporting unit itself?"""
    text = " ".join(phrase.split()).strip(" .,;:")
    if unit.type is None:
        return False
    if unit.is_body:
        return loose_key(text) in {loose_key(unit.issuer_name() or ""), loose_key(unit.type)}
    m = _ISSUER.match(text)
    if m is None:
        return False
    if m.group("type") and type_of(m.group("type")) != unit.type:
        return False
    if m.group("name") and unit.name and loose_key(m.group("name")) != unit.key:
        return False
    return True
