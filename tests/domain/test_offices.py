"""NAV offices as authors write them → the canonical office(s), on names drawn from the
gazetteer and written the ways authors and the OCR write them."""

from __future__ import annotations

import random
import re

import pytest

from tiltaksbanken.domain.offices import Office, find_offices, offices, place_offices

SEED = 13
# OCR misreadings of the Norwegian letters, as the printed sheet's OCR makes them
READINGS = {"ø": ["@", "o", "g"], "Ø": ["@", "O"], "å": ["a", "3", "8", "&"], "Å": ["A"],
            "æ": ["ae", "ee", "a"], "Æ": ["AE"]}


def _place(office: Office) -> str:
    """The office's name without «NAV» and a homonym's county."""
    return office.name.removeprefix("NAV ").split(" (")[0]


def _hint(office: Office) -> str:
    return office.areas[0][1] or office.areas[0][0]


def _sample(kinds: tuple[str, ...], k: int, seed: int = SEED) -> list[Office]:
    pool = [o for o in offices() if o.kind in kinds]
    return random.Random(seed).sample(pool, min(k, len(pool)))


def _neighbours(rng: random.Random, k: int, kinds: tuple[str, ...] = ("municipal",)) -> list[Office]:
    """``k`` offices of one 2020–2023 county (where an author names several, they are
    neighbours; a name is read in the form's county: «Os» in Vestland is Bjørnafjorden)."""
    counties = sorted({_hint(o) for o in offices()})
    while True:
        county = rng.choice(counties)
        pool = [o for o in offices() if o.kind in kinds and _hint(o) == county]
        if len(pool) >= k:
            return rng.sample(pool, k)


def _damage(name: str, rng: random.Random) -> str:
    """One OCR misreading of a Norwegian letter (a ``g`` for ``ø`` only inside a long word,
    where a reader can still tell the name), or a name with none left as it is."""
    spots = [i for i, c in enumerate(name) if c in READINGS]
    if not spots:
        return name
    i = rng.choice(spots)
    choices = READINGS[name[i]]
    start = max(name.rfind(" ", 0, i), name.rfind("-", 0, i)) + 1
    word = re.match(r"\w+", name[start:])
    if i == start or not word or len(word.group()) < 5:
        choices = [c for c in choices if c != "g"]
    return name[:i] + rng.choice(choices) + name[i + 1:]


WRITINGS = [
    lambda p: f"NAV {p}", lambda p: f"Nav {p}", lambda p: f"nav {p.lower()}",
    lambda p: p, lambda p: f"NAV {p}".upper(), lambda p: f"NAV-kontoret i {p}",
    lambda p: f"{p} kommune", lambda p: f"NAV  {p} ", lambda p: f"NAV {p} (sosialtjenesten)",
]


@pytest.mark.parametrize("write", range(len(WRITINGS)))
def test_every_way_of_writing_an_office_gives_the_canonical_office(write: int) -> None:
    for office in _sample(("municipal", "district", "intermunicipal"), 60, seed=SEED + write):
        text = WRITINGS[write](_place(office))
        assert [o.name for o in find_offices(text, _hint(office))] == [office.name], text


def test_ocr_damaged_office_names_are_recognised() -> None:
    rng = random.Random(SEED)
    damaged = [(o, _damage(f"NAV {_place(o)}", rng))
               for o in offices() if o.kind != "intermunicipal" and any(c in READINGS for c in o.name)]
    assert len(damaged) > 60
    wrong = [(o.name, text, [f.name for f in find_offices(text, _hint(o))])
             for o, text in damaged if [f.name for f in find_offices(text, _hint(o))] != [o.name]]
    assert not wrong


def test_a_cell_naming_several_offices_gives_each_of_them_in_order() -> None:
    rng = random.Random(SEED)
    for _ in range(40):
        picked = _neighbours(rng, rng.randint(2, 4), ("municipal", "district"))
        names = [f"NAV {_place(o)}" for o in picked]
        for text in (", ".join(names[:-1]) + " og " + names[-1], "/".join(names),
                     " / ".join(_place(o) for o in picked), " og ".join(names)):
            assert [o.name for o in find_offices(text, _hint(picked[0]))] == [o.name for o in picked], text


def test_the_four_office_cell_gives_four_offices() -> None:
    found = find_offices("NAV Stord, NAV Fitjar, NAV Bømlo og NAV Tysnes", "Vestland")
    assert [o.name for o in found] == ["NAV Stord", "NAV Fitjar", "NAV Bømlo", "NAV Tysnes"]
    assert place_offices(found, "Vestland")["municipalities"] == ["Stord", "Fitjar", "Bømlo", "Tysnes"]


