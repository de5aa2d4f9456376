"""OCR for pages without a usable text layer (scans) and for page images (PNG, JPEG, TIFF).

A page is rendered at `DPI` (PDF) or taken as it is (image), turned upright (a page on its
side or upside down by Tesseract's orientation detection, a small skew by the image's
projection profile), and read by Tesseract with its Vietnamese model; the words keep
their boxes, so evidence from a scan points at a box on the page, in PDF points as for a
born-digital page (an image counts `DPI` pixels an inch unless it says otherwise). A page
turned a quarter or half turn keeps the boxes of the upright page.

Tesseract runs as one single-threaded process per page (`OMP_THREAD_LIMIT=1`: its own
threads cost more than they give), as many at once as the machine has cores, and its
output is cached by a hash of the page image, so reading the same scan again costs only
the rendering. Cache folder: `$BAOCAO_OCR_CACHE`, else `$XDG_CACHE_HOME/baocao/ocr`, else
`~/.cache/baocao/ocr`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageSequence

from pipeline.read import page_image
from pipeline.read.base import Line, RawDocument, RawTable, ReadError
from pipeline.read.page_image import Word
from pipeline.read.signatures import is_image
from schemas.document import Status

DPI = int(os.environ.get("BAOCAO_OCR_DPI", "300"))
LANGUAGE = "vie"
MIN_CONFIDENCE = 70  # words below this with no letter or digit are specks, not text
WEAK_CONFIDENCE = 60  # a word below this is read again on its own
MAX_WEAK_WORDS = 200
LOW_CONFIDENCE = 45  # a page read this poorly is tried on its side and upside down
CACHE_VERSION = "1"  # part of the cache key: change it when the Tesseract call changes
MAX_IMAGE_PIXELS = 60_000_000

_running: set[subprocess.Popen] = set()
_lock = threading.Lock()


class Unavailable(ReadError):
    """Tesseract or its Vietnamese model is not installed."""


@functools.cache
def missing() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-vie)"
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return f"Tesseract does not run ({error})"
    if LANGUAGE not in out.split():
        return "Tesseract's Vietnamese model is not installed (Debian: tesseract-ocr-vie)"
    return None


@functools.cache
def _version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "tesseract"


def cache_dir() -> Path:
    if os.environ.get("BAOCAO_OCR_CACHE"):
        return Path(os.environ["BAOCAO_OCR_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "baocao" / "ocr"


def _run(args: list[str], data: bytes) -> str:
    """Tesseract on an image given on stdin; its processes are killed if reading stops."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    process = subprocess.Popen(
        ["tesseract", "stdin", "stdout", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    with _lock:
        _running.add(process)
    try:
        out, err = process.communicate(data)
    finally:
        with _lock:
            _running.discard(process)
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(f"Tesseract failed ({detail[-1] if detail else process.returncode})")
    return out.decode("utf-8", "replace")


def _pnm(gray: Image.Image) -> bytes:
    buffer = io.BytesIO()
    gray.save(buffer, format="PPM")
    return buffer.getvalue()


def tesseract_words(gray: Image.Image, dpi: float, psm: int = 3) -> list[Word]:
    """Tesseract's words on a grayscale page, from the cache when this image was read."""
    data = _pnm(gray)
    key = hashlib.sha256(
        f"{CACHE_VERSION}|{_version()}|{LANGUAGE}|{psm}|{dpi:g}|".encode() + data
    ).hexdigest()
    cached = cache_dir() / key[:2] / f"{key}.tsv"
    try:
        tsv = cached.read_text(encoding="utf-8")
    except OSError:
        tsv = _run(["-l", LANGUAGE, "--psm", str(psm), "--dpi", f"{dpi:.0f}", "tsv"], data)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            partial.write_text(tsv, encoding="utf-8")
            partial.replace(cached)
        except OSError:
            pass  # a read-only cache only costs time
    return _parse_tsv(tsv)


def _parse_tsv(tsv: str) -> list[Word]:
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        conf = float(cols[10])
        if not text or (conf < MIN_CONFIDENCE and not any(c.isalnum() for c in text)):
            continue
        left, top, width, height = (float(v) for v in cols[6:10])
        line = (int(cols[2]), int(cols[3]), int(cols[4]))
        words.append(Word(text, left, top, width, height, conf, line))
    return words


def _weak_words_again(gray: Image.Image, words: list[Word], dpi: float) -> list[Word]:
    """Words Tesseract was unsure of, read again each on its own line: a figure alone in a
    table cell, far from its neighbours, is often misread as part of a line (`231` as
    `đói`) and read right alone. All of a page's weak words go in one strip, one call."""
    weak = [i for i, w in enumerate(words) if w.conf < WEAK_CONFIDENCE][:MAX_WEAK_WORDS]
    if not weak:
        return words
    pad = max(int(dpi / 15), 4)
    crops = []
    for i in weak:
        w = words[i]
        box = (int(w.left) - pad, int(w.top) - pad, int(w.left + w.width) + pad)
        crops.append(gray.crop((*box, int(w.top + w.height) + pad)))
    gap = 2 * pad
    strip = Image.new("L", (max(c.width for c in crops) + 2 * gap, 1), 255)
    strip = strip.resize((strip.width, sum(c.height + gap for c in crops) + gap))
    tops = []
    y = gap
    for crop in crops:
        strip.paste(crop, (gap, y))
        tops.append(y)
        y += crop.height + gap
    found: dict[int, list[Word]] = {}
    for word in tesseract_words(strip, dpi, psm=6):
        middle = word.top + word.height / 2
        for k, (top, crop) in enumerate(zip(tops, crops, strict=True)):
            if top <= middle < top + crop.height:
                i = weak[k]
                dx, dy = words[i].left - pad - gap, words[i].top - pad - top
                moved = replace(word, left=word.left + dx, top=word.top + dy, line=words[i].line)
                found.setdefault(i, []).append(moved)
    out: list[Word] = []
    for i, word in enumerate(words):
        again = found.get(i)
        if again and min(w.conf for w in again) > word.conf:
            out.extend(again)
        else:
            out.append(word)
    return out


def _orientation(gray: Image.Image, dpi: float) -> int:
    """Degrees to turn the page clockwise so it reads upright (Tesseract's OSD)."""
    try:
        out = _run(["--psm", "0", "--dpi", f"{dpi:.0f}"], _pnm(gray))
    except ReadError:
        return 0  # too little text to tell
    for line in out.splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":")[1])
    return 0


