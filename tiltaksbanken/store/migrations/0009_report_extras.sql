-- Reports written in the bank (issue 15), additive: which field an editor's correction
-- changed ('' for a submission, which changes the whole report), and a lookup of a
-- record's versions.
ALTER TABLE report_versions ADD COLUMN field TEXT NOT NULL DEFAULT '';
CREATE INDEX report_versions_record ON report_versions (record_id);
