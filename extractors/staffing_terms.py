"""The words of staffing figures, shared by the sentence and table rules: how reports name
cadres and civil servants, posts, contract and part-time staff, education and
political-training levels, training and the one-stop shop's staff; and which words make a
count a subset rather than everyone in post."""

from __future__ import annotations

import regex

from extractors.numbers import NUMBER, NumberMatch, as_count, parse_number


def compile_ci(pattern: str) -> regex.Pattern:
    """A case-insensitive pattern (reports capitalise words at random)."""
    return regex.compile(pattern, regex.IGNORECASE)


# `11/11 người` (11 of 11): the count is the first figure
N = rf"(?:(?P<n>\d{{1,5}})\s*/\s*\d{{1,5}}(?!\d)|(?P<n>{NUMBER}))"
TAIL = r"(?!\s*%)(?![.,]\d)"
CBCC = r"(?:cán\s+bộ\s*,?\s*(?:-\s*)?công\s+chức|CBCC|CB\s*,\s*CC)"
YEAR = r"(?:(?:trong\s+|đến\s+|tính\s+đến\s+)?năm\s+\d{4}\s*,?\s*)?"
PRED = rf"[^.;:\d()]{{0,60}}?{YEAR}(?:là|có\s+mặt|hiện\s+có|có|:|gồm)\s*(?:là\s*|có\s*)?:?\s*"
NOT_TOTAL_AFTER = r"(?!\s*(?:,\s*)?(?:viên\s+chức|không\s+chuyên|hợp\s+đồng))"

STAFF_WORDS = compile_ci(r"cán\s+bộ|công\s+chức|CBCC|biên\s+chế|nhân\s+sự|đ/c|đồng\s+chí")
STAFF_TOPIC = compile_ci(
    r"cán\s+bộ|công\s+chức|CBCC|biên\s+chế|nhân\s+sự|đ/c|đồng\s+chí|không\s+chuyên\s+trách|"
    r"hợp\s+đồng|đào\s+tạo|bồi\s+dưỡng"
)
NOT_STAFF = compile_ci(r"viên\s+chức|sự\s+nghiệp|người\s+làm\s+việc|lao\s+động\s+hợp\s+đồng\s+theo")

# words that make `số cán bộ, công chức ...: N` a subset, not everyone in post
SUBSET = compile_ci(
    r"đạt\s+chuẩn|chưa\s+đạt|\bnữ\b|dân\s+tộc|đảng\s+viên|nghỉ|tuyển|vi\s+phạm|kỷ\s+luật|"
    r"\bđược\b|đi\s+học|\btrẻ\b|dưới|tuổi|thiếu|thừa|\bbị\b|biệt\s+phái|luân\s+chuyển|"
    r"điều\s+động|nâng\s+lương|khen|xếp\s+loại|hoàn\s+thành|đánh\s+giá|đào\s+tạo|bồi\s+dưỡng|"
    r"tập\s+huấn|trình\s+độ|thôi\s+việc|chuyển\s+công\s+tác|tinh\s+giản"
)
TOTAL = (
    compile_ci(
        rf"(?:tổng\s+)?số\s+(?:lượng\s+)?{CBCC}{NOT_TOTAL_AFTER}"
        rf"{PRED}{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}"
    ),
    compile_ci(
        rf"số\s+(?:người\s+)?(?:hiện\s+có|có\s+mặt)\s*(?::|là)?\s*{N}\s*(?:người|đ/c)?{TAIL}"
    ),
    # `Đội ngũ cán bộ, công chức xã hiện có 21 đồng chí`
    compile_ci(
        rf"{CBCC}{NOT_TOTAL_AFTER}[^.;:\d()]{{0,40}}?hiện\s+có\s*(?::|là)?\s*{N}\s*"
        rf"(?:người|đ/c|đồng\s+chí){TAIL}"
    ),
    # `Cán bộ, công chức: 20 người` opening a line
    compile_ci(
        rf"\G[-+*•.\s]*{CBCC}(?:\s+(?:xã|phường|thị\s+trấn))?\s*:\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}"
    ),
    # `Xã hiện có 20 cán bộ, công chức`, `Toàn tỉnh có 2.614 cán bộ, công chức cấp xã`
    compile_ci(
        r"(?:UBND\s+|Ủy\s+ban\s+nhân\s+dân\s+|toàn\s+|cả\s+)?\b(?:xã|phường|thị\s+trấn|huyện|"
        rf"quận|thị\s+xã|thành\s+phố|tỉnh)\b[^.;:\d()]{{0,30}}?"
        rf"(?:hiện\s+)?có\s+(?:tổng\s+số\s+)?{N}\s*{CBCC}{NOT_TOTAL_AFTER}"
    ),
)
# the level a staffing figure names right after it (`2.614 cán bộ, công chức cấp xã`)
LEVEL_AFTER_FIGURE = compile_ci(r"\s*(?:cấp\s+(?:tỉnh|huyện|quận|xã|phường)|các\s+sở\s*,)")
CADRES = compile_ci(rf"(?<!số\s)\bcán\s+bộ\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}")
CIVIL = compile_ci(
    rf"(?<!số\s)(?<!cán\s+bộ\s)(?<!cán\s+bộ,\s)\bcông\s+chức\s*:?\s*{N}\s*"
    rf"(?:người|đ/c|đồng\s+chí)?{TAIL}"
)
PARTS_INTRO = compile_ci(r"(?:trong\s+đó|gồm|bao\s+gồm)\s*(?:có\s*)?:?\s*$")
PART_AFTER = compile_ci(
    rf"{N}\s*(?:người\s+|đ/c\s+|đồng\s+chí\s+)?(?P<who>cán\s+bộ|công\s+chức){TAIL}"
    rf"(?!\s*(?:,\s*)?(?:công\s+chức|không\s+chuyên|hợp\s+đồng))"
)
ONE_STOP_UNIT = (
    r"(?:(?:Bộ\s+phận|Tổ)\s+(?:một\s+cửa|1\s+cửa|tiếp\s+nhận\s+và\s+trả\s+kết\s+quả|"
    r"trực\s+và\s+giải\s+quyết|tiếp\s+nhận\s+và\s+giải\s+quyết)|"
    r"Trung\s+tâm\s+(?:Phục\s+vụ\s+)?hành\s+chính\s+công)"
)
ONE_STOP_CONTEXT = compile_ci(rf"{ONE_STOP_UNIT}|một\s+cửa|1\s+cửa")
# a sentence about the one-stop shop (`Bộ phận Một cửa ... được bố trí ...; bố trí 04 công
# chức tiếp nhận hồ sơ`): the people it is staffed with, in any of its clauses
ONE_STOP_SUBJECT = compile_ci(rf"^[-+*•.\s]*{ONE_STOP_UNIT}")
LEVELS = (
    # `Thạc sỹ` and `Thạc sĩ` are both written
    ("postgraduate", r"cao\s+học|thạc\s+s[ĩỹ]|tiến\s+s[ĩỹ]|sau\s+đại\s+học"),
    ("university", r"(?<!sau\s)đại\s+học"),
    ("college", r"cao\s+đẳng"),
    ("intermediate", r"trung\s+cấp"),
    ("elementary", r"sơ\s+cấp"),
)
LEVEL = compile_ci("|".join(f"(?P<{name}>{p})" for name, p in LEVELS))
LEVEL_AFTER = compile_ci(rf"\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)?{TAIL}")
LEVEL_BEFORE = compile_ci(rf"{N}\s*(?:người|đ/c|đồng\s+chí)?\s*$")
EDU_CUE = compile_ci(r"chuyên\s+môn|trình\s+độ\s+đào\s+tạo|học\s+vấn|bằng\s+cấp")
POLITICS_CUE = compile_ci(r"chính\s+trị|lý\s+luận")
OTHER_CUE = compile_ci(r"tin\s+học|ngoại\s+ngữ|quản\s+lý\s+nhà\s+nước|văn\s+hóa|tiếng")
GROUP = compile_ci(
    rf"^[-+*•.\s]*(?P<who>cán\s+bộ|công\s+chức)\s*:?\s*{N}\s*(?:người|đ/c|đồng\s+chí)\b"
)


