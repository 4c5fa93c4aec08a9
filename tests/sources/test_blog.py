"""Blog posts with comments: a post that asks for nothing is a post with its comments
(authors are personal data); a post that asks for contributions is a cookbook call."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.domain.kinds import personal_fields
from tiltaksbanken.sources.blog import BlogPostReader
from tiltaksbanken.sources.cookbook import CookbookReader
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.registry import pick_reader

_FIRST = ["Sigrun", "Eivind", "Maja", "Petter", "Agnes", "Torstein"]
_LAST = ["Haugland", "Rønning", "Solberg", "Eide", "Myhre", "Bakken"]


def _post(rng: random.Random, english: bool, asks: bool) -> tuple[str, list[str]]:
    authors = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(2, 5))]
    if english:
        title, said = "Lessons from working with social enterprises", "says:"
        body = ["We have followed several enterprises this year. Trust matters more than "
                "contracts, and collaboration takes time."]
        if asks:
            body.append("We invite you to share your example as a comment before 1 March.")
        heading = f"{len(authors)} comments on “{title}”"
    else:
        title, said = "Erfaringer fra et år med sosialt entreprenørskap", "skriver:"
        body = ["Vi har fulgt flere entreprenører i år. Tillit betyr mer enn kontrakter, og "
                "samarbeid tar tid."]
        if asks:
            body.append("Har du et eksempel? Send det inn som en kommentar innen 1. mars.")
        heading = f"{len(authors)} kommentarer til «{title}»"
    lines = [title, "", *body, "", heading, ""]
    for k, a in enumerate(authors, 1):
        lines += [f"  {k}. {a} {said}", f"     {k}. mars 2024 kl. 10:1{k}",
                  "     Takk for et godt innlegg, vi kjenner oss igjen.",
                  *(["     Reply"] if english else []), ""]
    if english:  # the comment form under the thread
        lines += ["Leave a Reply", "Your email address will not be published."]
    return "\n".join(lines) + "\n", authors


@pytest.mark.parametrize("seed", range(6))
def test_a_post_that_asks_for_nothing_is_a_post_with_its_comments(seed: int) -> None:
    rng = random.Random(seed)
    text, authors = _post(rng, english=seed % 2 == 0, asks=False)
    doc = SourceDocument(path=Path("post.txt"), data=text.encode("utf-8"))
    assert CookbookReader().match(doc) == 0.0
    assert pick_reader(doc).name == "blog"
    [record] = BlogPostReader().read(doc).records
    assert record.kind == "document" and record.fields["role"] == "post"
    assert record.title == doc.lines[0]
    assert len(record.fields["comments"]) == len(authors)
    assert record.fields["contact_name"] == authors
    assert "contact_name" in personal_fields()
    for name in authors:  # authors only in the personal field, never in the text or title
        assert name not in record.title and name not in str(record.fields["comments"])
    assert record.fields["language"] == ("en" if seed % 2 == 0 else "nb")
    for comment in record.fields["comments"]:  # the blog's buttons are no part of a comment
        assert comment["text"] == "Takk for et godt innlegg, vi kjenner oss igjen."


@pytest.mark.parametrize("english", [False, True])
def test_a_post_that_asks_for_contributions_is_no_plain_post(english: bool) -> None:
    text, _ = _post(random.Random(7), english=english, asks=True)
    doc = SourceDocument(path=Path("call.txt"), data=text.encode("utf-8"))
    assert BlogPostReader().match(doc) == 0.0
