"""Lessons: generated answers rendered as the form's cells (bullets, wrapped lines, OCR
damage) split back into their statements, each citing its own lines, with the class and
themes its words give; on the sample corpus every statement stands in the lines it cites."""

from __future__ import annotations

import random
import textwrap

import pytest

from tiltaksbanken import open_store
from tiltaksbanken.domain.lessons import contained, extract, split_spans, themes
from tiltaksbanken.domain.records import Record
from tiltaksbanken.ocr.noise import damage
from tiltaksbanken.search.analysis import analyse

# statements a practitioner might write, with the theme and class each should get
_SUCCESS = [
    ("Prosjektet har vært godt forankret i ledelsen ved kontoret", "forankring-i-ledelsen"),
    ("Tett oppfølging av hver ungdom over lang tid", "tett-oppfolging"),
    ("Et nært samarbeid med den videregående skolen i kommunen", "samarbeid-med-skole"),
    ("Brukermedvirkning i alle ledd av arbeidet", "brukermedvirkning"),
    ("Et tverrfaglig team med helse og barnevern", "tverrfaglig-samarbeid"),
    ("Gode relasjoner til lokale arbeidsgivere og næringslivet", "samarbeid-med-arbeidsgivere"),
]
_CHALLENGES = [
    ("Det er svært få egnede boliger å leie i kommunen", "manglende-boliger"),
    ("Turnover i prosjektstillingen har gitt brudd i arbeidet", "turnover-i-prosjektstillinger"),
    ("Koronapandemien gjorde det umulig å møtes fysisk i flere måneder", "koronapandemien"),
    ("Langvarig sykemelding hos prosjektlederen forsinket oppstarten", "turnover-i-prosjektstillinger"),
]
_RESULTS = [
    ("Tolv av tjue deltakere har kommet i arbeid eller utdanning", None),
    ("Vi har gjennomført en brukerundersøkelse blant deltakerne hvert halvår", "maling-og-dokumentasjon"),
]


def _render(sentences: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A cell's text: the sentences as bullets or running text, wrapped; with each
    sentence's (first, last) line index."""
    style = rng.choice(["bullets", "dots", "prose"])
    lines: list[str] = []
    where = []
    for i, s in enumerate(sentences):
        if style == "bullets":
            wrapped = textwrap.wrap(f"{rng.choice(['-', '•', '*'])} {s}", rng.randint(35, 60))
        elif style == "dots":
            wrapped = textwrap.wrap(f"{s}.", rng.randint(35, 60))
            if i:
                lines.append("")
        else:
            wrapped = textwrap.wrap(f"{s}.", rng.randint(35, 60))
        where.append((len(lines), len(lines) + len(wrapped) - 1))
        lines.extend(wrapped)
    return "\n".join(lines), where


def _measure(fields: dict[str, str], first_line: int = 100) -> Record:
    sources, line = {}, first_line
    for key, text in fields.items():
        n = text.count("\n") + 1
        sources[key] = [(line, line + n - 1)]
        line += n + 3
    return Record(kind="tiltak", title="Tiltak", fields=dict(fields), file="ark.txt",
                  field_sources=sources, id="t1")


@pytest.mark.parametrize("seed", range(6))
def test_generated_answers_split_into_their_statements_with_their_own_lines(seed: int) -> None:
    rng = random.Random(seed)
    pairs = {"success_factors": rng.sample(_SUCCESS, 3), "challenges": rng.sample(_CHALLENGES, 2),
             "achievements": _RESULTS}
    cells, spots = {}, {}
    for key, chosen in pairs.items():
        cells[key], spots[key] = _render([s for s, _ in chosen], rng)
    record = _measure(cells)
    found = extract(record, analyse)
    expected_class = {"success_factors": "suksessfaktor", "challenges": "utfordring",
                      "achievements": "resultat"}
    for key, chosen in pairs.items():
        got = [s for s in found if s.field == key]
        assert [s.text.rstrip(".") for s in got] == [s for s, _ in chosen]
        start = record.field_sources[key][0][0]
        for statement, (first, last), (_, theme) in zip(got, spots[key], chosen, strict=True):
            assert statement.lines == [(start + first, start + last)]
            assert statement.cls == expected_class[key]
            if theme:
                assert theme in statement.themes, (statement.text, statement.themes)
                assert statement.themes[theme], "a theme shows the words that led to it"


@pytest.mark.parametrize("seed", range(6))
def test_ocr_damage_does_not_change_where_statements_split(seed: int) -> None:
    rng = random.Random(seed)
    chosen = rng.sample(_SUCCESS + _CHALLENGES, 5)
    clean, where = _render([s for s, _ in chosen], rng)
    damaged = damage(clean, random.Random(seed))
    record = _measure({"challenges": damaged})
    got = extract(record, analyse)
    assert len(got) == len(chosen)
    assert [s.lines for s in got] == [[(100 + a, 100 + b)] for a, b in where]


def test_abbreviations_and_wrapped_lines_do_not_end_a_statement() -> None:
    text = ("Vi samarbeider bl.a. med skolen og\nhelsestasjonen, f.eks. om kurs for ca. 20\n"
            "foreldre. Nytt avsnitt starter her med flere ord.")
    spans = split_spans(text)
    assert len(spans) == 2
    assert text[spans[0][0]:spans[0][1]].strip().endswith("foreldre.")


def test_empty_answers_give_no_statements() -> None:
    record = _measure({"challenges": "Ingen", "success_factors": "Se over."})
    assert extract(record, analyse) == []


def test_a_result_answer_that_tells_a_difficulty_is_a_challenge() -> None:
    record = _measure({"achievements": "Det har vært vanskelig å rekruttere deltakere til kurset."})
    (statement,) = extract(record, analyse)
    assert statement.cls == "utfordring"
    assert "vanskelig" in statement.cls_reason


def test_nynorsk_cues_meet_their_theme() -> None:
    record = _measure({"success_factors": "Tett oppfølgjing av kvar deltakar og god forankring i leiinga."})
    (statement,) = extract(record, analyse)
    assert {"tett-oppfolging", "forankring-i-ledelsen"} <= set(statement.themes)


def test_every_theme_has_a_label_an_explanation_and_cues() -> None:
    for theme in themes().values():
        assert theme.label and theme.explanation and theme.cues
        assert any(analyse(c) for c in theme.cues)


def test_every_statement_of_the_sample_cites_lines_that_contain_it(sample_db: str) -> None:
    with open_store(sample_db) as store:
        count = 0
        for record in store.records():
            def read(a: int, b: int, file: str = record.file) -> list[str]:
                return store.source_lines(file, a, b, repaired=True)
            for statement in extract(record, analyse, read):
                count += 1
                lines = [line for a, b in statement.lines for line in read(a, b)]
                assert contained(statement.text, lines), (statement.lines, statement.text)
        assert count > 100
