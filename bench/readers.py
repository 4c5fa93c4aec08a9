"""A yardstick for the readers on documents they have never seen: generated news,
funding announcements, reports in five languages, blog posts and Q&A reports.

    .venv/bin/python bench/readers.py [--n 10] [--seed 1] [--verbose]

Each document is made from a template with random places, projects and people, written
as plain text (a pasted page, with web furniture around it) or as the format layer's
Markdown (ATX headings, pipe tables). Every one is read by the reader the auction picks;
the script prints how often the kind is right, how often the first record's title is the
document's own title (or begins with it: «Headline – Place»), how often the language
recorded is right, how often the number of records is right (one per article, per
municipality, per funded project plus the announcement), and the F1 of the
municipalities found over all documents. Then the documents of ``bench/docs_trial.py``,
rendered as PDF, scanned PDF, DOCX, ODT and web pages, with their checks per document.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tiltaksbanken.data import load_data  # noqa: E402
from tiltaksbanken.domain.text import fold  # noqa: E402
from tiltaksbanken.sources.document import SourceDocument  # noqa: E402
from tiltaksbanken.sources.registry import pick_reader  # noqa: E402

FIRST = ["Kari", "Ola", "Ingrid", "Lars", "Siri", "Jonas", "Marte", "Anders", "Hilde", "Tor"]
LAST = ["Hansen", "Berg", "Johansen", "Lie", "Dahl", "Strand", "Moen", "Lunde", "Aas", "Holm"]
PROJECTS = ["Ung i jobb", "Heim først", "Familieløftet", "Ny start", "Vegen vidare",
            "Jobbvegen", "Saman om barna", "Bolig for alle", "Aktiv kvardag", "Neste steg"]
FURNITURE = ["Hopp til hovedinnhold", "Meny", "Søk", "No results found", "Nyhetsbrev",
             "Del på Facebook", "Copied!"]
SV_TOWNS = ["Uppsala", "Västerås", "Örebro", "Linköping", "Gävle"]
DA_TOWNS = ["Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle"]


@dataclass
class Doc:
    kind_name: str  # the template
    name: str
    text: str
    kind: str
    title: str
    places: set[str]
    language: str | None = None
    items: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


def _towns(rng: random.Random, k: int) -> list[str]:
    names = [m["name"] for m in load_data("places.json")["municipalities"]
             if " " not in m["name"] and "-" not in m["name"] and len(m["name"]) >= 5]
    return rng.sample(names, k)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _h(md: bool, level: int, text: str) -> str:
    return f"{'#' * level} {text}" if md else text


def _pre(rng: random.Random, md: bool) -> list[str]:
    if md:
        return []
    return [*rng.sample(FURNITURE, 2), ""]


def news_single(rng: random.Random, i: int) -> Doc:
    md = rng.random() < 0.5
    nn = rng.random() < 0.4
    a = expected = _towns(rng, 1)[0]
    p = rng.choice(PROJECTS)
    who = _person(rng)
    if nn:
        head = f"{a} kommune satsar på {p.lower()} for unge vaksne"
        body = [
            f"{a} kommune og NAV {a} har starta prosjektet «{p}», som skal hjelpe unge "
            "vaksne ut i arbeid. Prosjektet er eit samarbeid mellom fleire tenester.",
            "",
            _h(md, 2, "Kva var målet?"),
            "",
            "Målet var å gje kvar deltakar ei fast kontaktperson og tett oppfølging. "
            "Ein kommune som vil prøve det same, kan ta kontakt.",
            "",
            f"– Vi ser at det nyttar, seier NAV-leiar i {a}, {who}.",
        ]
    else:
        where = f"{a} kommune"
        if rng.random() < 0.4:  # a city district: the place is the city it lies in
            district = rng.choice([d for d in load_data("places.json")["districts"]
                                   if d["city"] != "Oslo"])
            a, where, expected = district["name"], f"bydel {district['name']}", district["city"]
        head = f"Nytt prosjekt i {a} skal få flere unge i jobb"
        body = [
            f"NAV {a} har sammen med {where} startet prosjektet «{p}». Prosjektet skal "
            "gi unge voksne tett oppfølging på veien til arbeid og utdanning.",
            "",
            _h(md, 2, "Hva var målet?"),
            "",
            "En kommune som vil lære av erfaringene, kan ta kontakt med prosjektet. Målet er "
            "at flere skal komme i jobb eller skole etter ett år.",
            "",
            f"– Vi ser at det virker, sier NAV-leder i {a}, {who}.",
        ]
    lines = [*_pre(rng, md), _h(md, 1, head), "", "Publisert 12.03.2024", "", *body, ""]
    return Doc("news", f"news{i}.{'md' if md else 'txt'}", "\n".join(lines), "news", head,
               {expected}, "nn" if nn else "nb", items=1)


def news_multi(rng: random.Random, i: int) -> Doc:
    md = rng.random() < 0.5
    towns = _towns(rng, 3)
    head = "Nytt fra nettverket: kommunene deler erfaringer"
    lines = [*_pre(rng, md), _h(md, 1, head), "",
             f"{towns[0]}, {towns[1]} og {towns[2]} fortalte på samlingen hvordan deltakelse "
             "i nettverket har gitt nye tiltak.", ""]
    for t in towns:
        p = rng.choice(PROJECTS)
        lines += [_h(md, 2, t), "",
                  f"{t} kommune har etablert prosjektet «{p}» i samarbeid med NAV {t}. "
                  "Målet er å redusere behovet for midlertidige boliger.", "",
                  _h(md, 3, "Hva var målet?"), "",
                  "Tiltaket skal gi familiene én fast kontakt. Erfaringene så langt er gode, "
                  "og kommunen vil videreføre arbeidet.", ""]
    return Doc("news_multi", f"multi{i}.{'md' if md else 'txt'}", "\n".join(lines), "news",
               head, set(towns), "nb", items=3)


def funding(rng: random.Random, i: int) -> Doc:
    md = rng.random() < 0.5
    nn = rng.random() < 0.5
    towns = _towns(rng, 3)
    projects = rng.sample(PROJECTS, 3)
    if nn:
        head = "Statsforvaltaren har fordelt tilskot til utvikling av sosiale tenester"
        intro = ("Statsforvaltaren har fordelt tilskot til kommunar som vil utvikle dei "
                 "sosiale tenestene i NAV. Desse kontora får midlar i år:")
        unit = "stillingar"
    else:
        head = "Statsforvalteren har fordelt tilskudd til utvikling av sosiale tjenester"
        intro = ("Statsforvalteren har fordelt tilskudd til kommuner som vil utvikle de "
                 "sosiale tjenestene i NAV. Disse kontorene får midler i år:")
        unit = "stillinger"
    lines = [*_pre(rng, md), _h(md, 1, head), "", intro, ""]
    if md and rng.random() < 0.5:
        lines += ["| NAV-kontor | Prosjekt | Stillinger | Beløp |", "| --- | --- | --- | --- |"]
        for t, p in zip(towns, projects, strict=True):
            lines.append(f"| NAV {t} | {p} | {rng.randint(1, 3)} | {rng.randint(3, 19) * 100:,} 000 kr |"
                         .replace(",", " "))
    else:
        for t, p in zip(towns, projects, strict=True):
            amount = f"{rng.randint(3, 19) * 100:,} 000".replace(",", " ")
            lines.append(f"- NAV {t}: «{p}», {rng.randint(1, 3)} {unit}, {amount} kroner")
    lines += ["", "Søknadsfristen for neste år blir kunngjort seinare." if nn
              else "Søknadsfristen for neste år kunngjøres senere.", ""]
    return Doc("funding", f"fund{i}.{'md' if md else 'txt'}", "\n".join(lines), "news", head,
               set(towns), "nn" if nn else "nb", items=4)


REPORT = {
    "nb": dict(title="Evaluering av {p} i {a} kommune", kind="Rapport", client="Oppdragsgiver",
               author="Utført av", toc="Innhold", fore="Forord", summ="Sammendrag",
               ch=["Innledning", "Metode og datagrunnlag", "Organisering og forankring",
                   "Resultater og måloppnåelse", "Konklusjoner"],
               sec=["Bakgrunn", "Problemstillinger"],
               text="Prosjektet i {a} kommune har gitt deltakerne tettere oppfølging, og "
                    "NAV {a} har endret arbeidsmåten sin. Vi har intervjuet ansatte og deltakere "
                    "om hvordan tiltaket virker."),
    "nn": dict(title="Evaluering av {p} i {a} kommune", kind="Rapport", client="Oppdragsgivar",
               author="Utført av", toc="Innhald", fore="Føreord", summ="Samandrag",
               ch=["Innleiing", "Metode og datagrunnlag", "Organisering og forankring",
                   "Resultat og måloppnåing", "Konklusjonar"],
               sec=["Bakgrunn", "Problemstillingar"],
               text="Prosjektet i {a} kommune har gjeve deltakarane tettare oppfølging, og "
                    "NAV {a} har endra arbeidsmåten sin. Vi har intervjua tilsette og deltakarar "
                    "om korleis tiltaket verkar."),
    "sv": dict(title="Utvärdering av projektet {p} i {a}", kind="Rapport",
               client="Uppdragsgivare", author="Författare", toc="Innehåll", fore="Förord",
               summ="Sammanfattning",
               ch=["Inledning", "Metod och material", "Organisation och förankring",
                   "Resultat och måluppfyllelse", "Slutsatser"],
               sec=["Bakgrund", "Frågeställningar"],
               text="Projektet i {a} har gett deltagarna ett närmare stöd och samordningsförbundet "
                    "har förändrat sitt arbetssätt. Vi har intervjuat personal och deltagare om "
                    "hur insatsen fungerar och vad som inte har fungerat."),
    "da": dict(title="Evaluering af projektet {p} i {a} Kommune", kind="Rapport",
               client="Udarbejdet for", author="Udarbejdet af", toc="Indholdsfortegnelse",
               fore="Forord", summ="Resumé",
               ch=["Indledning", "Metode og data", "Organisering og forankring",
                   "Resultater og målopfyldelse", "Konklusion"],
               sec=["Baggrund", "Undersøgelsens spørgsmål"],
               text="Projektet i {a} Kommune har givet borgerne en tættere opfølgning, og "
                    "jobcentret har ændret sin måde at arbejde på. Vi har interviewet "
                    "medarbejdere og borgere om hvordan indsatsen virker, og hvad der ikke virker."),
    "en": dict(title="Evaluation of the {p} project in {a}", kind="Report", client="Commissioned by",
               author="Prepared by", toc="Contents", fore="Preface", summ="Summary",
               ch=["Introduction", "Methods and data", "Organisation and anchoring",
                   "Results and goal attainment", "Conclusions"],
               sec=["Background", "Research questions"],
               text="The project in {a} has given the participants closer follow-up, and the "
                    "NAV office has changed the way it works. We have interviewed staff and "
                    "participants about how the measure works and what has not worked."),
}


def report(rng: random.Random, i: int, lang: str) -> Doc:
    md = rng.random() < 0.5
    v = REPORT[lang]
    if lang == "sv":
        a, places = rng.choice(SV_TOWNS), set()
    elif lang == "da":
        a, places = rng.choice(DA_TOWNS), set()
    else:
        a = _towns(rng, 1)[0]
        places = {a}
    p = rng.choice(PROJECTS)
    title = v["title"].format(p=p, a=a)
    org = rng.choice(["Proba samfunnsanalyse", "Rambøll Management Consulting", "Fafo",
                      "NTNU Samfunnsforskning"])
    text = v["text"].format(a=a)
    lines = [*_pre(rng, md), _h(md, 1, title), "", f"{v['kind']} {rng.randint(2010, 2024)}:"
             f"{rng.randint(1, 20)}", "", f"{v['client']}: Statsforvalteren", f"{v['author']}: {org}",
             "", _h(md, 2, v["toc"]), ""]
    lines += [f"{v['fore']} .......... 3", f"{v['summ']} .......... 4"]
    for n, ch in enumerate(v["ch"], 1):
        lines.append(f"{n} {ch} .......... {n * 3 + 2}")
    lines += ["", _h(md, 2, v["fore"]), "", text, "", _h(md, 2, v["summ"]), "", text, ""]
    for n, ch in enumerate(v["ch"], 1):
        lines += [_h(md, 2, f"{n} {ch}"), "", text, ""]
        if n <= 2:
            for k, s in enumerate(v["sec"], 1):
                lines += [_h(md, 3, f"{n}.{k} {s}"), "", text, ""]
    return Doc(f"report_{lang}", f"report_{lang}{i}.{'md' if md else 'txt'}", "\n".join(lines),
               "evaluation", title, places, lang)


def report_lean(rng: random.Random, i: int) -> Doc:
    """A pasted report without a table of contents: «1. Innledning» chapters, a summary,
    a client line, and a site footer after it."""
    v = REPORT["nb"]
    a = _towns(rng, 1)[0]
    title = v["title"].format(p=rng.choice(PROJECTS), a=a)
    text = v["text"].format(a=a)
    lines = [title, "", "Oppdragsgiver: Statsforvalteren", "", v["summ"], "", text, ""]
    for n, ch in enumerate(v["ch"][: rng.randint(3, 5)], 1):
        lines += [f"{n}. {ch}", "", text, ""]
    lines += ["Kontakt oss", "Personvern", "Del på Facebook", ""]
    return Doc("report_lean", f"lean{i}.txt", "\n".join(lines), "evaluation", title, {a}, "nb")


def transcript(rng: random.Random, i: int, lang: str) -> Doc:
    """A docplayer-style transcript: a web header, then one numbered line per PDF page that
    starts with the running header and the printed page number."""
    v = REPORT[lang]
    a = rng.choice(SV_TOWNS if lang == "sv" else DA_TOWNS)
    title = v["title"].format(p=rng.choice(PROJECTS), a=a)
    text = v["text"].format(a=a)
    header = "RAPPORT"
    pages = [f"{title} {v['client']}: Statsforvalteren", f"{v['toc']} " + " ".join(
        f"{n} {ch} {n + 2}" for n, ch in enumerate(v["ch"], 1))]
    caps = rng.random() < 0.5  # chapter headings in capitals or in sentence case
    for n, ch in enumerate(v["ch"], 1):
        pages.append(f"{n}. {ch.upper() if caps else ch} {text} {text}")
    lines = [title, "", "Transkript", ""]
    lines += [f"{k} {header} {k} {page}" for k, page in enumerate(pages, 1)]
    return Doc(f"transcript_{lang}", f"tr_{lang}{i}.txt", "\n".join(lines), "evaluation", title,
               set(), lang)


def blog_post(rng: random.Random, i: int) -> Doc:
    en = rng.random() < 0.5
    n = rng.randint(3, 5)
    if en:
        title = "What we learned from a year of social entrepreneurship"
        post = ["Last year we followed a number of social enterprises that work with local "
                "authorities. This post sums up what we have seen so far.", "",
                "The most important lesson is that collaboration takes time, and that trust "
                "between the partners matters more than contracts."]
        heading = f"{n} comments on “{title}”"
        said, body = "says:", "Thank you for a very interesting post. We have had the same experience."
    else:
        title = "Hva vi har lært av et år med sosialt entreprenørskap"
        post = ["I fjor fulgte vi en rekke sosiale entreprenører som samarbeider med kommunene. "
                "Her oppsummerer vi hva vi har sett så langt.", "",
                "Den viktigste lærdommen er at samarbeid tar tid, og at tillit mellom partene "
                "betyr mer enn kontrakter."]
        heading = f"{n} kommentarer til «{title}»"
        said, body = "skriver:", "Takk for et veldig interessant innlegg. Vi har samme erfaring."
    lines = [title, "", "Posted 3 May 2023" if en else "Publisert 3. mai 2023", "", *post, "",
             heading, ""]
    for k in range(1, n + 1):
        lines += [f"  {k}. {_person(rng)} {said}", f"     {k}. juni 2023 kl. 10:0{k}",
                  f"     {body}", ""]
    return Doc("blog", f"blog{i}.txt", "\n".join(lines), "document", title, set(),
               "en" if en else "nb", items=1)


QA = [
    ("Hva heter tiltaket?", "{p}"),
    ("Hvilket NAV-kontor har ansvaret for tiltaket?", "NAV {a}"),
    ("Når startet tiltaket?", "Tiltaket startet i februar 2023."),
    ("Hvem er målgruppen?", "Unge voksne mellom 18 og 29 år som mottar økonomisk sosialhjelp."),
    ("Beskriv tiltaket", "Deltakerne får en fast veileder og tett oppfølging i {a} kommune."),
    ("Hva har dere oppnådd med tiltaket?", "Om lag halvparten av deltakerne er i arbeid eller "
     "utdanning etter ett år."),
    ("Hva er de viktigste utfordringene?", "Det har vært krevende å rekruttere nok deltakere."),
    ("Skal tiltaket videreføres?", "Ja, gjennom kommunens ordinære budsjett."),
]


def qa_report(rng: random.Random, i: int) -> Doc:
    md = rng.random() < 0.5
    a = _towns(rng, 1)[0]
    p = rng.choice(PROJECTS)
    title = f"Fremdriftsrapport for {p}"
    lines = [_h(md, 1, title), ""]
    for q, ans in QA:
        lines += [f"**{q}**" if md else q, ans.format(p=p, a=a), ""]
    return Doc("qa", f"qa{i}.{'md' if md else 'txt'}", "\n".join(lines), "tiltak", p, {a}, "nb",
               items=1)


def documents(n: int, seed: int) -> list[Doc]:
    rng = random.Random(seed)
    out: list[Doc] = []
    for i in range(n):
        out += [news_single(rng, i), news_multi(rng, i), funding(rng, i), blog_post(rng, i),
                qa_report(rng, i)]
        out += [report(rng, i, lang) for lang in REPORT]
        out += [report_lean(rng, i), transcript(rng, i, "sv"), transcript(rng, i, "da")]
    return out


def _read(d: Doc) -> tuple[str, list]:
    doc = SourceDocument(path=Path(d.name), data=d.text.encode("utf-8"))
    reader = pick_reader(doc)
    return reader.name, reader.read(doc).records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10, help="documents per template")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--no-trial", action="store_true",
                    help="skip the rendered PDF/scan/DOCX/ODT/HTML documents (bench/docs_trial.py)")
    args = ap.parse_args()
    kind_ok: Counter[str] = Counter()
    title_ok: Counter[str] = Counter()
    lang_ok: Counter[str] = Counter()
    items_ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    tp = fp = fn = 0
    for d in documents(args.n, args.seed):
        total[d.kind_name] += 1
        try:
            reader, records = _read(d)
        except Exception as exc:  # a reader that fails is a miss on every count
            reader, records = f"error: {exc}", []
        kinds = {r.kind for r in records}
        k_ok = d.kind in kinds and (records[0].kind == d.kind)
        kind_ok[d.kind_name] += k_ok
        first = records[0].title if records else ""
        t_ok = fold(first) == fold(d.title) or fold(first).startswith(fold(d.title + " – "))
        title_ok[d.kind_name] += t_ok
        found = {m for r in records for m in r.fields.get("municipalities") or []}
        tp += len(found & d.places)
        fp += len(found - d.places)
        fn += len(d.places - found)
        langs = [r.fields.get("language") for r in records]
        lang_ok[d.kind_name] += bool(langs) and langs[0] == d.language
        items_ok[d.kind_name] += d.items is None or len(records) == d.items
        if args.verbose and (not k_ok or not t_ok or found != d.places):
            print(f"{d.name:16} {reader:10} kinds={sorted(kinds)} n={len(records)}"
                  f"\n    title={first!r}\n    want ={d.title!r}"
                  f"\n    places={sorted(found)} want={sorted(d.places)}")
    print(f"{'template':12} {'n':>3} {'kind':>6} {'title':>6} {'lang':>6} {'items':>6}")
    for name in total:
        n = total[name]
        print(f"{name:12} {n:3} {kind_ok[name] / n:6.2f} {title_ok[name] / n:6.2f} "
              f"{lang_ok[name] / n:6.2f} {items_ok[name] / n:6.2f}")
    n = sum(total.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{'all':12} {n:3} {sum(kind_ok.values()) / n:6.2f} {sum(title_ok.values()) / n:6.2f} "
          f"{sum(lang_ok.values()) / n:6.2f} {sum(items_ok.values()) / n:6.2f}")
    print(f"place P={precision:.2f} R={recall:.2f} F1={f1:.2f}")
    if not args.no_trial:  # the same readers on files in the formats people bring them
        from docs_trial import report, run

        print()
        report(run(verbose=args.verbose))


if __name__ == "__main__":
    main()
