"""The registry of built-in extractors, listed explicitly (no import side effects).

Every extractor has a versioned id (`dossier.form.v1`): a behaviour change gets a new
version, so facts stored with the old id stay reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from schemas import Candidate, Document, Reference, ReportMeta


class FactExtractor(Protocol):
    id: str

    def extract(self, doc: Document) -> Iterable[Candidate]: ...


class ReferenceExtractor(Protocol):
    id: str

    def extract(self, doc: Document) -> Iterable[Reference]: ...


class MetadataExtractor(Protocol):
    id: str

    def extract(self, doc: Document) -> ReportMeta: ...


def fact_extractors() -> tuple[FactExtractor, ...]:
    """Every built-in fact extractor: the figure reader, then the rules it does not yet
    replace (procedure, dossier and staffing tables and lists, and their prose rules)."""
    from extractors import dossier, staffing, tthc
    from extractors.figures import FigureReader

    return (
        FigureReader(),
        *tthc.EXTRACTORS,
        *dossier.EXTRACTORS,
        *staffing.EXTRACTORS,
    )


def reference_extractor() -> ReferenceExtractor:
    from extractors import references

    return references.EXTRACTOR


def metadata_extractor() -> MetadataExtractor:
    from extractors import metadata

    return metadata.EXTRACTOR


def by_id() -> dict[str, object]:
    """All extractors by versioned id (auditors look ids up here)."""
    found: dict[str, object] = {e.id: e for e in fact_extractors()}
    found[reference_extractor().id] = reference_extractor()
    found[metadata_extractor().id] = metadata_extractor()
    return found
