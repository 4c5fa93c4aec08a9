"""Test helper: render generated form rows into the column-by-column OCR layout.

It imitates what the sample transcript shows, without copying anything from it:
damaged headers, a 1- or 3-line blank gap after each row that is the same in
every column, wrapped and multi-paragraph cells, columns without headers
(start date, report type) and the continuation split into "Ja gjennom" and
"Nei, fordi" columns (or one column whose answers say «Ja, gjennom …»).

``Noise`` adds what an OCR of a printed sheet does to that layout: blank lines
inside a paragraph, lost blank lines between cells, cells cut at the top (the
text starts mid-sentence on a line with a leading space, right under the cell
before) or at the bottom (the text stops mid-sentence), hyphenated line
breaks and big gaps shown small. ``realistic_rows`` writes rows the way
reports are written: a subject of the row's own that comes back in some of its
answers, its place named now and then, some rows in Nynorsk, some verbose.

``GeneratedSheet.truth`` maps every non-blank line of a cell to the column and
row it was rendered from, so a reading can be scored line by line.
"""

from __future__ import annotations

import math
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
# Words every answer uses (they tell nothing about the row), Bokmål and Nynorsk.
FUNCTION_WORDS = ["og", "i", "med", "for", "til", "som", "på", "av", "en", "et", "å", "om",
                  "fra", "det", "de", "har", "er", "vi", "blir", "kan"]
NYNORSK_WORDS = ["ungdomar", "arbeid", "heim", "vegen", "ikkje", "eit", "dei", "korleis",
                 "kommunar", "tenester", "oppfølging", "vere", "berre", "mykje", "saman",
                 "gjennom", "tilbod", "deltakarar", "familiar", "vidare", "frå", "òg"]
NYNORSK_FUNCTION = ["og", "i", "med", "for", "til", "som", "på", "av", "ein", "eit", "å",
                    "om", "frå", "det", "dei", "har", "er", "vi", "vert", "kan"]
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
    "develops": "Beskriv hva tiltaket utvikler.",
    "interest_from_others": "Samarbeid - Har tiltaket skapt interesse hos andre\naktører? Evnt hvilke?",
    "tried_elsewhere": "Samarbeid - Skal tiltaket prøves ut andre steder? Evnt\nhvor?",
    "partners": "Samarbeid - Er det samarbeid med andre aktører?\nEvnt hvilke?",
    "achievements": "Beskriv hva dere har oppnådd med tiltaket.",
    "measurement": "Beskriv hvordan dere har undersøkt måloppnåelse for\ntiltaket.",
    "challenges": "Beskriv de viktigste utfordringene knyttet til tiltaket.",
    "success_factors": "Beskriv de viktigste suksessfaktorene til tiltaket.",
}
LONG = ("target_group", "description", "achievements", "challenges")
ALL_LONG = ("target_group", "description", "develops", "interest_from_others",
            "tried_elsewhere", "partners", "achievements", "measurement", "challenges",
            "success_factors")


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
    # 1-based line number → (field key, 0-based row) for every non-blank line of a cell
    truth: dict[int, tuple[str, int]] = field(default_factory=dict)


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


# ---------------------------------------------------------------- realistic rows

SUBJECT_HEADS = ["jobb", "bolig", "familie", "gjeld", "ungdoms", "språk", "helse", "arbeids",
                 "aktivitets", "økonomi", "rus", "skole", "bo", "nettverks", "frivillig",
                 "kvalifiserings", "integrerings", "mestrings", "inkluderings", "oppvekst"]
SUBJECT_TAILS = ["spesialist", "koordinator", "veileder", "team", "senter", "program", "kurs",
                 "modell", "plan", "gruppe", "rådgivning", "oppfølging", "tilbud", "arena",
                 "satsing"]
CONTINUING_OPENERS = ["Dette", "Videre", "I tillegg", "Også", "Derfor", "Samtidig"]
CONTINUATION_YES = ["å fortsette arbeidet i ordinær drift", "ordinær drift",
                    "nye prosjektmidler", "videre søknad om tilskudd", "fast stilling",
                    "å implementere arbeidsmåten i kontoret"]
CONTINUATION_NO = ["prosjektperioden er over", "det ikke er midler til videre drift",
                   "kommunen har valgt en annen modell", "tiltaket er avsluttet"]
