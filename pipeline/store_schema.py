"""The dataset's tables (numbered migrations) and its derived views, as SQL.

Tables change only through `MIGRATIONS`: numbered steps applied in order, never edited
once released, so a file written by an older version can always be brought up to date.
Views and the `metrics` table are derived from code (the metric vocabulary), so they are
rebuilt whenever their definition changes; they hold no data of their own.

Names avoid SQL reserved words so analysts never need quotes: the references table is
`doc_references` (`references` is reserved), a flag's check is `check_name`, the
`group` qualifier is `group_name`, evidence offsets are `char_start`/`char_end`, a
correction's time is `corrected_at`. Times are UTC.

The SQL is written once for DuckDB and PostgreSQL: views avoid DuckDB-only syntax, and
the few words that differ (`DOUBLE`, `TRY_CAST(x AS DATE)`) are translated for the server
by `pipeline.store_backend.to_postgres`, so a new migration is written once for both.
"""

from __future__ import annotations

import hashlib

from pipeline.store_corrections import CORRECTIONS_PENDING, CORRECTIONS_STATUS
from pipeline.store_views import FACTS_REPORTED, REPORT_DOCUMENTS, UNITS, reports_wide_sql
from schemas.metrics import METRICS, QUALIFIER_KEYS

# Qualifier keys -> flattened column names (`group` is reserved in SQL).
QUALIFIER_COLUMNS: dict[str, str] = {key: key for key in QUALIFIER_KEYS} | {"group": "group_name"}

# Metrics that only make sense with a qualifier get no column in the wide table.
QUALIFIED_ONLY = frozenset(
    {"tthc.by_field", "dossier.by_field", "staff.edu", "staff.politics", "docs_issued.by_type"}
)

_V1 = """
CREATE TABLE runs (
    id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,              -- NULL: the run was interrupted
    command VARCHAR,
    baocao_version VARCHAR,
    vocabulary_version VARCHAR,
    duckdb_version VARCHAR,
    extractors VARCHAR[]                -- versioned ids of the extractors available
);
CREATE TABLE documents (
    id VARCHAR PRIMARY KEY,             -- sha256 of the file's bytes
    path VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    format VARCHAR,
    pages INTEGER,
    status VARCHAR NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    errors VARCHAR[],
    converted_from VARCHAR,
    size_bytes BIGINT,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    run_id VARCHAR,                     -- the run that loaded it
    current BOOLEAN NOT NULL,           -- false once a newer version of the path replaced it
    replaced_by VARCHAR,
    quarantine_path VARCHAR,
    n_facts INTEGER NOT NULL DEFAULT 0, -- row counts written with the document, so a
    n_evidence INTEGER NOT NULL DEFAULT 0, -- partial load would be detectable
    n_references INTEGER NOT NULL DEFAULT 0,
    n_flags INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE reports (
    document_id VARCHAR PRIMARY KEY,
    unit_name VARCHAR,
    unit_type VARCHAR,
    district VARCHAR,
    province VARCHAR,
    report_type VARCHAR,
    period_label VARCHAR,
    period_start VARCHAR,               -- ISO dates as extracted; typed in reports_wide
    period_end VARCHAR,
    issue_date VARCHAR,
    doc_number VARCHAR,
    signer VARCHAR,
    signer_title VARCHAR,
    recipients VARCHAR[],
    evidence JSON                       -- {field: {page, start, end, quote}}
);
CREATE TABLE facts (
    id VARCHAR PRIMARY KEY,             -- stable for the same file and extractor version
    document_id VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    qualifiers JSON NOT NULL,           -- canonical: sorted keys, '{}' when none
    field VARCHAR,
    scope VARCHAR,
    level VARCHAR,
    group_name VARCHAR,
    year VARCHAR,
    period VARCHAR,
    doc_type VARCHAR,
    value DOUBLE NOT NULL,
    is_integer BOOLEAN NOT NULL,
    unit VARCHAR NOT NULL,
    extractor VARCHAR NOT NULL,
    extractor_version VARCHAR,
    confidence DOUBLE,
    run_id VARCHAR NOT NULL
);
CREATE TABLE evidence (
    fact_id VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    page INTEGER,
    char_start INTEGER NOT NULL,        -- offsets into the document's normalised text
    char_end INTEGER NOT NULL,
    quote VARCHAR NOT NULL,
    PRIMARY KEY (fact_id, seq)
);
CREATE TABLE doc_references (
    document_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    number VARCHAR NOT NULL,
    date VARCHAR,
    issuer VARCHAR,
    subject VARCHAR,
    own BOOLEAN NOT NULL,
    extractor VARCHAR,
    page INTEGER,                       -- of the first evidence
    quote VARCHAR,
    evidence JSON,                      -- every evidence span
    PRIMARY KEY (document_id, seq)
);
CREATE TABLE flags (
    document_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    check_name VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    fact_ids VARCHAR[],
    PRIMARY KEY (document_id, seq)
);
CREATE SEQUENCE corrections_id_seq START 1;
CREATE TABLE corrections (              -- append-only: nothing in the project updates it
    id BIGINT PRIMARY KEY DEFAULT nextval('corrections_id_seq'),
    fact_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL CHECK (action IN ('accept', 'correct', 'reject', 'add')),
    reviewer VARCHAR NOT NULL,
    corrected_at TIMESTAMP NOT NULL,
    old_value DOUBLE,                   -- the effective value when the decision was made
    new_value DOUBLE,                   -- the value the decision results in (NULL: reject)
    new_is_integer BOOLEAN,
    reason VARCHAR NOT NULL DEFAULT '',
    document_id VARCHAR,                -- what the fact was, kept so the correction still
    metric VARCHAR,                     -- reads after its fact is gone
    qualifiers JSON,
    unit VARCHAR,
    evidence JSON                       -- for `add`: where the reviewer saw the figure
);
CREATE TABLE dataset_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE metrics (
    code VARCHAR PRIMARY KEY,
    family VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL
);
"""

