"""`baocao extract` without `--json`: one file's extraction as plain text for a person.

Plain text rather than a terminal widget so the same output reads in a terminal, a log
or a review note; the JSON form is the one for programs.
"""

from __future__ import annotations

import json

from schemas import Evidence, Extraction

QUOTE_WIDTH = 70
REPORT_FIELDS = (
    "unit_type",
    "unit_name",
    "district",
    "province",
    "report_type",
    "period_label",
    "period_start",
    "period_end",
    "issue_date",
    "doc_number",
    "signer",
    "signer_title",
)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _excerpt(evidence: Evidence, width: int) -> str:
    """The part of a quote around its figure (its place estimated from the offsets)."""
    quote = evidence.quote
    if len(quote) <= width or evidence.figure_start is None or evidence.end <= evidence.start:
        return _short(quote, width)
    share = (evidence.figure_start - evidence.start) / (evidence.end - evidence.start)
    start = max(0, min(int(share * len(quote)) - width // 2, len(quote) - width + 1))
    end = start + width - 2
    return ("…" if start else "") + quote[start:end] + ("…" if end < len(quote) else "")


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]

    def line(cells: list[str]) -> str:
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return [line(header), line(["-" * len(h) for h in header]), *(line(r) for r in rows)]


def render_extraction(extraction: Extraction) -> str:
    doc = extraction.document
    pages = f", {doc['pages']} page(s)" if doc.get("pages") else ""
    lines = [f"{doc.get('path')}  [{doc.get('format')}{pages}, {doc.get('status')}]"]
    lines += [f"  error: {error}" for error in doc.get("errors", [])]

    report = extraction.report
    if report is not None:
        known = [(name, getattr(report, name)) for name in REPORT_FIELDS]
        known = [(name, value) for name, value in known if value]
        if known:
            lines += ["", "Report"]
            lines += [f"  {name:<13} {value}" for name, value in known]

    lines += ["", f"Facts ({len(extraction.facts)})"]
    if extraction.facts:
        rows = []
        for fact in extraction.facts:
            first = fact.evidence[0] if fact.evidence else None
            qualifiers = json.dumps(fact.qualifiers, ensure_ascii=False) if fact.qualifiers else ""
            rows.append(
                [
                    fact.metric,
                    qualifiers,
                    f"{fact.value} {fact.unit}",
                    "" if first is None or first.page is None else str(first.page),
                    _excerpt(first, QUOTE_WIDTH) if first else "",
                ]
            )
        lines += [
            "  " + row for row in _table(rows, ["metric", "qualifiers", "value", "page", "quote"])
        ]

    lines += ["", f"References ({len(extraction.references)})"]
    for ref in extraction.references:
        parts = [ref.kind, ref.number]
        if ref.date:
            parts.append(f"ngày {ref.date}")
        if ref.issuer:
            parts.append(f"({ref.issuer})")
        if ref.own:
            parts.append("[own]")
        lines.append("  " + " ".join(parts))

    lines += ["", f"Flags ({len(extraction.flags)})"]
    for flag in extraction.flags:
        lines.append(f"  {flag.severity} {flag.check}: {flag.message}")
        if flag.facts:
            lines.append(f"    facts: {', '.join(flag.facts)}")
    return "\n".join(lines)