# A one-column continuation states its answer in the author's words
YES_OPENERS = ["Ja, gjennom", "Ja gjennom", "Ja,", "Videreføres gjennom", "Ja, det skal videreføres gjennom"]
NYNORSK_YES = ["Ja, gjennom", "Ja, vidareførast gjennom", "Vert vidareført gjennom"]
ENGLISH_YES = ["Yes, through", "Yes, by"]
NO_OPENERS = ["Nei, fordi", "Nei fordi", "Nei.", "Videreføres ikke fordi", "Avsluttes fordi"]
NYNORSK_NO = ["Nei, fordi", "Vert ikkje vidareført fordi"]
ENGLISH_NO = ["No, because", "No, since"]


def _subject_pool(rng: random.Random, size: int) -> list[str]:
    pool = sorted({h + t for h in SUBJECT_HEADS for t in SUBJECT_TAILS})
    return rng.sample(pool, min(size, len(pool)))


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(
        ["", "vik", "dal", "fjord", "berg", "stad", "øy"])


@dataclass
class _Voice:
    """How one row's author writes: a standard, a subject and a length."""

    nynorsk: bool
    subject: list[str]
    place: str
    verbosity: float

    def words(self, rng: random.Random, n: int) -> list[str]:
        content = NYNORSK_WORDS if self.nynorsk else WORDS
        function = NYNORSK_FUNCTION if self.nynorsk else FUNCTION_WORDS
        return [rng.choice(function) if rng.random() < 0.35 else rng.choice(content) for _ in range(n)]

    def sentence(self, rng: random.Random, opener: str | None = None) -> str:
        words = self.words(rng, rng.randint(5, 22))
        for s in self.subject:
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words) + 1), s)
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words) + 1), self.place)
        if opener:
            words = [*opener.split(), words[0].lower(), *words[1:]]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, rng: random.Random, opener: str | None = None) -> str:
        if rng.random() < 0.1:  # a list, one point a line
            return "\n".join(f"- {self.sentence(rng)[:-1]}" for _ in range(rng.randint(2, 5)))
        return " ".join(self.sentence(rng, opener if k == 0 else None)
                        for k in range(rng.randint(1, 4)))

    def answer(self, rng: random.Random) -> str:
        count = max(1, min(6, int(rng.expovariate(1.0) * self.verbosity) + 1))
        paragraphs = []
        for k in range(count):
            opener = rng.choice(CONTINUING_OPENERS) if k and rng.random() < 0.15 else None
            paragraphs.append(self.paragraph(rng, opener))
        return "\n\n".join(paragraphs)


def realistic_rows(rng: random.Random, n: int, continuation: str = "split",
                   answers: tuple[float, float, float] = (0.7, 0.2, 0.1)) -> list[dict[str, object]]:
    """Rows of every form question, written as reports are (see the module docstring).

    ``continuation`` is ``"split"`` (the answer's text continues «Ja, gjennom» or «Nei,
    fordi», a column each) or ``"single"`` (one column whose text states the answer);
    ``answers`` weighs yes, no and no answer.
    """
    pool = _subject_pool(rng, max(12, n))
    rows = []
    for i in range(n):
        voice = _Voice(nynorsk=rng.random() < 0.15, subject=rng.sample(pool, rng.randint(1, 3)),
                       place=_place(rng), verbosity=math.exp(rng.gauss(0.0, 0.6)))
        name = " ".join([voice.subject[0].capitalize(), *voice.words(rng, rng.randint(0, 6))])
        office = f"NAV {voice.place}" if rng.random() < 0.9 else voice.place
        email_place = damage(voice.place.lower()).replace("ae", "e")
        answer = rng.choices(["yes", "no", None], weights=answers)[0]
        rows.append({
            "name": name,
            "nav_office": office,
            "contact_email": f"person{i}.{email_place}@nav.no",
            "county": rng.choice(COUNTIES),
            **{key: voice.answer(rng) for key in ALL_LONG},
            "report_type": rng.choice(["Statusrapportering",
                                       "Sluttrapportering (tiltaket mottar ikke flere tilskuddsmidler)"]),
            "continuation": answer,
            "continuation_text": _continuation_text(rng, voice, answer, continuation),
        })
    return rows


def _continuation_text(rng: random.Random, voice: _Voice, answer: str | None, style: str) -> str | None:
    if answer is None:
        return None
    reasons = CONTINUATION_YES if answer == "yes" else CONTINUATION_NO
    body = rng.choice(reasons)
    if rng.random() < 0.4:
        body += f" i NAV {voice.place}" if rng.random() < 0.5 else f" med {voice.subject[0]}"
    if rng.random() < 0.3:
        body += ". " + voice.sentence(rng)[:-1]
    if style == "single":
        english = rng.random() < 0.08
        if answer == "yes":
            openers = ENGLISH_YES if english else NYNORSK_YES if voice.nynorsk else YES_OPENERS
        else:
            openers = ENGLISH_NO if english else NYNORSK_NO if voice.nynorsk else NO_OPENERS
        if english:
            body = rng.choice(["ordinary operation", "new project funds", "the project period has ended"])
        return f"{rng.choice(openers)} {body}."
    if rng.random() < 0.3:
        body = body[0].upper() + body[1:]
    return body + "."


