"""PDFs made the way offices make them (Word file -> PDF export, here with LibreOffice):
page furniture dropped, wrapped lines re-flowed, a table broken across pages joined, and
every character traced back to its page and box."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.load import load_document
from pipeline.read.doc import convert
from schemas.document import Document, Status
from schemas.text import canonical

PARAGRAPH = (
    "Trong kỳ báo cáo, Bộ phận Một cửa của UBND xã Hà Tiến đã tiếp nhận {n} hồ sơ thủ tục"
    " hành chính, trong đó tiếp nhận trực tuyến là {m} hồ sơ; tỷ lệ hồ sơ giải quyết đúng"
    " hạn đạt 98,8%, không có hồ sơ quá hạn theo Nghị định số 61/2018/NĐ-CP của Chính phủ."
)


LEFT = "ỦY BAN NHÂN DÂN\nXÃ HÀ TIẾN\nSố: 25/BC-UBND"
RIGHT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Hà Tiến, ngày 15 tháng 6 năm 2023"
)
RECIPIENTS = "Nơi nhận:\n- UBND huyện Hà Trung;\n- Văn phòng UBND huyện;\n- Lưu: VT."
SIGNER = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n\nVũ Văn Được"


def build_report(path: Path) -> Path:
    """Three pages: a running header, page numbers in the footer, and a statistics
    table with a repeated header row that breaks across a page."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "UBND XÃ HÀ TIẾN - BÁO CÁO CÔNG TÁC CCHC"
    footer = section.footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"/>'))
    letterhead = document.add_table(rows=1, cols=2)  # borderless, as offices set it
    letterhead.cell(0, 0).text = LEFT
    letterhead.cell(0, 1).text = RIGHT
    document.add_paragraph("I. KẾT QUẢ THỰC HIỆN")
    for n in range(12):
        document.add_paragraph(PARAGRAPH.format(n=900 + n, m=800 + n))
    document.add_paragraph("II. SỐ LIỆU THEO LĨNH VỰC")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for c, title in enumerate(["STT", "Lĩnh vực", "Số hồ sơ"]):
        table.cell(0, c).text = title
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for k in range(1, 41):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(k), f"Lĩnh vực số {k}", f"{k * 37}"
    document.add_paragraph("Trên đây là báo cáo của UBND xã Hà Tiến./.")
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = RECIPIENTS
    closing.cell(0, 1).text = SIGNER
    document.save(path)
    assert table._tbl.find(qn("w:tr")) is not None
    return path


@pytest.fixture(scope="module")
def pair(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path, Document]:
    folder = tmp_path_factory.mktemp("pdf")
    source = build_report(folder / "bao_cao.docx")
    pdf = convert(source, "pdf", folder)
    return load_document(source), pdf, load_document(pdf)


def test_pdf_reads_like_its_docx(pair: tuple[Document, Path, Document]) -> None:
    from_docx, _, from_pdf = pair
    assert from_pdf.status is Status.OK and from_pdf.format == "pdf"
    assert from_pdf.pages and from_pdf.pages >= 3
    words = [from_docx.text.split(), from_pdf.text.split()]
    ratio = difflib.SequenceMatcher(None, *words, autojunk=False).ratio()
    print(f"DOCX/PDF similarity of a LibreOffice export: {ratio:.4f}")
    assert ratio >= 0.99

    def body(doc: Document) -> list[str]:
        return [line for line in doc.text.split("\n") if line.startswith("Trong kỳ")]

    assert len(body(from_pdf)) == 12 and body(from_pdf) == body(from_docx)


def test_side_by_side_blocks_read_column_by_column(pair: tuple[Document, Path, Document]) -> None:
    _, _, doc = pair
    text = " ".join(doc.text.split())
    for block in (LEFT, RIGHT, RECIPIENTS, SIGNER):
        assert " ".join(block.split()) in text, block


