"""The views that count each report once: which documents make up a report and which of
them speaks for it (`report_documents`), one row per report (`reports_wide`), the facts
of those documents (`facts_reported`) and the units reports come from (`units`).

A report's preferred document is a final before a draft, a fully read one, a signed one,
the latest issued, a PDF before a DOCX before a text copy, the last seen: its figures
are the report's, and `path` / `document_id` say where each row's figures came from.
"""

from __future__ import annotations

REPORT_DOCUMENTS = """
CREATE OR REPLACE VIEW report_documents AS
WITH docs AS (
    SELECT coalesce(r.report_id, d.id) AS report_id, d.id AS document_id, d.path, d.format,
        d.status, coalesce(r.is_draft, false) AS is_draft, r.signer IS NOT NULL AS signed,
        TRY_CAST(r.issue_date AS DATE) AS issue_date, d.first_seen
    FROM documents d LEFT JOIN reports r ON r.document_id = d.id
    WHERE d.current AND d.status <> 'failed'
)
SELECT report_id, document_id, path, format, status, is_draft, signed, issue_date,
    row_number() OVER (
        PARTITION BY report_id
        ORDER BY is_draft, status <> 'ok', NOT signed, issue_date DESC NULLS LAST,
            CASE format WHEN 'pdf' THEN 0 WHEN 'docx' THEN 1 WHEN 'doc' THEN 2 ELSE 3 END,
            first_seen DESC, document_id
    ) AS rank,
    count(*) OVER (PARTITION BY report_id) AS n_documents
FROM docs
"""


FACTS_REPORTED = """
CREATE OR REPLACE VIEW facts_reported AS
SELECT rd.report_id, r.unit_id, r.unit_name, r.unit_type, r.district, r.province,
    r.period_type, r.period_label, TRY_CAST(r.period_start AS DATE) AS period_start,
    TRY_CAST(r.period_end AS DATE) AS period_end, rd.path, f.*
FROM facts_effective f
JOIN report_documents rd ON rd.document_id = f.document_id AND rd.rank = 1
LEFT JOIN reports r ON r.document_id = f.document_id
"""

UNITS = """
CREATE OR REPLACE VIEW units AS
SELECT r.unit_id, any_value(r.unit_type) AS unit_type, any_value(r.unit_name) AS unit_name,
    any_value(r.district) AS district, any_value(r.province) AS province,
    count(DISTINCT rd.report_id) AS n_reports
FROM reports r JOIN report_documents rd ON rd.document_id = r.document_id
WHERE r.unit_id IS NOT NULL
GROUP BY r.unit_id
"""


def reports_wide_sql(columns: str) -> str:
    """One row per report (its preferred document), one column per unqualified metric."""
    return f"""
CREATE OR REPLACE VIEW reports_wide AS
WITH flag_counts AS (
    SELECT document_id, count(*) AS n_flags,
           count(*) FILTER (WHERE severity = 'error') AS n_flag_errors
    FROM flags GROUP BY document_id
),
siblings AS (
    SELECT report_id, array_agg(path ORDER BY rank) AS report_paths FROM report_documents
    GROUP BY report_id
)
SELECT rd.report_id, d.id AS document_id, d.path, d.format, d.status,
    rd.n_documents, any_value(s.report_paths) AS report_paths,
    r.unit_id, r.unit_name, r.unit_type, r.district, r.province, r.report_type,
    r.period_type, r.period_label,
    TRY_CAST(r.period_start AS DATE) AS period_start,
    TRY_CAST(r.period_end AS DATE) AS period_end,
    TRY_CAST(r.issue_date AS DATE) AS issue_date,
    r.doc_number, r.signer, r.signer_title,
    {columns},
    coalesce(any_value(fc.n_flags), 0) AS n_flags,
    coalesce(any_value(fc.n_flag_errors), 0) AS n_flag_errors
FROM report_documents rd
JOIN documents d ON d.id = rd.document_id
LEFT JOIN reports r ON r.document_id = d.id
LEFT JOIN facts_effective f ON f.document_id = d.id AND f.qualifiers::VARCHAR = '{{}}'
LEFT JOIN flag_counts fc ON fc.document_id = d.id
LEFT JOIN siblings s ON s.report_id = rd.report_id
WHERE rd.rank = 1
GROUP BY rd.report_id, d.id, d.path, d.format, d.status, rd.n_documents, r.unit_id,
    r.unit_name, r.unit_type, r.district, r.province, r.report_type, r.period_type,
    r.period_label, r.period_start, r.period_end, r.issue_date, r.doc_number, r.signer,
    r.signer_title
"""
