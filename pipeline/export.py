"""Exports for analysts: Parquet or CSV (one file per table or view) and one Excel workbook
for people (`pipeline.export_xlsx`).

Parquet keeps the dataset's types; CSV is UTF-8 with a byte-order mark so spreadsheet
programs read the Vietnamese correctly; the workbook is for people, so its headers and
units are in Vietnamese and metrics carry their Vietnamese names next to their codes.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.store import DatasetError, connect
from pipeline.store_backend import POSTGRES, dialect

FORMATS = ("parquet", "csv", "xlsx")

# name of the export -> (query, Excel sheet name; at most 31 characters)
EXPORTS: dict[str, tuple[str, str]] = {
    "facts_effective": ("SELECT * FROM facts_effective ORDER BY document_id, metric", "Số liệu"),
    "reports_wide": ("SELECT * FROM reports_wide ORDER BY path", "Bảng tổng hợp"),
    "documents": ("SELECT * FROM documents ORDER BY path, first_seen", "Tệp báo cáo"),
    "reports": ("SELECT * FROM reports ORDER BY document_id", "Thông tin báo cáo"),
    "facts": ("SELECT * FROM facts ORDER BY document_id, metric", "Số liệu trích xuất"),
    "evidence": ("SELECT * FROM evidence ORDER BY document_id, fact_id, seq", "Trích dẫn"),
    "references": (
        "SELECT * FROM doc_references ORDER BY document_id, seq",
        "Văn bản viện dẫn",
    ),
    "flags": ("SELECT * FROM flags ORDER BY document_id, seq", "Cảnh báo"),
    "corrections": ("SELECT * FROM corrections_status ORDER BY id", "Hiệu chỉnh"),
    "runs": ("SELECT * FROM runs ORDER BY started_at", "Lần nạp"),
    "facts_reported": (
        "SELECT * FROM facts_reported ORDER BY unit_name, period_start, metric",
        "Số liệu theo báo cáo",
    ),
    "report_documents": (
        "SELECT * FROM report_documents ORDER BY report_id, rank",
        "Tệp của báo cáo",
    ),
    "units": ("SELECT * FROM units ORDER BY unit_name, unit_id", "Đơn vị"),
    "document_paths": ("SELECT * FROM document_paths ORDER BY path", "Đường dẫn tệp"),
}

COLUMN_LABELS: dict[str, str] = {
    "id": "Mã",
    "document_id": "Mã tệp (sha256)",
    "fact_id": "Mã số liệu",
    "metric": "Mã chỉ tiêu",
    "metric_label": "Chỉ tiêu",
    "qualifiers": "Phân loại",
    "field": "Lĩnh vực",
    "scope": "Phạm vi",
    "level": "Cấp độ",
    "group_name": "Nhóm",
    "year": "Năm",
    "period": "Kỳ",
    "doc_type": "Loại văn bản",
    "value": "Giá trị",
    "is_integer": "Số nguyên",
    "value_int": "Giá trị (số nguyên)",
    "unit": "Đơn vị",
    "extracted_value": "Giá trị trích xuất",
    "source": "Nguồn",
    "review_status": "Trạng thái rà soát",
    "reviewed_by": "Người rà soát",
    "reviewed_at": "Thời điểm rà soát",
    "correction_id": "Mã hiệu chỉnh",
    "extractor": "Quy tắc trích xuất",
    "extractor_version": "Phiên bản quy tắc",
    "confidence": "Độ tin cậy",
    "run_id": "Lần nạp",
    "path": "Đường dẫn",
    "name": "Tên tệp",
    "format": "Định dạng",
    "pages": "Số trang",
    "status": "Trạng thái",
    "errors": "Lỗi",
    "converted_from": "Chuyển đổi từ",
    "size_bytes": "Dung lượng (byte)",
    "first_seen": "Lần đầu thấy",
    "last_seen": "Lần cuối thấy",
    "current": "Bản hiện hành",
    "replaced_by": "Thay bằng",
    "quarantine_path": "Bản cách ly",
    "n_facts": "Số số liệu",
    "n_evidence": "Số trích dẫn",
    "n_references": "Số văn bản viện dẫn",
    "n_flags": "Số cảnh báo",
    "n_flag_errors": "Số lỗi",
    "unit_name": "Đơn vị báo cáo",
    "unit_type": "Loại đơn vị",
    "district": "Huyện",
    "province": "Tỉnh",
    "report_type": "Loại báo cáo",
    "period_label": "Kỳ báo cáo",
    "period_start": "Từ ngày",
    "period_end": "Đến ngày",
    "issue_date": "Ngày ban hành",
    "doc_number": "Số văn bản",
    "signer": "Người ký",
    "signer_title": "Chức vụ người ký",
    "recipients": "Nơi nhận",
    "evidence": "Các trích dẫn (JSON)",
    "seq": "Thứ tự",
    "page": "Trang",
    "char_start": "Từ ký tự",
    "char_end": "Đến ký tự",
    "figure_start": "Số liệu từ ký tự",
    "figure_end": "Số liệu đến ký tự",
    "quote": "Trích dẫn",
    "kind": "Loại văn bản",
    "number": "Số hiệu",
    "date": "Ngày",
    "issuer": "Cơ quan ban hành",
    "subject": "Trích yếu",
    "own": "Do đơn vị ban hành",
    "check_name": "Kiểm tra",
    "severity": "Mức độ",
    "message": "Nội dung",
    "fact_ids": "Các số liệu liên quan",
    "action": "Thao tác",
    "reviewer": "Người rà soát",
    "corrected_at": "Thời điểm",
    "old_value": "Giá trị cũ",
    "new_value": "Giá trị mới",
    "new_is_integer": "Giá trị mới là số nguyên",
    "reason": "Lý do",
    "orphaned": "Mất số liệu gốc",
    "successor_fact_id": "Số liệu kế tiếp",
    "basis_value": "Giá trị trích xuất khi hiệu chỉnh",
    "basis": "Giá trị được hiệu chỉnh",
    "document_path": "Đường dẫn tệp",
    "state": "Tình trạng áp dụng",
    "applied": "Đang áp dụng",
    "applies_to": "Áp dụng cho số liệu",
    "current_value": "Giá trị trích xuất hiện nay",
    "needs_decision": "Cần quyết định",
    "figure_fact_id": "Số liệu hiện nay",
    "decision_pending": "Có hiệu chỉnh chờ quyết định",
    "started_at": "Bắt đầu",
    "finished_at": "Kết thúc",
    "command": "Lệnh",
    "baocao_version": "Phiên bản baocao",
    "vocabulary_version": "Phiên bản bộ chỉ tiêu",
    "duckdb_version": "Phiên bản DuckDB",
    "extractors": "Các quy tắc",
    "report_id": "Mã báo cáo",
    "n_documents": "Số tệp của báo cáo",
    "report_paths": "Các tệp của báo cáo",
    "unit_id": "Mã đơn vị",
    "period_type": "Loại kỳ",
    "is_draft": "Dự thảo",
    "rank": "Thứ tự ưu tiên",
    "signed": "Có chữ ký",
    "n_reports": "Số báo cáo",
    "row_label": "Tên dòng (bảng)",
    "column_header": "Tên cột (bảng)",
    "cell_text": "Ô số liệu (bảng)",
}

UNIT_LABELS: dict[str, str] = {
    "procedure": "thủ tục",
    "field": "lĩnh vực",
    "dossier": "hồ sơ",
    "percent": "%",
    "person": "người",
    "document": "văn bản",
    "m2": "m²",
    "petition": "phản ánh, kiến nghị",
}


def export_dataset(db: str | Path, fmt: str, out: str | Path) -> list[Path]:
    """Write the dataset's tables and views; returns the files written.

    A folder or disk that cannot be written to is a DatasetError naming the place and the
    reason; a workbook is written beside its target and renamed over it at the end, so a
    failed export leaves an existing file as it was.
    """
    fmt = fmt.lower().strip()
    if fmt not in FORMATS:
        raise DatasetError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt != "xlsx" and out.suffix.lower() in (".xlsx", ".csv", ".parquet"):
        raise DatasetError(f"{out}: {fmt} export writes a folder of files; give a folder")
    if fmt != "xlsx" and out.exists() and not out.is_dir():
        raise DatasetError(f"{out}: is a file; {fmt} export writes a folder of files")
    con = connect(db, read_only=True)
    try:
        if fmt == "xlsx":
            return [_write_workbook(con, out)]
        out.mkdir(parents=True, exist_ok=True)
        return [_write_table(con, name, sql, out, fmt) for name, (sql, _) in EXPORTS.items()]
    except OSError as error:
        where = error.filename or out
        raise DatasetError(f"{where}: cannot write the export: {error.strerror or error}") from None
    except duckdb.IOException as error:
        raise DatasetError(f"{out}: cannot write the export: {error}") from None
    finally:
        con.close()


def _write_table(
    con: duckdb.DuckDBPyConnection, name: str, sql: str, folder: Path, fmt: str
) -> Path:
    target = folder / f"{name}.{fmt}"
    if fmt == "parquet" and dialect(con) == POSTGRES:
        _write_parquet(con.execute(sql).df(), target)
    elif fmt == "parquet":
        escaped = str(target).replace("'", "''")
        con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet)")
    else:
        frame = con.execute(sql).df()
        _as_text(frame).to_csv(target, index=False, encoding="utf-8-sig")
    return target


def _write_parquet(frame: pd.DataFrame, target: Path) -> None:
    """A server database's table as Parquet, through pandas and pyarrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), target)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and JSON as one JSON text per cell, as spreadsheets and CSV need."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: (
                    json.dumps(list(v), ensure_ascii=False)
                    if isinstance(v, list | tuple) or hasattr(v, "tolist")
                    else v
                )
            )
    return frame


def _write_workbook(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    from pipeline.export_xlsx import write_workbook

    if target.suffix.lower() != ".xlsx":
        target = target / "baocao.xlsx"
    if target.is_dir():
        raise DatasetError(f"{target}: is a folder; give the workbook's file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{target.name}")
    try:
        write_workbook(con, partial, COLUMN_LABELS, UNIT_LABELS)
        partial.replace(target)
    except OSError as error:
        raise DatasetError(
            f"{target}: cannot write the export: {error.strerror or error}"
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return target