# ---------------------------------------------------------------- OCR noise


@dataclass(frozen=True)
class Noise:
    """What the OCR of a printed sheet does (each a probability)."""

    split_paragraph: float = 0.0  # a blank line inside a paragraph, per line break
    lost_paragraph_gap: float = 0.0  # no blank line between two paragraphs of a cell
    merged_cells: float = 0.0  # no blank line at a small row boundary, per boundary
    cut_cells: float = 0.0  # a cell of more than CUT_LINES lines printed cut (top or bottom)
    hyphenate: float = 0.0  # a long word split over a line break with a hyphen
    lost_big_gaps: float = 0.3  # a long column's big gap shown as a small one
    gap_model: str = "sum"  # blank lines before a sparse cell: "sum" of the rows' gaps, or "big" (3 a big gap)


CUT_LINES = 14
NOISY = Noise(split_paragraph=0.04, lost_paragraph_gap=0.05, merged_cells=0.01, cut_cells=0.25,
              hyphenate=0.1, lost_big_gaps=0.3)


def _wrap(text: str, width: int, rng: random.Random | None = None, hyphenate: float = 0.0) -> list[str]:
    out: list[str] = []
    for k, para in enumerate(text.split("\n\n")):
        if k:
            out.append("")
        for piece in para.split("\n"):
            if rng is None or not hyphenate:
                out.extend(textwrap.wrap(piece, width) or [""])
            else:
                out.extend(_wrap_hyphenated(piece, width, rng, hyphenate) or [""])
    return out


