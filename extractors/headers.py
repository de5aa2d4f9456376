"""What a table column counts, read from its header by the same vocabulary and decision
table as prose (`vocab/concepts.toml`, `vocab/decisions.toml`).

A header names a leaf (`Đúng hẹn`) under a group (`Số hồ sơ giải quyết xong`) or a group
alone; a leaf whose header names no group belongs to the group of the column before it
(`Đang giải quyết | Quá hạn`: overdue pending dossiers). The cells of a results table count
dossiers, so a header is read as if `hồ sơ` were its unit; a score (`Tổng điểm`) is none.
"""

from __future__ import annotations

from extractors import vocabulary
from extractors.classify import decide

_GROUPS = {"RESOLVED", "SOLVE", "PENDING", "RECEIVED", "JOINT"}


def header_concepts(header: str) -> frozenset[str]:
    """Concept labels of a header's words (unit labels left out)."""
    found: set[str] = set()
    for term in vocabulary.terms(vocabulary.pieces(header)):
        found.update(label for label in term.labels if not label.startswith("unit:"))
    return frozenset(found)


def column_metric(header: str, before: str | None) -> str | None:
    """The dossier count one column header names, after the column `before` it."""
    words = header_concepts(header)
    # the group the column before belongs to: `dossier.pending.not_due` -> `dossier.pending`
    parent = ".".join(before.split(".")[:2]) if before and not words & _GROUPS else None
    row = decide("dossier", words, parent)
    return row.metric if row is not None and row.metric else None


def column_metrics(headers: list[str]) -> list[str | None]:
    """The dossier count each column header names, in order (None: not a count)."""
    out: list[str | None] = []
    for header in headers:
        out.append(column_metric(header, out[-1] if out else None))
    return out
