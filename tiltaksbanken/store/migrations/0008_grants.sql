-- The grants register (issue 15): the measures a year's grant funds, per NAV office, and
-- the links between a funded measure and the reports on it (reports read from documents:
-- records; reports written in the bank: report_drafts). A link is a suggestion of the
-- matcher until the grant administrator confirms or rejects it.
CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    office TEXT NOT NULL,             -- canonical NAV office (domain/offices.py)
    county TEXT NOT NULL DEFAULT '',  -- the office's county from 2024
    measure TEXT NOT NULL,            -- the funded measure's name
    amount INTEGER,                   -- NOK
    positions REAL,                   -- full-time positions
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX grants_year ON grants (year, county, office);
CREATE TABLE grant_links (
    id INTEGER PRIMARY KEY,
    grant_id INTEGER NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    report TEXT NOT NULL,             -- 'record:<record id>' or 'draft:<report_drafts.id>'
    score REAL NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'suggested', -- 'suggested' | 'confirmed' | 'rejected'
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    UNIQUE (grant_id, report)
);
CREATE INDEX grant_links_report ON grant_links (report);
