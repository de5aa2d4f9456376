"""The words of procedure (TTHC) counts, shared by the sentence, list and table rules:
what a procedure, an online service and a field are called, what makes a count the unit's
own set, a one-stop count, an online level, and how a row label or a `Số TTHC ...:` label
reads."""

from __future__ import annotations

import regex

from extractors.common import loose_re, scope_of
from extractors.numbers import NUMBER, NumberMatch, as_count, parse_number

# Key words compared without their marks: typed reports drop or mistype them (`linh vực`,
# `mức đô 4`, `thu tuc`).
N = rf"(?P<n>{NUMBER})"
PROC = rf"(?:{loose_re('thủ tục')}(?:\s+{loose_re('hành chính')})?|TTHC)"
FIELDS = loose_re("lĩnh vực")
ONLINE = loose_re("trực tuyến")
ONLINE_UNIT = (
    rf"(?:{loose_re('dịch vụ công')}(?:\s+{ONLINE})?|{loose_re('dịch công')}|DVCTT|"
    rf"DVC(?:\s+{ONLINE})?)"
)
FULL = loose_re("toàn trình")
PART = loose_re("một phần")
DEGREE = loose_re("mức độ")
LEVEL_WORDS = (
    rf"{DEGREE}\s*(?P<lv>[234])(?!\s*(?:,|và|-|/)\s*[234])(?![,.]\d)|(?P<full>{FULL})|"
    rf"(?P<part>{PART})"
)


def compile_ci(pattern: str) -> regex.Pattern:
    """A case-insensitive pattern (reports capitalise words at random)."""
    return regex.compile(pattern, regex.IGNORECASE)


COUNT = compile_ci(rf"{N}\s*{PROC}")
# a count of procedures handled in the period is a count of dossiers
HANDLED = compile_ci(
    r"(?:được|đã)\s+(?:tiếp\s+nhận|giải\s+quyết)|giải\s+quyết\s+xong|"
    r"trong\s+(?:năm|kỳ|quý|tháng|\d+\s+tháng)|từ\s+ngày|đến\s+ngày"
)
# words that make a count of procedures something other than the unit's set
NOT_OWN_SET = compile_ci(
    r"\b(?:bỏ|bãi\s+bỏ|cắt\s+giảm|nội\s+bộ|hồ\s+sơ|trường\s+hợp|rà\s+soát|đơn\s+giản\s+hóa|"
    r"đánh\s+giá|đề\s+nghị|đề\s+xuất|kiến\s+nghị|phương\s+án|trong\s+kỳ|đã\s+tiếp\s+nhận|"
    r"tiếp\s+nhận\s+và\s+giải\s+quyết|đã\s+giải\s+quyết|giải\s+quyết\s+xong|lượt|thanh\s+toán|"
    r"phí|không\s+phụ\s+thuộc|địa\s+giới|được\s+giải\s+quyết\s+(?:tại|trong)|"
    r"trong\s+(?:quý|tháng|\d+\s+tháng))\b"
)
TOTAL_CUE = compile_ci(
    rf"tổng\s+số\s+(?:các\s+)?{PROC}|{PROC}\s+(?:thuộc|trong)\s+(?:thẩm\s+quyền|phạm\s+vi)|"
    rf"(?:số|bộ|danh\s+mục)\s+{PROC}[^.;]{{0,60}}(?:áp\s+dụng|thực\s+hiện)\s+tại|"
    rf"{PROC}\s+(?:áp\s+dụng|thực\s+hiện)\s+tại|\bbộ\s+{PROC}"
)
ONE_STOP = compile_ci(
    r"(?:tiếp\s+nhận|thực\s+hiện|giải\s+quyết)[^.;]{0,80}?(?:Bộ\s+phận\s+(?:một|1)\s+cửa|"
    r"Bộ\s+phận\s+tiếp\s+nhận\s+và\s+trả\s+kết\s+quả|Trung\s+tâm\s+(?:Phục\s+vụ\s+)?"
    r"hành\s+chính\s+công)|theo\s+cơ\s+chế\s+một\s+cửa(?!\s*,?\s*(?:một\s+cửa\s+)?liên\s+thông)"
)
CENTRAL = compile_ci(r"ngành\s+dọc|cơ\s+quan\s+trung\s+ương")
_LEVEL_NAME = r"cấp\s+(?:tỉnh|huyện|quận|xã|phường|thị\s+xã)"
# `liên thông giữa các cấp`, `liên thông các cấp chính quyền`, `liên thông giữa cấp xã với
# cấp huyện`
INTER = (
    rf"{loose_re('liên thông')}\s+(?:giữa\s+|từ\s+)?"
    rf"(?:các\s+cấp|{_LEVEL_NAME}\s+(?:với|và|đến|lên)\s+{_LEVEL_NAME})"
)
INTER_LEVEL = compile_ci(INTER)
LEVEL = compile_ci(LEVEL_WORDS)
NOT_ONLINE = compile_ci(rf"{loose_re('hồ sơ')}|%|đủ\s+điều\s+kiện|phát\s+sinh")
PROPOSAL = compile_ci(r"đề\s+nghị|đề\s+xuất|kiến\s+nghị|phương\s+án|dự\s+thảo|nội\s+bộ")


def figure_count(m: regex.Match, group: str = "n") -> tuple[int, NumberMatch] | None:
    value = parse_number(m.group(group))
    count = as_count(value) if value is not None else None
    if count is None:
        return None
    return count, NumberMatch(value, m.start(group), m.end(group), m.group(group))


TABLE_RULES = (
    ("tthc.announced_new", compile_ci(r"công\s+bố\s+mới|mới\s+ban\s+hành")),
    ("tthc.amended", compile_ci(r"sửa\s+đổi")),
    ("tthc.abolished", compile_ci(r"bãi\s+bỏ")),
    ("tthc.central_vertical", CENTRAL),
    ("tthc.inter_level", INTER_LEVEL),
)


def classify_label(label: str, section: str, level: str) -> tuple[str | None, str | None]:
    """What a row label or a `Số TTHC ...:` label counts, and its scope."""
    for metric, pattern in TABLE_RULES:
        if pattern.search(label):
            if PROPOSAL.search(label) or "phương án" in label.lower():
                return None, None
            return metric, None
    lv = LEVEL.search(label)
    if lv and NOT_ONLINE.search(label):
        return None, None  # `đủ điều kiện`, `phát sinh hồ sơ`: not the services offered
    if lv and (lv.group("lv") or regex.search(rf"(?i){ONLINE_UNIT}|{ONLINE}", label)):
        return "tthc.online_level" + (
            "4" if lv.group("full") else "3" if lv.group("part") else lv.group("lv")
        ), None
    if ONE_STOP.search(label):
        return "tthc.one_stop", scope_of(label, level)
    if regex.search(r"(?i)liên\s+thông|đơn\s+giản|rà\s+soát|giải\s+quyết\s+xong", label):
        return None, None
    if TOTAL_CUE.search(label) or regex.match(rf"(?i)^tổng\s+số\s+{PROC}\s*$", label):
        return "tthc.total", scope_of(label, level)
    rest = regex.sub(rf"(?i)^(?:tổng\s+)?số\s+(?:lượng\s+)?{PROC}\s*", "", label)
    if rest != label and regex.fullmatch(
        r"(?i)(?:thuộc\s+|của\s+|tại\s+)?cấp\s+\p{L}+", rest.strip()
    ):
        scope = scope_of(rest, level)
        if scope and (section == "" or TOTAL_CUE.search(section) or "tổng" in section.lower()):
            return "tthc.total", scope
    return None, None