def test_headers_and_page_numbers_go_and_the_broken_table_is_one(
    pair: tuple[Document, Path, Document],
) -> None:
    _, _, doc = pair
    assert "BÁO CÁO CÔNG TÁC CCHC" not in doc.text
    assert not any(line.strip().isdigit() for line in doc.text.split("\n"))
    (table,) = doc.tables
    assert len(table.rows) == 41
    assert table.rows[0].header
    assert [c.text for c in table.rows[40].cells] == ["40", "Lĩnh vực số 40", "1480"]
    assert doc.text.count("STT | Lĩnh vực | Số hồ sơ") == 1


def test_every_character_maps_to_its_page_and_box(pair: tuple[Document, Path, Document]) -> None:
    _, path, doc = pair
    assert canonical(doc.surface) == doc.text
    with pdfplumber.open(path) as pdf:
        boxes = {}
        for number, page in enumerate(pdf.pages, start=1):
            for c in page.chars:
                box = tuple(round(c[k], 2) for k in ("x0", "top", "x1", "bottom"))
                boxes[(number, box)] = c["text"]
    checked = 0
    for i, origin in enumerate(doc.source_map.origins):
        if origin is None:
            assert doc.surface[i] in " \n|"
            continue
        # pdfium's boxes agree with pdfplumber's to the hundredth, but for ties of rounding
        # (134.665 is 134.66500000000002 in pdfminer's running sum)
        key = (origin.page, origin.bbox)
        if key not in boxes:
            key = min(
                (k for k in boxes if k[0] == origin.page),
                key=lambda k: max(abs(a - b) for a, b in zip(k[1], origin.bbox, strict=True)),
            )
            assert max(abs(a - b) for a, b in zip(key[1], origin.bbox, strict=True)) <= 0.011
        source = unicodedata.normalize("NFC", boxes[key])
        assert doc.surface[i] in source, (i, doc.surface[i], source, origin)
        checked += 1
    assert checked >= sum(c not in " \n|" for c in doc.text)
    first_figure = doc.text.index("900")
    assert doc.source_map.page_of(first_figure, first_figure + 3) == 1


def build_merged_table(path: Path) -> Path:
    """A ruled result table with a merged header: `Số hồ sơ` over three columns, `STT`
    and `Lĩnh vực` over two rows."""
    document = docx.Document()
    document.add_paragraph("Kết quả giải quyết hồ sơ theo lĩnh vực như sau:")
    table = document.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Lĩnh vực"
    table.cell(0, 2).merge(table.cell(0, 4)).text = "Số hồ sơ"
    for c, title in enumerate(["Tiếp nhận", "Đã giải quyết", "Đúng hạn"], start=2):
        table.cell(1, c).text = title
    for r, row in enumerate([["1", "Hộ tịch", "231", "230", "229"], ["2", "Đất đai", "57"]]):
        for c, value in enumerate(row):
            table.cell(r + 2, c).text = value
    document.add_paragraph("Trên đây là kết quả.")
    document.save(path)
    return path


@pytest.fixture(scope="module")
def merged(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document]:
    folder = tmp_path_factory.mktemp("merged")
    source = build_merged_table(folder / "bang.docx")
    return load_document(source), load_document(convert(source, "pdf", folder))


def test_cells_know_their_grid_column_in_pdf_as_in_docx(
    merged: tuple[Document, Document],
) -> None:
    from_docx, from_pdf = merged
    grids = []
    for doc in merged:
        (table,) = doc.tables
        grids.append([[(c.text, c.col, c.span) for c in row.cells] for row in table.rows])
    assert grids[1] == grids[0]
    assert grids[1][:2] == [
        [("STT", 0, 1), ("Lĩnh vực", 1, 1), ("Số hồ sơ", 2, 3)],
        [("", 0, 1), ("", 1, 1), ("Tiếp nhận", 2, 1), ("Đã giải quyết", 3, 1), ("Đúng hạn", 4, 1)],
    ]
    (table,) = from_pdf.tables
    on_time = table.rows[1].cells[4]
    assert [c.text for c in table.rows[2].cells if c.col == on_time.col] == ["229"]
    assert from_pdf.text == from_docx.text
