"""A PDF page's characters, ruling lines and boxes from pypdfium2, in the form pdfplumber
gives them, so the reader pays pdfplumber's cost only where pdfium cannot say the same.

pdfplumber (pdfminer underneath) interprets a page in Python at about ten pages a second;
pdfium reads the same text layer in C some fifty times faster. A page that draws text and
straight lines and upright boxes only (Word's and LibreOffice's ruled tables, a footnote
rule) is read from pdfium: each character with pdfminer's box (its origin, the advance the
font gives it across, the font's stated descent to descent plus size up; within 0.01 pt of
pdfplumber's, which sums in double precision what pdfium keeps in single), its font's name
and that it stands upright; each line and box as pdfminer classes a path (two points: a
line; a closed piece of four upright corners: a rect), whose edges pdfplumber's own table
finder then reads. A page with a curve, an image, a shading or a form, rotated text, a
Type 3 font or a character pdfium cannot describe so is left to pdfplumber.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# pdfium is not thread-safe: within one process one thread at a time may call it (the
# review app renders pages from several request threads at once).
PDFIUM_LOCK = threading.RLock()


class PlainPage:
    """What `pipeline.read.pdf` asks of a pdfplumber page, for a page of text and straight
    ruling lines and boxes: its characters, lines and rects as pdfplumber gives them, and
    pdfplumber's own table finder run over their edges."""

    images: list = []
    curves: list = []

    def __init__(
        self, chars: list[dict], lines: list[dict], rects: list[dict], size: tuple[float, float]
    ) -> None:
        self.chars, self.lines, self.rects = chars, lines, rects
        self.width, self.height = size
        self.bbox = (0, 0, size[0], size[1])

    @property
    def edges(self) -> list[dict]:
        from pdfplumber import utils

        return [utils.line_to_edge(line) for line in self.lines] + [
            edge for rect in self.rects for edge in utils.rect_to_edges(rect)
        ]

    def find_tables(self) -> list:
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(None)).tables

    def close(self) -> None:
        pass


def open_document(path: Path) -> pdfium.PdfDocument | None:
    """pdfium's view of the file, or None when pdfium cannot open it (pdfplumber then
    reads every page)."""
    try:
        return pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - pdfplumber has already accepted the file
        return None


def _shape(points: list[tuple[float, float]], height: float) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": height - y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "pts": [(x, height - y) for x, y in points],
    }


def _subpaths(obj) -> list[list[tuple[float, float]]] | None:
    """A path object's pieces in page space, each its points with the first repeated at
    the end when the piece is closed; None for curves (pdfplumber reads that page)."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return None
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    pieces: list[list[tuple[float, float]]] = []
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or not pdfium_c.FPDFPathSegment_GetPoint(
            segment, ctypes.byref(x), ctypes.byref(y)
        ):
            return None
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not pieces:
            pieces.append([point])
        else:
            pieces[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            pieces[-1].append(pieces[-1][0])
    return pieces


def _lines_and_rects(page: pdfium.PdfPage, height: float) -> tuple[list, list] | None:
    """The page's straight lines and upright boxes as pdfminer classes them (a piece of
    two points is a line, a closed one of four corners a rect), or None when it draws
    anything else: a curve, a slanted polygon, an image, a shading, a form."""
    lines: list[dict] = []
    rects: list[dict] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            return None
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value and not stroke.value:
            continue  # painted with `n`: pdfminer keeps nothing of it
        pieces = _subpaths(obj.raw)
        if pieces is None:
            return None
        for points in pieces:
            if len(points) == 2:
                lines.append({**_shape(points, height), "object_type": "line"})
            elif len(points) == 5 and points[0] == points[4] and _upright_box(points):
                rects.append({**_shape(points, height), "object_type": "rect"})
            else:
                return None
    return lines, rects


def _upright_box(p: list[tuple[float, float]]) -> bool:
    return (p[0][0] == p[1][0] and p[1][1] == p[2][1] and p[2][0] == p[3][0]) or (
        p[0][1] == p[1][1] and p[1][0] == p[2][0] and p[2][1] == p[3][1]
    )


# FPDFText_GetTextObject returning the bare address: a cheap test, character by character,
# of whether a character is in the text object of the one before
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)
_NAME = ctypes.create_string_buffer(256)


def _font(textobj, fonts: dict) -> tuple[str] | None:
    """The font's name (without the subset prefix)."""
    font = pdfium_c.FPDFTextObj_GetFont(textobj)
    if not font:
        return None
    key = ctypes.cast(font, ctypes.c_void_p).value
    if key not in fonts:  # one entry for each font of the page
        size = pdfium_c.FPDFFont_GetBaseFontName(font, _NAME, len(_NAME))
        name = _NAME.value.decode("utf-8", "replace") if size else ""
        fonts[key] = (name,) if name else None
    return fonts[key]


