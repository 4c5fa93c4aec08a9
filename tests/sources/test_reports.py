"""Reports written as lines (Markdown from the format layer, or pasted text) in Bokmål,
Nynorsk, Swedish, Danish and English: recognised by structure, one record per chapter."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.data import load_data
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.evaluation import EvaluationReader
from tiltaksbanken.sources.registry import pick_reader

_COMMON = set(load_data("not_places.json")["common_word_places"])
_TOWNS = sorted(m["name"] for m in load_data("places.json")["municipalities"]
                if " " not in m["name"] and m["name"] not in _COMMON)

# per language: toc, foreword, summary, client label, author label, chapter and section words
_LANGUAGES = {
    "nb": ("Innholdsfortegnelse", "Forord", "Sammendrag", "Oppdragsgiver", "Utført av",
           "Prosjektet har gitt deltakerne bedre oppfølging, og samarbeidet mellom tjenestene "
           "er blitt tettere. Vi har ikke funnet store forskjeller mellom gruppene."),
    "nn": ("Innhald", "Føreord", "Samandrag", "Oppdragsgivar", "Utført av",
           "Prosjektet har gjeve deltakarane betre oppfølging, og samarbeidet mellom tenestene "
           "er vorte tettare. Vi har ikkje funne store skilnader mellom gruppene."),
    "sv": ("Innehållsförteckning", "Förord", "Sammanfattning", "Uppdragsgivare", "Författare",
           "Projektet har gett deltagarna ett bättre stöd och samverkan mellan myndigheterna "
           "har blivit tätare. Vi har inte funnit stora skillnader mellan grupperna."),
    "da": ("Indholdsfortegnelse", "Forord", "Resumé", "Udarbejdet for", "Udarbejdet af",
           "Projektet har givet borgerne en bedre opfølgning, og samarbejdet mellem "
           "forvaltningerne er blevet tættere. Vi har ikke fundet store forskelle."),
    "en": ("Contents", "Preface", "Summary", "Commissioned by", "Prepared by",
           "The project has given the participants better follow-up, and the collaboration "
           "between the services has become closer. We have not found large differences."),
}


def _word(rng: random.Random) -> str:
    return "".join(rng.sample(["sam", "ar", "beid", "ut", "vik", "ling", "or", "dning", "an"], 3))


def _report(rng: random.Random, lang: str, markdown: bool, caps: bool) -> tuple[str, dict]:
    toc, fore, summ, client, author, text = _LANGUAGES[lang]
    town = rng.choice(_TOWNS)
    title = f"{_word(rng).capitalize()} {_word(rng)} {town}"
    org = f"{_word(rng).capitalize()} Analyse"
    chapters = [_word(rng).capitalize() + " " + _word(rng) for _ in range(rng.randint(3, 6))]

    def h(level: int, s: str) -> str:
        return f"{'#' * level} {s}" if markdown else s

    lines = ([] if markdown else ["Meny", "Søk", ""]) + [h(1, title), "",
             f"{client}: Statsforvalteren", f"{author}: {org}", "", h(2, toc), ""]
    lines += [f"{fore} ..... 2", f"{summ} ..... 3"]
    lines += [f"{n} {c} ..... {n * 4}" for n, c in enumerate(chapters, 1)]
    lines += ["", h(2, fore), "", text, "", h(2, summ), "", f"{text} {town} kommune.", ""]
    sections: dict[str, int] = {}
    for n, c in enumerate(chapters, 1):
        heading = c.upper() if caps else c
        lines += [h(2, f"{n}. {heading}" if caps else f"{n} {heading}"), "", text, ""]
        k = rng.randint(0, 3)
        sections[str(n)] = k
        for m in range(1, k + 1):
            lines += [h(3, f"{n}.{m} {_word(rng).capitalize()}"), "", text, ""]
    want = {"title": title, "chapters": chapters, "sections": sections, "org": org,
            "town": town, "lang": lang}
    return "\n".join(lines) + "\n", want


@pytest.mark.parametrize("lang", list(_LANGUAGES))
@pytest.mark.parametrize("seed", range(3))
def test_a_report_reads_as_chapters_with_its_own_title(lang: str, seed: int) -> None:
    rng = random.Random(seed * 10 + len(lang))
    markdown, caps = seed % 2 == 0, seed == 2
    text, want = _report(rng, lang, markdown, caps)
    doc = SourceDocument(path=Path("report.md" if markdown else "report.txt"),
                         data=text.encode("utf-8"))
    assert pick_reader(doc).name == "evaluation"
    records = EvaluationReader().read(doc).records
    assert [r.fields["chapter"] for r in records] == [
        str(n) for n in range(1, len(want["chapters"]) + 1)]  # ToC entries are no chapters
    assert [r.fields["heading"].lower() for r in records] == [c.lower() for c in want["chapters"]]
    assert [len(r.fields["sections"]) for r in records] == list(want["sections"].values())
    for r in records:
        assert r.kind == "evaluation"
        assert r.fields["report_title"] == want["title"]
        assert r.title.startswith(want["title"].split()[0])
        assert r.fields["organisation"] == want["org"]
        assert r.fields["client"] == "Statsforvalteren"
        assert r.fields["language"] == lang
        assert "Meny" not in r.fields["text"] and "....." not in r.fields["text"]
        held = "\n".join(doc.lines[a - 1] for a, b in r.field_sources["text"]
                         for a in range(a, b + 1))
        assert r.fields["text"].split("\n")[0] in held
    assert records[0].fields["summary"].startswith(_LANGUAGES[lang][5][:30])
    if lang in ("nb", "nn", "en"):
        assert want["town"] in records[0].fields["municipalities"]


def test_numbered_lines_without_report_features_are_no_report() -> None:
    text = "Handleliste\n\n1 Melk\n\n2 Brød\n\n3 Egg\n\n4 Ost\n"
    doc = SourceDocument(path=Path("liste.txt"), data=text.encode("utf-8"))
    assert EvaluationReader().match(doc) == 0.0


@pytest.mark.parametrize("lang", list(_LANGUAGES))
def test_a_transcript_without_blank_lines_finds_its_chapters_from_the_contents(lang: str) -> None:
    """Pasted page transcripts often lose every blank line: the chapters are the lines that
    repeat the table of contents' titles."""
    rng = random.Random(len(lang) * 7)
    text, want = _report(rng, lang, markdown=False, caps=False)
    squeezed = "\n".join(line for line in text.splitlines() if line.strip()) + "\n"
    doc = SourceDocument(path=Path("rapport.txt"), data=squeezed.encode("utf-8"))
    assert pick_reader(doc).name == "evaluation"
    records = EvaluationReader().read(doc).records
    assert [r.fields["heading"] for r in records] == want["chapters"]
    assert all(r.fields["report_title"] == want["title"] and r.fields["language"] == lang
               for r in records)
