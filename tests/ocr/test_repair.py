"""Norwegian OCR repair, on text the tests damage themselves and on text that must stay."""

from __future__ import annotations

import random

import pytest

from tiltaksbanken.ocr import Repairer, needs_repair, repair_text

BOKMAAL = [
    "Målet med tiltaket er å gi familiene økonomisk rådgivning og tett oppfølging.",
    "Veilederen møter ungdommene på skolen og hjelper dem å søke jobb før sommeren.",
    "Det har vært særlig viktig å få på plass et godt samarbeid med barnevernet.",
    "Vi ønsker å videreføre prosjektet når prosjektperioden er over neste år.",
    "Mange av brukerne får økt mestring og større tro på egne ferdigheter.",
    "Tiltaket har gitt færre langtidsmottakere av økonomisk stønad i kommunen.",
    "Prosjektlederen har ansvar for opplæring av nye veiledere på kontoret.",
    "Kartleggingen viste at søknadene om nødhjelp økte gjennom høsten.",
    "Familiekoordinatoren følger opp barnefamilier med lav inntekt over tid.",
    "Deltakerne lærer norsk gjennom språkpraksis i lokale bedrifter.",
]
NYNORSK = [
    "Målet er at ungdomane skal få ein stabil bustad og kome seg i arbeid.",
    "Me har sett at fleire deltakarar får betre kvardag med tett oppfølging.",
    "Det vart starta eit samarbeid med skulen for å hindre fråfall.",
    "Tenesta er open for alle som ønskjer hjelp til å søkje jobb.",
]
DAMAGE = {"ø": ["g"], "å": ["a", "a", "a", "&", "8"], "æ": ["ae", "ee"], "Ø": ["@"], "Å": ["A"]}


def damage(text: str, rng: random.Random) -> str:
    return "".join(rng.choice(DAMAGE[c]) if c in DAMAGE else c for c in text)


def _token_accuracy(repaired: str, gold: str) -> float:
    a, b = repaired.split(), gold.split()
    assert len(a) == len(b)
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(b)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_damaged_bokmaal_and_nynorsk_are_repaired(seed: int) -> None:
    rng = random.Random(seed)
    gold = "\n".join([*BOKMAAL, "", *NYNORSK])
    damaged = damage(gold, rng)
    assert needs_repair(damaged)
    repaired = repair_text(damaged)
    assert repaired.count("\n") == gold.count("\n")
    assert _token_accuracy(repaired, gold) >= 0.95
    assert _token_accuracy(damaged, gold) < 0.8  # the damage was real


def test_clean_text_is_not_taken_for_ocr_damage() -> None:
    clean = "\n".join(BOKMAAL + NYNORSK)
    assert not needs_repair(clean)


def test_emails_urls_numbers_and_law_signs_stay() -> None:
    text = ("Kontakt kari.gaard@nav.no eller se www.nav.no/sosialhjelp.\n"
            "Tiltaket varte i 3 ar fra 2021, 8 timer i uka, etter § 18 og § 20a.\n"
            "Vi var 8 deltakere og 3 veiledere.")
    repaired = repair_text(damage(text, random.Random(0)) + "\n" + "Ingen økonomi her.")
    lines = repaired.split("\n")
    assert "kari.gaard@nav.no" in lines[0] and "www.nav.no/sosialhjelp" in lines[0]
    assert "3 år fra 2021, 8 timer" in lines[1] and "§ 18 og § 20a" in lines[1]
    assert lines[2] == "Vi var 8 deltakere og 3 veiledere."


def test_authors_own_spelling_and_nynorsk_forms_stay() -> None:
    text = ("Helthetlige tjenster for ungdomar som treng bustad og ein trygg heim.\n"
            "Det vart ikkje gjort noko med saka utan at dei tok kontakt.\n"
            "Prosjektet har gitt gkonomisk tryggheit.")
    lines = repair_text(text).split("\n")
    assert lines[0] == text.split("\n")[0]
    assert lines[1] == text.split("\n")[1]
    assert lines[2] == "Prosjektet har gitt økonomisk tryggheit."


def test_place_names_are_restored() -> None:
    text = "NAV @ygarden og NAV Trgndelag samarbeider med Tromsg kommune og NAV Bgmlo."
    assert repair_text(text) == "NAV Øygarden og NAV Trøndelag samarbeider med Tromsø kommune og NAV Bømlo."


def test_list_bullets_read_as_e_become_bullets() -> None:
    text = "Tiltaket har gitt:\neFlere i arbeid etter kurset\ne Bedre samarbeid med skolen"
    lines = repair_text(text).split("\n")
    assert lines[1] == "• Flere i arbeid etter kurset"
    assert lines[2] == "• Bedre samarbeid med skolen"


def test_every_change_is_explained() -> None:
    text = "Vi gnsker & gi gkonomisk radgivning."
    result = Repairer(text).repair_text(text)
    assert result.text == "Vi ønsker å gi økonomisk rådgivning."
    assert {c.original for c in result.changes} == {"gnsker", "&", "gkonomisk", "radgivning"}
    assert all(c.reason for c in result.changes)
