-- Reports written in the bank (issue 15). One row per report a NAV office writes for one
-- measure, reporting year and report type; it is a draft until submitted. Submitting makes
-- a new version of the measure's record (report_versions keeps every version, never
-- overwritten). The grants register (0008) points here by grant_id; «Rapportering» reads
-- the state of each funded measure from these rows and from reports read from documents.
CREATE TABLE report_drafts (
    id INTEGER PRIMARY KEY,
    grant_id INTEGER,                 -- the funded measure (grants.id) it reports on, if any
    measure_key TEXT NOT NULL,        -- the measure's identity across years (see store/reports.py)
    office TEXT NOT NULL,             -- canonical NAV office (domain/offices.py)
    measure TEXT NOT NULL,            -- the measure's name as the reporter gives it
    year INTEGER NOT NULL,            -- reporting year
    report_type TEXT NOT NULL,        -- 'status' | 'final'
    answers TEXT NOT NULL DEFAULT '{}',  -- JSON {form field key: answer}
    state TEXT NOT NULL DEFAULT 'draft', -- 'draft' | 'submitted' | 'superseded'
    author_id INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX report_drafts_year ON report_drafts (year, office);
CREATE INDEX report_drafts_grant ON report_drafts (grant_id);
CREATE TABLE report_versions (
    id INTEGER PRIMARY KEY,
    measure_key TEXT NOT NULL,
    version INTEGER NOT NULL,         -- 1, 2, … per measure
    draft_id INTEGER REFERENCES report_drafts(id),
    record_id TEXT,                   -- the record this version is (or corrects)
    origin TEXT NOT NULL,             -- 'submission' | 'correction' | 'document'
    year INTEGER,
    report_type TEXT,
    fields TEXT NOT NULL,             -- JSON of the record's fields as of this version
    author TEXT NOT NULL,             -- display name of who made it ('' for documents)
    reason TEXT NOT NULL DEFAULT '',  -- an editor's reason for a correction
    created_at TEXT NOT NULL,
    UNIQUE (measure_key, version)
);
