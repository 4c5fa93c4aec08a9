-- Sources, their raw lines (provenance) and the records read from them.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    path        TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL,
    reader      TEXT NOT NULL,
    encoding    TEXT,
    line_count  INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX sources_sha256 ON sources (sha256);
CREATE INDEX sources_name ON sources (name);

CREATE TABLE source_lines (
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    line_no   INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (source_id, line_no)
);

CREATE TABLE records (
    id            TEXT PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    fields        TEXT NOT NULL,
    field_sources TEXT NOT NULL,
    lines         TEXT NOT NULL
);
CREATE INDEX records_kind ON records (kind);
CREATE INDEX records_source ON records (source_id, ordinal);
