"""The whole extraction of one file, with no database: read, run the rules, resolve, check.

One faulty rule must not cost the other figures of a file, and one bad file must not
stop a batch: an extractor that raises is written into the document's errors (status
`partial`) and the others go on; a file that cannot be read still yields an
`Extraction`, with status `failed` and no facts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipeline.resolve import (
    reference_flags,
    resolve_facts,
    resolve_metadata,
    resolve_references,
)
from schemas import Candidate, Document, Extraction, Flag, Reference, ReportMeta, Status


def extract_file(path: str | Path) -> Extraction:
    """Read, normalise and segment a file, then extract everything from it."""
    from pipeline.load import load_document

    try:
        doc = load_document(path)
    except Exception as error:  # a reader bug must not stop the batch
        return Extraction(document=_failed_info(Path(path), error), report=ReportMeta())
    return extract_document(doc)


def extract_document(
    doc: Document,
    fact_extractors: Sequence | None = None,
    reference_extractor: object | None = None,
    metadata_extractor: object | None = None,
) -> Extraction:
    """Run every extractor over a read document; the built-in registry unless given."""
    if doc.status == Status.FAILED:
        return Extraction(document=doc.info(), report=ReportMeta())
    from extractors import registry

    if fact_extractors is None:
        fact_extractors = registry.fact_extractors()
    if reference_extractor is None:
        reference_extractor = registry.reference_extractor()
    if metadata_extractor is None:
        metadata_extractor = registry.metadata_extractor()

    errors: list[str] = []
    candidates: list[Candidate] = []
    for extractor in fact_extractors:
        candidates.extend(_run(extractor, doc, errors))
    raw_refs: list[Reference] = _run(reference_extractor, doc, errors)
    meta = _run_metadata(metadata_extractor, doc, errors)

    from extractors.selection import select

    candidates = select(doc, candidates)
    for c in candidates:
        if doc.from_ocr(c.figure_start, c.figure_end):
            c.confidence = round(c.confidence * OCR_CONFIDENCE, 3)  # read from a scan
    facts, flags = resolve_facts(doc, candidates, errors)
    flags += _ocr_flags(doc, facts)
    references = resolve_references(doc, raw_refs)
    flags += reference_flags(references)
    report = resolve_metadata(doc, meta) if meta is not None else ReportMeta()
    flags = flags + _validate(facts, report, errors)

    from extractors.coverage import unclaimed

    info = doc.info()
    info["errors"] = [*doc.errors, *errors]
    if errors and doc.status == Status.OK:
        info["status"] = Status.PARTIAL.value
    return Extraction(
        document=info,
        report=report,
        facts=facts,
        references=references,
        flags=flags,
        unclaimed=unclaimed(doc, facts),
    )


# a figure read by OCR from a scan is less sure than one from a text layer
OCR_CONFIDENCE = 0.75


def _ocr_flags(doc: Document, facts: list) -> list[Flag]:
    """Figures read from scanned pages go to review: OCR misreads digits (`57` as `37`)."""
    scanned = [
        f.id
        for f in facts
        if any(doc.from_ocr(e.figure_start or e.start, e.figure_end or e.end) for e in f.evidence)
    ]
    if not scanned:
        return []
    pages = ", ".join(str(p) for p in doc.ocr_pages)
    message = f"{len(scanned)} figure(s) read by OCR from scanned page(s) {pages}: check them"
    return [Flag(check="ocr.review", severity="warning", message=message, facts=scanned)]


def _run(extractor: object, doc: Document, errors: list[str]) -> list:
    """All results of one extractor, or none (and an error note) when it raises."""
    try:
        return list(extractor.extract(doc))
    except Exception as error:  # one faulty rule must not cost the file
        errors.append(f"extractor {_name(extractor)} failed: {type(error).__name__}: {error}")
        return []


def _run_metadata(extractor: object, doc: Document, errors: list[str]) -> ReportMeta | None:
    try:
        return extractor.extract(doc)
    except Exception as error:  # reported, not raised
        errors.append(f"extractor {_name(extractor)} failed: {type(error).__name__}: {error}")
        return None


def _validate(facts: list, report: ReportMeta, errors: list[str]) -> list[Flag]:
    """The validation stage's flags; a failing check is an error note, not a crash."""
    from pipeline.validate import validate

    try:
        return list(validate(facts, report))
    except Exception as error:  # reported, not raised
        errors.append(f"validation failed: {type(error).__name__}: {error}")
        return []


def _name(extractor: object) -> str:
    return getattr(extractor, "id", type(extractor).__name__)


def _failed_info(path: Path, error: Exception) -> dict:
    """The `document` object of a file the reader could not handle at all."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    return {
        "id": digest,
        "path": str(path),
        "format": path.suffix.lstrip(".").lower() or "unknown",
        "pages": None,
        "status": Status.FAILED.value,
        "errors": [f"{path}: {type(error).__name__}: {error}"],
        "converted_from": None,
    }