def _mean_confidence(words: list[Word]) -> float:
    letters = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / letters if letters else 0.0


def ocr_page(gray: Image.Image, number: int, dpi: float) -> list[Line | RawTable]:
    """One page image's lines and tables, each character with its page and box."""
    upright, angle = page_image.deskew(gray)
    clean, edges = page_image.rules(page_image.binarize(upright), dpi)
    words = tesseract_words(clean, dpi)
    if _mean_confidence(words) < LOW_CONFIDENCE:
        turn = _orientation(gray, dpi)
        if turn:
            gray = gray.rotate(-turn, expand=True)  # OSD counts clockwise, PIL the other way
            upright, angle = page_image.deskew(gray)
            clean, edges = page_image.rules(page_image.binarize(upright), dpi)
            words = tesseract_words(clean, dpi)
    words = _weak_words_again(clean, words, dpi)
    chars = page_image.word_chars(page_image.off_the_rules(words, edges, dpi), dpi)
    tables = page_image.tables_from_edges(edges)
    items = page_image.page_items(chars, tables, number)
    return page_image.placed_on_scan(items, angle, upright.size, dpi)


def ocr_images(
    pages: Iterable[tuple[int, Image.Image, float]],
) -> dict[int, list[Line | RawTable]]:
    """Page number -> items, for (number, grayscale image, dpi) triples, read in parallel
    (one Tesseract per core; pages are rendered as workers free up, so a long scan never
    sits in memory whole); all Tesseract processes are stopped if reading stops."""
    reason = missing()
    if reason:
        raise Unavailable(reason)
    workers = max(os.cpu_count() or 1, 1)
    results: dict[int, list[Line | RawTable]] = {}
    pending: deque[tuple[int, Future]] = deque()
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for number, gray, dpi in pages:
            pending.append((number, pool.submit(ocr_page, gray, number, dpi)))
            if len(pending) > workers:
                done, future = pending.popleft()
                results[done] = future.result()
        for done, future in pending:
            results[done] = future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        with _lock:
            for process in list(_running):
                process.kill()
    return results


