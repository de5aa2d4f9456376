"""Score extraction against hand-made gold answers, folder by folder.

Finds the corpus file each gold file names (or the same report in another format, so the
PDF and DOCX renderings are scored against the same answers), runs the extraction and
hands the pairs to the pure rules of `pipeline.scoring`. Rendering lives in
`pipeline.evaluate_report`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluate_report import render_report, report_dict
from pipeline.scoring import (
    Counts,
    FactMatch,
    ReferenceMatch,
    count_facts,
    count_references,
    figure_in_quote,
    match_facts,
    match_references,
    quote_in_source,
    score_metadata,
)
from schemas import Document, Extraction, ReportMeta, Status
from schemas.text import fold_spaces

SOURCE_EXTENSIONS = (".txt", ".docx", ".pdf", ".doc", ".md")


class GoldError(ValueError):
    """A gold folder or file that cannot be used; the message names it and why."""


@dataclass
class Gold:
    path: Path
    file: str
    subdir: str
    complete: bool
    report: dict
    facts: list[dict]
    references: list[dict]
    ignore: list[dict]
    inconsistencies: list[dict]


def load_gold(path: Path, subdir: str = "") -> Gold:
    """Read one gold file; GoldError names the file and what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Gold(
            path=path,
            file=data["file"],
            subdir=subdir,
            complete=bool(data.get("complete", True)),
            report=data.get("report") or {},
            facts=list(data.get("facts") or []),
            references=list(data.get("references") or []),
            ignore=list(data.get("ignore") or []),
            inconsistencies=list(data.get("inconsistencies") or []),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GoldError(
            f"{path}: not a usable gold file ({type(error).__name__}: {error})"
        ) from None


def gold_paths(gold: Path) -> list[tuple[Path, str]]:
    """Gold files of a folder and of its `real/` folder (or one file), with their subfolder."""
    if gold.is_file():
        return [(gold, "")]
    if not gold.is_dir():
        raise GoldError(f"{gold}: no such gold folder")
    found = [(p, "") for p in sorted(gold.glob("*.json"))]
    if (gold / "real").is_dir():
        found += [(p, "real") for p in sorted((gold / "real").glob("*.json"))]
    if not found:
        raise GoldError(f"{gold}: no gold JSON files in this folder")
    return found


def find_source(name: str, corpus: Path, subdir: str = "") -> Path | None:
    """The corpus file a gold file names, or the same stem in another format."""
    folders = [corpus] + ([corpus / subdir] if subdir else [])
    stem, own = Path(name).stem, Path(name).suffix
    names = [name] + [stem + ext for ext in SOURCE_EXTENSIONS if ext != own]
    for candidate in names:
        for folder in folders:
            if (folder / candidate).is_file():
                return folder / candidate
    return None


@dataclass
class DocumentScore:
    """Everything measured on one document."""

    gold: Gold
    source: Path
    status: str
    errors: list[str]
    facts: FactMatch
    references: ReferenceMatch
    metadata: dict[str, bool]
    got_report: dict
    flags: list[dict]
    evidence_total: int = 0
    evidence_problems: list[dict] = field(default_factory=list)
    claimed: int = 0  # figures some fact took
    unclaimed: int = 0  # figures no metric took (extractors/coverage.py)

    @property
    def fact_counts(self) -> dict[str, Counts]:
        return count_facts(self.facts, self.gold.complete)

    @property
    def reference_counts(self) -> Counts:
        return count_references(self.references, self.gold.complete)


def score_document(
    gold: Gold, source: Path, doc: Document, extraction: Extraction
) -> DocumentScore:
    """Compare one extraction with its gold file (`doc` is the source the quotes come from)."""
    facts = [f.model_dump() for f in extraction.facts]
    report = (extraction.report or ReportMeta()).model_dump()
    score = DocumentScore(
        gold=gold,
        source=source,
        status=extraction.document.get("status", ""),
        errors=list(extraction.document.get("errors", [])),
        facts=match_facts(gold.facts, facts, gold.ignore),
        references=match_references(
            gold.references, [r.model_dump() for r in extraction.references]
        ),
        metadata=score_metadata(gold.report, report),
        got_report=report,
        flags=[f.model_dump() for f in extraction.flags],
        claimed=len({(e.figure_start, e.figure_end) for f in extraction.facts for e in f.evidence}),
        unclaimed=len(extraction.unclaimed),
    )
    folded_surface = fold_spaces(doc.surface)
    for fact in extraction.facts:
        for evidence in fact.evidence:
            score.evidence_total += 1
            in_source = quote_in_source(evidence.quote, folded_surface)
            has_figure = figure_in_quote(fact.value, evidence.quote)
            if not (in_source and has_figure):
                score.evidence_problems.append(
                    {
                        "fact": fact.id,
                        "metric": fact.metric,
                        "value": fact.value,
                        "quote": evidence.quote,
                        "in_source": in_source,
                        "has_figure": has_figure,
                    }
                )
    return score


def _load_and_extract(source: Path) -> tuple[Document, Extraction]:
    from pipeline.extract import extract_document
    from pipeline.load import load_document

    try:
        doc = load_document(source)
    except Exception as error:  # a reader bug is scored as a failed document
        doc = Document(
            id="",
            path=str(source),
            format=source.suffix.lstrip("."),
            status=Status.FAILED,
            errors=[f"{source}: {type(error).__name__}: {error}"],
        )
    return doc, extract_document(doc)


@dataclass
class EvalReport:
    gold_dir: Path
    corpus: Path
    documents: list[DocumentScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def render(self, verbose: bool = False) -> str:
        return render_report(self, verbose)

    def to_dict(self) -> dict:
        return report_dict(self)


def evaluate_folder(gold: Path, corpus: Path) -> EvalReport:
    """Run extraction on every corpus file a gold file names and score it."""
    gold, corpus = Path(gold), Path(corpus)
    if not corpus.is_dir():
        raise GoldError(f"{corpus}: no such corpus folder")
    report = EvalReport(gold_dir=gold, corpus=corpus)
    for path, subdir in gold_paths(gold):
        answer = load_gold(path, subdir)
        source = find_source(answer.file, corpus, subdir)
        if source is None:
            report.missing.append(str(Path(subdir) / answer.file))
            continue
        doc, extraction = _load_and_extract(source)
        report.documents.append(score_document(answer, source, doc, extraction))
    return report
