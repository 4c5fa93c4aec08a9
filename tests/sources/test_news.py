"""The network news reader, on the sample news items and on generated news texts."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tiltaksbanken.data import load_data
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.evaluation import EvaluationReader
from tiltaksbanken.sources.news import NewsReader

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
NETWORK = next(SAMPLE.glob("000_*.txt"))
ARTICLE = next(SAMPLE.glob("001_*.txt"))
SHEET = next(SAMPLE.glob("002_*.txt"))
EVALUATION = next(SAMPLE.glob("003_*.txt"))
BLOG = next(SAMPLE.glob("004_*.txt"))


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def _read(path: Path) -> tuple[SourceDocument, list[Record]]:
    doc = SourceDocument.load(path)
    return doc, NewsReader().read(doc).records


def _held(doc: SourceDocument, ranges: list[tuple[int, int]]) -> str:
    return "\n".join(line for a, b in ranges for line in doc.lines[a - 1 : b])


# --- the sample -------------------------------------------------------------------------


def test_sample_news_gives_five_items_one_per_municipality_and_one_per_article() -> None:
    _, network = _read(NETWORK)
    _, article = _read(ARTICLE)
    assert len(network) + len(article) == 5
    assert [r.fields["municipalities"][0] for r in network] == [
        "Bærum", "Fredrikstad", "Nesodden", "Moss"
    ]
    assert [r.fields["municipalities"] for r in article] == [["Moss"]]
    assert all(r.kind == "news" for r in network + article)
    assert [r.ordinal for r in network] == [0, 1, 2, 3]


def test_introduction_is_context_not_an_item_and_same_place_paragraphs_merge() -> None:
    doc, records = _read(NETWORK)
    intro_line = 1 + next(i for i, line in enumerate(doc.lines) if line.strip())
    for r in records:
        assert all(not a <= intro_line <= b for a, b in r.lines)
        assert r.fields["context"].startswith(doc.lines[intro_line - 1].strip()[:30])
    baerum = records[0]
    assert baerum.fields["text"].count("\n\n") == 1  # its two paragraphs, one item
    assert baerum.fields["nav_offices"] == ["NAV Bærum"]
    assert baerum.fields["initiatives"] == ["Med tak over hodet"]
    assert baerum.title == "Bærum: Med tak over hodet"


def test_programme_and_initiatives_are_found() -> None:
    _, records = _read(NETWORK)
    assert {r.fields["programme"] for r in records} == {"Partnerskapsløftet"}
    assert records[1].fields["initiatives"] == ["Sammen mot utenforskap – et steg videre"]
    assert "Inn i jobb" in records[2].fields["initiatives"]


def test_article_quotes_give_contact_names_kept_out_of_the_title() -> None:
    _, [record] = _read(ARTICLE)
    names = record.fields["contact_name"]
    assert names and all(len(n.split()) >= 2 for n in names)
    for name in names:
        for part in name.split():
            assert part not in record.title
    assert record.fields["nav_offices"] == ["NAV Moss"]  # "NAV Fylke" is no office name
    assert record.fields["programme"] == "Partnerskapsløftet"
    assert record.title.startswith("Moss – ")
    # bullets and quotes are part of the item
    assert "•" in record.fields["text"] and "sier" in record.fields["text"]


@pytest.mark.parametrize("path", [NETWORK, ARTICLE])
def test_provenance_points_at_lines_holding_the_values(path: Path) -> None:
    doc, records = _read(path)
    for r in records:
        held = _held(doc, r.field_sources["text"])
        for paragraph in r.fields["text"].split("\n\n"):
            assert paragraph.strip() in held
        for place in r.fields["municipalities"]:
            assert place in _held(doc, r.field_sources["municipalities"])
        for name in r.fields["initiatives"]:
            assert f"«{name}»" in _held(doc, r.field_sources["initiatives"])
        for name in r.fields["contact_name"]:
            assert name in _held(doc, r.field_sources["contact_name"])
        if r.fields["programme"]:
            assert r.fields["programme"] in _held(doc, r.field_sources["programme"])
        assert r.lines == r.field_sources["text"]


def test_match_bids_on_news_only() -> None:
    reader = NewsReader()
    for path in (NETWORK, ARTICLE):
        assert 0.6 <= reader.match(SourceDocument.load(path)) <= 0.9
    for path in (SHEET, EVALUATION, BLOG):
        assert reader.match(SourceDocument.load(path)) == 0.0
    assert reader.match(SourceDocument(path=Path("x.bin"), data=b"\x00\x01\x02" * 50)) == 0.0


def test_specific_readers_outbid_news_on_their_files() -> None:
    doc = SourceDocument.load(EVALUATION)
    assert EvaluationReader().match(doc) >= 0.8 > NewsReader().match(doc)
    cookbook = pytest.importorskip("tiltaksbanken.sources.cookbook")
    blog = SourceDocument.load(BLOG)
    assert cookbook.CookbookReader().match(blog) > NewsReader().match(blog)


# --- generated news: random municipalities, invented people, nothing from the sample -----

_SYLLABLES = ["vard", "lund", "skog", "heim", "fjell", "vik", "bø", "strand", "mo", "dal",
              "rud", "sand", "berg", "ås", "nes", "kvam", "li", "haug", "stad", "ry"]
_VERBS = ["har etablert", "har startet", "har satt i gang", "viderefører"]
_COMMON = set(load_data("not_places.json")["common_word_places"])
_TOWNS = sorted(m["name"] for m in load_data("places.json")["municipalities"]
                if " " not in m["name"] and m["name"] not in _COMMON)


def _invented(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = "".join(rng.sample(_SYLLABLES, rng.randint(2, 3))).capitalize()
        if name not in taken:
            taken.add(name)
            return name


def _place(rng: random.Random, taken: set[str]) -> str:
    """A municipality of the gazetteer (places are places the gazetteer knows)."""
    while True:
        name = rng.choice(_TOWNS)
        if name not in taken:
            taken.add(name)
            return name


def _sentence(rng: random.Random) -> str:
    words = rng.sample(["målet", "er", "å", "styrke", "samarbeidet", "mellom", "tjenestene",
                        "for", "unge", "familier", "med", "lav", "inntekt", "i", "hverdagen"], 9)
    return " ".join(words).capitalize() + "."


def _news(rng: random.Random) -> tuple[str, list[str], dict[str, int], str]:
    taken: set[str] = set()
    places = [_place(rng, taken) for _ in range(rng.randint(2, 5))]
    programme = _invented(rng, taken) + "løftet"
    paras = [f"{', '.join(places[:-1])} og {places[-1]} fortalte om erfaringer fra nettverket."]
    counts = {}
    for p in places:
        initiative = " ".join(rng.sample(["Trygg", "bolig", "for", "alle", "sammen", "videre"], 3))
        lead = rng.choice([f"{p} kommune/NAV {p}", f"NAV {p}", f"I {p} kommune har NAV-kontoret"])
        verb = "startet" if lead.startswith("I ") else rng.choice(_VERBS)
        paras.append(
            f"{lead} {verb} prosjektet «{initiative}» etter samlingene i {programme}. "
            f"{_sentence(rng)} {_sentence(rng)}"
        )
        counts[p] = 1
        if rng.random() < 0.5:
            paras.append(f"NAV {p} har også gjennomført et partnerskapsmøte. {_sentence(rng)}")
            counts[p] = 2
    return "\n\n".join(paras) + "\n", places, counts, programme


@pytest.mark.parametrize("seed", range(12))
def test_generated_network_news_gives_one_item_per_invented_place(seed: int) -> None:
    rng = random.Random(seed)
    text, places, counts, programme = _news(rng)
    doc = _doc(text)
    reader = NewsReader()
    assert reader.match(doc) >= 0.6
    records = reader.read(doc).records
    assert [r.fields["municipalities"][0] for r in records] == places
    for r, place in zip(records, places, strict=True):
        assert r.fields["text"].count("\n\n") == counts[place] - 1
        assert r.fields["programme"] == programme
        assert len(r.fields["initiatives"]) == 1
        assert r.title.startswith(f"{place}: ")
        assert all(a > 1 for a, _ in r.lines)  # the introduction (line 1) is context
        assert "fortalte om erfaringer" in r.fields["context"]


@pytest.mark.parametrize("seed", range(6))
def test_generated_article_about_one_place_is_one_item_with_the_quoted_name(seed: int) -> None:
    rng = random.Random(100 + seed)
    place = _place(rng, set())
    person = f"{_invented(rng, {place})} {_invented(rng, {place})}sen"
    surname = person.split()[-1]
    text = (
        f"- {_sentence(rng)} Vi har lært mye, sier NAV-leder i {place}, {person}.\n\n"
        "Felles retning\n\n"
        f"NAV {place} ønsket å delta for å skape en felles plattform. {_sentence(rng)}\n\n"
        f"- {_sentence(rng)}, sier {surname}.\n\n"
        f"  • {_sentence(rng)}\n  • {place} kommune har {_sentence(rng).lower()}\n"
    )
    doc = _doc(text)
    [record] = NewsReader().read(doc).records
    assert record.fields["municipalities"] == [place]
    assert record.fields["nav_offices"] == [f"NAV {place}"]
    assert record.fields["contact_name"] == [person]
    assert surname not in record.title and record.title.startswith(f"{place} – ")
    assert record.fields["programme"] is None
    assert record.lines[0][0] == 1 and record.lines[-1][1] == len(text.rstrip("\n").split("\n"))


def test_text_without_places_is_one_item_without_municipalities() -> None:
    text = (
        "Nettverket møttes for tredje gang i høst. Deltakerne delte erfaringer om bolig.\n\n"
        "Neste samling handler om oppvekst og helse. Alle er velkomne til å delta der.\n"
    )
    doc = _doc(text)
    assert NewsReader().match(doc) == 0.0
    [record] = NewsReader().read(doc).records
    assert record.fields["municipalities"] == []
    assert re.match(r"Nettverket møttes", record.title)


def test_place_patterns_on_invented_names() -> None:
    from tiltaksbanken.sources.support.places import nav_offices, pattern_places

    text = (
        "I Strandvik kommune og i Bydel Nordmo har NAV Kvamli og ordføreren i Sørhaug "
        "samarbeidet med NAV Fylke og NAV Rogaland. Både Dalrud kommune/NAV Dalrud deltok."
    )
    assert pattern_places(text) == ["Strandvik", "Nordmo", "Kvamli", "Sørhaug", "Dalrud"]
    assert nav_offices(text) == ["NAV Kvamli", "NAV Rogaland", "NAV Dalrud"]


# --- headlines, furniture and funding announcements (generated) ----------------------


@pytest.mark.parametrize("seed", range(6))
def test_the_headline_is_the_title_never_furniture_a_sub_question_or_en(seed: int) -> None:
    rng = random.Random(300 + seed)
    place = _place(rng, set())
    markdown = seed % 2 == 0
    head = f"Nytt tilbud til unge voksne i {place}"
    lines = ([] if markdown else ["No results found", "Nyhetsbrev", ""]) + [
        f"# {head}" if markdown else head, "", "Publisert 12.03.2024", "",
        f"NAV {place} har startet prosjektet «Ny vei». {_sentence(rng)}", "",
        "## Hva var målet?" if markdown else "Hva var målet?", "",
        f"En kommune som vil prøve det samme, kan ta kontakt. {_sentence(rng)}", ""]
    doc = _doc("\n".join(lines), "nyhet.md" if markdown else "nyhet.txt")
    [record] = NewsReader().read(doc).records
    assert record.title == head
    assert record.fields["municipalities"] == [place]
    assert [o.split(" (")[0] for o in record.fields["nav_offices"]] == [f"NAV {place}"]
    assert "Nyhetsbrev" not in record.fields["text"] and "#" not in record.fields["text"]
    for key in ("nav_offices", "municipalities"):  # every value cites lines that hold it
        assert record.field_sources[key]
        assert all(place in doc.lines[a - 1] for a, _ in record.field_sources[key])


@pytest.mark.parametrize("seed", range(4))
def test_a_per_municipality_article_is_split_with_the_headline_as_context(seed: int) -> None:
    rng = random.Random(400 + seed)
    places = [_place(rng, set()) for _ in range(3)]
    head = "Kommunene deler erfaringer fra nettverket"
    lines = [f"# {head}", "", f"{', '.join(places[:2])} og {places[2]} fortalte om arbeidet.", ""]
    for p in places:
        lines += [f"## {p}", "", f"{p} kommune har startet et nytt tiltak. {_sentence(rng)}", "",
                  "### Hva var målet?", "", f"{_sentence(rng)} {_sentence(rng)}", ""]
    records = NewsReader().read(_doc("\n".join(lines), "nett.md")).records
    assert [r.fields["municipalities"][0] for r in records] == places
    assert [r.title for r in records] == [f"{head} – {p}" for p in places]
    assert all(r.fields["context"].startswith(head) for r in records)
    assert all("Hva var målet?" in r.fields["text"] for r in records)


@pytest.mark.parametrize(("seed", "table"), [(0, False), (1, True), (2, False), (3, True)])
def test_a_funding_announcement_gives_one_item_per_funded_project(seed: int, table: bool) -> None:
    rng = random.Random(500 + seed)
    places = [_place(rng, set()) for _ in range(rng.randint(2, 5))]
    projects = [" ".join(rng.sample(["Trygg", "bolig", "jobb", "alle", "saman", "vidare"], 2))
                .capitalize() for _ in places]
    head = "Statsforvaltaren har fordelt tilskot til sosiale tenester"
    lines = [f"# {head}", "", "Desse kontora får tilskot i år:", ""]
    if table:
        lines += ["| NAV-kontor | Prosjekt | Stillingar | Beløp |", "| --- | --- | --- | --- |"]
        lines += [f"| NAV {p} | {j} | {k + 1} | {k + 1} 200 000 kr |"
                  for k, (p, j) in enumerate(zip(places, projects, strict=True))]
    else:
        lines += [f"- NAV {p}: «{j}», {k + 1} stillingar, {k + 1} 200 000 kroner"
                  for k, (p, j) in enumerate(zip(places, projects, strict=True))]
    lines += ["", "Søknadsfristen for neste år kjem seinare.", ""]
    doc = _doc("\n".join(lines), "tilskot.md")
    announcement, *items = NewsReader().read(doc).records
    assert announcement.title == head and announcement.fields["role"] == "announcement"
    assert announcement.fields["language"] == "nn"
    assert len(items) == len(places)
    for k, (item, place, project) in enumerate(zip(items, places, projects, strict=True)):
        assert len(item.fields["nav_offices"]) == 1  # canonical: «NAV Hallingdal» for Nesbyen
        assert item.fields["municipalities"] == [place]
        assert item.fields["initiatives"] == [project]
        assert item.fields["positions"] == str(k + 1)
        assert item.fields["amount"].startswith(f"{k + 1} 200 000")
        assert item.title == f"NAV {place}: {project}"
        [(a, _)] = item.lines
        assert place in doc.lines[a - 1] and project in doc.lines[a - 1]
        assert item.fields["context"].startswith(head)