def pdf_pages(path: Path, numbers: list[int]) -> Iterator[tuple[int, Image.Image, float]]:
    """The given pages of a PDF rendered in grayscale at `DPI` (pypdfium2)."""
    import pypdfium2

    from pipeline.read.pdf_chars import PDFIUM_LOCK

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(str(path))
    try:
        for number in numbers:
            with PDFIUM_LOCK:
                page = document[number - 1]
                image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                page.close()
            yield number, image, DPI
    finally:
        with PDFIUM_LOCK:
            document.close()


def image_pages(path: Path, numbers: list[int]) -> Iterator[tuple[int, Image.Image, float]]:
    """The given frames of an image file (a TIFF may hold several pages) in grayscale,
    with their resolution (`DPI` when the file does not say)."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(path) as image:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number in numbers:
                dpi = float((frame.info.get("dpi") or (DPI, DPI))[0] or DPI)
                yield number, frame.convert("L"), dpi if dpi >= 72 else DPI


def read_pages(path: Path, fmt: str, numbers: list[int]) -> dict[int, list[Line | RawTable]]:
    """The given pages of a PDF or an image file read by OCR."""
    source = pdf_pages if fmt == "pdf" else image_pages
    return ocr_images(source(path, numbers))


def complete(path: Path, raw: RawDocument) -> None:
    """Read the scanned pages of a read document by OCR and put them in their place, with
    a time limit of their own (OCR takes seconds a page where a text layer takes
    milliseconds). Without Tesseract, or when OCR fails, the document is `partial` and
    says why."""
    from pipeline.read.limits import OCR_SECONDS_PER_PAGE, TIME_LIMIT_SECONDS, run_limited

    scanned = raw.scanned
    image = raw.format != "pdf"
    where = "" if len(scanned) == raw.pages else "pages " + ", ".join(map(str, scanned)) + ": "
    what = f"{where}an image" if image else f"{where}no text layer"
    reason = missing()
    if reason:
        raw.status = Status.PARTIAL
        raw.errors.append(f"{what}: needs OCR, but {reason}")
        return
    workers = max(os.cpu_count() or 1, 1)
    seconds = max(TIME_LIMIT_SECONDS, len(scanned) * OCR_SECONDS_PER_PAGE / workers)
    try:
        pages = run_limited(read_pages, path, raw.format, scanned, seconds=seconds)
    except ReadError as error:
        raw.status = Status.PARTIAL
        raw.errors.append(f"{what}: OCR stopped: {error}")
        return
    by_page: dict[int | None, list[Line | RawTable]] = {}
    for item in raw.items:
        by_page.setdefault(item.page, []).append(item)
    by_page.update(pages)
    raw.items = [
        item for number in sorted(by_page, key=lambda n: n or 0) for item in by_page[number]
    ]
    raw.ocr_pages = [number for number in scanned if pages.get(number)]
    if raw.ocr_pages:
        raw.errors.append(ocr_note(raw.ocr_pages, raw.pages))
    blank = [number for number in scanned if not pages.get(number)]
    if blank:
        raw.status = Status.PARTIAL
        where = "" if len(blank) == raw.pages else "pages " + ", ".join(map(str, blank)) + ": "
        raw.errors.append(
            f"{where}{'an image' if image else 'no text layer'}, and OCR found no text"
        )


def can_read(data: bytes) -> bool:
    return is_image(data)


def read(path: Path) -> RawDocument:
    """An image file (one page, or one per TIFF frame), every page left for OCR."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            fmt = (image.format or "image").lower()
            frames = 0
            for frame in ImageSequence.Iterator(image):
                frame.load()  # decodes it: a damaged image fails here, not in OCR
                frames += 1
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as error:
        raise ReadError(f"damaged or unreadable image ({error})") from error
    return RawDocument(format=fmt, pages=frames, scanned=list(range(1, frames + 1)))


def ocr_note(numbers: list[int], pages: int | None) -> str:
    """The note a document read by OCR carries, so nobody takes its text as typed."""
    where = "all pages" if len(numbers) == pages else "pages " + ", ".join(map(str, numbers))
    return f"read by OCR ({where}): figures need checking against the page image"
