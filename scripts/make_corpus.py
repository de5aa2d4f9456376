"""Build the bundled demo corpus: each sample report as TXT, as a Word file and as a PDF.

Offices write their reports in Word and export the PDFs from Word, so the demo corpus does
the same: `seed_layout.parse` recovers each sample's paragraphs and tables, this script
writes them as a Word report (letterhead, real tables, signature block, page numbers), and
LibreOffice exports the PDF. The three forms of one report then carry the same words and
table cells, which lets the readers be checked against each other.

Usage: .venv/bin/python scripts/make_corpus.py [--no-pdf]
The TXT files are copied from ../shared/corpus/seeds (or $BAOCAO_SEEDS) when that folder
exists; otherwise the committed corpus/txt/ is the source. PDFs need LibreOffice (`soffice`).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_layout import Block, Grid, Para, parse  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = Path(os.environ.get("BAOCAO_SEEDS", ROOT.parent / "shared" / "corpus" / "seeds"))
FONT = "Times New Roman"  # the font of Vietnamese official documents
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed entry times: a rebuilt DOCX has the same bytes
A4 = (Cm(21.0), Cm(29.7))
MARGINS = (Cm(2.0), Cm(2.0), Cm(3.0), Cm(2.0))  # top, bottom, left, right


def _fonts(element_rpr, name: str = FONT) -> None:
    fonts = element_rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _page_number(section) -> None:
    """Page numbers centred at the top, none on the first page (as the decree on
    administrative documents asks)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)


def new_document(title: str) -> docx.document.Document:
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) = MARGINS
    _page_number(section)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "", ""
    props.created = props.modified = datetime(*ZIP_TIME)
    props.revision = 1
    return doc


_ALIGN = {
    "title": WD_ALIGN_PARAGRAPH.CENTER,
    "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
    "signature": WD_ALIGN_PARAGRAPH.CENTER,
    "name": WD_ALIGN_PARAGRAPH.CENTER,
    "letterhead": WD_ALIGN_PARAGRAPH.CENTER,
    "head-cell": WD_ALIGN_PARAGRAPH.CENTER,
    "recipients": WD_ALIGN_PARAGRAPH.LEFT,
    "cell": WD_ALIGN_PARAGRAPH.LEFT,
}
_SIZE = {"title": 14, "recipients": 11, "cell": 11, "head-cell": 11, "letterhead": 12}


def write_para(container, para: Para, first: bool = True):
    """One paragraph into a document or a table cell (a cell's first paragraph exists)."""
    p = container.paragraphs[0] if not first else container.add_paragraph()
    p.alignment = _ALIGN.get(para.kind, WD_ALIGN_PARAGRAPH.JUSTIFY)
    fmt = p.paragraph_format
    if para.kind == "body":
        fmt.first_line_indent = Cm(1.0)
    if para.kind in ("cell", "head-cell", "letterhead", "recipients"):
        fmt.space_after, fmt.line_spacing = Pt(0), 1.0
    if para.kind == "name":
        fmt.space_before = Pt(60)  # room for the signature and the seal
    for r in para.runs:
        run = p.add_run(r.text)
        run.bold, run.italic = r.bold or None, r.italic or None
        if para.kind in _SIZE:
            run.font.size = Pt(_SIZE[para.kind])
        if para.kind == "recipients" and r.text.strip().startswith("Nơi nhận"):
            run.bold, run.italic, run.font.size = True, True, Pt(12)
    return p


def _merges(texts: list[list[str]], header_rows: int) -> list[tuple[int, int, int, int]]:
    """Merged header cells: a group title over sub-columns, a title over two header rows."""
    spans, covered = [], set()
    for r in range(header_rows - 1):
        for c, text in enumerate(texts[r]):
            end = c
            while end + 1 < len(texts[r]) and not texts[r][end + 1] and texts[r + 1][end + 1]:
                end += 1
            if text and end > c:
                spans.append((r, c, r, end))
                covered.update((r, k) for k in range(c, end + 1))
    for r in range(1, header_rows):
        for c, text in enumerate(texts[r]):
            if not text and texts[r - 1][c] and (r - 1, c) not in covered:
                spans.append((r - 1, c, r, c))
    return spans


def _widths(grid: Grid, usable: float) -> list[float]:
    """Column widths in cm, after how much text each column holds."""
    texts = grid.texts()
    weights = []
    for c in range(len(texts[0])):
        body = max((len(row[c]) for row in texts[grid.header_rows :]), default=0)
        words = max(
            (len(w) for row in texts[: grid.header_rows] for w in row[c].split()), default=0
        )
        weights.append(min(max(body, words, 6), 30))
    total = sum(weights)
    return [usable * w / total for w in weights]