def _wrap_hyphenated(text: str, width: int, rng: random.Random, p: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(line) + 1 + len(word) <= width or not line:
            line = f"{line} {word}" if line else word
            continue
        room = width - len(line) - 2
        if len(word) >= 8 and room >= 3 and rng.random() < p:
            cut = min(room, len(word) - 3)
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _cell_lines(text: str, width: int, rng: random.Random, noise: Noise) -> tuple[list[str], str]:
    """A long cell's lines as the OCR shows them, and how it was cut ("", "top", "bottom")."""
    lines = _wrap(damage(text), width, rng, noise.hyphenate)
    out: list[str] = []
    for k, line in enumerate(lines):
        if not line and noise.lost_paragraph_gap and rng.random() < noise.lost_paragraph_gap:
            continue
        out.append(line)
        if (line and k + 1 < len(lines) and lines[k + 1] and noise.split_paragraph
                and rng.random() < noise.split_paragraph):
            out.append("")
    cut = ""
    if len(out) > CUT_LINES and rng.random() < noise.cut_cells:
        keep = rng.randint(CUT_LINES // 2, CUT_LINES)
        if rng.random() < 0.5:
            cut, out = "top", out[-keep:]
            while out and not out[0]:
                out = out[1:]
            words = out[0].split()
            if len(words) > 3 and rng.random() < 0.7:  # the cut falls inside a line
                out[0] = " ".join(words[rng.randint(1, len(words) - 2):])
            out[0] = " " + out[0]
        else:
            cut, out = "bottom", out[:keep]
            while out and not out[-1]:
                out = out[:-1]
    return out, cut


# ---------------------------------------------------------------- rendering


def render(
    rows: list[dict[str, object]],
    rng: random.Random,
    with_report_type_from: int,
    noise: Noise | None = None,
    long_keys: tuple[str, ...] = LONG,
    continuation: str = "split",
) -> GeneratedSheet:
    """The sheet's OCR text: every column in turn, each cell followed by its row's gap.

    ``continuation`` is ``"split"`` (a «Ja gjennom» and a «Nei, fordi» column, each holding
    the answers of its choice only) or ``"single"`` (one column of answers).
    """
    noise = noise or Noise()
    n = len(rows)
    big_after = [rng.random() < 0.45 for _ in range(n - 1)]
    lines: list[str] = []
    truth: dict[int, tuple[str, int]] = {}

    def gap_after(r: int, long: bool = False) -> int:
        if r >= n - 1:
            return 3
        if big_after[r]:
            return 3 if not long or rng.random() >= noise.lost_big_gaps else 1
        return 1

    def emit(cell: list[str], key: str, r: int) -> None:
        for line in cell:
            lines.append(line)
            if line.strip():
                truth[len(lines)] = (key, r)

    def column(key: str, cells: list[list[str]], long: bool = False,
               cuts: list[str] | None = None) -> None:
        lines.extend(damage(HEADERS[key]).split("\n"))
        lines.append("")
        for r, cell in enumerate(cells):
            top_cut = bool(cuts and cuts[r] == "top")
            merged = long and r and not big_after[r - 1] and rng.random() < noise.merged_cells
            if (top_cut or merged) and r:  # the OCR read the cell as the one before's end
                while not lines[-1].strip():
                    lines.pop()
            emit(cell, key, r)
            lines.extend([""] * gap_after(r, long))

    column("name", [[damage(x) for x in _wrap(str(row["name"]), 40)] for row in rows])
    column("nav_office", [[damage(str(row["nav_office"]))] for row in rows])
    lines.extend(damage(HEADERS["contact_email"]).split("\n"))
    for r, row in enumerate(rows):  # e-mail cells follow each other like in the OCR
        emit([f"{row['contact_email']} {damage(str(row['county']))}"], "contact_email", r)
        lines.extend([""] * gap_after(r))
    # report type: a header-less column for the last rows only
    for r in range(with_report_type_from, n):
        emit([str(rows[r]["report_type"])], "report_type", r)
        lines.extend([""] * gap_after(r))
    for key in long_keys:
        width = rng.randint(50, 105)
        rendered = [_cell_lines(str(row[key]), width, rng, noise) for row in rows]
        column(key, [c for c, _ in rendered], long=True, cuts=[cut for _, cut in rendered])
    if continuation == "single":
        _single_continuation(rows, lines, emit, gap_after, rng)
    else:
        _split_continuation(rows, lines, emit, gap_after, big_after, noise)
    return GeneratedSheet(rows, "\n".join(lines) + "\n", big_after, truth)


def _split_continuation(rows, lines, emit, gap_after, big_after, noise) -> None:  # type: ignore[no-untyped-def]
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
        pending: list[int] = []  # the gaps since the last cell of this column
        for r, row in enumerate(rows):
            if row["continuation"] == choice and row.get("continuation_text"):
                if pending:
                    lines.extend([""] * _sparse_gap(pending, big_after, r, noise.gap_model))
                pending = []
                emit([damage(x) for x in _wrap(str(row["continuation_text"]), 60)], "continuation", r)
            pending.append(gap_after(r))
        lines.extend([""] * 3)


def _sparse_gap(pending: list[int], big_after: list[bool], r: int, model: str) -> int:
    """Blank lines between two cells of a sparse column with ``len(pending) - 1`` empty rows
    between them: the rows' gaps summed, or (``"big"``) 3 for each big one crossed."""
    if model == "sum" or len(pending) == 1:
        return sum(pending)
    bigs = sum(big_after[q] for q in range(r - len(pending), r))
    return 3 * bigs if bigs else 1


def _single_continuation(rows, lines, emit, gap_after, rng) -> None:  # type: ignore[no-untyped-def]
    lines.append(damage("Skal deler eller hele tiltaket viderefores?"))
    lines.append("")
    for r, row in enumerate(rows):
        text = row.get("continuation_text")
        if text:
            emit([damage(x) for x in _wrap(str(text), 60)], "continuation", r)
        lines.extend([""] * gap_after(r))


def random_sheet(rng: random.Random, n: int | None = None, noise: Noise | None = None,
                 continuation: str | None = None) -> GeneratedSheet:
    """A sheet of ``n`` realistic rows with a random choice of long columns, noise,
    continuation layout and share of yes, no and empty answers (from nearly all yes to
    as many no as yes, with up to a third left empty): the yardstick's unit
    (``bench/sheet.py``)."""
    n = n or rng.randint(15, 60)
    continuation = continuation or rng.choice(["split", "split", "single"])
    no = rng.uniform(0.05, 0.5)
    empty = rng.uniform(0.0, 0.35)
    rows = realistic_rows(rng, n, continuation, answers=(1.0 - no, no, empty))
    keys = tuple(k for k in ALL_LONG if rng.random() < 0.5) or ("description",)
    if noise is None:
        noise = Noise(**{**NOISY.__dict__, "gap_model": rng.choice(["sum", "big"])})
    return render(rows, rng, with_report_type_from=rng.randint(n // 3, n - 2), noise=noise,
                  long_keys=keys, continuation=continuation)
