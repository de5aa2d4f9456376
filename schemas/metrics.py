"""The metric vocabulary (v1) as code: the one place that knows a metric's unit, family and
labels. Codes are the dataset's contract; renaming one is a breaking change."""

from __future__ import annotations

from dataclasses import dataclass

VOCABULARY_VERSION = "v1"

QUALIFIER_KEYS = ("field", "scope", "level", "group", "year", "period", "doc_type")
SCOPES = ("province", "district", "commune", "departments")
EDU_LEVELS = ("postgraduate", "university", "college", "intermediate", "elementary")
DOC_TYPES = ("Quyết định", "Công văn", "Báo cáo", "Tờ trình", "Kế hoạch", "Thông báo", "Khác")
REFERENCE_KINDS = (
    "Kế hoạch",
    "Quyết định",
    "Nghị định",
    "Nghị quyết",
    "Thông tư",
    "Chỉ thị",
    "Thông báo",
    "Công văn",
    "Đề án",
    "Luật",
)


@dataclass(frozen=True, slots=True)
class Metric:
    code: str
    unit: str  # procedure | field | dossier | percent | person | document | m2 | petition
    vi: str
    en: str

    @property
    def family(self) -> str:
        return self.code.split(".")[0]

    @property
    def is_rate(self) -> bool:
        return self.unit == "percent"

    @property
    def is_count(self) -> bool:
        """Counts are whole numbers; rates and areas are measured and may have decimals."""
        return self.unit not in ("percent", "m2")


def _m(code: str, unit: str, vi: str, en: str) -> Metric:
    return Metric(code, unit, vi, en)


METRICS: tuple[Metric, ...] = (
    _m("tthc.total", "procedure", "Tổng số TTHC", "procedures in total"),
    _m("tthc.fields", "field", "Số lĩnh vực", "fields"),
    _m("tthc.by_field", "procedure", "Số TTHC theo lĩnh vực", "procedures in one field"),
    _m("tthc.one_stop", "procedure", "TTHC tại Bộ phận Một cửa", "procedures at the one-stop shop"),
    _m("tthc.online_level2", "procedure", "TTHC trực tuyến mức độ 2", "online services level 2"),
    _m("tthc.online_level3", "procedure", "TTHC trực tuyến một phần", "online level 3"),
    _m("tthc.online_level4", "procedure", "TTHC trực tuyến toàn trình", "online level 4"),
    _m("tthc.inter_level", "procedure", "TTHC liên thông giữa các cấp", "inter-level procedures"),
    _m("tthc.central_vertical", "procedure", "TTHC ngành dọc Trung ương", "central vertical"),
    _m("tthc.announced_new", "procedure", "TTHC công bố mới", "newly announced procedures"),
    _m("tthc.amended", "procedure", "TTHC sửa đổi, bổ sung", "amended procedures"),
    _m("tthc.abolished", "procedure", "TTHC bãi bỏ", "abolished procedures"),
    _m("dossier.received", "dossier", "Hồ sơ tiếp nhận", "dossiers received"),
    _m("dossier.received.new", "dossier", "Hồ sơ mới tiếp nhận", "newly received"),
    _m("dossier.received.online", "dossier", "Hồ sơ trực tuyến", "received online"),
    _m("dossier.received.direct", "dossier", "Hồ sơ trực tiếp", "received in person"),
    _m("dossier.received.postal", "dossier", "Hồ sơ qua bưu chính", "received by post"),
    _m("dossier.carried_over", "dossier", "Hồ sơ kỳ trước chuyển qua", "carried over"),
    _m("dossier.resolved", "dossier", "Hồ sơ đã giải quyết", "resolved"),
    _m("dossier.resolved.early", "dossier", "Giải quyết trước hạn", "resolved early"),
    _m("dossier.resolved.on_time", "dossier", "Giải quyết đúng hạn", "resolved on time"),
    _m("dossier.resolved.late", "dossier", "Giải quyết quá hạn", "resolved late"),
    _m(
        "dossier.resolved.early_or_on_time",
        "dossier",
        "Giải quyết trước và đúng hạn",
        "resolved early or on time",
    ),
    _m("dossier.pending", "dossier", "Hồ sơ đang giải quyết", "pending"),
    _m("dossier.pending.not_due", "dossier", "Đang giải quyết chưa đến hạn", "pending, not due"),
    _m("dossier.pending.overdue", "dossier", "Đang giải quyết quá hạn", "pending, overdue"),
    _m("dossier.suspended", "dossier", "Hồ sơ tạm dừng", "suspended"),
    _m("dossier.returned", "dossier", "Hồ sơ trả lại, xin rút", "returned or withdrawn"),
    _m("dossier.awaiting_supplement", "dossier", "Hồ sơ chờ bổ sung", "awaiting supplement"),
    _m("dossier.by_field", "dossier", "Hồ sơ theo lĩnh vực", "dossiers in one field"),
    _m("dossier.on_time_rate", "percent", "Tỷ lệ đúng hạn", "on-time rate"),
    _m("dossier.online_rate", "percent", "Tỷ lệ hồ sơ trực tuyến", "online rate"),
    _m("dossier.digitized_on_receipt", "dossier", "Số hóa khi tiếp nhận", "digitised on receipt"),
    _m("dossier.digitized_on_return", "dossier", "Số hóa khi trả kết quả", "digitised on return"),
    _m("dossier.digitized_rate", "percent", "Tỷ lệ số hóa", "digitised rate"),
    _m("feedback.received", "petition", "Phản ánh, kiến nghị tiếp nhận", "feedback received"),
    _m("feedback.resolved", "petition", "Phản ánh, kiến nghị đã xử lý", "feedback resolved"),
    _m("feedback.pending", "petition", "Phản ánh, kiến nghị đang xử lý", "feedback pending"),
    _m("staff.total", "person", "Cán bộ, công chức", "cadres and civil servants"),
    _m("staff.cadres", "person", "Cán bộ", "cadres"),
    _m("staff.civil_servants", "person", "Công chức", "civil servants"),
    _m("staff.quota", "person", "Biên chế được giao", "posts assigned"),
    _m("staff.contract", "person", "Hợp đồng", "contract staff"),
    _m("staff.part_time", "person", "Không chuyên trách", "part-time staff"),
    _m("staff.edu", "person", "Trình độ chuyên môn", "by education"),
    _m("staff.politics", "person", "Trình độ lý luận chính trị", "by political training"),
    _m("staff.trained", "person", "Được cử đào tạo, bồi dưỡng", "sent to training"),
    _m("staff.one_stop", "person", "Nhân sự Bộ phận Một cửa", "one-stop staff"),
    _m("docs_issued.total", "document", "Văn bản ban hành", "documents issued"),
    _m("docs_issued.by_type", "document", "Văn bản theo loại", "documents by type"),
    _m("docs_issued.digitally_signed", "document", "Văn bản ký số", "digitally signed"),
    _m("one_stop.area_m2", "m2", "Diện tích Bộ phận Một cửa", "one-stop floor area"),
)

BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(m.family for m in METRICS))


def metric(code: str) -> Metric:
    """The vocabulary entry for a code; KeyError names the unknown code."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown metric code: {code!r}") from None


def unit_of(code: str) -> str:
    return metric(code).unit
