"""Reports typed in TCVN3 (ABC, `.VnTime`) or VNI read as Unicode: the seed reports written
in those encodings (plain text in the legacy bytes, or in UTF-8 as copied out of a file
that used the font), a Word file whose runs use `.VnTime`/`.VnTimeH`/`VNI-Times`, and a
PDF page whose characters name a legacy font, all read back as the Unicode text, every
character still pointing at the source character it came from."""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber
import pytest

from pipeline.load import load_document
from pipeline.read import legacy
from schemas.document import Status

ROOT = Path(__file__).resolve().parents[1]


def _without_tcvn3_capitals(text: str) -> str:
    """TCVN3 has no codes for capitals with a tone mark (a capitals font draws them):
    typed in a normal `.VnTime` they come out small."""
    return "".join(
        c.lower() if legacy.encode(c, legacy.TCVN3) == legacy.encode(c.lower(), legacy.TCVN3)
        else c
        for c in text
    )  # fmt: skip


@pytest.mark.parametrize("encoding", [legacy.TCVN3, legacy.VNI])
@pytest.mark.parametrize("bytes_as", ["cp1252", "utf-8"])
def test_seed_reports_typed_in_legacy_encodings_read_as_unicode(
    seed_paths: list[Path], tmp_path: Path, encoding: str, bytes_as: str
) -> None:
    for seed in seed_paths:
        unicode_text = seed.read_text(encoding="utf-8")
        if encoding == legacy.TCVN3:
            unicode_text = _without_tcvn3_capitals(unicode_text)
        expected_path = tmp_path / f"unicode_{seed.name}"
        expected_path.write_text(unicode_text, encoding="utf-8")
        legacy_text = legacy.encode(unicode_text, encoding)
        assert legacy_text != unicode_text
        path = tmp_path / f"{encoding}_{seed.name}"
        path.write_bytes(legacy_text.encode(bytes_as))
        doc, expected = load_document(path), load_document(expected_path)
        assert doc.status is Status.OK
        assert doc.errors == [f"{path}: {legacy.note(encoding)}"]
        assert doc.text == expected.text, seed.name
        lines = legacy_text.split("\n")
        for i, origin in enumerate(doc.source_map.origins):
            if origin is None or not doc.surface[i].isalpha():
                continue
            source = lines[origin.line - 1][origin.column : origin.column + 2]
            assert legacy.convert(source, [0, 1], encoding)[0][0] == doc.surface[i]


def test_unicode_text_is_never_taken_for_legacy(seed_paths: list[Path]) -> None:
    for seed in seed_paths:
        assert legacy.text_encoding(seed.read_text(encoding="utf-8")) is None
    assert legacy.text_encoding("Café, naïve, São Paulo, Zürich, Ångström, façade") is None


