"""A PDF page's characters from pypdfium2, in the form pdfplumber gives them, for pages
where pdfplumber has nothing more to offer.

pdfplumber (pdfminer underneath) interprets a page in Python at about ten pages a second;
pdfium reads the same text layer in C some fifty times faster. A page that draws no
paths and no images holds no ruled table, no footnote rule and no scan, so all the reader
needs from it is its characters: those come from pdfium with pdfminer's boxes (the
glyph's advance across, the font's descent to descent plus size up), its font's name and
whether it stands upright. Any other page, or any character pdfium cannot describe the
same way, leaves the page to pdfplumber.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


class PlainPage:
    """What `pipeline.read.pdf` asks of a pdfplumber page, for a page with text only."""

    rects: list = []
    lines: list = []
    images: list = []

    def __init__(self, chars: list[dict], width: float, height: float) -> None:
        self.chars = chars
        self.width = width
        self.height = height

    def close(self) -> None:
        pass


def open_document(path: Path) -> pdfium.PdfDocument | None:
    """pdfium's view of the file, or None when pdfium cannot open it (pdfplumber then
    reads every page)."""
    try:
        return pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - pdfplumber has already accepted the file
        return None


def _draws_only_text(page: pdfium.PdfPage) -> bool:
    for obj in page.get_objects(max_depth=8):
        if obj.type in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            return False
        if obj.type == pdfium_c.FPDF_PAGEOBJ_SHADING:
            return False
    return True


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
    if not _draws_only_text(page):
        return None
    width = page.get_width()
    textpage = page.get_textpage()
    raw = textpage.raw
    chars: list[dict] = []
    fonts: dict = {}
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    last: tuple = (None, None)  # the text object of the character before, and its font
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        count = pdfium_c.FPDFText_CountChars(raw)
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                if code == 0x20 and chars:
                    chars.append(_respaced(raw, i, chars[-1], box, metrics))
                continue
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                return None
            textobj = pdfium_c.FPDFText_GetTextObject(raw, i)
            address = ctypes.cast(textobj, ctypes.c_void_p).value
            if address != last[0]:
                last = (address, _font(textobj, fonts) if textobj else None)
            font = last[1]
            if font is None or font[0] not in metrics:
                return None
            descent, advances = metrics[font[0]]
            if code == 0x02:  # pdfium's mark for a hyphen it takes for a line-end one
                hyphens = [c for c in "-\xad" if c in advances]
                code = ord(hyphens[0]) if len(hyphens) == 1 else 0
                if not code:
                    return None  # which hyphen the font drew is not known
            advance = advances.get(chr(code))
            if advance is None:
                return None
            if not pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix)):
                return None
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if not (matrix.a > 0 and matrix.d > 0) or matrix.b or matrix.c:
                return None  # rotated, mirrored or sheared text: pdfplumber measures it
            low = _snap(y.value) + descent * size * matrix.d
            chars.append(
                {
                    "text": chr(code),
                    "fontname": font[0],
                    "size": size * matrix.d,
                    "x0": _snap(x.value),
                    "x1": _snap(x.value + advance * size * matrix.a),
                    "top": height - (low + size * matrix.d),
                    "bottom": height - low,
                    "upright": True,
                }
            )
    finally:
        textpage.close()
    return PlainPage(chars, width, height)


def _snap(value: float) -> float:
    """pdfium keeps positions in single precision (166.32499 for the file's 166.325);
    the nearest thousandth is the file's own figure, so a box rounds as pdfplumber's does."""
    return round(value, 3)


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
