"""The data model only: documents, facts, references, metadata, flags, corrections and the
metric vocabulary. Imports nothing else of the project."""

from schemas.document import (
    Cell,
    Document,
    Heading,
    Location,
    Paragraph,
    Row,
    Segments,
    Sentence,
    SourceMap,
    Status,
    Table,
)
from schemas.metrics import BY_CODE, METRICS, Metric, metric, unit_of
from schemas.records import (
    Candidate,
    Correction,
    Evidence,
    Extraction,
    Fact,
    Flag,
    Reference,
    ReportMeta,
)

__all__ = [
    "BY_CODE",
    "METRICS",
    "Candidate",
    "Cell",
    "Correction",
    "Document",
    "Evidence",
    "Extraction",
    "Fact",
    "Flag",
    "Heading",
    "Location",
    "Metric",
    "Paragraph",
    "Reference",
    "ReportMeta",
    "Row",
    "Segments",
    "Sentence",
    "SourceMap",
    "Status",
    "Table",
    "metric",
    "unit_of",
]
