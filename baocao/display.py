"""Printing query results: a table in the terminal (records, one field a line, when the
table would not fit), CSV, or JSON lines; whole numbers print as whole numbers."""

from __future__ import annotations

import json
import math

import pandas as pd
from rich.console import Console
from rich.table import Table


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "tolist"):
        return _cell(value.tolist())
    return str(value)


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole values of float columns (counts, figures of `hồ sơ`) written as integers:
    `937`, not `937.0`; a rate of 98.8 beside them stays 98.8."""
    frame = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series):
            values = series.dropna()
            if len(values) and (values == values.round()).all() and (values.abs() < 1e15).all():
                frame[column] = series.astype("Int64")
            else:
                whole = [_json_value(v) for v in series]
                frame[column] = pd.Series(whole, index=series.index, dtype=object)
    return frame


def frame_csv(frame: pd.DataFrame, *, header: bool = True) -> str:
    return whole_numbers(frame).to_csv(index=False, header=header)


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return _json_value(value.tolist())
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def frame_json_lines(frame: pd.DataFrame) -> str:
    """One JSON object per row; whole numbers as integers, dates as ISO text."""
    lines = []
    for row in frame.to_dict(orient="records"):
        record = {str(k): _json_value(v) for k, v in row.items()}
        lines.append(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return "".join(lines)


def _table_width(frame: pd.DataFrame) -> int:
    width = 1
    for column in frame.columns:
        cells = [len(_cell(v)) for v in frame[column].head(200)]
        width += max([len(str(column))] + cells) + 3
    return width


def print_frame(
    frame: pd.DataFrame, *, console: Console | None = None, max_rows: int | None = None
) -> None:
    """Numbers right-aligned, empty cells for missing values, the row count underneath.

    A result too wide for the terminal prints as records (one `column: value` a line) with
    a hint to use --csv or --json; at most `max_rows` rows are shown, with a note saying
    how many more there are.
    """
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped output: no 80-column squeeze
    shown = frame if max_rows is None else frame.head(max_rows)
    if len(frame.columns) > 1 and _table_width(shown) > console.width:
        _print_records(shown, console)
        console.print(
            f"(the result has {len(frame.columns)} columns, too wide for a table here: "
            "--csv or --json print it whole)",
            markup=False,
        )
    else:
        table = Table(show_lines=False, header_style="bold")
        numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
        for column in frame.columns:
            table.add_column(str(column), justify="right" if column in numeric else "left")
        for row in shown.itertuples(index=False, name=None):
            table.add_row(*(_cell(v) for v in row))
        console.print(table)
    rest = len(frame) - len(shown)
    more = (
        f" ({rest} more not shown: --limit 0 shows all, --csv or --json print all)" if rest else ""
    )
    console.print(f"{len(frame)} row{'s' if len(frame) != 1 else ''}{more}", markup=False)


def _print_records(frame: pd.DataFrame, console: Console) -> None:
    width = max((len(str(c)) for c in frame.columns), default=0)
    for number, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        console.print(f"-- row {number} --", style="bold", markup=False)
        for column, value in zip(frame.columns, row, strict=True):
            console.print(f"{str(column).ljust(width)}  {_cell(value)}", markup=False)
