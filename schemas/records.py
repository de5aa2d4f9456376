"""What extraction produces: facts with evidence, references, report metadata, flags, and
the reviewers' corrections. These are the rows of the dataset and the lines of
`baocao extract --json` (see the interface spec)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel, Field

Number = int | float


class Evidence(BaseModel):
    """A span of the normalised text and the source's wording of it.

    `figure_start/end`, when known, is where the figure itself is written (offsets into the
    same text), so an auditor's view can mark the figure inside the quote. For a figure in
    a table, `row_label`, `column_header` and `cell_text` are the row's label, the
    column's header and the cell, each as written in one cell of the source.
    """

    page: int | None = None
    start: int
    end: int
    quote: str
    figure_start: int | None = None
    figure_end: int | None = None
    row_label: str | None = None
    column_header: str | None = None
    cell_text: str | None = None


@dataclass(slots=True)
class Candidate:
    """One mention of a figure, before mentions of the same key are merged into a fact.

    `figure_start/end` is where the number itself is written; `start/end` the sentence or
    table row around it, which becomes the evidence quote.
    """

    metric: str
    value: Number
    start: int
    end: int
    figure_start: int
    figure_end: int
    extractor: str
    qualifiers: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.9
    approximate: bool = False  # written `hơn`, `trên`, `gần`, `khoảng` N


class Fact(BaseModel):
    """One figure of one document: `(document, metric, qualifiers) -> value`."""

    id: str
    metric: str
    qualifiers: dict[str, str] = Field(default_factory=dict)
    value: Number
    unit: str
    evidence: list[Evidence]
    extractor: str
    confidence: float = 0.9
    approximate: bool = False  # the text gives the figure as about so much (`hơn 7.400`)


class Reference(BaseModel):
    """A cited legal or planning document. Key: (kind, number, date)."""

    kind: str
    number: str
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    own: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    extractor: str | None = None

    def key(self) -> tuple[str, str, str | None]:
        return (self.kind, self.number, self.date)


class ReportMeta(BaseModel):
    """One record per document, from the header, title, `Kính gửi` and signature block."""

    unit_name: str | None = None
    unit_type: str | None = None
    district: str | None = None
    province: str | None = None
    report_type: str | None = None
    period_label: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    issue_date: str | None = None
    doc_number: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = Field(default_factory=list)
    document_kind: str | None = None  # báo cáo | tờ trình | kế hoạch | ... | tin bài
    reform_report: bool | None = None  # it reports administrative-reform results
    evidence: dict[str, Evidence] = Field(default_factory=dict)


class Flag(BaseModel):
    """A check that failed: numbers in the message, the facts involved by id."""

    check: str
    severity: str = "error"  # error | warning
    message: str
    facts: list[str] = Field(default_factory=list)


class Correction(BaseModel):
    """A reviewer's decision on a fact. Stored append-only; never edited."""

    fact_id: str
    action: str  # accept | correct | reject | add
    old_value: Number | None = None
    new_value: Number | None = None
    reviewer: str
    reason: str = ""
    at: datetime | None = None


class Extraction(BaseModel):
    """Everything extracted from one file: one line of `baocao extract --json`."""

    document: dict
    report: ReportMeta | None = None
    facts: list[Fact] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    # figures no metric took: number, unit, label phrase and span (extractors/coverage.py)
    unclaimed: list[dict] = Field(default_factory=list)
