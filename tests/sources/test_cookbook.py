"""The cookbook reader: the sample blog post and generated blog transcripts."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tiltaksbanken.domain.records import Record
from tiltaksbanken.domain.text import fold
from tiltaksbanken.sources.cookbook import CookbookReader, parse_comments
from tiltaksbanken.sources.document import SourceDocument

SAMPLE = Path(__file__).parents[2] / "data" / "sample"
POST = next(SAMPLE.glob("004_*.txt"))


def _doc(text: str, name: str = "blogg.txt") -> SourceDocument:
    return SourceDocument(path=Path(name), data=text.encode("utf-8"))


def _held(doc: SourceDocument, ranges: list[tuple[int, int]]) -> str:
    return "\n".join("\n".join(doc.lines[a - 1 : b]) for a, b in ranges)


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample() -> tuple[SourceDocument, list[Record]]:
    doc = SourceDocument.load(POST)
    return doc, CookbookReader().read(doc).records


# ---------------------------------------------------------------- the sample


def test_sample_is_a_call_and_fifteen_examples(sample) -> None:
    doc, records = sample
    assert CookbookReader().match(doc) >= 0.8
    assert all(r.kind == "cookbook" for r in records)
    roles = [r.fields["role"] for r in records]
    assert roles == ["call"] + ["example"] * 15
    assert [r.ordinal for r in records] == list(range(16))


def test_sample_call_has_deadlines_and_guiding_questions(sample) -> None:
    doc, records = sample
    call = records[0].fields
    assert len(call["deadlines"]) == 2
    assert all(re.fullmatch(r"\d{1,2}\. [a-zæøå]+", d["date"]) for d in call["deadlines"])
    assert all(d["what"] and "innen" not in d["what"] for d in call["deadlines"])
    assert len(call["guiding_questions"]) == 6
    assert all(q.endswith(("?", ".")) for q in call["guiding_questions"])
    # provenance of the deadlines and questions points at the lines that hold them
    for d, (a, b) in zip(call["deadlines"], records[0].field_sources["deadlines"], strict=True):
        assert d["date"] in _held(doc, [(a, b)])
    held = _squash(_held(doc, records[0].field_sources["guiding_questions"]))
    assert all(_squash(q) in held for q in call["guiding_questions"])
    # the call's text stops before the comments
    assert not re.search(r"\d+ kommentarer til", call["text"])


def test_sample_examples_hold_exactly_their_own_notice(sample) -> None:
    doc, records = sample
    examples = records[1:]
    notices = [r.fields["notice"] for r in examples]
    for r in examples:
        f = r.fields
        assert f["text"].startswith(f["notice"])
        for other in notices:
            if other != f["notice"]:
                assert _squash(other) not in _squash(f["text"])
        # provenance: the notice's lines hold the notice
        assert _squash(f["notice"]).split()[-1] in _squash(_held(doc, r.field_sources["notice"]))
        if f["answer"]:
            assert _squash(f["answer"]).split()[0] in _squash(_held(doc, r.field_sources["answer"]))
            assert not set(r.field_sources["answer"]) & set(r.field_sources["notice"])


def test_sample_misplaced_fuller_answers_join_their_organisation(sample) -> None:
    _, records = sample
    examples = records[1:]
    with_answer = [r for r in examples if r.fields["answer"]]
    assert len(with_answer) >= 5
    for r in examples:
        org = r.fields["organisation"]
        if org and r.fields["answer"]:
            # the answer speaks of the organisation the notice introduced
            assert fold(org.split()[0]) in fold(r.fields["answer"]), org
    # an answer that sits in the transcript before its own notice was moved forward to it
    moved = [r for r in with_answer if r.field_sources["answer"][0][0] < r.field_sources["notice"][0][0]]
    assert len(moved) >= 2
    for r in moved:
        assert fold(r.fields["organisation"]) in fold(r.fields["answer"])
    # concretely: the answer about street cleaning nested under the first comment
    # belongs to the organisation whose notice names it, not to the first one
    lsf = next(r for r in examples if "lonn som fortjent" in fold(r.fields["notice"]))
    assert "perrongrydding" in lsf.fields["answer"]
    first = examples[0]
    assert "lonn som fortjent" not in fold(first.fields["text"])
    assert "gatelag" not in fold(examples[3].fields["text"])  # the comment before Gatelagene's
    gatelag = next(r for r in examples if fold(r.fields["notice"]).startswith("hei gatelagene"))
    assert "gatelagene" in fold(gatelag.fields["answer"])


def test_sample_organisations_are_distinct_and_named_in_their_notice(sample) -> None:
    _, records = sample
    orgs = [r.fields["organisation"] for r in records[1:]]
    named = [o for o in orgs if o]
    assert len(named) >= 13
    assert len({fold(o) for o in named}) == len(named)
    for r in records[1:]:
        org = r.fields["organisation"]
        if org:
            assert fold(org) in fold(r.fields["text"])
            assert fold(org) in fold(r.title)
            ((a, b),) = r.field_sources["organisation"]
            assert fold(org) in fold(" ".join(r.fields["text"].split("\n"))) and a == b


def test_sample_people_are_personal_data_not_titles(sample) -> None:
    _, records = sample
    people = [n for r in records for n in r.fields["contact_name"]]
    assert len(people) >= 5
    for r in records:
        for name in r.fields["contact_name"]:
            assert len(name.split()) >= 2
            assert name not in r.title
            assert r.field_sources["contact_name"]
    # a call's contact persons are found by the e-mail that follows their names
    assert len(records[0].fields["contact_name"]) == 2


def test_sample_places_are_found_by_pattern(sample) -> None:
    _, records = sample
    places = {p for r in records[1:] for p in r.fields["municipalities"]}
    assert any(p.endswith(" kommune") for p in places)
    assert any(p.startswith("Bydel ") for p in places)
    assert any(p.startswith("NAV ") for p in places)


def test_sample_comment_tree_keeps_lists_inside_bodies() -> None:
    doc = SourceDocument.load(POST)
    lines = doc.lines
    heading = next(n for n, line in enumerate(lines, 1) if re.match(r"^\d+ kommentarer til", line))
    end = next(n for n in range(heading + 2, len(lines) + 1) if lines[n - 1][:1].strip()) - 1
    tops = parse_comments(lines, heading + 1, end)
    assert len(tops) == 15
    assert [t.number for t in tops] == list(range(1, 16))
    replies = [r for t in tops for r in t.descendants()]
    # every reply has a body of its own, indented deeper than its marker
    for r in replies:
        assert r.body_indent is not None and r.body_indent > r.indent


# ---------------------------------------------------------------- generated transcripts

ORG_POOL = [
    "Solsikke Arbeid", "Bølgebryterne", "Kafé Kompass", "Lysløypa AS", "Ut på tur",
    "Verkstedet Vindfang", "Grønn Spire", "Tråd og Nål SA", "Fjellklatrerne", "Bakeriet Brødfjøla",
]
ACTIVITIES = [
    ("gir arbeidstrening i kafédrift for unge voksne", "kafédrift baristakurs kundeservice"),
    ("tilbyr sykkelreparasjon med lærlinger fra introduksjonsprogrammet", "sykkelverksted lærlinger reparasjon"),
    ("driver turgrupper for ungdom som har falt ut av skolen", "turgrupper friluftsliv skolefravær"),
    ("lager møbler av gjenbrukstre sammen med langtidsledige", "gjenbrukstre snekring møbelsalg"),
    ("lærer innvandrerkvinner å sy og selge klær", "symaskiner klesproduksjon nettbutikk"),
    ("rydder strender med deltakere fra rusomsorgen", "strandrydding plastinnsamling rusomsorgen"),
    ("baker brød med personer som står utenfor arbeidslivet", "brødbaking bakeri surdeig"),
    ("driver klatrekurs som mestringsarena", "klatrevegg sikringskurs mestring"),
    ("hjelper barnefamilier med budsjett og økonomi", "budsjettkurs gjeldsrådgivning familieøkonomi"),
    ("dyrker grønnsaker i bydelens parsellhage", "parsellhage grønnsaker kompostering"),
]
PLACES = ["Fjordvik", "Heiberg", "Solstrand", "Nordmo", "Åsgrend", "Østlia", "Bjørkely", "Lysmark"]
PEOPLE = ["Kari Nordbø", "Ola Fjellheim", "Siri Haugvik", "Per Olav Lundeby", "Aud Storhaug"]
MONTHS = ["august", "september", "oktober", "november"]


@dataclass
class Org:
    name: str
    activity: str
    words: str
    place: str
    person: str
    style: int
    answer_at: str  # "own", "previous", "nested_previous" or "none"
    host_reply: bool = False
    notice_lines: list[int] = field(default_factory=list)
    answer_lines: list[int] = field(default_factory=list)
    answer_text: str = ""


def _notice(org: Org) -> list[str]:
    place = f"{org.place} kommune"
    if org.style == 0:
        return [f"Hei! Vi vil gjerne være med. {org.name} er en sosial entreprenør som {org.activity}.",
                "", f"Vi samarbeider med {place} om rekruttering."]
    if org.style == 1:
        return [f"Hei, {org.name} vil gjerne være med i samlingen.",
                f"Vi {org.activity}, i samarbeid med Bydel {org.place}."]
    if org.style == 2:
        return ["Hei!", "", f"Vi i {org.name} har i to år jobbet med NAV {org.place}: vi {org.activity}."]
    return [f"{org.name} {org.activity}. Vi har avtale med {place} og ønsker flere samarbeid."]


def _answer(org: Org, rng: random.Random, other: str) -> list[str]:
    """A fuller answer; it may open with a heading, name the organisation only late
    and mention another contributor in passing."""
    w = org.words.split()
    opening = (
        [f"Ideen bak {org.name} var enkel: {org.activity}. Behovet var stort i {org.place}, "
         f"og {w[0]} ble starten på alt."]
        if rng.random() < 0.5
        else ["Hva er spesielt med oss?",
              f"Vi {org.activity}. Behovet var stort i {org.place}, og {w[0]} ble starten på alt."]
    )
    return [
        *opening,
        f"Samarbeidet med {org.place} kommune ble formalisert etter et år med {w[1]} og {w[2]}.",
        f"Vi har også hentet inspirasjon fra {other}." if rng.random() < 0.5 else "",
        "",
        "Dette har vi lært:",
        f"1. Forankring hos ledelsen er viktig for {w[0]}.",
        f"2. Deltakerne må eie {w[1]} selv.",
        "",
        f"{org.name} har i dag {rng.randint(5, 40)} deltakere i {w[2]}. "
        f"Kontakt gjerne {org.name} v/ daglig leder {org.person} for mer om {w[0]}.",
    ]


def _expected(text_lines: list[str]) -> str:
    out: list[str] = []
    for line in text_lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def render_blog(seed: int) -> tuple[str, list[Org], dict]:
    """A blog post with a call and a comment thread in the transcript layout.

    Fuller answers sit under their own comment, under the previous comment
    (as a reply to it or as a reply to its reply), or are missing; the host
    thanks some contributors in a short nested reply.
    """
    rng = random.Random(seed)
    n = rng.randint(4, 7)
    names = rng.sample(ORG_POOL, n)
    acts = rng.sample(ACTIVITIES, n)
    orgs = []
    for i, (name, (activity, words)) in enumerate(zip(names, acts, strict=True)):
        answer_at = rng.choice(["own", "previous", "nested_previous", "none"]) if i else "own"
        orgs.append(Org(name, activity, words, rng.choice(PLACES), rng.choice(PEOPLE),
                        style=rng.randrange(4), answer_at=answer_at, host_reply=rng.random() < 0.4))
    d1, d2 = rng.randint(1, 14), rng.randint(15, 28)
    month = rng.choice(MONTHS)
    questions = [
        "Hva var utgangspunktet for samarbeidet?",
        "Hvem tok kontakt med hvem?",
        "Hva gjorde kommunen som hjalp?",
        "Hva var de største hindringene?",
        "Hva kan andre lære av dette?",
    ][: rng.randint(3, 5)]
    lines: list[str] = [
        "Vi samler gode eksempler på samarbeid mellom kommuner og sosiale entreprenører",
        "",
        "Vi lager en kokebok med eksempler andre kan lære av. Send oss ditt eksempel!",
        "",
        "Slik gjør du det:",
        "",
        f"  1. Send en kort beskrivelse innen {d1}. {month}",
        "    Skriv noen setninger som en kommentar her.",
        f"  2. Send en fyldigere tekst innen fredag {d2}. {month}",
        "    Svar gjerne på spørsmålene under.",
        "",
        "Bruk disse veiledende spørsmålene:",
        "",
        *[f"  • {q}" for q in questions],
        "",
        "Ta kontakt med Trine Aasgard (trine [at] departement.no) ved spørsmål.",
        "",
        f"{n + 3} kommentarer til «Vi samler gode eksempler»",
        "",
    ]

    def add(text_lines: list[str], marker_indent: int, number: int) -> list[int]:
        start = len(lines) + 1
        first, *rest = text_lines
        lines.append(" " * marker_indent + f"{number}. {first}")
        lines.extend((" " * (marker_indent + 2) + t) if t else "" for t in rest)
        lines.append("")
        return list(range(start, len(lines)))

    host_replies: dict[str, list[int]] = {}
    for i, org in enumerate(orgs):
        org.notice_lines = add(_notice(org), 2, i + 1)
        nested = 0
        others = [o.name for o in orgs if o is not org]
        if org.answer_at == "own":
            answer = _answer(org, rng, rng.choice(others))
            org.answer_text = _expected(answer)
            org.answer_lines = add(answer, 4, nested + 1)
            nested += 1
        if org.host_reply:
            reply = rng.choice([f"Takk, {org.name}! Vi gleder oss til å lese mer.",
                                "Spennende! Hvor mange deltakere har dere i dag?"])
            host_replies[org.name] = add([reply], 4, nested + 1)
            nested += 1
        nxt = orgs[i + 1] if i + 1 < len(orgs) else None
        if nxt is not None and nxt.answer_at in ("previous", "nested_previous"):
            indent = 4 if nxt.answer_at == "previous" or nested == 0 else 6
            answer = _answer(nxt, rng, rng.choice([o.name for o in orgs if o is not nxt]))
            nxt.answer_text = _expected(answer)
            nxt.answer_lines = add(answer, indent, 1 if indent == 6 else nested + 1)
    lines += ["Legg igjen en kommentar", ""]
    call = {"deadlines": [f"{d1}. {month}", f"{d2}. {month}"], "questions": questions}
    return "\n".join(lines), orgs, {**call, "host_replies": host_replies}


def _ranges_cover(ranges: list[tuple[int, int]], numbers: list[int], doc: SourceDocument) -> bool:
    filled = {n for n in numbers if doc.lines[n - 1].strip()}
    covered = {n for a, b in ranges for n in range(a, b + 1)}
    return filled <= covered and all(doc.lines[a - 1].strip() for a, _ in ranges)


@pytest.mark.parametrize("seed", range(12))
def test_generated_blog_examples_get_their_own_answers(seed: int) -> None:
    text, orgs, call = render_blog(seed)
    doc = _doc(text)
    reader = CookbookReader()
    assert reader.match(doc) >= 0.8
    records = reader.read(doc).records
    assert [r.fields["role"] for r in records] == ["call"] + ["example"] * len(orgs)

    c = records[0]
    assert [d["date"] for d in c.fields["deadlines"]] == call["deadlines"]
    assert c.fields["guiding_questions"] == call["questions"]
    assert c.fields["contact_name"] == ["Trine Aasgard"]

    for record, org in zip(records[1:], orgs, strict=True):
        f = record.fields
        assert f["organisation"] == org.name, (seed, text)
        assert org.person not in record.title
        assert _ranges_cover(record.field_sources["notice"], org.notice_lines, doc)
        if org.answer_at == "none":
            assert f["answer"] is None
        else:
            assert f["answer"] == org.answer_text
            assert _ranges_cover(record.field_sources["answer"], org.answer_lines, doc)
            assert org.person in f["contact_name"]
            # the list inside the answer stays in the answer
            assert "1. Forankring hos ledelsen" in f["answer"]
        for other in orgs:
            if other is not org and other.answer_text:
                assert other.answer_text not in f["text"]
        # the host's thanks is kept apart, on the example it answers
        thanks = call["host_replies"].get(org.name)
        if thanks:
            assert [r["lines"] for r in f["replies"]] == [[[thanks[0], thanks[0]]]]
            assert f["replies"][0]["text"] not in f["text"]
        else:
            assert f["replies"] == []
        assert f"{org.place}" in " ".join(f["municipalities"])


def test_a_comment_from_the_same_organisation_joins_the_first() -> None:
    text = "\n".join([
        "Del ditt eksempel med oss", "", "Vi lager en kokebok.", "",
        "3 kommentarer til «Del ditt eksempel»", "",
        "  1. Grønn Spire er en sosial entreprenør som dyrker grønnsaker i parsellhagen.", "",
        "  2. Kafé Kompass er en sosial entreprenør som driver kafé med unge voksne.", "",
        "  3. Grønn Spire er en sosial entreprenør, og her er vår lengre tekst om parsellhagen,"
        " om samarbeidet med Nordmo kommune og om hva andre kan lære av det vi har gjort.", "",
        "Legg igjen en kommentar",
    ])
    records = CookbookReader().read(_doc(text)).records
    assert [r.fields["organisation"] for r in records[1:]] == ["Grønn Spire", "Kafé Kompass"]
    assert "lengre tekst" in records[1].fields["answer"]
    assert records[1].field_sources["answer"] == [(11, 11)]


def test_match_refuses_other_documents() -> None:
    reader = CookbookReader()
    for path in sorted(SAMPLE.glob("*.txt")):
        if path != POST:
            assert reader.match(SourceDocument.load(path)) == 0, path.name
    assert reader.match(_doc("Navn på tiltaket;Beskriv tiltaket\nA;B\n", "x.csv")) == 0
    numbered = "\n".join(f"{i}. Punkt {i}" for i in range(1, 12))
    assert reader.match(_doc("Rapport\n\n" + numbered)) == 0
