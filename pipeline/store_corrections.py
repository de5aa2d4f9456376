"""Where each reviewer's decision stands after re-extraction, as the `corrections_status` view.

A correction is about one figure as it was extracted (`basis_value`). After the file
changes (a new document at the same path) or the rules change (the same document read
again), the figure is looked up again by document path, metric and qualifiers, and the
correction applies only where that figure still has the value it was about:

- `applied`: its own fact, still with that value (or a hand-added fact, still current);
- `reattached`: the same figure in the file's new version, with that value;
- `contradicted`: the figure is there but its value changed: a person must decide;
- `orphaned`: the figure is gone (or a hand-added fact's file changed): a person must decide;
- `extracted`: a hand-added figure the rules now find with the same value;
- `dismissed`: a reviewer set it aside (`corrections_dismissed`).

A contradicted or orphaned correction stops needing a decision once a later decision
applies to the same figure. Nothing here is stored: it is all derived, so it is always in
step with the facts. The SQL is the same for DuckDB and PostgreSQL.
"""

from __future__ import annotations

CORRECTIONS_STATUS = """
CREATE OR REPLACE VIEW corrections_status AS
WITH first_add AS (
    SELECT fact_id FROM corrections WHERE action = 'add' GROUP BY fact_id
),
added_last AS (
    SELECT a.fact_id,
        (SELECT c.action FROM corrections c WHERE c.fact_id = a.fact_id
         ORDER BY c.id DESC LIMIT 1) AS last_action,
        (SELECT c.new_value FROM corrections c
         WHERE c.fact_id = a.fact_id AND c.action IN ('add', 'correct')
         ORDER BY c.id DESC LIMIT 1) AS last_value
    FROM first_add a
),
base AS (
    SELECT c.*, a.fact_id IS NOT NULL AS on_added,
        CASE WHEN c.basis_value IS NOT NULL THEN c.basis_value
             WHEN a.fact_id IS NULL
             THEN first_value(c.old_value) OVER (PARTITION BY c.fact_id ORDER BY c.id)
        END AS basis,
        d.path AS document_path, coalesce(d.current, false) AS document_current
    FROM corrections c
    LEFT JOIN first_add a ON a.fact_id = c.fact_id
    LEFT JOIN documents d ON d.id = c.document_id
),
now_fact AS (
    SELECT correction_id, now_id, now_value FROM (
        SELECT b.id AS correction_id, f.id AS now_id, f.value AS now_value,
            row_number() OVER (
                PARTITION BY b.id
                ORDER BY CASE WHEN f.id = b.fact_id THEN 0 ELSE 1 END, f.id
            ) AS pick
        FROM base b
        JOIN documents cur ON cur.path = b.document_path AND cur.current
        JOIN facts f ON f.document_id = cur.id AND f.metric = b.metric
            AND f.qualifiers::VARCHAR = b.qualifiers::VARCHAR
    ) ranked
    WHERE pick = 1
),
judged AS (
    SELECT b.*, n.now_id, n.now_value,
        CASE
            WHEN b.id IN (SELECT correction_id FROM corrections_dismissed) THEN 'dismissed'
            WHEN b.on_added AND n.now_id IS NULL
            THEN CASE WHEN b.document_current THEN 'applied' ELSE 'orphaned' END
            WHEN b.on_added
            THEN CASE WHEN al.last_action <> 'reject'
                       AND abs(n.now_value - al.last_value) < 1e-9 THEN 'extracted'
                      ELSE 'contradicted' END
            WHEN n.now_id IS NULL THEN 'orphaned'
            WHEN abs(n.now_value - b.basis) < 1e-9
            THEN CASE WHEN n.now_id = b.fact_id THEN 'applied' ELSE 'reattached' END
            ELSE 'contradicted'
        END AS state
    FROM base b
    LEFT JOIN now_fact n ON n.correction_id = b.id
    LEFT JOIN added_last al ON al.fact_id = b.fact_id
),
settled AS (
    SELECT document_path, metric, qualifiers::VARCHAR AS qualifiers, max(id) AS last_id
    FROM judged WHERE state IN ('applied', 'reattached', 'extracted')
    GROUP BY document_path, metric, qualifiers::VARCHAR
)
SELECT c.*, j.basis, j.document_path, j.state,
    j.state IN ('applied', 'reattached') AS applied,
    CASE WHEN j.state IN ('applied', 'reattached') THEN coalesce(j.now_id, j.fact_id)
    END AS applies_to,
    j.now_value AS current_value,
    j.state IN ('orphaned', 'contradicted') AND (s.last_id IS NULL OR s.last_id < j.id)
        AS needs_decision,
    j.state = 'orphaned' AS orphaned,
    CASE WHEN j.now_id IS DISTINCT FROM j.fact_id THEN j.now_id END AS successor_fact_id,
    j.now_id AS figure_fact_id
FROM judged j
JOIN corrections c ON c.id = j.id
LEFT JOIN settled s ON s.document_path = j.document_path AND s.metric = j.metric
    AND s.qualifiers = j.qualifiers::VARCHAR
"""

CORRECTIONS_PENDING = """
CREATE OR REPLACE VIEW corrections_pending AS
SELECT * FROM corrections_status WHERE needs_decision
"""
