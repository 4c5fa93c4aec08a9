"""The one URL builder: record paths from the kind declarations, search and facet links,
source links — and templates that use it instead of writing addresses by hand."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tiltaksbanken.domain.kinds import Kind, kind_by_path, kinds
from tiltaksbanken.web import urls

TEMPLATES = Path(urls.__file__).parent / "templates"


@pytest.mark.parametrize("declared", list(kinds().values()), ids=lambda k: k.name)
def test_a_record_link_uses_its_kinds_declared_path(declared: Kind) -> None:
    url = urls.record_url({"id": "abc123", "kind": declared.name})
    assert url == f"/{declared.path}/abc123"
    assert kind_by_path(url.split("/")[1]) == declared


def test_an_unknown_kind_links_as_a_plain_document() -> None:
    assert urls.record_url("x1", "no-such-kind") == f"/{kinds()['document'].path}/x1"


def test_search_links_repeat_facet_values_and_encode_them() -> None:
    url = urls.search_url("midlertidig bolig", {"kind": ["tiltak"], "county": ["Vestfold og Telemark", "Oslo"]}, page=2)
    assert url == "/?q=midlertidig+bolig&kind=tiltak&county=Vestfold+og+Telemark&county=Oslo&side=2"
    assert urls.search_url() == "/"
    assert urls.search_url(filters={"theme": "arbeid/jobbspesialist"}) == "/?theme=arbeid%2Fjobbspesialist"


def test_a_facet_link_toggles_its_value_and_keeps_the_rest() -> None:
    filters = {"kind": ["tiltak"], "county": ["Oslo"]}
    added = parse_qs(urlparse(urls.facet_url("gjeld", filters, "county", "Viken")).query)
    assert added == {"q": ["gjeld"], "kind": ["tiltak"], "county": ["Oslo", "Viken"]}
    removed = parse_qs(urlparse(urls.facet_url("gjeld", filters, "county", "oslo")).query)
    assert removed == {"q": ["gjeld"], "kind": ["tiltak"]}


def test_source_links_mark_and_scroll_to_their_lines() -> None:
    assert urls.source_url("a.txt") == "/kilde/a.txt"
    assert urls.source_url("a.txt", 19, 20) == "/kilde/a.txt?linjer=19-20#L19"
    assert urls.source_url("a.txt", 7, view="original") == "/kilde/a.txt?visning=original&linjer=7-7#L7"
    assert urls.source_url("a b#c.txt") == "/kilde/a%20b%23c.txt"


def test_templates_write_no_page_address_by_hand() -> None:
    hand_written = re.compile(r"""(?:href|action|data-spec)="/(?!static/)|['"]/\?q=|/kilde/|/oversikt""")
    for template in TEMPLATES.glob("*.html"):
        for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            assert not hand_written.search(line), f"{template.name}:{n}: {line.strip()}"
    for path in {k.path for k in kinds().values()}:
        for template in TEMPLATES.glob("*.html"):
            assert f"/{path}/" not in template.read_text(encoding="utf-8"), (template.name, path)
