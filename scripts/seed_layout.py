"""The layout of a sample report's plain text: its paragraphs and tables, in reading order.

The sample texts were extracted from Word files and PDFs: lines are hard-wrapped, page
numbers sit inline, blank lines fall in mid-sentence, and tables are tab-separated, markdown
or flattened. `parse()` recovers the paragraphs and tables the report was written with, so
`make_corpus.py` can write it back as the Word document an office would have made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FlatTable:
    """A table that text extraction flattened: where it starts and ends, its header rows,
    and the first column its numbers go into (numbers fill the row from there, in order)."""

    first_line: str
    last_prefix: str
    header: tuple[tuple[str, ...], ...]
    first_number_col: int


# Sample 003 prints its dossier table flattened: header words scattered over short lines,
# then one line per row ("1. Đất đai, Môi trường 5 5 0 0"). This one-off description of our
# own sample rebuilds the Word table the report was printed from.
FLATTENED = {
    "003_475270ebcf4b3eff": FlatTable(
        first_line="Số hồ sơ",
        last_prefix="Tổng cộng:",
        header=(
            (
                "Loại thủ tục hành chính",
                "Số TTHC",
                "Số hồ sơ tiếp nhận",
                "Số hồ sơ giải quyết xong",
                "Số hồ sơ còn tồn tại",
                "",
            ),
            ("", "", "", "Đúng hẹn", "Chưa đến hẹn", "Quá hẹn"),
        ),
        first_number_col=2,
    )
}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """A paragraph. `kind` picks its look: body | heading | title | subtitle | recipients |
    signature | name | cell | head-cell | letterhead."""

    runs: list[Run]
    kind: str = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


Cell = list[Para]


@dataclass
class Grid:
    """A table. `layout` tables (letterhead, signature block) carry no borders."""

    rows: list[list[Cell]]
    header_rows: int = 1
    layout: bool = False
    source: str = "tsv"  # how the text holds it: tsv | pipe | flat | layout

    def texts(self) -> list[list[str]]:
        return [["\n".join(p.text for p in cell) for cell in row] for row in self.rows]


Block = Para | Grid

# --- inline markup: markdown emphasis and the few HTML tags the samples carry ---------------

_MARK = re.compile(r"(\*\*\*|\*\*|\*|</?b>|</?i>|</?a\b[^>]*>|</?sup>)")


class Inline:
    """Turns marked-up text into runs; emphasis carries over lines (`**TM. ...` / `... **`)."""

    def __init__(self, markdown: bool) -> None:
        self.markdown, self.bold, self.italic = markdown, False, False

    def runs(self, text: str, force_bold: bool = False) -> list[Run]:
        out: list[Run] = []
        for part in _MARK.split(text):
            if not part:
                continue
            if _MARK.fullmatch(part) and not (part.startswith("*") and not self.markdown):
                if part in ("***", "**", "<b>", "</b>"):
                    self.bold = part == "<b>" or (part != "</b>" and not self.bold)
                    if part == "***":
                        self.italic = not self.italic
                elif part in ("*", "<i>", "</i>"):
                    self.italic = part == "<i>" or (part != "</i>" and not self.italic)
                continue  # <a>, <sup> and their ends: the text stays, the tag goes
            out.append(Run(part, self.bold or force_bold, self.italic))
        return out


def plain(text: str, markdown: bool = True) -> str:
    """Text without markup, white space folded."""
    return " ".join("".join(r.text for r in Inline(markdown).runs(text)).split())


# --- re-flowing hard-wrapped lines into paragraphs ----------------------------------------

_MARKER = re.compile(
    r"^(#+\s|[-+•–]\s*\S|\*\s|\*\.|\d+(\.\d+)*[.)]\s|[IVXL]+\s*[.)]|[a-zđ]\)\s|PHẦN\s"
    r"|[A-Z]\.\s|Nơi nhận|Kính gửi)"
)
_HEADING_MARK = re.compile(r"^(\d+(\.\d+)*[.)]\s|[IVXL]+\s*[.)]|[a-zđ]\)\s|PHẦN\s|[A-Z]\.\s)")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_TERMINAL = tuple('.:;!?)”"…')
SIGN_TITLE = re.compile(r"^(TM\.|KT\.|Q\.|(PHÓ )?CHỦ TỊCH\b)")


def _upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _joins(para: str, prev: str, cur: str, blank_between: bool, width: float) -> bool:
    """Whether line `cur` continues paragraph `para`, whose last line is `prev`."""
    long = len(prev) >= 0.75 * width
    term = prev.rstrip("*").endswith(_TERMINAL)
    lower = cur.lstrip('*(“"')[:1].islower()
    if para.startswith("#") or SIGN_TITLE.match(cur) or SIGN_TITLE.match(prev):
        return False
    if para == prev and _HEADING_MARK.match(prev):  # a one-line numbered heading so far
        if lower:
            return True
        return not _MARKER.match(cur) and not term and len(cur) < 0.5 * width
    if _MARKER.match(cur):  # a number that wrapped to the start of a line: `năm\n2023. Đến`
        return long and not term and bool(re.match(r"\d", cur))
    if _upper(prev) and _upper(cur) and not term and len(prev) >= 0.5 * width:
        return True
    if lower:
        return True
    if not term:
        return long
    return len(prev) >= 0.85 * width and not blank_between  # a sentence ends mid-paragraph


def reflow(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs; drop page numbers and blank-line artefacts."""
    kept = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()]
    kept = [(i, s) for i, s in kept if not _PAGE_NUMBER.match(s)]
    lengths = sorted(len(s) for _, s in kept if len(s) > 20) or [80]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    paragraphs: list[str] = []
    last_index, last_line = -2, ""
    for i, s in kept:
        if paragraphs and _joins(paragraphs[-1], last_line, s, i > last_index + 1, width):
            # `08-` at the end of a line, `ĐA/HU` on the next: one word that wrapped
            glue = "" if re.search(r"\w-$", lines[last_index].rstrip("\n")) else " "
            paragraphs[-1] = paragraphs[-1] + glue + s
        else:
            paragraphs.append(s)
        last_index, last_line = i, s
    return [" ".join(p.split()) for p in paragraphs]