_V2 = """
ALTER TABLE evidence ADD COLUMN figure_start INTEGER;
ALTER TABLE evidence ADD COLUMN figure_end INTEGER;
"""

_V_KIND = """
ALTER TABLE reports ADD COLUMN document_kind VARCHAR;
ALTER TABLE reports ADD COLUMN reform_report BOOLEAN;
CREATE TABLE unclaimed_figures (         -- figures of a document no metric took
    document_id VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER,
    value DOUBLE,
    surface VARCHAR,
    unit VARCHAR,
    label VARCHAR,                        -- the words before the figure
    quote VARCHAR                         -- the source's wording around it
);
"""

# A correction records the extracted value it was about, so that after a re-extraction it
# applies only where the figure still has that value; a reviewer can set aside one that no
# longer applies (append-only too).
_V4 = """
ALTER TABLE corrections ADD COLUMN basis_value DOUBLE;  -- the value as extracted (NULL: added)
CREATE TABLE corrections_dismissed (
    correction_id BIGINT NOT NULL,
    reviewer VARCHAR NOT NULL,
    dismissed_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
);
"""

_V5 = """
CREATE TABLE document_paths (           -- every path a file was found at: identical files
    path VARCHAR PRIMARY KEY,           -- (67 empty ones) share a documents row but each
    document_id VARCHAR NOT NULL,       -- keeps its own path here
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    run_id VARCHAR
);
ALTER TABLE reports ADD COLUMN report_id VARCHAR;    -- shared by the documents of one report
ALTER TABLE reports ADD COLUMN unit_id VARCHAR;      -- stable: type, name, district, province
ALTER TABLE reports ADD COLUMN period_type VARCHAR;  -- month | quarter | half_year | year | ...
ALTER TABLE reports ADD COLUMN is_draft BOOLEAN;
ALTER TABLE evidence ADD COLUMN row_label VARCHAR;      -- a table figure's row, column and
ALTER TABLE evidence ADD COLUMN column_header VARCHAR;  -- cell, each as the source writes it
ALTER TABLE evidence ADD COLUMN cell_text VARCHAR;
"""

_V6 = """
ALTER TABLE documents ADD COLUMN extraction_version VARCHAR;  -- hash of rules and vocabulary
"""

_V7 = """
ALTER TABLE facts ADD COLUMN approximate BOOLEAN;   -- written `hơn`, `khoảng` N
"""

# (version, description, SQL). Append only; never edit a released step. The SQL serves
# DuckDB and PostgreSQL (see the module docstring); a step the two cannot share gives
# {"duckdb": ..., "postgresql": ...} instead.
MIGRATIONS: list[tuple[int, str, str | dict[str, str]]] = [
    (1, "documents, runs, reports, facts, evidence, references, flags, corrections", _V1),
    (2, "evidence: where the figure itself is written", _V2),
    (3, "reports: document kind and reform report; figures no metric took", _V_KIND),
    (4, "corrections: the extracted value each was about; dismissals", _V4),
    (5, "every path of a document; report and unit identity; table cells of evidence", _V5),
    (6, "documents: the extraction version that read them", _V6),
    (7, "facts: whether the text gives the figure as approximate", _V7),
]

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


def wide_column(code: str) -> str:
    """Column name of a metric in the wide table: `dossier.resolved.late` -> ..._late."""
    return code.replace(".", "_")


def wide_metrics() -> list[str]:
    """Metric codes that get a column in `reports_wide`, in vocabulary order."""
    return [m.code for m in METRICS if m.code not in QUALIFIED_ONLY]


def _qualifier_columns(alias: str) -> str:
    return ",\n    ".join(
        f"{alias}.qualifiers->>'{key}' AS {column}" for key, column in QUALIFIER_COLUMNS.items()
    )


def _latest(columns: str, where: str, order: str) -> str:
    """The first row of `applying` per fact in `order` (DuckDB's QUALIFY, portably)."""
    return f"""SELECT {columns} FROM (
        SELECT {columns}, row_number() OVER (PARTITION BY fact_id ORDER BY {order}) AS pick
        FROM applying WHERE {where}
    ) ranked WHERE pick = 1"""


