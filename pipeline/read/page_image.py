"""A scanned page as an image: its skew, its ruled lines, and its OCR words laid out as the
text-layer reader lays out a PDF's characters.

The OCR words become character boxes in PDF points (top-left origin), so the scan goes
through the same line building, reading order and table rows as a born-digital page
(`pipeline.read.pdf`): a report reads the same whether it was printed and scanned or
exported. Ruled tables are found from the long dark runs of the image (the table's
rules), joined into cells by pdfplumber's own edge and cell finder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from pdfplumber.table import (
    Table,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from PIL import Image

from pipeline.read import pdf
from pipeline.read.base import Line, RawTable
from schemas.document import Location

MAX_SKEW_DEGREES = 3.0
RULE_INCHES = 0.35  # a dark run at least this long is a rule, not a stroke of a letter


@dataclass(frozen=True, slots=True)
class Word:
    """One OCR word: its text, its box in image pixels, and Tesseract's confidence."""

    text: str
    left: float
    top: float
    width: float
    height: float
    conf: float
    line: tuple[int, int, int] = (0, 0, 0)  # Tesseract's block, paragraph and line


def skew_angle(gray: Image.Image) -> float:
    """The page's skew in degrees (counter-clockwise positive), found as the angle at which
    the rows of dark pixels line up best (the sharpest projection profile)."""
    small = gray.reduce(4) if min(gray.size) > 800 else gray
    dark = np.asarray(small) < 128
    ys, xs = np.nonzero(dark)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 200_000:
        keep = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    xs = xs - dark.shape[1] / 2

    def score(angle: float) -> float:
        shifted = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(shifted - shifted.min())
        return float(np.dot(counts, counts))

    best = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.25), key=score)
    fine = np.arange(best - 0.25, best + 0.26, 0.05)
    return round(float(max(fine, key=score)), 2)


def deskew(gray: Image.Image) -> tuple[Image.Image, float]:
    """The page turned upright by its skew, and the angle it was turned by."""
    angle = skew_angle(gray)
    if abs(angle) < 0.1:
        return gray, 0.0
    return gray.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=255), angle


def binarize(gray: Image.Image) -> Image.Image:
    """Black ink on white paper at Otsu's threshold: Tesseract misreads figures under
    scanner noise that a clean threshold takes away (`231` read as `đói`)."""
    pixels = np.asarray(gray)
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight = np.cumsum(counts)
    mean = np.cumsum(counts * levels)
    total, total_mean = weight[-1], mean[-1]
    between = (total_mean * weight - mean * total) ** 2 / np.maximum(weight * (total - weight), 1)
    threshold = int(np.argmax(between[:-1]))
    return Image.fromarray(np.where(pixels > threshold, 255, 0).astype(np.uint8))


def unrotate(x: float, y: float, angle: float, size: tuple[int, int]) -> tuple[float, float]:
    """A point of the deskewed image back on the page image as scanned."""
    if not angle:
        return x, y
    cx, cy = size[0] / 2, size[1] / 2
    a = math.radians(angle)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)