def test_a_sentence_gives_the_offices_it_names_not_itself() -> None:
    rng = random.Random(SEED)
    for _ in range(30):
        a, b = _neighbours(rng, 2)
        pa, pb = _place(a), _place(b)
        text = (f"{pa} og {pb} ( {pa} som prosjekteigar). Etter avtale med Statsforvaltaren "
                f"og NAV {pb} har NAV {pa} overteke heile prosjektet f.o.m 13.10.2022.")
        assert [o.name for o in find_offices(text, _hint(a))] == [a.name, b.name], text


def test_municipalities_written_together_are_one_joint_office() -> None:
    rng = random.Random(SEED)
    for _ in range(30):
        a, b = _neighbours(rng, 2)
        variants = {f"NAV {_place(a)}-{_place(b)}", f"NAV {_place(a)} - {_place(b)}",
                    f"Nav {_place(a)}- {_place(b)}", f"NAV {_place(a)} {_place(b)}".upper()}
        found = {tuple((o.name, o.municipalities) for o in find_offices(v, _hint(a))) for v in variants}
        assert len(found) == 1, variants  # every way of writing it is the same office
        ((_, municipalities),) = found.pop()
        assert municipalities == (*a.municipalities, *b.municipalities)


def test_an_office_unknown_to_the_gazetteer_is_kept_as_nav_x() -> None:
    for text, hint in (("NAV Blåbærli", "Innlandet"), ("Nav Blåbærli", "Innlandet"),
                       ("NAV BLÅBÆRLI", None), ("Prosjektet drives av NAV Blåbærli i samarbeid "
                                                "med frivillige lag og foreninger.", None)):
        found = find_offices(text, hint)
        assert [(o.name, o.kind) for o in found] == [("NAV Blåbærli", "unknown")], text
    assert find_offices("Prosjektet drives i samarbeid med frivillige lag.") == []


def test_an_unknown_office_named_after_a_region_lies_in_its_county() -> None:
    found = find_offices("NAV Indre Hardanger")
    assert [o.name for o in found] == ["NAV Indre Hardanger"]
    assert place_offices(found, None)["county_2024"] == ["Vestland"]
    # a region in a county that was split: its part from 2024 is certain
    found = find_offices("NAV Øvre Romerike", "Viken")
    assert place_offices(found, "Viken") == {"municipalities": [], "county_2024": ["Akershus"],
                                             "county_2024_uncertain": False}


def test_a_name_two_municipalities_share_is_decided_by_the_form_county() -> None:
    assert [o.name for o in find_offices("NAV Herøy", "Nordland")] == ["NAV Herøy (Nordland)"]
    assert [o.name for o in find_offices("NAV Herøy", "Møre og Romsdal")] == ["NAV Herøy (Møre og Romsdal)"]
    assert [o.name for o in find_offices("Nav Våler", "Viken")] == ["NAV Våler (Østfold)"]


def test_the_2024_county_comes_from_the_office_and_is_uncertain_only_without_one() -> None:
    rng = random.Random(SEED)
    split = [o for o in offices() if o.kind == "municipal" and o.areas[0][1] != o.areas[0][0]]
    for office in rng.sample(split, 30):
        c24, c20 = office.areas[0]
        placed = place_offices(find_offices(f"NAV {_place(office)}", c20), c20)
        assert placed["county_2024"] == [c24] and not placed["county_2024_uncertain"]
    unknown = place_offices(find_offices("NAV Blåbærli", "Viken"), "Viken")
    assert unknown["county_2024"] == ["Akershus", "Buskerud", "Østfold"]
    assert unknown["county_2024_uncertain"]
    assert place_offices([], "Rogaland") == {"municipalities": [], "county_2024": ["Rogaland"],
                                             "county_2024_uncertain": False}


def test_running_text_names_only_offices_the_gazetteer_knows() -> None:
    from tiltaksbanken.domain.offices import offices_in_text

    text = ("NAV Ulike kontor har fått midlar. NAV Fo og NAV Statsforvaltaren er ingen kontor, "
            "men NAV Stord, NAV Fitjar og NAV Søndre Nordstrand er det.")
    assert [name for name, _, _ in offices_in_text(text)] == [
        "NAV Stord", "NAV Fitjar", "NAV Søndre Nordstrand"]
    _, start, end = offices_in_text("Vi i NAV Fitjar har")[0]
    assert "Vi i NAV Fitjar har"[start:end] == "NAV Fitjar"
