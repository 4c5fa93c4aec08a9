"""The evaluation report reader, on the sample transcript and on generated transcripts."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.records import Record
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.evaluation import EvaluationReader, nice_case
from tiltaksbanken.sources.registry import pick_reader
from tiltaksbanken.sources.support.pages import find_pages

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
EVALUATION = next(SAMPLE.glob("003_*.txt"))
OTHERS = [p for p in sorted(SAMPLE.glob("*.txt")) if p != EVALUATION]


def _doc(text: str, name: str = "generated.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


@pytest.fixture(scope="module")
def sample() -> tuple[SourceDocument, list[Record]]:
    doc = SourceDocument.load(EVALUATION)
    return doc, EvaluationReader().read(doc).records


def _held(doc: SourceDocument, ranges: list[tuple[int, int]] | list[list[int]]) -> str:
    return " ".join(line for a, b in ranges for line in doc.lines[a - 1 : b])


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- the sample -------------------------------------------------------------------------


def test_sample_gives_one_record_per_chapter_with_text(sample) -> None:
    _, records = sample
    assert [r.fields["chapter"] for r in records] == ["1", "2", "3"]
    assert [r.fields["heading"] for r in records] == [
        "Innledning", "Sammendrag", "Organisering og forankring"
    ]
    assert records[2].title == "Evaluering av P1824 – 3. Organisering og forankring"
    assert [r.ordinal for r in records] == [0, 1, 2]
    for r in records:
        assert r.kind == "evaluation"
        assert r.fields["report_title"] == "EVALUERING AV P1824 SLUTTRAPPORT"
        assert len(r.fields["text"]) > 2000
    assert records[0].fields["client"] == "Drammen kommune"
    assert "Rambøll" in records[0].fields["organisation"]


def test_related_documents_list_is_not_part_of_the_report(sample) -> None:
    doc, records = sample
    first_related = 1 + next(i for i, line in enumerate(doc.lines) if line.strip() == "Detaljer")
    for r in records:
        assert "Detaljer" not in r.fields["text"]
        assert all(b < first_related for _, b in r.lines)
        for rs in r.field_sources.values():
            assert all(b < first_related for _, b in rs)


def test_page_furniture_and_table_of_contents_are_removed(sample) -> None:
    doc, records = sample
    toc_line = 1 + next(i for i, line in enumerate(doc.lines) if "INNHOLDSFORTEGNELSE" in line)
    for r in records:
        text = r.fields["text"]
        assert not re.search(r"\bSLUTTRAPPORT\b", text)
        assert "INNHOLDSFORTEGNELSE" not in text
        assert all(not a <= toc_line <= b for a, b in r.lines)
        # no page line's leading "<page> <header> <printed page>" survives
        assert not re.search(r"(?m)^\d+ SLUTTRAPPORT", text)
    # the chapter starts with its own words, not with the heading or furniture
    assert records[0].fields["text"].startswith("Rambøll Management Consulting")


def test_sub_sections_follow_the_chapter_numbering(sample) -> None:
    _, records = sample
    numbers = [[s["number"] for s in r.fields["sections"]] for r in records]
    assert numbers[0] == ["1.1", "1.2", "1.3", "1.4"]  # "Figur 1.1" is no section
    assert numbers[1][:3] == ["2.1", "2.2", "2.3"]
    assert numbers[2][0] == "3.1"
    for r, nums in zip(records, numbers, strict=True):
        subs = [int(n.split(".")[1]) for n in nums]
        assert subs == sorted(subs) and all(n.startswith(r.fields["chapter"] + ".") for n in nums)
    first = records[0].fields["sections"][0]
    assert first["heading"] == "Kort om P1824"
    assert first["text"].startswith("Prosjektet P1824 ble etablert")
    assert records[2].fields["sections"][0]["heading"] == "Organisering"
    assert records[2].fields["intro"].startswith("I evalueringen har det vært sentralt")
    assert records[1].fields["intro"] is None  # chapter 2 opens with 2.1


def test_provenance_points_at_the_page_lines_holding_the_text(sample) -> None:
    doc, records = sample
    for r in records:
        chapter_lines = _held(doc, r.field_sources["text"])
        assert _squash(r.fields["text"][:200]) in _squash(chapter_lines)
        assert _squash(r.fields["text"][-200:]) in _squash(chapter_lines)
        heading_line = doc.lines[r.field_sources["heading"][0][0] - 1]
        assert f"{r.fields['chapter']}. {r.fields['heading'].upper()}" in heading_line
        for s in r.fields["sections"]:
            held = _squash(_held(doc, s["lines"]))
            assert f"{s['number']} {s['heading']}" in held
            assert _squash(s["text"][-100:]) in held


def test_match_bids_on_the_transcript_only() -> None:
    reader = EvaluationReader()
    assert reader.match(SourceDocument.load(EVALUATION)) >= 0.85
    for path in OTHERS:
        assert reader.match(SourceDocument.load(path)) == 0.0
    assert reader.match(SourceDocument(path=Path("x.pdf"), data=b"%PDF-1.4\x00\x01")) == 0.0


def test_text_without_pages_is_refused_with_a_reason() -> None:
    with pytest.raises(IngestError, match="numbered page lines"):
        EvaluationReader().read(_doc("Bare litt tekst.\n\nIngen sider her.\n"))


def test_nice_case() -> None:
    assert nice_case("ORGANISERING OG FORANKRING") == "Organisering og forankring"
    assert nice_case("EVALUERING AV P1824") == "Evaluering av P1824"
    assert nice_case("SAMARBEID MED NAV") == "Samarbeid med NAV"
    assert nice_case("Allerede blandet") == "Allerede blandet"


# --- generated transcripts: invented header, chapters and sections -----------------------

_WORDS = ["arbeid", "bolig", "tjenester", "samarbeid", "ungdom", "oppfølging", "familier",
          "resultater", "metode", "ledelse", "brukere", "kontor", "mål", "innsats", "erfaring"]
_SYL = ["tor", "ve", "lan", "dri", "mos", "ka", "bel", "rin", "sto", "ped"]


def _word(rng: random.Random) -> str:
    return "".join(rng.sample(_SYL, 3))


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(6, 12))).capitalize() + "."


def _transcript(rng: random.Random) -> tuple[str, dict]:
    header = _word(rng).upper() + "RAPPORT"
    title = f"GJENNOMGANG AV {_word(rng).upper()} {header}"
    client = f"{_word(rng).capitalize()} kommune"
    n_chapters = rng.randint(2, 4)
    chapters = []
    units: list[str] = []  # pieces that never split across pages
    for n in range(1, n_chapters + 1):
        heading = " ".join(rng.sample(_WORDS, rng.randint(1, 3))).upper()
        sections = []
        units.append(f"{n}. {heading} {_sentence(rng)}")
        units.append(f"Figur {n}.1 viser 50 % av målet per 1.6 2020. {_sentence(rng)}")
        for m in range(1, rng.randint(1, 3) + 1):
            sec_heading = " ".join(rng.sample(_WORDS, rng.randint(1, 4))).capitalize()
            sections.append((f"{n}.{m}", sec_heading))
            units.append(f"{n}.{m} {sec_heading} {_sentence(rng)}")
            units.extend(_sentence(rng) for _ in range(rng.randint(3, 12)))
        chapters.append((str(n), heading, sections))
    # the table of contents also lists a chapter the transcript never reaches
    toc_only = f"{_word(rng).capitalize()} {rng.choice(_WORDS)}"
    toc = " ".join(f"{c}. {h.capitalize()} {i + 3}" for i, (c, h, _) in enumerate(chapters))
    toc += f" {n_chapters + 1}. {toc_only} 40"
    body_pages: list[str] = []
    while units:
        take = rng.randint(2, 6)
        body_pages.append(" ".join(units[:take]))
        units = units[take:]
    front = 2
    lines = [title, "", "Størrelse: px", "", f'Download "{title}"', "", "Transkript", ""]
    lines += [f"1 Beregnet til {client} Dokument type Rapport Dato Mai 2020 {title}", ""]
    lines += [f"2 {header} INNHOLDSFORTEGNELSE {toc}", ""]
    for i, page in enumerate(body_pages, 1):
        lines += [f"{front + i} {header} {i} {page}", ""]
    for _ in range(3):
        other = f"{_word(rng).capitalize()} {_sentence(rng)}"
        lines += [other, "", f"{other} {_sentence(rng)} {_sentence(rng)}", "", "Detaljer", ""]
    expected = {"header": header, "title": title, "client": client, "chapters": chapters,
                "toc_only": toc_only}
    return "\n".join(lines), expected


@pytest.mark.parametrize("seed", range(15))
def test_generated_transcript_is_cut_at_its_chapters_and_sections(seed: int) -> None:
    rng = random.Random(seed)
    text, expected = _transcript(rng)
    doc = _doc(text)
    reader = EvaluationReader()
    assert reader.match(doc) >= 0.85
    assert pick_reader(doc).name == "evaluation"  # the auction decides; news does not step aside
    layout = find_pages(doc.lines)
    assert layout is not None and layout.header == expected["header"]
    records = reader.read(doc).records
    assert [(r.fields["chapter"], r.fields["heading"]) for r in records] == [
        (c, nice_case(h)) for c, h, _ in expected["chapters"]
    ]
    for r, (_, _, sections) in zip(records, expected["chapters"], strict=True):
        assert [(s["number"], s["heading"]) for s in r.fields["sections"]] == sections
        assert expected["header"] not in r.fields["text"]
        assert "Detaljer" not in r.fields["text"]
        assert expected["toc_only"] not in r.fields["text"]
        assert r.fields["client"] == expected["client"]
        assert r.fields["report_title"] == expected["title"]
        held = _squash(_held(doc, r.field_sources["text"]))
        for piece in r.fields["text"].split("\n"):  # one piece per page
            assert _squash(piece) in held
    assert records[0].title.startswith("Gjennomgang av ")
    assert not records[0].title.lower().endswith(expected["header"].lower())


def test_a_numbered_related_document_after_the_last_page_is_not_a_page() -> None:
    text, expected = _transcript(random.Random(7))
    lines = text.split("\n")
    last_page = max(i for i, line in enumerate(lines) if expected["header"] in line)
    number = int(lines[last_page].split()[0]) + 1
    lines[last_page + 1 : last_page + 1] = ["", f"{number} tips for bedre samarbeid", ""]
    doc = _doc("\n".join(lines))
    layout = find_pages(doc.lines)
    assert layout is not None and layout.last_line == last_page + 1
    records = EvaluationReader().read(doc).records
    assert "tips for bedre samarbeid" not in records[-1].fields["text"]


_NEIGHBOURS = {
    "sv": ("Innehåll", ["Inledning", "Metod och material", "Resultat", "Slutsatser"],
           "Projektet har gett deltagarna ett bättre stöd och samverkan mellan myndigheterna "
           "har blivit tätare, men vi har inte sett stora skillnader."),
    "da": ("Indholdsfortegnelse", ["Indledning", "Metode og data", "Resultater", "Konklusion"],
           "Projektet har givet borgerne en bedre opfølgning, og samarbejdet mellem "
           "forvaltningerne er blevet meget tættere uden ekstra ressourcer."),
}


@pytest.mark.parametrize("lang", ["sv", "da"])
@pytest.mark.parametrize("caps", [False, True])
def test_a_neighbour_language_transcript_keeps_its_chapters(lang: str, caps: bool) -> None:
    toc, chapters, text = _NEIGHBOURS[lang]
    title = f"{chapters[2]} av projektet"
    pages = [f"{title} 2024", f"{toc} " + " ".join(
        f"{n} {c} {n * 3}" for n, c in enumerate(chapters, 1))]
    pages += [f"{n}. {c.upper() if caps else c} {text} {text}" for n, c in enumerate(chapters, 1)]
    lines = [title, "", "Transkript", ""]
    lines += [f"{k} RAPPORT {k} {p}" for k, p in enumerate(pages, 1)]
    doc = SourceDocument(path=Path("t.txt"), data="\n".join(lines).encode("utf-8"))
    records = EvaluationReader().read(doc).records
    assert [r.fields["heading"] for r in records] == chapters  # the contents page is none
    assert all(r.fields["language"] == lang for r in records)
    assert all(r.fields["text"].startswith(text[:20]) for r in records)
