-- Links between records about the same measure (issue 17): a status and a final report,
-- a funding announcement's project, an evaluation, news and cookbook examples. Computed
-- by domain/links.py after each ingest (state 'suggested'); an editor confirms or removes a
-- link, and a removed link stays removed when its records are read again (record ids are
-- stable per source and position). ``a`` comes first in the measure's story.
CREATE TABLE record_links (
    id INTEGER PRIMARY KEY,
    a TEXT NOT NULL,                  -- record id (earlier in the story)
    b TEXT NOT NULL,                  -- record id
    kind TEXT NOT NULL,               -- same_measure | funding | evaluation | news | cookbook
    confidence REAL NOT NULL,         -- 0..1
    evidence TEXT NOT NULL DEFAULT '{}',  -- JSON: places, name similarity and words, years, content words
    state TEXT NOT NULL DEFAULT 'suggested',  -- suggested | confirmed | removed
    decided_by TEXT,                  -- the editor who confirmed or removed it
    decided_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (a, b)
);
CREATE INDEX record_links_b ON record_links (b);
