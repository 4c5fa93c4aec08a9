"""What several readers share: page transcripts, paragraphs, places and quoted persons.

Nothing here knows a reader; readers build on it and never on each other.
"""
