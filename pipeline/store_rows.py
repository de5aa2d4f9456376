"""One extraction as rows of the dataset's tables: the only place that knows the mapping
from the data model (`schemas.records`) to columns."""

from __future__ import annotations

import json
import re

from pipeline.store_schema import QUALIFIER_COLUMNS
from schemas import Evidence, Extraction


def canonical_json(value: object) -> str:
    """One spelling per value, so equal qualifiers compare equal as text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_VERSION = re.compile(r"\.(v\d+)(?:#|$)")


def extractor_version(extractor_id: str) -> str | None:
    """`dossier.form.v1` -> `v1@<extraction hash>`: the rule's version, and the hash of the
    extraction code and vocabulary that ran it (`figure.v1#received` names its decision row)."""
    from extractors.vocabulary import extraction_version

    found = _VERSION.search(extractor_id)
    return f"{found.group(1)}@{extraction_version()}" if found else None


def _evidence_json(items: list[Evidence]) -> str:
    return canonical_json([e.model_dump() for e in items])


def extraction_rows(extraction: Extraction, doc_id: str, run_id: str) -> dict[str, list[dict]]:
    """The extraction as table rows, keyed by table name."""
    rows: dict[str, list[dict]] = {
        "reports": [],
        "facts": [],
        "evidence": [],
        "doc_references": [],
        "flags": [],
        "unclaimed_figures": [
            {
                "document_id": doc_id,
                "char_start": item["start"],
                "char_end": item["end"],
                "page": item.get("page"),
                "value": float(item["value"]),
                "surface": item["surface"],
                "unit": item.get("unit"),
                "label": item.get("label"),
                "quote": item.get("quote"),
            }
            for item in extraction.unclaimed
        ],
    }
    report = extraction.report
    if report is not None and report.model_dump(exclude_defaults=True):
        meta = report.model_dump(exclude={"evidence"})
        meta["evidence"] = canonical_json(
            {k: e.model_dump() for k, e in sorted(report.evidence.items())}
        )
        rows["reports"].append({"document_id": doc_id, **meta})
    for fact in extraction.facts:
        row = {
            "id": fact.id,
            "document_id": doc_id,
            "metric": fact.metric,
            "qualifiers": canonical_json(fact.qualifiers),
            "value": float(fact.value),
            "is_integer": isinstance(fact.value, int),
            "unit": fact.unit,
            "extractor": fact.extractor,
            "extractor_version": extractor_version(fact.extractor),
            "confidence": float(fact.confidence),
            "approximate": fact.approximate,
            "run_id": run_id,
        }
        for key, column in QUALIFIER_COLUMNS.items():
            row[column] = fact.qualifiers.get(key)
        rows["facts"].append(row)
        for seq, ev in enumerate(fact.evidence):
            rows["evidence"].append(
                {
                    "fact_id": fact.id,
                    "document_id": doc_id,
                    "seq": seq,
                    "page": ev.page,
                    "char_start": ev.start,
                    "char_end": ev.end,
                    "quote": ev.quote,
                    "figure_start": ev.figure_start,
                    "figure_end": ev.figure_end,
                    "row_label": ev.row_label,
                    "column_header": ev.column_header,
                    "cell_text": ev.cell_text,
                }
            )
    for seq, ref in enumerate(extraction.references):
        first = ref.evidence[0] if ref.evidence else None
        rows["doc_references"].append(
            {
                "document_id": doc_id,
                "seq": seq,
                **ref.model_dump(exclude={"evidence"}),
                "page": first.page if first else None,
                "quote": first.quote if first else None,
                "evidence": _evidence_json(ref.evidence),
            }
        )
    for seq, flag in enumerate(extraction.flags):
        rows["flags"].append(
            {
                "document_id": doc_id,
                "seq": seq,
                "check_name": flag.check,
                "severity": flag.severity,
                "message": flag.message,
                "fact_ids": list(flag.facts),
            }
        )
    return rows