def _runs(dark: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of dark pixels at least `min_length`."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    change = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(change == 1)
    _, ends = np.nonzero(change == -1)
    long = (ends - starts) >= min_length
    return list(zip(rows_s[long].tolist(), starts[long].tolist(), ends[long].tolist(), strict=True))


def rules(gray: Image.Image, dpi: float) -> tuple[Image.Image, list[dict]]:
    """The page with its ruled lines whitened (a rule touching a figure makes Tesseract
    misread it), and the rules as pdfplumber edges in points: long thin dark runs, a
    one-pixel gap in them (scanner noise) closed first."""
    pixels = np.asarray(gray)
    dark = pixels < 140
    closed_h = dark.copy()
    closed_h[:, 1:-1] |= dark[:, :-2] & dark[:, 2:]
    closed_v = dark.copy()
    closed_v[1:-1, :] |= dark[:-2, :] & dark[2:, :]
    scale = 72 / dpi
    length = int(RULE_INCHES * dpi)
    horizontal = _runs(closed_h, length)
    vertical = _runs(closed_v.T, length)
    if len(horizontal) + len(vertical) > 20_000:  # a photo or a dark smudge, not rules
        return gray, []
    if not horizontal and not vertical:
        return gray, []
    edges = []
    cleaned = pixels.copy()
    for row, start, end in horizontal:
        y = row * scale
        edges.append(_edge(start * scale, y, end * scale, y + scale, "h"))
        cleaned[max(row - 1, 0) : row + 2, start:end] = 255
    for col, start, end in vertical:
        x = col * scale
        edges.append(_edge(x, start * scale, x + scale, end * scale, "v"))
        cleaned[start:end, max(col - 1, 0) : col + 2] = 255
    return Image.fromarray(cleaned), merge_edges(edges, 3, 3, 3, 3)


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def tables_from_edges(edges: list[dict]) -> list[Table]:
    """Ruled tables (two cells or more) from the page's edges."""
    if not edges:
        return []
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    tables = [Table(None, group) for group in cells_to_tables(cells)]
    return [t for t in tables if len(t.rows) > 1 or len(t.rows[0].cells) > 1]


def word_chars(words: list[Word], dpi: float) -> list[dict]:
    """Each word's characters as pdfplumber-like character boxes in points, the word's
    width shared out evenly (OCR gives no character boxes)."""
    scale = 72 / dpi
    chars = []
    for word in words:
        left, top = word.left * scale, word.top * scale
        height = word.height * scale
        step = word.width * scale / len(word.text)
        for i, c in enumerate(word.text):
            chars.append(
                {
                    "text": c,
                    "x0": left + i * step,
                    "x1": left + (i + 1) * step,
                    "top": top,
                    "bottom": top + height,
                    "size": height,
                    "upright": True,
                    "line": word.line,
                    "word": (left, i),  # a word's characters stay together in its line
                }
            )
    return chars


def placed_on_scan(
    items: list[Line | RawTable], angle: float, size: tuple[int, int], dpi: float
) -> list[Line | RawTable]:
    """Items laid out on the deskewed image with their boxes moved back onto the page
    image as scanned (each box keeps its size, its centre turned back)."""
    if not angle:
        return items
    scale = 72 / dpi
    moved: dict[Location, Location] = {}

    def move(location: Location | None) -> Location | None:
        if location is None or location.bbox is None:
            return location
        if location not in moved:
            x0, top, x1, bottom = location.bbox
            cx, cy = unrotate((x0 + x1) / 2 / scale, (top + bottom) / 2 / scale, angle, size)
            w, h = (x1 - x0) / 2, (bottom - top) / 2
            box = (cx * scale - w, cy * scale - h, cx * scale + w, cy * scale + h)
            moved[location] = replace(location, bbox=tuple(round(v, 2) for v in box))
        return moved[location]

    for item in items:
        if isinstance(item, Line):
            item.origins = [move(o) for o in item.origins]
        else:
            for row in item.rows:
                for cell in row:
                    cell.origins = [move(o) for o in cell.origins]
    return items


def off_the_rules(words: list[Word], edges: list[dict], dpi: float) -> list[Word]:
    """Words less a table's rules read as letters: `|` anywhere (reports do not use it),
    and a lone `[ ] ! l I 1` lying on a vertical rule."""
    scale = 72 / dpi
    verticals = [e for e in edges if e["orientation"] == "v"]
    kept = []
    for word in words:
        text = word.text.replace("|", "")
        if not text:
            continue
        if len(text) == 1 and text in "[]!lI1":
            x0, x1 = word.left * scale, (word.left + word.width) * scale
            middle = (word.top + word.height / 2) * scale
            if any(
                x0 - 1 <= e["x0"] <= x1 + 1 and e["top"] <= middle <= e["bottom"] for e in verticals
            ):
                continue
        kept.append(word if text == word.text else replace(word, text=text))
    return kept


def _rows_of_lines(chars: list[dict]) -> list[list[dict]]:
    """Visual lines from Tesseract's own lines, which keep apart two lines that overlap
    (a tilted stamp over the letterhead): lines side by side at the same height (the two
    halves of a letterhead) are one visual line, as the text-layer reader sees them, so
    that the same reading-order rules apply."""
    lines: dict[tuple, list[dict]] = {}
    for c in chars:
        lines.setdefault(c["line"], []).append(c)
    rows: list[tuple[float, float, list[list[dict]]]] = []  # top, bottom, lines
    for line in sorted(lines.values(), key=lambda cs: min(c["top"] for c in cs)):
        top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
        x0, x1 = min(c["x0"] for c in line), max(c["x1"] for c in line)
        for k, (row_top, row_bottom, members) in enumerate(rows):
            overlap = min(bottom, row_bottom) - max(top, row_top)
            apart = all(
                x1 <= min(c["x0"] for c in m) or x0 >= max(c["x1"] for c in m) for m in members
            )
            if apart and overlap >= 0.5 * min(bottom - top, row_bottom - row_top):
                rows[k] = (min(top, row_top), max(bottom, row_bottom), [*members, line])
                break
        else:
            rows.append((top, bottom, [line]))
    ordered = []
    for _, _, members in sorted(rows, key=lambda row: row[0]):
        members.sort(key=lambda m: min(c["x0"] for c in m))
        row = [c for m in members for c in sorted(m, key=lambda c: c["word"])]
        ordered.append(_spaced(row))
    return ordered


def _spaced(row: list[dict]) -> list[dict]:
    """A space between two words, even where OCR boxes touch or overlap (a word
    over a stamp), so that words never run together."""
    out: list[dict] = []
    for c in row:
        prev = out[-1] if out else None
        if prev is not None and prev["word"][0] != c["word"][0]:
            x = prev["x1"]
            space = {**prev, "text": " ", "x0": x, "x1": max(x, c["x0"]), "word": (x, 0)}
            out.append(space)
        out.append(c)
    return out


def page_items(chars: list[dict], tables: list[Table], number: int) -> list[Line | RawTable]:
    """Lines and tables in reading order, by the text-layer reader's own rules."""
    items: list[tuple[tuple[float, int], Line | RawTable]] = []
    for table in tables:
        items.append(((table.bbox[1], 0), pdf._table(table, chars, number)))
    free = [c for c in chars if not any(pdf._inside(c, t.bbox) for t in tables)]
    for key, piece in pdf._reading_order(_rows_of_lines(free)):
        text, origins = pdf._line_text(piece, number)
        if text.strip():
            items.append((key, Line(text, origins, page=number)))
    return [item for _, item in sorted(items, key=lambda item: item[0])]