def _section(doc, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = A4
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.different_first_page_header_footer = False  # the page number shows on every page


def write_grid(doc, grid: Grid) -> None:
    texts = grid.texts()
    ncols = len(texts[0])
    wide = ncols > 6
    if wide:
        _section(doc, landscape=True)
    section = doc.sections[-1]
    usable = (section.page_width - section.left_margin - section.right_margin) / 360000
    table = doc.add_table(rows=len(grid.rows), cols=ncols)
    if not grid.layout:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(grid, usable)
    if grid.layout:  # the national motto needs the wider column
        widths = (
            [usable * 0.38, usable * 0.62]
            if grid.rows[0][0][0].kind == "letterhead"
            else [usable / 2, usable / 2]
        )
    for c, w in enumerate(widths):
        table.columns[c].width = Cm(w)
        for row in table.rows:
            row.cells[c].width = Cm(w)
    hidden = set()  # cells inside a merge, other than its top-left one
    for r0, c0, r1, c1 in _merges(texts, grid.header_rows):
        table.cell(r0, c0).merge(table.cell(r1, c1))
        hidden.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        hidden.discard((r0, c0))
    for r, row in enumerate(grid.rows):
        if r < grid.header_rows or grid.layout:
            # header rows repeat on every page; a closing block is kept on one page
            flag = OxmlElement("w:cantSplit" if grid.layout else "w:tblHeader")
            flag.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(flag)
        for c, cell in enumerate(row):
            if (r, c) not in hidden:
                for k, para in enumerate(cell):
                    write_para(table.cell(r, c), para, first=k > 0)
    if wide:
        _section(doc, landscape=False)


def write_docx(blocks: list[Block], title: str, path: Path) -> None:
    doc = new_document(title)
    for block in blocks:
        if isinstance(block, Grid):
            write_grid(doc, block)
            doc.add_paragraph()  # Word keeps a paragraph between a table and what follows
        else:
            write_para(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    _stable_zip(buffer.getvalue(), path)


def _stable_zip(data: bytes, path: Path) -> None:
    """Rewrite the DOCX package with fixed entry times, so rebuilding changes no bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    path.write_bytes(out.getvalue())


def to_pdf(docx_files: list[Path], outdir: Path) -> None:
    """Export PDFs with LibreOffice, in a private profile so parallel runs do not clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit(
            "make_corpus: LibreOffice is needed to export the PDFs and `soffice` is not on "
            "PATH (Debian: apt-get install libreoffice-writer-nogui fonts-liberation2; "
            "or run with --no-pdf to rebuild only TXT and DOCX)"
        )
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx_files),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    missing = [f.name for f in docx_files if not (outdir / f"{f.stem}.pdf").exists()]
    if done.returncode or missing:
        sys.exit(
            f"make_corpus: LibreOffice failed ({done.returncode}) for {missing}: "
            f"{done.stderr.strip()[-500:]}"
        )
    for f in docx_files:
        _stable_pdf(outdir / f"{f.stem}.pdf", hashlib.md5(f.read_bytes()).hexdigest().upper())


def _stable_pdf(path: Path, file_id: str) -> None:
    """Replace the export time, file id and checksum with fixed values of the same length
    (so no offset moves): the same DOCX then gives the same PDF bytes."""
    data = path.read_bytes()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:" + b"%d0101000000" % 2024, data)
    data = re.sub(
        rb"/ID \[ <[0-9A-F]{32}>(\s*)<[0-9A-F]{32}> \]",
        lambda m: b"/ID [ <%s>%s<%s> ]" % (file_id.encode(), m[1], file_id.encode()),
        data,
    )
    data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + file_id.encode(), data)
    path.write_bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice export")
    args = ap.parse_args()
    txt_dir, docx_dir, pdf_dir = (CORPUS / d for d in ("txt", "docx", "pdf"))
    for d in (txt_dir, docx_dir, pdf_dir):
        d.mkdir(parents=True, exist_ok=True)
    if SEEDS.is_dir():
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copyfile(seed, txt_dir / seed.name)
    sources = sorted(txt_dir.glob("*.txt"))
    if not sources:
        sys.exit(f"make_corpus: no sample texts in {SEEDS} or {txt_dir}")
    made = []
    for src in sources:
        blocks = parse(src.stem, src.read_text(encoding="utf-8"))
        title = next(
            (b.text for b in blocks if isinstance(b, Para) and b.kind == "subtitle"), src.stem
        )
        out = docx_dir / f"{src.stem}.docx"
        write_docx(blocks, title, out)
        made.append(out)
        tables = sum(isinstance(b, Grid) and not b.layout for b in blocks)
        print(f"{out.relative_to(ROOT)}: {len(blocks)} blocks, {tables} data tables")
    if not args.no_pdf:
        to_pdf(made, pdf_dir)
        for f in made:
            print(f"corpus/pdf/{f.stem}.pdf")


if __name__ == "__main__":
    main()
