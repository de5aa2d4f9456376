"""A seeded, deterministic corpus in the genre for the benchmark: commune reports on
administrative reform, each as a Word file, the PDF LibreOffice exports from it, and a
plain-text copy.

The same seed gives the same reports (figures, tables, lengths), so runs on two machines
measure the same work. Lengths vary from two pages to some sixty (one report in twenty is
long); about half carry a ruled table of dossiers by field, as offices' reports do.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

UNITS = ["Thanh Hà", "Quảng Hòa", "Phú Liên", "Tân Lập", "Hòa Bình", "Yên Sơn", "Đông Phong"]
PROVINCES = ["Thanh Hóa", "Hải Phòng", "Đồng Tháp", "Lâm Đồng", "Vĩnh Phúc", "Nghệ An"]
FIELDS = ["Tư pháp - Hộ tịch", "Đất đai", "Xây dựng", "Lao động - Thương binh", "Kinh doanh"]
FILLER = (
    "Ủy ban nhân dân xã tiếp tục quán triệt, triển khai các văn bản chỉ đạo của cấp trên về "
    "công tác cải cách hành chính; thực hiện niêm yết công khai thủ tục hành chính tại Bộ "
    "phận tiếp nhận và trả kết quả, tăng cường kỷ luật, kỷ cương hành chính của cán bộ, "
    "công chức trong thực thi công vụ."
)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / max(whole, 1):.1f}".replace(".", ",")


def _report(rng: random.Random, index: int) -> tuple[list[str], list[list[str]] | None]:
    """Paragraphs and an optional table of one report."""
    unit, province = rng.choice(UNITS), rng.choice(PROVINCES)
    year, quarter = rng.randint(2021, 2025), rng.choice(["I", "II", "III", "IV"])
    received = rng.randint(200, 9000)
    resolved = received - rng.randint(0, received // 20)
    on_time = resolved - rng.randint(0, resolved // 50)
    online = rng.randint(0, received)
    lines = [
        f"ỦY BAN NHÂN DÂN XÃ {unit.upper()}",
        f"Số: {index + 1:03d}/BC-UBND",
        f"{unit}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}",
        "BÁO CÁO",
        f"Kết quả công tác cải cách hành chính quý {quarter} năm {year}",
        f"của xã {unit}, tỉnh {province}",
        "I. KẾT QUẢ THỰC HIỆN",
        f"1. Tổng số hồ sơ tiếp nhận là {_n(received)} hồ sơ, trong đó trực tuyến "
        f"{_n(online)} hồ sơ.",
        f"2. Đã giải quyết {_n(resolved)} hồ sơ, trong đó đúng hạn {_n(on_time)} hồ sơ, "
        f"đạt tỷ lệ {_rate(on_time, resolved)}%.",
        f"3. Số cán bộ, công chức của xã là {rng.randint(15, 30)} người.",
    ]
    long = rng.random() < 0.05
    for _ in range(rng.randint(90, 160) if long else rng.randint(3, 18)):
        lines.append(FILLER)
    lines += ["II. PHƯƠNG HƯỚNG NHIỆM VỤ", FILLER, "Nơi nhận:", "- UBND huyện;", "- Lưu: VT."]
    lines += ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", rng.choice(["Nguyễn Văn An", "Trần Thị Bình"])]
    table = None
    if rng.random() < 0.5:
        table = [["STT", "Lĩnh vực", "Số hồ sơ nhận", "Đã trả kết quả"]]
        for k, field in enumerate(rng.sample(FIELDS, rng.randint(2, 5)), start=1):
            got = rng.randint(10, 900)
            table.append([str(k), field, str(got), str(got - rng.randint(0, got // 10))])
    return lines, table


def _write_docx(path: Path, lines: list[str], table: list[list[str]] | None) -> None:
    import docx

    document = docx.Document()
    for k, line in enumerate(lines):
        document.add_paragraph(line)
        if table and k == 9:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            grid.style = "Table Grid"
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    document.save(str(path))


def _write_txt(path: Path, lines: list[str], table: list[list[str]] | None) -> None:
    text = list(lines)
    if table:
        text[10:10] = [" | ".join(row) for row in table]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def to_pdf(docx_files: list[Path], out: Path, batch: int = 40) -> None:
    """PDFs of Word files by LibreOffice, many files per `soffice` call (each call costs
    seconds of start-up), with a profile folder of its own."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to make the benchmark's PDFs")
    with tempfile.TemporaryDirectory(prefix="baocao-bench-lo-") as profile:
        for start in range(0, len(docx_files), batch):
            chunk = [str(p) for p in docx_files[start : start + batch]]
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless"]
                + ["--convert-to", "pdf", "--outdir", str(out), *chunk],
                check=True,
                capture_output=True,
                timeout=600,
                env={**os.environ, "HOME": profile},
            )


def generate(folder: Path, count: int, seed: int = 7, pdf: bool = True) -> dict[str, list[Path]]:
    """`count` reports in each of docx/, pdf/ and txt/ under `folder`; the files by format."""
    rng = random.Random(seed)
    made: dict[str, list[Path]] = {"docx": [], "pdf": [], "txt": []}
    for form in made:
        (folder / form).mkdir(parents=True, exist_ok=True)
    for index in range(count):
        lines, table = _report(rng, index)
        name = f"gen_{seed}_{index:05d}"
        _write_docx(folder / "docx" / f"{name}.docx", lines, table)
        _write_txt(folder / "txt" / f"{name}.txt", lines, table)
        made["docx"].append(folder / "docx" / f"{name}.docx")
        made["txt"].append(folder / "txt" / f"{name}.txt")
    if pdf:
        to_pdf(made["docx"], folder / "pdf")
        made["pdf"] = sorted((folder / "pdf").glob("*.pdf"))
    return made


def text_copies(source: list[Path], folder: Path, count: int) -> list[Path]:
    """`count` distinct plain-text reports (a numbered line makes each one's bytes its
    own) for the memory runs, which need thousands of documents quickly."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(count):
        base = source[k % len(source)]
        path = folder / f"copy_{k:05d}.txt"
        path.write_text(base.read_text(encoding="utf-8") + f"Lưu: VT {k}.\n", encoding="utf-8")
        out.append(path)
    return out
