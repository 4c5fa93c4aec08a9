-- The editor's kokebok (issue 17, item 5): collections of good examples, each example a
-- recipe card made from a record (domain/recipe.py) that the editor may edit, and the
-- published editions of a collection. An edition is a frozen snapshot and never changes.
CREATE TABLE kokebok_collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,          -- the public address: /kokebok/<slug>
    introduction TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,           -- username of the editor
    created_at TEXT NOT NULL,           -- ISO timestamp (UTC)
    state TEXT NOT NULL DEFAULT 'utkast' -- utkast | publisert
);
CREATE TABLE kokebok_examples (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES kokebok_collections (id) ON DELETE CASCADE,
    record_id TEXT NOT NULL,
    position INTEGER NOT NULL,          -- 1, 2, … in the collection's order
    card TEXT NOT NULL,                 -- the recipe card as JSON (its parts and their lines)
    contact_consent INTEGER NOT NULL DEFAULT 0, -- 1: the contributor agreed to be contacted
    UNIQUE (collection_id, record_id)
);
CREATE TABLE kokebok_editions (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES kokebok_collections (id) ON DELETE CASCADE,
    edition INTEGER NOT NULL,           -- 1, 2, … per collection
    published_at TEXT NOT NULL,         -- ISO timestamp (UTC)
    published_by TEXT NOT NULL,
    snapshot TEXT NOT NULL,             -- the frozen edition as JSON (what pages, PDF and DOCX show)
    html TEXT NOT NULL,                 -- the frozen edition as HTML (what the PDF is made from)
    UNIQUE (collection_id, edition)
);
