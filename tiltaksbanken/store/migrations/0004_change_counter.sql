-- A counter bumped by every write in the same transaction, so caches keyed by the store's
-- version see every change (a new index entry too, not only a new source).
CREATE TABLE store_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    counter INTEGER NOT NULL
);
INSERT INTO store_changes (id, counter) VALUES (1, 0);
CREATE INDEX records_source_kind ON records (kind, source_id, ordinal);
