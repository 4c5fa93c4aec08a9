"""Data files: form knowledge, counties, law paragraphs (each notes its source)."""
