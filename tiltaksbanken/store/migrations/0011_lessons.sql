-- Evidence levels an editor (redaktør) has set for a measure (issue 17, item 4). The level
-- the bank suggests is computed from the record and never stored; an editor's level, where
-- set, is what the evidence facet and sort use. One row per record; each change is also
-- written to the audit log.
CREATE TABLE evidence_levels (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,   -- the measure's record id
    level TEXT NOT NULL,              -- a code of data/evidence.json («2-egne-data»)
    note TEXT NOT NULL DEFAULT '',    -- the editor's reason
    editor TEXT NOT NULL,             -- username of the editor
    set_at TEXT NOT NULL              -- ISO timestamp (UTC)
);
