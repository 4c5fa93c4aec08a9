-- A source's name (what its records cite, and the source view's address) is unique, so two
-- files ingested at once under one name can never both be stored and interleave their lines.
-- Stores made before this may hold such pairs: all but the first get their id appended.
UPDATE sources SET name = name || ' (' || id || ')'
 WHERE id NOT IN (SELECT MIN(id) FROM sources GROUP BY name);
CREATE UNIQUE INDEX sources_name_unique ON sources (name);
