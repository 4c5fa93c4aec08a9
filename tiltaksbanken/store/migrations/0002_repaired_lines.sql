-- The OCR-repaired text of each source line, beside the line as written (NULL: not repaired).
ALTER TABLE source_lines ADD COLUMN repaired TEXT;
ALTER TABLE sources ADD COLUMN ocr_repaired INTEGER NOT NULL DEFAULT 0;