# --- tables ------------------------------------------------------------------------------


def _cell(runs: list[Run], kind: str = "cell") -> Cell:
    return [Para(runs, kind)]


def tsv_grid(lines: list[str], inline: Inline) -> Grid:
    cells = [ln.split("\t") for ln in lines]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    texts = [[plain(c) for c in r] for r in cells]
    header = 1
    while header < len(texts) and not any(texts[header][:2]) and any(texts[header]):
        header += 1  # rows continuing the header have no row number and no row label
    rows = [
        [_cell(inline.runs(c.strip()), "head-cell" if r < header else "cell") for c in row]
        for r, row in enumerate(cells)
    ]
    return Grid(rows, header)


def pipe_grid(lines: list[str], inline: Inline) -> Grid:
    body = [ln.strip().strip("|") for ln in lines if not re.fullmatch(r"[\s|:-]+", ln)]
    grid = tsv_grid(["\t".join(c.strip() for c in ln.split("|")) for ln in body], inline)
    grid.source = "pipe"
    return grid


def flat_grid(lines: list[str], spec: FlatTable) -> Grid:
    row_re = re.compile(r"^(?P<label>.*?)(?P<nums>(?:\s+\d[\d.,]*)*)\s*$")
    body_start = next(i for i, ln in enumerate(lines) if re.match(r"^\d+\.\s", ln.strip()))
    header_words = plain(" ".join(lines[:body_start])).casefold()
    for cell in (c for row in spec.header for c in row if c):
        if cell.casefold() not in header_words:
            raise ValueError(f"flattened table: header cell {cell!r} is not in the text")
    ncols = len(spec.header[0])
    rows = [[_cell([Run(c, bold=True)], "head-cell") for c in row] for row in spec.header]
    for ln in (x.strip() for x in lines[body_start:] if x.strip()):
        m = row_re.match(ln)
        cells = [m["label"].strip()] + [""] * (ncols - 1)
        for k, number in enumerate(m["nums"].split()):
            cells[spec.first_number_col + k] = number
        total = ln.startswith(spec.last_prefix)
        rows.append([_cell([Run(c, bold=total)]) for c in cells])
    return Grid(rows, len(spec.header), source="flat")


def _layout(left: list[Para], right: list[Para]) -> Grid:
    return Grid([[left, right]], header_rows=0, layout=True, source="layout")


