"""Each document's whole processing runs under one time limit and one memory limit: a
document over either is quarantined with that reason, and the batch goes on."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.ingest import ingest_paths
from pipeline.store import connect

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "corpus" / "txt" / "004_efc8c9725471be51.txt"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def write_docx(path: Path, paragraphs: int) -> Path:
    """A DOCX of many tiny paragraphs, written the way a hostile file would be."""
    body = "".join(
        f"<w:p><w:r><w:t>Tiếp nhận {i} hồ sơ</w:t></w:r></w:p>" for i in range(paragraphs)
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return path


def test_an_over_long_and_an_over_large_document_are_quarantined_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not GOOD.exists():
        pytest.skip("demo corpus missing")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # 40,000 paragraphs take over a minute here; 1.5 million (83 MB of XML in a 4 MB
    # file, within the zip-bomb check) need more than 1 GB to parse
    write_docx(inbox / "a-long.docx", 40_000)
    big = write_docx(inbox / "b-large.docx", 1_500_000)
    with zipfile.ZipFile(big) as archive:
        assert archive.getinfo("word/document.xml").file_size > 80 * 1024 * 1024
    shutil.copyfile(GOOD, inbox / "c-good.txt")
    monkeypatch.setenv("BAOCAO_TIME_LIMIT", "10")
    monkeypatch.setenv("BAOCAO_MAX_MEMORY_MB", "1000")
    db = tmp_path / "baocao.duckdb"

    summary = ingest_paths([inbox], db)

    outcomes = {f.path.name: f for f in summary.files}
    assert outcomes["c-good.txt"].outcome == "new" and outcomes["c-good.txt"].facts > 0
    long, large = outcomes["a-long.docx"], outcomes["b-large.docx"]
    assert long.outcome == "failed" and "took longer than 10 s" in long.reason
    assert large.outcome == "failed" and "more than 1000 MB of memory" in large.reason
    notes = sorted(p.name.split("-", 1)[1] for p in (tmp_path / "quarantine").iterdir())
    assert notes == [
        "a-long.docx.reason.txt",
        "b-large.docx.reason.txt",
    ]
    con = connect(db, read_only=True)
    rows = con.execute("SELECT name, status FROM documents ORDER BY name").fetchall()
    con.close()
    assert rows == [("a-long.docx", "failed"), ("b-large.docx", "failed"), ("c-good.txt", "ok")]