def _facts_effective() -> str:
    last_any = _latest("fact_id, action, reviewer, corrected_at, id", "true", "id DESC")
    last_value = _latest(
        "fact_id, new_value, new_is_integer", "action IN ('correct', 'add')", "id DESC"
    )
    added = _latest("fact_id, document_id, metric, qualifiers, unit", "action = 'add'", "id")
    return f"""
CREATE OR REPLACE VIEW facts_effective AS
WITH applying AS (
    SELECT applies_to AS fact_id, id, action, reviewer, corrected_at, new_value,
        new_is_integer, document_id, metric, qualifiers, unit
    FROM corrections_status WHERE applied
),
last_any AS ({last_any}),
last_value AS ({last_value}),
added AS (
    SELECT fact_id AS id, document_id, metric, qualifiers, unit FROM ({added}) first_added
),
pending AS (
    SELECT DISTINCT figure_fact_id AS id FROM corrections_status
    WHERE needs_decision AND figure_fact_id IS NOT NULL
),
base AS (
    SELECT id, document_id, metric, qualifiers, value, is_integer, unit, extractor,
           extractor_version, confidence, approximate, run_id, 'extracted' AS source
    FROM facts
    UNION ALL
    SELECT id, document_id, metric, qualifiers, NULL::DOUBLE PRECISION AS value,
           NULL::BOOLEAN AS is_integer, unit, NULL::VARCHAR AS extractor,
           NULL::VARCHAR AS extractor_version, NULL::DOUBLE PRECISION AS confidence,
           NULL::BOOLEAN AS approximate, NULL::VARCHAR AS run_id, 'added' AS source
    FROM added
),
merged AS (
    SELECT b.*,
           coalesce(v.new_value, b.value) AS effective_value,
           coalesce(v.new_is_integer, b.is_integer) AS effective_is_integer,
           la.action AS last_action, la.reviewer AS reviewed_by,
           la.corrected_at AS reviewed_at, la.id AS correction_id
    FROM base b
    LEFT JOIN last_any la ON la.fact_id = b.id
    LEFT JOIN last_value v ON v.fact_id = b.id
    WHERE la.action IS DISTINCT FROM 'reject'
)
SELECT m.id, m.document_id, m.metric, m.qualifiers,
    {_qualifier_columns("m")},
    m.effective_value AS value,
    m.effective_is_integer AS is_integer,
    CASE WHEN m.effective_is_integer THEN CAST(m.effective_value AS BIGINT) END AS value_int,
    m.unit,
    m.value AS extracted_value,
    m.source,
    CASE m.last_action WHEN 'accept' THEN 'accepted' WHEN 'correct' THEN 'corrected'
         WHEN 'add' THEN 'added' ELSE 'unreviewed' END AS review_status,
    m.reviewed_by, m.reviewed_at, m.correction_id,
    m.extractor, m.extractor_version, m.confidence, coalesce(m.approximate, false) AS approximate,
    m.run_id, m.id IN (SELECT id FROM pending) AS decision_pending
FROM merged m
"""


def _reports_wide() -> str:
    columns = ",\n    ".join(
        f"max(f.value) FILTER (WHERE f.metric = '{code}') AS {wide_column(code)}"
        for code in wide_metrics()
    )
    return reports_wide_sql(columns)


_SIMPLE_VIEWS = """
CREATE OR REPLACE VIEW documents_current AS SELECT * FROM documents WHERE current;
CREATE OR REPLACE VIEW corrections_orphaned AS SELECT * FROM corrections_status WHERE orphaned;
"""


def views_sql() -> str:
    """Every derived view, in dependency order."""
    return "\n;\n".join(
        [
            CORRECTIONS_STATUS,
            CORRECTIONS_PENDING,
            _facts_effective(),
            REPORT_DOCUMENTS,
            _reports_wide(),
            FACTS_REPORTED,
            UNITS,
            _SIMPLE_VIEWS.strip(),
        ]
    )


def metric_rows() -> list[tuple[str, str, str, str, str]]:
    return [(m.code, m.family, m.unit, m.vi, m.en) for m in METRICS]


def derived_fingerprint() -> str:
    """Changes whenever the views, the functions PostgreSQL gets for them or the
    vocabulary change, so all get rebuilt."""
    from pipeline.store_backend import POSTGRES_PRELUDE

    payload = views_sql() + repr(metric_rows()) + POSTGRES_PRELUDE
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


VIEWS: tuple[str, ...] = (
    "facts_effective",
    "report_documents",
    "reports_wide",
    "facts_reported",
    "units",
    "corrections_status",
    "corrections_orphaned",
    "corrections_pending",
    "documents_current",
)
TABLES: tuple[str, ...] = (
    "documents",
    "runs",
    "reports",
    "facts",
    "evidence",
    "doc_references",
    "flags",
    "corrections",
    "corrections_dismissed",
    "metrics",
    "document_paths",
)
