"""What neighbouring words decide: the infinitive marker, numbers, joined words, languages, URLs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tiltaksbanken.ocr import Repairer
from tiltaksbanken.ocr.noise import Noise
from tiltaksbanken.ocr.noise import damage as add_noise

TEXTS = Path(__file__).parent / "texts"
# a damaged document around the lines under test, so the model is calibrated as on a real scan
_CONTEXT = add_noise(
    "Målet med tiltaket er å gi familiene økonomisk rådgivning og tett oppfølging.\n"
    "Veilederen møter ungdommene på skolen og hjelper dem å søke jobb før sommeren.\n"
    "Det har vært særlig viktig å få på plass et godt samarbeid med barnevernet.\n" * 4,
    random.Random(0),
)
VERBS = ["danne", "løfte", "gi", "få", "komme", "identifisere", "kartlegge", "tilrettelegge",
         "være", "ha", "bistå"]
LEADS = ["Det er viktig", "Vi har jobbet for", "Det er mulig", "Målet er", "Vi prøver"]


def _repair(lines: list[str]) -> list[str]:
    text = _CONTEXT + "\n\n" + "\n".join(lines)
    return Repairer(text).repair_text(text).text.split("\n")[-len(lines):]


@pytest.mark.parametrize("stand_in", ["&", "8", "3", "@", "§"])
def test_a_lone_stand_in_before_a_verb_is_the_infinitive_marker(stand_in: str) -> None:
    rng = random.Random(stand_in)
    gold = [f"{rng.choice(LEADS)} å {verb} noe nytt sammen med brukerne." for verb in VERBS]
    lines = [f" {stand_in} ".join(add_noise(part, rng) for part in line.split(" å "))
             for line in gold]
    repaired = _repair(lines)
    right = sum(f" å {verb} " in line for line, verb in zip(repaired, VERBS, strict=True))
    assert right >= len(VERBS) - 1, repaired


def test_the_marker_at_the_end_of_a_line_looks_at_the_next_line() -> None:
    repaired = _repair(["Vi har brukt mye tid på &", "komme i kontakt med familiene."])
    assert repaired[0] == "Vi har brukt mye tid på å"


@pytest.mark.parametrize("line", [
    "Tiltaket varte i 3 ar og hadde 8 deltakere.",
    "Vi hadde 3 ansatte og 8 veiledere i 2022.",
    "Kapittel 3 presenterer resultatene, se side 8 og § 18.",
    "Jørgensen & Engøy holdt kurs for 8 ansatte.",
])
def test_numbers_and_names_stay(line: str) -> None:
    repaired = _repair([line])[0]
    for keep in ("3 ", "8 ", "§ 18", "& Engøy"):
        if keep in line:
            assert keep in repaired, repaired


def test_english_passages_keep_their_digits_inside_a_damaged_document() -> None:
    english = (TEXTS / "english.txt").read_text("utf-8").split("\n")
    assert _repair(english) == english


def test_urls_mail_addresses_and_slugs_are_never_touched() -> None:
    lines = (TEXTS / "bokmaal_web.txt").read_text("utf-8").split("\n")
    damaged = [add_noise(line, random.Random(5)) for line in lines]
    repaired = _repair(damaged)
    for before, after in zip(damaged, repaired, strict=True):
        for chunk in before.split():
            if "/" in chunk or "@" in chunk or ".no" in chunk:
                assert chunk in after.split(), (chunk, after)


def test_a_lost_space_before_a_function_word_is_restored() -> None:
    repaired = _repair(["Tiltaket har gitt bedre oppfolgingi kommunen og flere i arbeid."])[0]
    assert "oppfølging i kommunen" in repaired


def test_compounds_made_of_known_words_are_repaired() -> None:
    repaired = _repair(["Vi har malt m3loppnaelse og gkonomiradgivningen gjennom aret."])[0]
    assert "måloppnåelse" in repaired and "økonomirådgivningen" in repaired


def test_nynorsk_forms_are_not_read_as_bokmaal() -> None:
    lines = ["Ho seier at dei ikkje gjer noko med saka utan at ein tek kontakt.",
             "Det vart starta eit arbeid som skal kome alle til gode."]
    assert _repair(lines) == lines


def test_a_zero_for_an_o_takes_the_sentence_case() -> None:
    repaired = _repair(["Vi skal utvikle 0g prgve ut metoder. 0gsa familiene deltar."])[0]
    assert repaired == "Vi skal utvikle og prøve ut metoder. Også familiene deltar."


LETTERS_ONLY = Noise(l_as_i=0.0, join=0.0, split=0.0)
NOUNS = ["erfaring", "vurdering", "hypotese", "målsetting", "opplæring", "største utfordring"]


@pytest.mark.parametrize("noun", NOUNS)
def test_a_sentence_opening_with_var_before_a_noun_opens_with_the_possessive(noun: str) -> None:
    gold = [f"Tiltaket er godt mottatt. Vår {noun} er at det virker.",
            f"Våre {noun.split()[-1]}er viser at familiene trenger tid."]
    damaged = [add_noise(line, random.Random(noun), LETTERS_ONLY) for line in gold]
    damaged = [line.replace("Vår", "Var").replace("V%r", "Var") for line in damaged]
    repaired = _repair(damaged)
    assert repaired[0] == gold[0]
    assert repaired[1].startswith("Våre ")


@pytest.mark.parametrize("line", [
    "Var det nok tid til oppfølging av hver familie?",
    "Ikke systematisk. Var en del kontakt med kontoret i starten.",
    "Var tiltaket til hjelp for familiene?",
    "Prosjektet var en suksess, og det var mange som deltok.",
])
def test_the_verb_var_stays_in_questions_elisions_and_inside_sentences(line: str) -> None:
    assert _repair([line]) == [line]


def test_a_capital_a_opening_a_sentence_before_an_infinitive_is_capital_aa() -> None:
    repaired = _repair(["A være en del av et fellesskap gir mestring. A4-ark og plan A virker."])
    assert repaired[0] == "Å være en del av et fellesskap gir mestring. A4-ark og plan A virker."


def test_a_stand_in_inside_a_short_word_is_repaired_but_codes_stay() -> None:
    repaired = _repair(["Vi har m8lt effekten over 5 8rs tid, og H3 og A4 er koder."])[0]
    assert repaired == "Vi har målt effekten over 5 års tid, og H3 og A4 er koder."


def test_a_bokmaal_form_on_a_nynorsk_line_may_be_its_nynorsk_form_but_not_on_bokmaal_lines(
) -> None:
    lines = ["Dei fekk midlar fra Statsforvaltaren til å halde fram med arbeidet.",
             "Vi fikk midler fra Statsforvaltaren til å holde frem med arbeidet."]
    repaired = _repair(lines)
    assert repaired[0] == lines[0].replace(" fra ", " frå ")
    assert repaired[1] == lines[1]