def _letterhead(paras: list[str]) -> tuple[Grid | None, list[str]]:
    """The agency and national-motto block at the top, as offices lay it out."""
    top = paras[:8]
    motto = next((i for i, p in enumerate(top) if p.startswith("CỘNG HÒA XÃ HỘI")), None)
    if not motto:
        return None, paras
    left, right = top[:motto], top[motto : motto + 1]
    for p in top[motto + 1 : motto + 3]:
        if p.startswith("Độc lập") or re.search(r"ngày .* năm \d{4}", p):
            right.append(p)
    dated = [p for p in right if re.search(r"ngày .* năm \d{4}", p)]
    grid = _layout(
        [Para([Run(p, bold=not p.startswith("Số"))], "letterhead") for p in left],
        [Para([Run(p, bold=p not in dated, italic=p in dated)], "letterhead") for p in right],
    )
    return grid, paras[len(left) + len(right) :]


def _signature(blocks: list[Block]) -> list[Block]:
    """Recipients on the left, the signer on the right: the block that closes a report."""
    start = next((i for i, b in enumerate(blocks) if b.kind == "recipients"), None)
    tail = blocks[start:] if start is not None else []
    if not tail or len(tail) > 16 or any(len(b.text) > 80 for b in tail):
        return blocks
    left = [b for b in tail if b.kind == "recipients"]
    right = [b for b in tail if b.kind != "recipients"]
    for b in right:
        b.kind = "signature"
    if right and not SIGN_TITLE.match(plain(right[-1].text)):
        right[-1].kind = "name"
    return blocks[:start] + [_layout(left, right)]


# --- the whole text ------------------------------------------------------------------------


def _paragraphs(paras: list[str], inline: Inline, markdown: bool, first: bool) -> list[Para]:
    out: list[Para] = []
    after_title = recipients = False
    for p in paras:
        heading = markdown and p.startswith("#")
        p = re.sub(r"^#+\s*", "", p)
        bare = plain(p, markdown)
        if heading:
            inline.bold = inline.italic = False
        kind = "body"
        if first and not out and bare.upper().startswith("BÁO CÁO") and len(bare) < 40:
            kind, after_title = "title", True
        elif after_title:
            kind, after_title = "subtitle", False
        elif bare.startswith("Nơi nhận"):
            kind, recipients = "recipients", True
        elif recipients and bare.startswith(("-", "+")):
            kind = "recipients"
        elif recipients and len(bare) < 40:
            kind = "signature"
        elif heading or (len(bare) < 120 and re.match(r"^(PHẦN\s|[IVXL]+\s*\.|[A-Z]\.\s)", bare)):
            kind = "heading"
        elif len(bare) < 100 and (_upper(bare) or re.match(r"^\d+(\.\d+)*\.\s", bare)):
            kind = "heading"
        bold = kind in ("heading", "title", "subtitle", "signature")
        out.append(Para(inline.runs(p, force_bold=bold), kind))
    return out


def _regions(lines: list[str], spec: FlatTable | None) -> list[tuple[str, list[str]]]:
    """Split the lines into text and table regions."""
    regions: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if spec and ln.strip() == spec.first_line:
            j = next(k for k in range(i, len(lines)) if lines[k].startswith(spec.last_prefix))
            regions.append(("flat", lines[i : j + 1]))
            i = j + 1
        elif "\t" in ln or ln.lstrip().startswith("|"):
            kind = "tsv" if "\t" in ln else "pipe"
            j = i
            while j < len(lines) and lines[j].strip() and ("\t" in lines[j]) == (kind == "tsv"):
                j += 1
            regions.append((kind, lines[i:j]))
            i = j
        else:
            if not regions or regions[-1][0] != "text":
                regions.append(("text", []))
            # `Nơi nhận:          CHỦ TỊCH`: two columns of the closing block on one line
            regions[-1][1].extend(re.split(r"(?<=Nơi nhận:)\s{4,}", ln))
            i += 1
    return regions


def parse(name: str, text: str) -> list[Block]:
    """The blocks of one sample report: paragraphs and tables in reading order."""
    lines = text.splitlines()
    markdown = any(ln.startswith("#") or "**" in ln for ln in lines)
    inline = Inline(markdown)
    spec = FLATTENED.get(name)
    blocks: list[Block] = []
    for kind, chunk in _regions(lines, spec):
        if kind == "tsv":
            blocks.append(tsv_grid(chunk, inline))
        elif kind == "pipe":
            blocks.append(pipe_grid(chunk, inline))
        elif kind == "flat":
            blocks.append(flat_grid(chunk, spec))
        else:
            paras = reflow(chunk)
            if not blocks:
                head, paras = _letterhead(paras)
                blocks.extend([head] if head else [])
            found = _paragraphs(paras, inline, markdown, first=len(blocks) <= 1)
            blocks.extend(_signature(found))
    return blocks
