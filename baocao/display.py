"""Printing query results as a table in the terminal."""

from __future__ import annotations

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


def print_frame(
    frame: pd.DataFrame, *, console: Console | None = None, max_rows: int | None = None
) -> None:
    """Numbers right-aligned, empty cells for missing values, the row count underneath."""
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped output: no 80-column squeeze
    table = Table(show_lines=False, header_style="bold")
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    for column in frame.columns:
        table.add_column(str(column), justify="right" if column in numeric else "left")
    shown = frame if max_rows is None else frame.head(max_rows)
    for row in shown.itertuples(index=False, name=None):
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    rest = len(frame) - len(shown)
    more = f" ({rest} more not shown)" if rest else ""
    console.print(f"{len(frame)} row{'s' if len(frame) != 1 else ''}{more}")
