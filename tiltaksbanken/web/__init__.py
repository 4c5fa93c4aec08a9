"""The web layer: parses requests, calls the library, renders JSON (pages come later)."""
