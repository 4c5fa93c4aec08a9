"""Readers, one per document kind (``base.Reader``); ``registry.pick_reader`` chooses one
for a file; ``support`` holds what several readers share."""
