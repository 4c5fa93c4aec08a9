-- The search index of each record: analysed terms per field, facet values, theme labels
-- (JSON), and its passages' embedding vectors (float32 blobs).
CREATE TABLE search_docs (
    record_id TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    data      TEXT NOT NULL
);
CREATE TABLE search_vectors (
    record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    chunk     INTEGER NOT NULL,
    field     TEXT NOT NULL,
    vector    BLOB NOT NULL,
    PRIMARY KEY (record_id, chunk)
);
CREATE INDEX search_docs_source ON search_docs (source_id);
CREATE INDEX search_vectors_source ON search_vectors (source_id);
