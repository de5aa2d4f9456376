"""Which level of government a report speaks for, and which part or wider set a phrase
names (`cấp tỉnh`, `các sở, ban, ngành`, `trên địa bàn huyện`).

A report gives figures for its own unit and, beside them, for parts of what it covers
(`cấp huyện 256 TTHC, cấp xã 142 TTHC` in a district's report) or for a wider set (a
commune quoting the province's catalogue). The unit's own level is no scope: `cấp xã` in
a commune's report names the commune itself.
"""

from __future__ import annotations

import regex

from extractors import units
from schemas import Document

_SCOPES = (
    (
        "departments",
        r"các\s+sở\s*,?\s*(?:ban\s*,?\s*)?ngành|sở\s*,\s*(?:ban\s*,\s*)?ngành|cấp\s+sở",
    ),
    (
        "province",
        r"cấp\s+tỉnh|cấp\s+thành\s+phố\s+trực\s+thuộc"
        r"|trung\s+tâm\s+phục\s+vụ\s+hành\s+chính\s+công\s+(?:cấp\s+)?tỉnh",
    ),
    ("district", r"cấp\s+huyện|cấp\s+quận"),
    ("commune", r"cấp\s+xã|tại\s+xã|của\s+xã|cấp\s+phường"),
)
# a whole area (`trên địa bàn tỉnh`, `toàn huyện`): wider than a unit below it, the unit
# itself when the report is that level's
_AREAS = (
    ("province", r"(?:trên\s+địa\s+bàn|toàn|cả)\s+tỉnh"),
    ("district", r"(?:trên\s+địa\s+bàn|toàn|cả)\s+(?:huyện|quận|thị\s+xã)"),
)
_SCOPE_RES = [(name, regex.compile(rf"(?i)\b(?:{p})\b"), False) for name, p in _SCOPES] + [
    (name, regex.compile(rf"(?i)\b(?:{p})\b"), True) for name, p in _AREAS
]
RANK = {"commune": 0, "district": 1, "province": 2}

# a row or item label that is nothing but a level (`- Cấp huyện`, `Các sở, ban, ngành:`)
_LEVEL_ONLY = regex.compile(
    r"(?i)^[\s\-+*•–.:)(\d]*(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+)?"
    rf"(?:{'|'.join(p for _, p in _SCOPES)})"
    r"(?:\s*\([^()]*\))?[\s:;,.]*$"
)
# a label that is the whole the level rows add up to
_WHOLE_ONLY = regex.compile(
    r"(?i)^[\s\-+*•–.:]*(?:tổng\s+cộng|tổng\s+số|tổng|cộng|toàn\s+(?:tỉnh|huyện|quận|thị\s+xã|"
    r"thành\s+phố|xã|phường|thị\s+trấn))[\s:;,.]*$"
)


_FIGURES_IN_PARENTHESES = regex.compile(r"\([^()]*\d[^()]*\)")
# a set named by several levels at once (`của UBND cấp huyện và cấp xã`): none of them alone
_LEVELS = "|".join(p for _, p in _SCOPES)
_SEVERAL_LEVELS = regex.compile(
    rf"(?i)\b(?:{_LEVELS})\s*(?:,|và|/|-)\s*(?:(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+)?(?:{_LEVELS})\b"
)


def scope_of(text: str, level: str | None = None) -> str | None:
    """The scope a phrase names (`cấp tỉnh` -> province), the last one when several; a level
    named beside an area (`cấp xã trên địa bàn tỉnh`) is the level's.

    A commune report's own level (`cấp xã` in a commune's report) is no scope, nor is a
    whole area at or below the report's level (`trên địa bàn tỉnh` in a province's
    report): pass the report's `level` (see `report_level`). A set named by several levels
    joined (`cấp huyện và cấp xã`) is none of them. A scope inside parentheses that hold
    figures belongs to those figures and is left out.
    """
    # a scope written inside parentheses beside figures (`đạt 99,8% (cấp huyện 99,3%, cấp xã
    # 99,9%)`) is those figures' own, not the phrase's
    text = _FIGURES_IN_PARENTHESES.sub(lambda m: " " * len(m.group(0)), text)
    if _SEVERAL_LEVELS.search(text):
        return None
    best: tuple[bool, int, str] | None = None
    for name, pattern, area in _SCOPE_RES:
        for m in pattern.finditer(text):
            # a level (`cấp xã`) says more than the area around it (`trên địa bàn tỉnh`)
            found = (not area, m.start(), name)
            if best is None or found[:2] > best[:2]:
                best = found
    if best is None:
        return None
    level_named, _, name = best
    area = not level_named
    if level == "commune" and name == "commune":
        return None
    if area and level in RANK and RANK[name] <= RANK[level]:
        return None
    return name


def level_label(text: str) -> str | None:
    """The level a label names when it names nothing else (`- Cấp huyện` -> district,
    `Các sở, ban, ngành` -> departments); None for any other label."""
    if not _LEVEL_ONLY.match(text):
        return None
    return scope_of(text)


def is_whole_label(text: str) -> bool:
    """`Tổng`, `Tổng cộng`, `Cộng`, `Toàn tỉnh`: the row the level rows add up to."""
    return bool(_WHOLE_ONLY.match(text))


_LEVEL_HEADER = regex.compile(
    r"(?i)(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\b"
)
_LEVEL_OF = {
    "tỉnh": "province",
    "thành phố": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}
_CACHE: dict[int, tuple[Document, int, str]] = {}


def report_level(doc: Document) -> str:
    """The level of government the report speaks for: province, district or commune.

    The closing `Trên đây là báo cáo ... của UBND ...` decides when present; then the unit
    the header names (the lowest of a `UBND THỊ XÃ SA PA / UBND XÃ TẢ PHÌN` stack); then
    how often the text names each level's authority (`UBND xã ...`).
    """
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc and hit[1] == len(doc.text):
        return hit[2]
    level = _closing_level(doc.text) or _unit_level(doc) or _counted_level(doc.text)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[id(doc)] = (doc, len(doc.text), level)
    return level


def _closing_level(text: str) -> str | None:
    closing = regex.search(
        r"(?i)Trên\s+đây\s+là\s+báo\s+cáo[^.]{0,300}?của\s+(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s+"
        r"(tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)\b",
        text,
    )
    return _LEVEL_OF[" ".join(closing.group(1).lower().split())] if closing else None


def _unit_level(doc: Document) -> str | None:
    """The level of the reporting unit as the metadata reads it (the header's issuing body,
    else the body's most frequent voice)."""
    try:
        own = units.identify_unit(doc)
    except Exception:  # noqa: BLE001 - a unit that cannot be read leaves the counts to decide
        return None
    kind = " ".join((own.type or "").lower().split())
    if kind == "thành phố":
        return "province" if own.key in units.CENTRAL_CITIES else "district"
    return _LEVEL_OF.get(kind)


def _counted_level(text: str) -> str:
    counts: dict[str, int] = {}
    for m in _LEVEL_HEADER.finditer(text):
        level = _LEVEL_OF[" ".join(m.group(1).lower().split())]
        weight = 5 if m.start() < 400 else 1
        counts[level] = counts.get(level, 0) + weight
    if not counts:
        return "commune"
    return max(counts, key=lambda k: counts[k])


_PERIOD = regex.compile(
    r"(?i)\b(quý\s+[IV]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?"
    r"|\d+\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?)"
)


def period_of(text: str) -> str | None:
    """A stretch of time named as written (`quý III/2021`, `6 tháng đầu năm 2023`)."""
    m = _PERIOD.search(text)
    return " ".join(m.group(1).split()) if m else None
