"""Word files built with python-docx the way reports are typed: body order, merged and
nested tables, skipped layout, and every character traced back to its block and cell."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.load import load_document
from schemas.document import Document, Location, Status
from schemas.text import canonical

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ANCHORED_TEXT_BOX = f"""
<w:r xmlns:w="{W}"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
    <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
               behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
      <wp:simplePos x="0" y="0"/>
      <wp:positionH relativeFrom="column"><wp:posOffset>71213919812000</wp:posOffset></wp:positionH>
      <wp:positionV relativeFrom="paragraph"><wp:posOffset>-71755</wp:posOffset></wp:positionV>
      <wp:extent cx="914400" cy="228600"/><wp:wrapNone/>
      <wp:docPr id="7" name="Text Box 7"/>
      <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
        <wps:wsp><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p>
        </w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
      </a:graphicData></a:graphic>
    </wp:anchor>
  </w:drawing></mc:Choice>
  <mc:Fallback><w:pict><w:t>DỰ THẢO</w:t></w:pict></mc:Fallback></mc:AlternateContent>
</w:r>"""


def build_report(path: Path) -> Path:
    """A small report the way a commune types one: letterhead table, numbered headings,
    a statistics table with merged cells and a nested table, a header and a footer."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "UBND XÃ HÀ TIẾN - BÁO CÁO CCHC"
    section.footer.paragraphs[0].text = "Trang 1"
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ HÀ TIẾN"
    letterhead.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("I. KẾT QUẢ THỰC HIỆN")
    body = document.add_paragraph("1. Cải cách thủ tục hành chính: tổng số 183 thủ tục, ")
    body.add_run("trong đó 62 thủ tục mức độ 3.")
    body._p.append(parse_xml(ANCHORED_TEXT_BOX))
    document.add_paragraph(unicodedata.normalize("NFD", "Công chức Văn hoá - xã hội: 02 người."))
    document.add_paragraph("Dòng một\ncủa một đoạn có ngắt dòng mềm.")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    table.cell(0, 1).text = "Lĩnh vực"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Số hồ sơ"
    table.cell(1, 2).text = "Tiếp nhận"
    table.cell(1, 3).text = "Đúng hạn"
    for r, row in enumerate([["1", "Hộ tịch", "2.231", "2.231"], ["2", "Chứng thực", "", ""]]):
        for c, value in enumerate(row):
            table.cell(r + 2, c).text = value
    inner = table.cell(3, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Trực tuyến 80"
    inner.cell(0, 1).text = "Trực tiếp 20"
    document.add_paragraph("Trên đây là báo cáo của UBND xã.")
    document.save(path)
    return path


class SourceTexts:
    """The texts python-docx itself shows, by location (looked up once each)."""

    def __init__(self, path: Path) -> None:
        self.blocks = list(docx.Document(str(path)).iter_inner_content())
        self.texts: dict[tuple, str] = {}

    def text(self, origin: Location) -> str:
        key = (origin.block, origin.row, origin.col, origin.nested)
        if key not in self.texts:
            block = self.blocks[origin.block]
            if origin.row is None:
                self.texts[key] = block.text
            else:
                cell = block.rows[origin.row].cells[origin.col]
                if origin.nested is not None:
                    (nested,) = cell.tables
                    cell = nested.rows[origin.nested[0]].cells[origin.nested[1]]
                self.texts[key] = cell.text
        return self.texts[key]

    def char(self, origin: Location) -> str:
        """The character at a location, with its combining marks, NFC."""
        text = self.text(origin)
        end = origin.offset + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        return unicodedata.normalize("NFC", text[origin.offset : end])


def check_round_trip(doc: Document, path: Path) -> int:
    source = SourceTexts(path)
    assert len(doc.text) == len(doc.surface) == len(doc.source_map.origins)
    assert canonical(doc.surface) == doc.text
    checked = 0
    for i, origin in enumerate(doc.source_map.origins):
        if origin is None:
            assert doc.surface[i] in " \n|", (i, doc.surface[i])
            continue
        char = source.char(origin)
        if doc.surface[i] == " ":
            assert char.isspace(), (i, char)
        else:
            assert char == doc.surface[i], (i, doc.surface[i], char, origin)
        checked += 1
    return checked


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    path = build_report(tmp_path_factory.mktemp("docx") / "bao_cao.docx")
    return path, load_document(path)


def test_reads_body_in_order_and_round_trips(report: tuple[Path, Document]) -> None:
    path, doc = report
    assert doc.status is Status.OK and doc.format == "docx"
    assert check_round_trip(doc, path) >= sum(c not in " \n|" for c in doc.text)
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "ỦY BAN NHÂN DÂN XÃ HÀ TIẾN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Cải cách thủ tục hành chính: tổng số 183 thủ tục, trong đó 62 thủ tục mức độ 3.",
    ]
    assert "Công chức Văn hóa - xã hội: 02 người." in lines
    assert "Dòng một của một đoạn có ngắt dòng mềm." in lines
    assert lines[-1] == "Trên đây là báo cáo của UBND xã."