def page_chars(
    page: pdfium.PdfPage, metrics: dict[str, tuple[float, dict]], height: float
) -> PlainPage | None:
    """The page's characters as pdfplumber dicts, or None when the page draws more than
    text or a character cannot be described exactly (pdfplumber reads that page).
    `metrics`: each font's descent and advances as pdfminer measures them
    (`font_metrics`); `height`: the page's height as the file states it (pdfium keeps
    single precision)."""
    shapes = _lines_and_rects(page, height)
    if shapes is None:
        return None
    width = page.get_width()
    textpage = page.get_textpage()
    raw = textpage.raw
    chars: list[dict] = []
    fonts: dict = {}
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    at_x, at_y = ctypes.byref(x), ctypes.byref(y)
    last: tuple = (None, None)  # the text object of the character before, and its type
    try:
        count = pdfium_c.FPDFText_CountChars(raw)
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                if code == 0x20 and chars and _replaces_a_space(raw, i, box):
                    chars.append(_respaced(raw, i, chars[-1], box, metrics))
                continue
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                return None
            address = _TEXT_OBJECT_ADDRESS(raw, i)
            if address != last[0]:
                # one text object is one font at one size and one matrix
                textobj = pdfium_c.FPDFText_GetTextObject(raw, i)
                last = (address, _type(raw, i, textobj, fonts, metrics))
            kind = last[1]
            if kind is None:
                return None
            name, descent, advances, across, up = kind
            if code == 0x02:  # pdfium's mark for a hyphen it takes for a line-end one
                hyphens = [c for c in "-\xad" if c in advances]
                code = ord(hyphens[0]) if len(hyphens) == 1 else 0
                if not code:
                    return None  # which hyphen the font drew is not known
            advance = advances.get(chr(code))
            if advance is None:
                return None
            pdfium_c.FPDFText_GetCharOrigin(raw, i, at_x, at_y)
            low = _snap(y.value) + descent * up
            chars.append(
                {
                    "text": chr(code),
                    "fontname": name,
                    "size": up,
                    "x0": _snap(x.value),
                    "x1": _snap(x.value + advance * across),
                    "top": height - (low + up),
                    "bottom": height - low,
                    "upright": True,
                }
            )
    finally:
        textpage.close()
    return PlainPage(chars, *shapes, (width, height))


def _type(raw, i: int, textobj, fonts: dict, metrics: dict) -> tuple | None:
    """The font name, descent and advances of character i's text object, and its size
    across and up (font size times the matrix); None for rotated, mirrored or sheared
    text, or a font `metrics` does not know (pdfplumber then reads the page)."""
    font = _font(textobj, fonts) if textobj else None
    matrix = pdfium_c.FS_MATRIX()
    if font is None or font[0] not in metrics:
        return None
    if not pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix)):
        return None
    if not (matrix.a > 0 and matrix.d > 0) or matrix.b or matrix.c:
        return None
    size = pdfium_c.FPDFText_GetFontSize(raw, i)
    descent, advances = metrics[font[0]]
    return font[0], descent, advances, size * matrix.a, size * matrix.d


def _snap(value: float) -> float:
    """pdfium keeps positions in single precision (166.32499 for the file's 166.325);
    the nearest thousandth is the file's own figure, so a box rounds as pdfplumber's does."""
    return round(value, 3)


def _replaces_a_space(raw, i: int, box) -> bool:
    """Whether pdfium's own space at i stands for a space of the file: pdfium puts the
    spaces it adds between words at the end of the character before, and the one it puts
    for a real space where that space was drawn, past it."""
    pdfium_c.FPDFText_GetLooseCharBox(raw, i - 1, ctypes.byref(box))
    before = box.right
    pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box))
    return box.left > before + 0.01


def _respaced(raw, i: int, before: dict, box, metrics: dict) -> dict:
    """A space pdfium replaced by one of its own (it does so for a space followed by a
    wider gap): a space in the type of the character before it, at pdfium's left edge,
    as wide as that font's space (a quarter of the size where the font has none)."""
    pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box))
    size = before["size"]
    advance = metrics[before["fontname"]][1].get(" ", 0.25)
    return {
        **before,
        "text": " ",
        "x0": box.left,
        "x1": box.left + advance * size,
    }


def font_metrics(resources, cache: dict) -> dict[str, tuple[float, dict[str, float]]] | None:
    """Font name (subset prefix dropped) -> its descent and each character's advance, per
    point of size, read from a pdfminer page's resources as pdfminer measures a box; None
    when a font is of a kind this module does not describe (Type 3) or two fonts of one
    name differ. A character two codes of one font give with different advances is left
    out (its page goes to pdfplumber). `cache`: the document's fonts measured so far."""
    from pdfminer.pdffont import PDFCIDFont, PDFSimpleFont
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdftypes import resolve1

    if "manager" not in cache:
        cache["manager"] = PDFResourceManager(caching=True)
    manager = cache["manager"]
    out: dict[str, tuple[float, dict[str, float]]] = {}
    fonts = resolve1((resources or {}).get("Font")) or {}
    for ref in fonts.values():
        spec = resolve1(ref)
        if not isinstance(spec, dict):
            return None
        objid = getattr(ref, "objid", None)
        if objid is not None and objid in cache:
            name, entry = cache[objid]
            if out.get(name, entry) != entry:
                return None
            out[name] = entry
            continue
        font = manager.get_font(objid, spec)
        if not isinstance(font, PDFSimpleFont | PDFCIDFont) or font.is_vertical():
            return None
        if type(font).__name__ == "PDFType3Font":
            return None
        advances: dict[str, float] = {}
        for cid in font.widths:
            try:
                text = font.to_unichr(int(cid))
            except Exception:  # noqa: BLE001 - a code with no letter: never on the page
                continue
            width = font.char_width(int(cid))
            if len(text) == 1:
                advances[text] = width if advances.get(text, width) == width else -1.0
        advances = {k: v for k, v in advances.items() if v >= 0}
        name = font.fontname if isinstance(font.fontname, str) else ""
        name = name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name
        entry = (font.get_descent(), advances)
        if objid is not None:
            cache[objid] = (name, entry)
        if out.get(name, entry) != entry:
            return None
        out[name] = entry
    return out
