-- Sources converted from PDF, scans, DOCX, ODT and web pages: the original file's format,
-- the title and date the document gives (metadata or text, found at ingest), its language
-- and page count; and per line where in the original file it came from ('page 3').
ALTER TABLE sources ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
ALTER TABLE sources ADD COLUMN title TEXT;
ALTER TABLE sources ADD COLUMN date TEXT;
ALTER TABLE sources ADD COLUMN language TEXT;
ALTER TABLE sources ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE source_lines ADD COLUMN locator TEXT;
-- Sources stored before this have no title, date or locators: their content key is marked
-- so that the next ingest reads them once more (an unchanged file is otherwise skipped).
UPDATE sources SET sha256 = 'before-0005:' || sha256;