def test_layout_headers_footers_and_text_boxes_stay_out(report: tuple[Path, Document]) -> None:
    _, doc = report
    for absent in ("71213919812000", "71755", "DỰ THẢO", "Trang 1", "BÁO CÁO CCHC"):
        assert absent not in doc.text


def test_merged_cells_appear_once_and_nested_tables_flatten(
    report: tuple[Path, Document],
) -> None:
    _, doc = report
    stats = doc.tables[1]
    rows = [[cell.text for cell in row.cells] for row in stats.rows]
    assert rows == [
        ["STT", "Lĩnh vực", "Số hồ sơ"],
        ["", "", "Tiếp nhận", "Đúng hạn"],
        ["1", "Hộ tịch", "2.231", "2.231"],
        ["2", "Chứng thực", "Trực tuyến 80 | Trực tiếp 20", ""],
    ]
    assert stats.rows[0].header is True
    eighty = doc.text.index("80")
    origin = doc.source_map.locate(eighty)
    assert (origin.block, origin.row, origin.col, origin.nested) == (6, 3, 2, (0, 0))
    figure = stats.rows[2].cells[2]
    assert doc.text[figure.start : figure.end] == "2.231"
    rows_as_sentences = [s for s in doc.segments.sentences if s.table == 1]
    assert [s.row for s in rows_as_sentences] == [0, 1, 2, 3]


def test_cells_know_their_grid_column_after_a_merge(report: tuple[Path, Document]) -> None:
    _, doc = report
    stats = doc.tables[1]
    places = [[(cell.col, cell.span) for cell in row.cells] for row in stats.rows]
    assert places == [
        [(0, 1), (1, 1), (2, 2)],
        [(0, 1), (1, 1), (2, 1), (3, 1)],
        [(0, 1), (1, 1), (2, 1), (3, 1)],
        [(0, 1), (1, 1), (2, 1), (3, 1)],
    ]
    on_time = next(c for c in stats.rows[1].cells if c.text == "Đúng hạn")
    (figure,) = [c for c in stats.rows[2].cells if c.col == on_time.col]
    assert doc.text[figure.start : figure.end] == "2.231"


def test_a_row_that_starts_after_the_first_grid_column(tmp_path: Path) -> None:
    """`w:gridBefore`: Word lets a row skip leading grid columns; its cells keep their
    columns, and python-docx's own indexes (what locations count) stay as they are."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, title in enumerate(["Chỉ tiêu", "Kế hoạch", "Thực hiện"]):
        table.cell(0, c).text = title
    table.cell(1, 1).text = "12"
    table.cell(1, 2).text = "15"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore xmlns:w="{W}" w:val="1"/>'))
    path = tmp_path / "grid_before.docx"
    document.save(path)
    doc = load_document(path)
    (read,) = doc.tables
    assert [(c.text, c.col, c.span) for c in read.rows[1].cells] == [("12", 1, 1), ("15", 2, 1)]
    assert doc.source_map.locate(read.rows[1].cells[0].start).col == 0
    assert check_round_trip(doc, path) >= sum(c not in " \n|" for c in doc.text)


def test_real_docx_round_trip(real_dir: Path) -> None:
    paths = sorted(real_dir.glob("*.docx"))
    assert paths, f"no .docx in {real_dir}"
    for path in paths:
        doc = load_document(path)
        assert doc.status is Status.OK, doc.errors
        assert check_round_trip(doc, path) >= sum(c not in " \n|" for c in doc.text), path.name
        assert not any(char.isdigit() and len(char) > 12 for char in doc.text.split())
