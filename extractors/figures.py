"""The figure reader (`figure.v1`): every figure of the prose, read by one grammar and one
decision table, with its qualifiers attached in one step.

Each sentence's figures are read by `extractors.grammar` (label, tail, unit, the figure it
is a part of, the lead-in above it), classified by `extractors.classify` against
`vocab/decisions.toml`, and given their scope, period, year and level from the clause,
then the lead-in, then what the paragraph carries (`extractors.qualifiers`). Sentences
under a plan or a request (`Phương hướng ...`, `Đề nghị ...`) state no results; documents
that do not report administrative-reform results yield no figures at all.
"""

from __future__ import annotations

from extractors import common, vocabulary
from extractors.classify import decide
from extractors.dossier_read import reading
from extractors.grammar import Figure, concepts, read_sentence, words
from extractors.qualifiers import qualifiers
from schemas import Candidate, Document
from schemas.metrics import metric as metric_of

ID = "figure.v1"


def _vetoes() -> frozenset[str]:
    """Rows whose abstention is a reading: no other rule may read that figure either."""
    return frozenset(r["id"] for r in vocabulary.load("decisions")["row"] if r.get("veto"))


class FigureReader:
    """Counts and rates of the prose, by the vocabulary and the decision table."""

    id = ID

    def __init__(self, families: tuple[str, ...] | None = None) -> None:
        self.families = families

    def extract(self, doc: Document) -> list[Candidate]:
        read = reading(doc)
        w = words(doc)
        out: list[Candidate] = []
        for r in read.sentences:
            if r.plan or r.span.table is not None:
                continue
            figs = read_sentence(doc, r.span.start, r.span.end)
            if not figs:
                continue
            lead = (
                concepts(w, r.lead_start, r.span.start) if r.lead_start is not None else frozenset()
            )
            metrics: list[str | None] = []
            for i, f in enumerate(figs):
                metric, row = self._metric(figs, metrics, i, lead)
                metrics.append(metric)
                if not metric and row in _vetoes():
                    doc.layers.setdefault("vetoes", []).append(
                        (f.mention.start, f.mention.end, row)
                    )
                if not metric or not self._wanted(metric):
                    continue
                value = f.mention.value
                if metric_of(metric).is_count and isinstance(value, float):
                    if not value.is_integer():
                        continue
                    value = int(value)
                a, b = common.clause_around(doc.text, r.span.start, r.span.end, f.mention.start)
                a = min(a, f.label_start)
                quals = qualifiers(doc, read, r, f, metric)
                out.append(
                    common.candidate(
                        metric,
                        value,
                        (a, max(b, f.tail_end)),
                        (f.mention.start, f.mention.end),
                        f"{ID}#{row}",
                        quals,
                        confidence=0.8,
                    )
                )
        return out

    def _wanted(self, metric: str) -> bool:
        return self.families is None or metric.split(".")[0] in self.families

    def _metric(
        self, figs: list[Figure], metrics: list[str | None], i: int, lead: frozenset[str]
    ) -> tuple[str | None, str]:
        f = figs[i]
        status = frozenset(vocabulary.load("grammar")["status_concepts"])
        weak = frozenset(vocabulary.load("grammar")["weak_concepts"])
        own = f.own
        if not own & status:
            own = own | f.lead | lead
        parent = f.parent
        if f.unit == "percent" and not (f.own - weak - {"RATE", "DOSSIER"}) and i:
            parent = i - 1  # `..., đạt 100%`: the share the count before it is of
        parent_metric = metrics[parent] if parent is not None and parent < len(metrics) else None
        previous = metrics[i - 1] if i else None
        row = decide(f.unit, own, parent_metric, previous)
        if row is None:
            return None, ""
        return row.metric or None, row.id