def figure_count(m: regex.Match, group: str = "n") -> tuple[int, NumberMatch] | None:
    value = parse_number(m.group(group))
    count = as_count(value) if value is not None else None
    if count is None or count > 1_000_000:
        return None
    return count, NumberMatch(value, m.start(group), m.end(group), m.group(group))


def dimension(before: str, sentence: str, context: str) -> str | None:
    """Professional education or political training, from the nearest cue before."""
    cues = [
        (m.end(), kind)
        for kind, pattern in (("edu", EDU_CUE), ("politics", POLITICS_CUE), ("other", OTHER_CUE))
        for m in pattern.finditer(before)
    ]
    if cues:
        kind = max(cues)[1]
    elif POLITICS_CUE.search(context):
        kind = "politics"
    elif EDU_CUE.search(context) or regex.search(r"(?i)đại\s+học|cao\s+đẳng|cao\s+học", sentence):
        kind = "edu"
    else:
        return None
    return {"edu": "staff.edu", "politics": "staff.politics"}.get(kind)


TABLE_RULES = (
    ("staff.quota", compile_ci(r"biên\s+chế[^|]*(?:được\s+)?giao|giao\s+biên\s+chế")),
    (
        "staff.total",
        compile_ci(r"(?:biên\s+chế|cán\s+bộ|công\s+chức|CBCC)[^|]*(?:có\s+mặt|hiện\s+có)"),
    ),
    ("staff.contract", compile_ci(r"hợp\s+đồng")),
    ("staff.part_time", compile_ci(r"không\s+chuyên\s+trách")),
    ("staff.trained", compile_ci(r"cử\s+(?:đi\s+)?(?:đào\s+tạo|bồi\s+dưỡng|học)")),
)
TABLE_SKIP = compile_ci(
    r"tinh\s+gi[ảa]n|tuyển\s+dụng|kỷ\s+luật|tỷ\s+lệ|viên\s+chức|sự\s+nghiệp|người\s+làm\s+việc"
)


def who_of(text: str) -> str:
    """Which group a phrase names: `công chức` alone, `cán bộ` alone, or both (everyone)."""
    cadres = regex.search(r"(?i)cán\s+bộ|\bCB\b", text)
    civil = regex.search(r"(?i)công\s+chức|\bCC\b", text)
    if regex.search(r"(?i)CBCC", text) or (cadres and civil):
        return "staff.total"
    if civil:
        return "staff.civil_servants"
    if cadres:
        return "staff.cadres"
    return "staff.total"