def _docx(path: Path, paragraphs: list[list[tuple[str, str]]]) -> Path:
    """A Word file, each paragraph a list of (text, font) runs."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, font in runs:
            paragraph.add_run(text).font.name = font
    document.save(path)
    return path


def test_a_word_file_in_vntime_reads_as_unicode(seed_paths: list[Path], tmp_path: Path) -> None:
    lines = [x for x in seed_paths[0].read_text(encoding="utf-8").splitlines() if x.strip()][:40]
    body = [_without_tcvn3_capitals(line) for line in lines]
    title = "báo cáo kết quả cải cách hành chính"
    typed = [[(legacy.encode(title, legacy.TCVN3), ".VnTimeH")]]
    typed += [[(legacy.encode(line, legacy.TCVN3), ".VnTime")] for line in body]
    typed += [[("Số liệu: ", "Times New Roman"), (legacy.encode("Đà Nẵng", "vni"), "VNI-Times")]]
    typed += [[(legacy.encode("sẳn sàng", "vni"), "VNI-Times")]]  # ẳ: not in viparse's table
    plain = [[(title.upper(), "Times New Roman")]] + [[(line, "Times New Roman")] for line in body]
    plain += [[("Số liệu: Đà Nẵng", "Times New Roman")], [("sẳn sàng", "Times New Roman")]]
    doc = load_document(_docx(tmp_path / "vntime.docx", typed))
    expected = load_document(_docx(tmp_path / "unicode.docx", plain))
    assert doc.status is Status.OK
    assert doc.errors == [f"{doc.path}: {legacy.note(e)}" for e in (legacy.TCVN3, legacy.VNI)]
    assert doc.text == expected.text
    source = docx.Document(doc.path).paragraphs
    for i, origin in enumerate(doc.source_map.origins):
        if origin is None or not doc.surface[i].isalpha():
            continue
        run_text = source[origin.block].text[origin.offset : origin.offset + 2]
        encoding = legacy.VNI if origin.block >= len(typed) - 2 else legacy.TCVN3
        letter = legacy.convert(run_text, [0, 1], encoding, origin.block == 0)[0][0]
        assert letter == doc.surface[i], (origin, run_text)


def test_pdf_characters_in_a_legacy_font_read_as_unicode() -> None:
    """The characters of a real PDF page, given a legacy font's codes and name as a PDF
    set in `.VnTime` or `VNI-Times` gives them to pdfplumber."""
    path = ROOT / "corpus" / "pdf" / "000_5d598c3cb7466002.pdf"
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars[:400]
    unicode_text = "".join(c["text"] for c in chars)
    for encoding, font in ((legacy.TCVN3, "ABCDEF+.VnTime"), (legacy.VNI, "VNI-Times")):
        expected = unicode_text if encoding == legacy.VNI else _without_tcvn3_capitals(unicode_text)
        typed = []
        for c in chars:
            codes = legacy.encode(c["text"], encoding)
            width = (c["x1"] - c["x0"]) / len(codes)
            for k, code in enumerate(codes):  # VNI: a base and a mark, side by side
                x0 = c["x0"] + k * width
                typed.append(dict(c, text=code, fontname=font, x0=x0, x1=x0 + width))
        seen: set[str] = set()
        read = legacy.unicode_chars(typed, seen)
        assert seen == {encoding}
        assert len(read) == len(chars)
        assert "".join(c["text"] for c in read) == expected
        assert [(c["x0"], c["x1"]) for c in read] == [
            (pytest.approx(c["x0"]), pytest.approx(c["x1"])) for c in chars
        ]


def test_legacy_text_under_another_font_name_is_told_by_its_letters(
    seed_paths: list[Path], tmp_path: Path, soffice: str
) -> None:
    """A Word file typed in TCVN3 codes but naming a Unicode font (its font was replaced),
    and the PDF LibreOffice exports from it: no font says so, the letters do."""
    from pipeline.read.doc import convert

    lines = [x for x in seed_paths[1].read_text(encoding="utf-8").splitlines() if x.strip()]
    # ư is TCVN3's soft-hyphen code, which a Unicode font does not draw: not in this text
    body = [_without_tcvn3_capitals(line).replace("ư", "u") for line in lines[:30]]
    typed = _docx(tmp_path / "typed.docx", [[(legacy.encode(x, "tcvn3"), "Arial")] for x in body])
    plain = _docx(tmp_path / "plain.docx", [[(x, "Arial")] for x in body])
    (tmp_path / "typed").mkdir()
    (tmp_path / "plain").mkdir()
    pdfs = convert(typed, "pdf", tmp_path / "typed"), convert(plain, "pdf", tmp_path / "plain")
    for path, expected in ((typed, plain), pdfs):
        doc, want = load_document(path), load_document(expected)
        assert doc.errors == [f"{path}: {legacy.note(legacy.TCVN3)}"]
        # the legacy codes are set in other widths, so the PDF's lines wrap elsewhere
        assert "".join(doc.text.split()) == "".join(want.text.split()), path.suffix
