"""Blog posts with comments that are no call for contributions: the post and its comments.

A post that asks its readers for examples is a cookbook call (the cookbook reader
bids on it); any other post with a comment thread (``support.comments``) is one
``document`` record in the role ``post``: its title (the post's headline), text,
comments (date and text, each with its lines) and the comment authors, who are persons
(``contact_name``: personal data, never shown to anonymous viewers).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tiltaksbanken.domain.language import language_fields
from tiltaksbanken.domain.offices import offices_in_text
from tiltaksbanken.domain.places import municipality_lines
from tiltaksbanken.domain.records import LineRange, Record
from tiltaksbanken.sources.base import Reader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.support.comments import asks_for_contributions, comments, thread_start
from tiltaksbanken.sources.support.structure import (
    clean,
    document_language,
    headline,
    is_furniture,
)

MIN_COMMENTS = 1


class BlogPostReader(Reader):
    """Reads a blog post and its comment thread into one ``document`` record."""

    NAME = "blog"
    LABEL = "Blogginnlegg med kommentarer"
    SCORE = 0.55

    def match(self, doc: SourceDocument) -> float:
        if not self.takes(doc):
            return 0.0
        lines = doc.lines
        start = thread_start(lines)
        if start is None or len(comments(lines, start)) < MIN_COMMENTS:
            return 0.0
        post = "\n".join(lines[: start - 1])
        return 0.0 if asks_for_contributions(post) else self.SCORE

    def records(self, doc: SourceDocument) -> Iterator[Record]:
        lines = doc.lines
        start = thread_start(lines) or len(lines) + 1
        head = headline(doc, lines)
        body = [n for n in range(1, start) if lines[n - 1].strip()
                and not is_furniture(lines[n - 1]) and not (head and n == head[1])]
        post = "\n".join(clean(lines[n - 1]) for n in body)
        title = head[0] if head else (clean(lines[body[0] - 1]) if body else doc.name)
        thread = comments(lines, start) if start <= len(lines) else []
        language = document_language(doc, post)  # the post's, whatever its comments are in
        places = municipality_lines(lines[: start - 1], 1, language in ("sv", "da"))
        fields: dict[str, Any] = {
            "text": post,
            "role": "post",
            "comments": [{"date": c.date, "text": c.text} for c in thread],
            "contact_name": [c.author for c in thread if c.author],
            "municipalities": list(places),
            "nav_offices": list(dict.fromkeys(n for n, _, _ in offices_in_text(post))),
            **language_fields(language),
        }
        sources: dict[str, list[LineRange]] = {
            "text": [(n, n) for n in body],
            "comments": [(c.first, c.last) for c in thread],
            "contact_name": [(c.author_line, c.author_line) for c in thread if c.author_line],
            "municipalities": [r for ranges in places.values() for r in ranges],
        }
        if head:
            sources["title"] = [(head[1], head[1])]
        yield Record(
            kind="document",
            title=title[:200],
            fields=fields,
            file=doc.name,
            field_sources=sources,
        )
