"""The Excel workbook, made for people: a summary sheet first (one row per report), one
time-series sheet per metric, then the detail tables; Vietnamese headers and values
instead of codes, dates as dates (dd/mm/yyyy), columns wide enough to read, a filter on
every header row, and no raw JSON in any cell."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl.utils import get_column_letter

from pipeline.store_schema import wide_column, wide_metrics
from schemas.metrics import BY_CODE

SUMMARY = ("SELECT * FROM reports_wide ORDER BY unit_name, period_start, path", "Tổng hợp báo cáo")
FACTS = ("SELECT * FROM facts_reported ORDER BY unit_name, period_start, metric", "Số liệu")
DETAILS: list[tuple[str, str]] = [
    ("SELECT * FROM documents ORDER BY path, first_seen", "Tệp báo cáo"),
    ("SELECT * FROM reports ORDER BY document_id", "Thông tin báo cáo"),
    ("SELECT * FROM facts_effective ORDER BY document_id, metric", "Số liệu mọi tệp"),
    ("SELECT * FROM evidence ORDER BY document_id, fact_id, seq", "Trích dẫn"),
    ("SELECT * FROM doc_references ORDER BY document_id, seq", "Văn bản viện dẫn"),
    ("SELECT * FROM flags ORDER BY document_id, seq", "Cảnh báo"),
    ("SELECT * FROM corrections_status ORDER BY id", "Hiệu chỉnh"),
    ("SELECT * FROM runs ORDER BY started_at", "Lần nạp"),
]

# the summary's first columns: which unit, which period, which report
SUMMARY_FIRST = (
    "unit_name",
    "unit_type",
    "district",
    "province",
    "period_type",
    "period_label",
    "period_start",
    "period_end",
    "report_type",
    "doc_number",
    "issue_date",
    "signer",
    "signer_title",
)

# column -> code -> what a person reads
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {"ok": "đọc đủ", "partial": "đọc một phần", "failed": "không đọc được"},
    "review_status": {
        "unreviewed": "chưa rà soát",
        "accepted": "đã chấp nhận",
        "corrected": "đã sửa",
        "added": "bổ sung",
    },
    "source": {"extracted": "trích xuất tự động", "added": "người rà soát bổ sung"},
    "severity": {"error": "lỗi", "warning": "cảnh báo"},
    "action": {"accept": "chấp nhận", "correct": "sửa", "reject": "loại bỏ", "add": "bổ sung"},
    "period_type": {
        "month": "tháng",
        "quarter": "quý",
        "half_year": "6 tháng",
        "year": "năm",
        "year_to_date": "lũy kế từ đầu năm",
        "multi_year": "nhiều năm",
    },
    "scope": {
        "province": "cấp tỉnh",
        "district": "cấp huyện",
        "commune": "cấp xã",
        "departments": "các sở, ngành",
    },
    "level": {
        "postgraduate": "trên đại học",
        "university": "đại học",
        "college": "cao đẳng",
        "intermediate": "trung cấp",
        "elementary": "sơ cấp",
    },
    "group_name": {"cadres": "cán bộ", "civil_servants": "công chức"},
}
QUALIFIER_NAMES = {
    "field": "Lĩnh vực",
    "scope": "Phạm vi",
    "level": "Trình độ",
    "group": "Nhóm",
    "year": "Năm",
    "period": "Kỳ",
    "doc_type": "Loại văn bản",
}
DATE_COLUMNS = frozenset({"period_start", "period_end", "issue_date", "date"})
DATE_FORMAT, TIME_FORMAT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM"
MAX_WIDTH, MIN_WIDTH = 60, 6


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    column_labels: dict[str, str],
    unit_labels: dict[str, str],
) -> Path:
    summary = con.execute(SUMMARY[0]).df()
    source = ["path", "format", "status", "n_documents", "report_paths"]
    source += ["report_id", "document_id", "unit_id"]
    first = [c for c in SUMMARY_FIRST if c in summary]
    rest = [c for c in summary.columns if c not in first and c not in source]
    summary = summary[first + rest + [c for c in source if c in summary]]  # people first
    sheets = [(SUMMARY[1], summary), (FACTS[1], con.execute(FACTS[0]).df())]
    sheets += time_series_sheets(con)
    sheets += [(name, con.execute(sql).df()) for sql, name in DETAILS]
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, frame in sheets:
            shown = readable(frame, column_labels, unit_labels)
            shown.to_excel(writer, sheet_name=name, index=False)
            _lay_out(writer.sheets[name], shown)
    return target


def time_series_sheets(con: duckdb.DuckDBPyConnection) -> list[tuple[str, pd.DataFrame]]:
    """One sheet per metric that has figures: unit, period and value, each report once."""
    frame = con.execute(
        """
        SELECT metric, unit_type, unit_name, district, province, period_type, period_label,
               period_start, period_end, value, unit, path
        FROM facts_reported WHERE qualifiers::VARCHAR = '{}'
        ORDER BY unit_name, unit_type, district, period_start NULLS LAST, period_end
        """
    ).df()
    sheets, used = [], set()
    for code in wide_metrics():
        rows = frame[frame["metric"] == code].drop(columns=["metric"])
        if rows.empty:
            continue
        name = _sheet_name(f"Chuỗi {BY_CODE[code].vi}", used)
        sheets.append((name, rows.reset_index(drop=True)))
    return sheets


def _sheet_name(wanted: str, used: set[str]) -> str:
    """At most 31 characters, none that Excel refuses, unique in the workbook."""
    clean = "".join(" " if c in "[]:*?/\\" else c for c in wanted).strip()[:31]
    name, n = clean, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def readable(
    frame: pd.DataFrame, column_labels: dict[str, str], unit_labels: dict[str, str]
) -> pd.DataFrame:
    """Codes as Vietnamese words, lists and JSON as plain text, dates as dates."""
    frame = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if column in VALUE_LABELS:
            frame[column] = series.map(lambda v, m=VALUE_LABELS[column]: m.get(v, v))
        elif column == "unit":
            frame[column] = series.map(lambda u: unit_labels.get(u, u))
        elif column in DATE_COLUMNS and not pd.api.types.is_datetime64_any_dtype(series):
            parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
            if parsed.notna().sum() == series.notna().sum():
                frame[column] = parsed
        elif pd.api.types.is_bool_dtype(series) or _all_bool(series):
            frame[column] = series.map(lambda v: "" if _missing(v) else ("có" if v else "không"))
        elif not (
            pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
        ):
            frame[column] = series.map(_plain)
    if "metric" in frame.columns:
        labels = frame["metric"].map(lambda c: BY_CODE[c].vi if c in BY_CODE else None)
        frame.insert(frame.columns.get_loc("metric") + 1, "metric_label", labels)
    metric_columns = {wide_column(code): BY_CODE[code].vi for code in wide_metrics()}
    return frame.rename(columns=lambda c: column_labels.get(c) or metric_columns.get(c, c))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _all_bool(series: pd.Series) -> bool:
    values = [v for v in series if not _missing(v)]
    return bool(values) and all(isinstance(v, bool) for v in values)


def _plain(value: object) -> object:
    """Lists joined with `; `, JSON objects as `name: value`, quotes as quotes."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return "; ".join(str(_plain(v)) for v in value if not _missing(v))
    if isinstance(value, str) and value[:1] in "{[":
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return _json_text(parsed)
    return value


def _json_text(value: object) -> str:
    if isinstance(value, dict):
        if "quote" in value:
            page = f" (trang {value['page']})" if value.get("page") else ""
            return f"«{value['quote']}»{page}"
        return "; ".join(f"{QUALIFIER_NAMES.get(k, k)}: {_json_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_json_text(v) for v in value)
    return "" if value is None else str(value)


def _lay_out(sheet, frame: pd.DataFrame) -> None:
    """Widths that fit the text, date formats, a filter and a frozen header row."""
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        series = frame[column]
        number_format = None
        if pd.api.types.is_datetime64_any_dtype(series):
            times = series.dropna()
            has_time = bool(len(times)) and bool((times != times.dt.normalize()).any())
            number_format = TIME_FORMAT if has_time else DATE_FORMAT
            texts = ["00/00/0000 00:00" if has_time else "00/00/0000"]
        else:
            texts = [_display(v) for v in series.head(500)]
        width = max([len(str(column))] + [len(t) for t in texts]) + 2
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    if sheet.max_row >= 1 and sheet.max_column >= 1:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"


def _display(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
