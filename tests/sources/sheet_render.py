"""Test helper: render generated form rows into the column-by-column OCR layout.

It imitates what the sample transcript shows, without copying anything from it:
damaged headers, a 1- or 3-line blank gap after each row that is the same in
every column, wrapped and multi-paragraph cells, columns without headers
(start date, report type) and the continuation split into "Ja gjennom" and
"Nei, fordi" columns.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field

OCR_DAMAGE = {"ø": "g", "å": "a", "æ": "ae", "Ø": "@"}
WORDS = [
    "arbeid",
    "oppfølging",
    "familie",
    "ungdom",
    "bolig",
    "gjeld",
    "veileder",
    "samarbeid",
    "kommune",
    "tiltak",
    "tett",
    "helhetlig",
    "innsats",
    "mestring",
    "språk",
    "praksis",
    "kurs",
    "aktivitet",
    "skole",
    "nettverk",
    "bydel",
    "frivillig",
    "økonomi",
    "rådgivning",
    "livsopphold",
    "tjeneste",
    "kvalifisering",
    "deltaker",
    "resultat",
    "erfaring",
    "plan",
    "utvikling",
    "område",
    "gruppe",
    "kontakt",
    "møte",
    "læring",
    "trygghet",
    "hverdag",
    "vei",
    "fremtid",
]
PLACES = ["Fjordvik", "Heiberg", "Solstrand", "Nordmo", "Åsgrend", "Østlia", "Bjørkely", "Lysmark"]
COUNTIES = [
    "Viken",
    "Vestland",
    "Trøndelag",
    "Agder",
    "Oslo",
    "Nordland",
    "Troms og Finnmark",
    "Vestfold og Telemark",
    "Møre og Romsdal",
    "Innlandet",
    "Rogaland",
]
HEADERS = {
    "name": "Navn på tiltaket.",
    "nav_office": "Navn på NAV-kontoret.",
    "contact_email": "E-post til kontaktperson (kopi av besvarelsen blir\n\nsendt til denne). Velg fylke.",
    "target_group": "Beskriv målgruppen",
    "description": "Beskriv tiltaket.",
    "achievements": "Beskriv hva dere har oppnådd med tiltaket.",
    "challenges": "Beskriv de viktigste utfordringene knyttet til tiltaket.",
}
LONG = ("target_group", "description", "achievements", "challenges")


def damage(text: str) -> str:
    return "".join(OCR_DAMAGE.get(c, c) for c in text)


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


@dataclass
class GeneratedSheet:
    rows: list[dict[str, object]]
    text: str
    big_after: list[bool] = field(default_factory=list)


SYLLABLES = ["kra", "vel", "mo", "sti", "ler", "bu", "nor", "da", "fje", "ril", "tan", "os"]
TOPIC_ENDINGS = ["modellen", "teamet", "huset", "programmet", "losen"]


def _topic_word(rng: random.Random) -> str:
    """An invented project word, like the names reports keep coming back to."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)) + rng.choice(TOPIC_ENDINGS)


def generate_rows(rng: random.Random, n: int, paragraphs: int = 3,
                  topical: bool = False) -> list[dict[str, object]]:
    """Form rows with random text; ``topical`` rows keep to a subject of their own: two
    invented project words (the first also in the measure's name) recur in every paragraph
    of their answers."""
    rows = []
    for i in range(n):
        place = rng.choice(PLACES)
        topic = [_topic_word(rng), _topic_word(rng)] if topical else []
        name_words = rng.randint(1, 9)
        rows.append(
            {
                "name": " ".join(
                    [(topic[0] if topic else rng.choice(WORDS)).capitalize()]
                    + [rng.choice(WORDS) for _ in range(name_words)]
                ),
                "nav_office": f"NAV {place}",
                "contact_email": f"person{i}.{place.lower()}@nav.no".replace("å", "a").replace(
                    "ø", "o"
                ),
                "county": rng.choice(COUNTIES),
                **{key: _long_text(rng, place, paragraphs, topic) for key in LONG},
                "report_type": rng.choice(
                    [
                        "Statusrapportering",
                        "Sluttrapportering (tiltaket mottar ikke flere tilskuddsmidler)",
                    ]
                ),
                "continuation": rng.choice(["yes", "yes", "no"]),
                "continuation_text": sentence(rng, rng.randint(3, 12)),
            }
        )
    return rows


def _long_text(rng: random.Random, place: str, most: int, topic: list[str]) -> str:
    """One to ``most`` paragraphs; reports often name their own place (and subject)."""
    count = min(most, rng.choice([1, 1, 1, 2, 3]))
    paragraphs = [sentence(rng, rng.randint(5, 30)) for _ in range(count)]
    if topic:  # a subject of its own, named early in each paragraph and again at its end
        paragraphs = [f"{topic[0].capitalize()} {p[0].lower()}{p[1:-1]} {topic[1]}." for p in paragraphs]
    if rng.random() < 0.5:
        paragraphs[0] = f"I {place} " + paragraphs[0][0].lower() + paragraphs[0][1:]
    return "\n\n".join(paragraphs)


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for k, para in enumerate(text.split("\n\n")):
        if k:
            out.append("")
        out.extend(textwrap.wrap(para, width) or [""])
    return out


def render(
    rows: list[dict[str, object]], rng: random.Random, with_report_type_from: int
) -> GeneratedSheet:
    n = len(rows)
    big_after = [rng.random() < 0.45 for _ in range(n - 1)]
    lines: list[str] = []

    def gap_after(r: int, long: bool = False) -> int:
        if r >= n - 1:
            return 3
        if big_after[r]:
            return 3 if not long or rng.random() < 0.7 else 1
        return 1

    def column(header: str, cells: list[list[str]], long: bool = False) -> None:
        lines.extend(damage(header).split("\n"))
        lines.append("")
        for r, cell in enumerate(cells):
            lines.extend(cell)
            lines.extend([""] * gap_after(r, long))

    column(HEADERS["name"], [[damage(x) for x in _wrap(str(row["name"]), 40)] for row in rows])
    column(HEADERS["nav_office"], [[damage(str(row["nav_office"]))] for row in rows])
    lines.extend(damage(HEADERS["contact_email"]).split("\n"))
    for r, row in enumerate(rows):  # e-mail cells follow each other like in the OCR
        lines.append(f"{row['contact_email']} {damage(str(row['county']))}")
        lines.extend([""] * gap_after(r))
    # report type: a header-less column for the last rows only
    for r in range(with_report_type_from, n):
        lines.append(str(rows[r]["report_type"]))
        lines.extend([""] * gap_after(r))
    for key in LONG:
        cells = [[damage(x) for x in _wrap(str(row[key]), 60)] for row in rows]
        column(HEADERS[key], cells, long=True)
    lines.append(damage("Skal deler eller hele tiltaket viderefores?"))
    lines.append(" Nei, fordi")
    lines.append(damage(" Skal deler eller hele tiltaket viderefores? - Ja gjennom"))
    lines.append("")
    for choice, label in (
        ("yes", None),
        ("no", "Skal deler eller hele tiltaket viderefores? - Nei, fordi"),
    ):
        if label:
            lines.append(damage(label))
            lines.append("")
        pending = 0
        for r, row in enumerate(rows):
            if row["continuation"] == choice:
                lines.extend([""] * pending)
                pending = 0
                lines.extend(damage(x) for x in _wrap(str(row["continuation_text"]), 60))
            pending += gap_after(r)
        lines.extend([""] * 3)
    return GeneratedSheet(rows, "\n".join(lines) + "\n", big_after)
