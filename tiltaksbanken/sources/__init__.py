"""Readers, one per document kind; ``registry.pick_reader`` chooses one for a file."""
