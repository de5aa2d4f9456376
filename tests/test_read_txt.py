"""Text files: decoding, markup, tables, and every character traced back to line and column."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.load import load_document
from pipeline.read.txt import decode
from schemas.document import Document, Status
from schemas.text import canonical


def _source_lines(path: Path) -> list[str]:
    text, _ = decode(path.read_bytes())
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _cluster(line: str, column: int) -> str:
    """The character at `column` with the combining marks that follow it."""
    end = column + 1
    while end < len(line) and unicodedata.combining(line[end]):
        end += 1
    return unicodedata.normalize("NFC", line[column:end])


def check_round_trip(doc: Document, path: Path) -> int:
    """Every located character is the source's character there; returns how many."""
    lines = _source_lines(path)
    assert len(doc.text) == len(doc.surface) == len(doc.source_map.origins)
    assert canonical(doc.surface) == doc.text
    checked = 0
    for i, origin in enumerate(doc.source_map.origins):
        if origin is None:
            assert doc.surface[i] in " \n|", f"unlocated {doc.surface[i]!r} at {i}"
            continue
        source = _cluster(lines[origin.line - 1], origin.column)
        char = doc.surface[i]
        if char == " ":
            assert source.isspace() or source in "&<", (i, source)
        elif source == "&":  # an HTML entity, decoded
            pass
        else:
            assert char == source, (i, char, source, origin)
        checked += 1
    return checked


def write(tmp_path: Path, text: str, name: str = "report.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_seeds_round_trip_to_line_and_column(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        doc = load_document(path)
        assert doc.status is Status.OK, doc.errors
        assert doc.format == "txt"
        checked = check_round_trip(doc, path)
        assert checked >= sum(c not in " \n|" for c in doc.text)


def test_wrapped_lines_and_blank_line_artefacts_join(tmp_path: Path) -> None:
    text = (
        "1. Về công tác chỉ đạo.\n"
        "Nhằm nâng cao hiệu lực, hiệu quả trong công tác chỉ đạo, điều hành cải \n"
        "\n"
        "cách hành chính trên địa bàn, căn cứ vào tình hình và nhiệm vụ CCHC của địa \n"
        "phương, UBND thị trấn đã chủ động xây dựng kế hoạch.\n"
        "\n"
        "2\n"
        "- Số văn bản ban hành là 282 văn bản.\n"
    )
    doc = load_document(write(tmp_path, text))
    assert doc.text.split("\n") == [
        "1. Về công tác chỉ đạo.",
        "Nhằm nâng cao hiệu lực, hiệu quả trong công tác chỉ đạo, điều hành cải cách hành"
        " chính trên địa bàn, căn cứ vào tình hình và nhiệm vụ CCHC của địa phương, UBND"
        " thị trấn đã chủ động xây dựng kế hoạch.",
        "- Số văn bản ban hành là 282 văn bản.",
    ]


def test_markdown_and_html_are_stripped(tmp_path: Path) -> None:
    text = (
        "## **I. KẾT QUẢ THỰC HIỆN**\n\n"
        "*a) Về cơ sở vật chất*\n\n"
        "Phòng rộng 55 m<sup>2</sup>, có <b>03</b> máy tính &amp; <i>máy in</i>; "
        'xem <a href="http://x.vn">trang tin</a>.\n'
    )
    doc = load_document(write(tmp_path, text, "report.md"))
    assert doc.format == "md"
    assert doc.text.split("\n") == [
        "I. KẾT QUẢ THỰC HIỆN",
        "a) Về cơ sở vật chất",
        "Phòng rộng 55 m2, có 03 máy tính & máy in; xem trang tin.",
    ]


def test_tab_separated_lines_become_a_table_with_cell_spans(tmp_path: Path) -> None:
    text = (
        "Kết quả như sau:\n"
        "STT\tLĩnh vực\tSố hồ sơ\n"
        "1.\tHộ tịch\t2.231\n"
        "2.\tChứng thực\t<b>98,8</b>\t\t\n"
        "Tổng cộng có 2 lĩnh vực.\n"
    )
    doc = load_document(write(tmp_path, text))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [len(row.cells) for row in table.rows] == [3, 3, 5]
    assert table.rows[0].header and not table.rows[1].header
    assert doc.text[table.rows[2].start : table.rows[2].end] == "2. | Chứng thực | 98,8 |  | "
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            assert doc.text[cell.start : cell.end] == cell.text
            assert (cell.col, cell.span) == (k, 1)
    rows = [s for s in doc.segments.sentences if s.table == 0]
    assert [s.row for s in rows] == [0, 1, 2]


def test_pipe_tables_drop_their_rule_line(tmp_path: Path) -> None:
    text = "| Chỉ tiêu | Kết quả |\n|---|---:|\n| Hồ sơ đúng hạn | 97,37% |\n"
    doc = load_document(write(tmp_path, text, "t.md"))
    assert doc.text == "Chỉ tiêu | Kết quả\nHồ sơ đúng hạn | 97,37%"
    assert doc.tables[0].rows[0].header
    assert [(c.text, c.col) for c in doc.tables[0].rows[1].cells] == [
        ("Hồ sơ đúng hạn", 0),
        ("97,37%", 1),
    ]


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as combining characters after the letter."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("encoding", "prefix", "note"),
    [
        ("utf-8", b"\xef\xbb\xbf", None),
        ("utf-16", b"", "UTF-16"),
        ("cp1258", b"", "Windows-1258"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes, note: str | None) -> None:
    text = "Thủ tục hành chính được giải quyết đúng hạn đạt 100%.\n"
    path = tmp_path / "r.txt"
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(prefix + data)
    doc = load_document(path)
    assert doc.status is Status.OK
    assert doc.text == text.strip()
    if note:
        assert any(note in error and str(path) in error for error in doc.errors)
    else:
        assert doc.errors == []


def test_tone_placement_is_canonical_and_surface_keeps_source(tmp_path: Path) -> None:
    source = unicodedata.normalize("NFD", "Công chức Văn hoá; đường thuỷ; Uỷ ban.")
    doc = load_document(write(tmp_path, source))
    assert doc.text == "Công chức Văn hóa; đường thủy; Ủy ban."
    assert doc.surface == "Công chức Văn hoá; đường thuỷ; Uỷ ban."
    assert doc.quote(0, len(doc.text)) == doc.surface
    assert doc.source_map.locate(0).line == 1
