"""Generated measures for the linking tests: names, offices, years and texts made here
(never taken from the sample files), rendered as the records readers give, with OCR
damage on one side, and labelled pairs: the same measure or not."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tiltaksbanken.domain.offices import offices
from tiltaksbanken.domain.records import Record

# parts of measure names as practitioners name them (a start, combined at random)
HEADS = ["Jobbløftet", "Veien videre", "Sammen om bolig", "Ung framtid", "Familieløft", "Gjeldshjelpa",
         "Heim til arbeid", "Språkbrua", "Ny start", "Arbeidsglede", "Trygg økonomi", "Nærværsløftet",
         "Aktiv hverdag", "Mestringsløypa", "Fritid for alle", "Bolyst", "Steg for steg",
         "Kompasset", "Løvetann", "Fyrlykta", "Springbrettet", "Broen", "Vendepunktet", "Tett på"]
TAILS = ["", "for unge voksne", "for barnefamilier", "i arbeid", "2.0", "for flyktninger", "med jobbspesialist"]
TOPICS = [
    "jobbspesialist individuell jobbstøtte arbeidsgivere praksisplass lønnstilskudd",
    "familiekoordinator lavinntektsfamilier barnefattigdom fritidsaktiviteter helhetlig oppfølging",
    "boveileder bostedsløse midlertidig bolig husleie kommunal utleiebolig",
    "gjeldsrådgivning økonomisk rådgivning betalingsproblemer inkasso budsjett",
    "introduksjonsprogrammet språkpraksis arbeidsnorsk flyktninger kvalifisering",
    "skolevegring frafall videregående skole ungdomskontakt lærlingplass",
]
_OCR = str.maketrans({"ø": "g", "å": "a", "æ": "e", "Ø": "@"})


def damage(text: str) -> str:
    """The OCR's misreadings of the Norwegian letters."""
    return text.translate(_OCR)


@dataclass
class Measure:
    name: str
    office: str
    municipalities: list[str]
    start: int
    topic: str


def random_measure(rng: random.Random) -> Measure:
    office = rng.choice([o for o in offices() if o.known and o.municipalities])
    name = f"{rng.choice(HEADS)} {rng.choice(TAILS)}".strip()
    return Measure(name, office.name, list(office.municipalities), rng.randint(2015, 2023),
                   rng.choice(TOPICS))


def report(m: Measure, year: int, ordinal: int, file: str = "rapporter.txt", ocr: bool = False,
           kind: str = "status") -> Record:
    """A yearly report of ``m`` as the sheet reader gives it."""
    words = m.topic.split()
    text = (f"Tiltaket gir {words[0]} og {words[1]} til deltakere. Vi arbeider med {words[2]}, "
            f"{words[3]} og {' '.join(words[4:])} i {m.municipalities[0]}.")
    fields = {"name": damage(m.name) if ocr else m.name, "nav_office": m.office.upper(),
              "nav_offices": [m.office], "municipalities": m.municipalities,
              "start": f"01.0{1 + ordinal % 9}.{m.start % 100:02d}", "report_type": kind,
              "description": damage(text) if ocr else text,
              "achievements": f"I {year} har {words[0]} gitt resultater."}
    r = Record("tiltak", fields["name"], fields, file,
               field_sources={k: [(ordinal * 10 + 1, ordinal * 10 + 2)] for k in fields}, ordinal=ordinal)
    r.assign_id(file)
    return r


def news(m: Measure, ordinal: int, file: str = "nyheter.txt") -> Record:
    """A network news item about ``m`` that names it in its text."""
    words = m.topic.split()
    text = (f"{m.municipalities[0]} kommune og {m.office} har i flere år arbeidet med prosjektet "
            f"«{m.name}». Der får deltakerne {words[0]} og {words[2]}.")
    fields = {"text": text, "nav_offices": [m.office], "municipalities": m.municipalities[:1],
              "initiatives": [m.name]}
    r = Record("news", f"{m.municipalities[0]}: {m.name}", fields, file,
               field_sources={"text": [(ordinal, ordinal)]}, ordinal=ordinal)
    r.assign_id(file)
    return r


def labelled_set(seed: int = 17, measures: int = 60) -> tuple[list[Record], set[frozenset[str]]]:
    """Records of ``measures`` generated measures (two years' reports, the second OCR-damaged
    and in another file, and news for every other one), hard negatives beside them (the
    same office with another measure, the same name at another office), and the pairs that
    are the same measure."""
    rng = random.Random(seed)
    chosen: list[Measure] = []
    seen: set[tuple[str, str]] = set()
    while len(chosen) < measures:
        m = random_measure(rng)
        heads = {n.split()[0] for n, o in seen if o == m.office}
        if (m.name, m.office) in seen or m.name.split()[0] in heads:
            continue
        seen.add((m.name, m.office))
        chosen.append(m)
        if len(chosen) % 3 == 0:  # the same name at another office: another measure
            twin = random_measure(rng)
            if twin.office != m.office and not set(twin.municipalities) & set(m.municipalities):
                twin.name = m.name
                if (twin.name, twin.office) not in seen:
                    seen.add((twin.name, twin.office))
                    chosen.append(twin)
    records: list[Record] = []
    groups: list[list[str]] = []
    for i, m in enumerate(chosen):
        year = m.start + 1
        ids = []
        first = report(m, year, i, file=f"rapport-{year}.txt")
        second = report(m, year + 1, i, file=f"rapport-{year + 1}.txt", ocr=True, kind="final")
        records += [first, second]
        ids += [first.id, second.id]
        if i % 2 == 0:
            item = news(m, i)
            records.append(item)
            ids.append(item.id)
        groups.append(ids)
    positives = {frozenset({a, b}) for ids in groups for a in ids for b in ids if a < b}
    return records, positives
