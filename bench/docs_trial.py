"""Documents as people bring them: twelve real-like files in the formats they arrive in.

    PYTHONPATH=$PWD .venv/bin/python bench/docs_trial.py [--out DIR] [--verbose]

Each document is written here in the style of a real public Norwegian (or Swedish,
Danish, English) document and rendered as a PDF with running headers and page numbers,
a scanned PDF (rendered, rotated, speckled), DOCX with a table and headers/footers,
ODT or a saved web page with menus, a cookie banner and a footer. Each is read through
the format layer and the reader the auction picks; the script checks kind, title,
language, stated date, municipalities, that the lines a record cites for its
municipalities name them, and that no page furniture is left in a record's fields.
``bench/readers.py`` adds these checks to its score.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tiltaksbanken.domain.places import place_mentions  # noqa: E402
from tiltaksbanken.domain.text import fold  # noqa: E402
from tiltaksbanken.sources.document import SourceDocument  # noqa: E402
from tiltaksbanken.sources.registry import pick_reader  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass
class Trial:
    """A document, its blocks (``("h1"|"h2"|"p"|"table", content)``) and what a reader
    should find in it."""

    name: str
    fmt: str  # pdf, scan, docx, odt, html
    blocks: list[tuple[str, object]]
    kind: str
    title: str
    language: str
    places: set[str]
    date: str | None = None
    furniture: list[str] = field(default_factory=list)  # header/footer/banner text
    meta_created: str | None = None  # a DOCX «created» property older than the stated date


def _p(*parts: str) -> tuple[str, str]:
    return ("p", " ".join(parts))


QUESTIONS = [
    ("Navn på tiltaket", "{p}"),
    ("Navn på NAV-kontoret", "NAV {a}"),
    ("Når startet tiltaket?", "Tiltaket startet i februar 2023."),
    ("Beskriv målgruppen", "Unge voksne mellom 18 og 29 år som mottar økonomisk sosialhjelp "
     "og som har falt ut av videregående skole."),
    ("Beskriv tiltaket", "Deltakerne får en fast veileder og tett oppfølging av en "
     "jobbspesialist i {a} kommune, etter modellen for individuell jobbstøtte."),
    ("Beskriv hva dere har oppnådd med tiltaket", "Om lag halvparten av deltakerne er i arbeid "
     "eller utdanning etter ett år, og behovet for økonomisk stønad har gått ned."),
    ("Beskriv de viktigste utfordringene knyttet til tiltaket", "Det har vært krevende å "
     "rekruttere nok deltakere og å få arbeidsgivere til å ta imot dem."),
    ("Beskriv de viktigste suksessfaktorene til tiltaket", "Tett samarbeid med "
     "oppfølgingstjenesten og en leder som har prioritert arbeidet."),
    ("Skal deler eller hele tiltaket videreføres?", "Ja, gjennom kommunens ordinære budsjett."),
]


def status_report(a: str, p: str, table: bool) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = [("h1", f"Statusrapport for {p}"),
                                        _p("Dato: 14. februar 2024"),
                                        _p(f"Rapporten gjelder tilskudd til utvikling av sosiale "
                                           f"tjenester i NAV {a}.")]
    if table:
        blocks.append(("table", [["Spørsmål", "Svar"]]
                       + [[q, ans.format(a=a, p=p)] for q, ans in QUESTIONS]))
    else:
        for q, ans in QUESTIONS:
            blocks += [("h2", q), _p(ans.format(a=a, p=p))]
    return blocks


EVAL_CHAPTERS = {
    "nb": ["Innledning", "Metode og datagrunnlag", "Organisering og forankring",
           "Resultater og måloppnåelse", "Konklusjoner og anbefalinger"],
    "nn": ["Innleiing", "Metode og datagrunnlag", "Organisering og forankring",
           "Resultat og måloppnåing", "Konklusjonar"],
    "sv": ["Inledning", "Metod och material", "Organisation och samverkan",
           "Resultat och måluppfyllelse", "Slutsatser och rekommendationer"],
    "da": ["Indledning", "Metode og data", "Organisering og samarbejde",
           "Resultater og målopfyldelse", "Konklusion og anbefalinger"],
    "en": ["Introduction", "Methods and data", "Organisation and anchoring",
           "Results and goal attainment", "Conclusions"],
}
EVAL_WORDS = {
    "nb": ("Innhold", "Forord", "Sammendrag", "Oppdragsgiver: Statsforvalteren i {c}",
           "Prosjektet i {a} kommune har gitt deltakerne tettere oppfølging, og NAV {a} har "
           "endret arbeidsmåten sin. Vi har intervjuet ansatte, ledere og deltakere om hvordan "
           "tiltaket virker, og sammenlignet tallene med andre kommuner i fylket."),
    "nn": ("Innhald", "Føreord", "Samandrag", "Oppdragsgivar: Statsforvaltaren i {c}",
           "Prosjektet i {a} kommune har gjeve deltakarane tettare oppfølging, og NAV {a} har "
           "endra arbeidsmåten sin. Vi har intervjua tilsette, leiarar og deltakarar om korleis "
           "tiltaket verkar, og samanlikna tala med andre kommunar i fylket."),
    "sv": ("Innehåll", "Förord", "Sammanfattning", "Uppdragsgivare: Samordningsförbundet {a}",
           "Projektet i {a} kommun har gett deltagarna ett närmare stöd, och "
           "samordningsförbundet har förändrat sitt arbetssätt. Vi har intervjuat personal och "
           "deltagare om hur insatsen fungerar och vad som inte har fungerat."),
    "da": ("Indholdsfortegnelse", "Forord", "Resumé", "Udarbejdet for: {a} Kommune",
           "Projektet i {a} Kommune har givet borgerne en tættere opfølgning, og jobcentret har "
           "ændret sin måde at arbejde på. Vi har interviewet medarbejdere og borgere om hvordan "
           "indsatsen virker, og hvad der ikke virker."),
    "en": ("Contents", "Preface", "Summary", "Commissioned by: the County Governor of {c}",
           "The project in {a} has given the participants closer follow-up, and the NAV office "
           "has changed the way it works. We have interviewed staff, managers and participants "
           "about how the measure works and compared the figures with other municipalities."),
}


def evaluation(title: str, lang: str, a: str, c: str, date: str) -> list[tuple[str, object]]:
    toc, fore, summ, client, text = EVAL_WORDS[lang]
    text = text.format(a=a)
    chapters = EVAL_CHAPTERS[lang]
    blocks: list[tuple[str, object]] = [("h1", title), _p(date), _p(client.format(a=a, c=c)),
                                        ("h2", toc)]
    blocks += [_p(f"{n} {ch} .......... {n * 2 + 3}") for n, ch in enumerate(chapters, 1)]
    blocks += [("h2", fore), _p(text), ("h2", summ), _p(text, text)]
    for n, ch in enumerate(chapters, 1):
        blocks += [("h2", f"{n} {ch}"), _p(text), _p(text)]
    return blocks


def trials(seed: int = 1) -> list[Trial]:
    rng = random.Random(seed)
    del rng  # the documents are fixed; the seed is kept for the command line
    out = [
        Trial("status_prosa.pdf", "pdf", status_report("Tynset", "Jobbvegen", table=False),
              "tiltak", "Jobbvegen", "nb", {"Tynset"}, "14. februar 2024",
              ["STATUSRAPPORT 2024", "Side 1 av"]),
        Trial("sluttrapport_tabell.docx", "docx", status_report("Gjøvik", "Ny start", table=True),
              "tiltak", "Ny start", "nb", {"Gjøvik"}, "14. februar 2024",
              ["Tilskudd til sosiale tjenester", "Side"], meta_created="2019-05-02"),
        Trial("status_skannet.pdf", "scan", status_report("Sortland", "Heim først", table=False),
              "tiltak", "Heim først", "nb", {"Sortland"}, "14. februar 2024"),
        Trial("tilskudd_per_kommune.html", "html", [
            ("h1", "Statsforvaltaren har fordelt tilskot til sosiale tenester i NAV"),
            _p("Publisert 3. mars 2024"),
            _p("Statsforvaltaren har fordelt 6,2 millionar kroner til kommunar som vil utvikle "
               "dei sosiale tenestene i NAV. Her er ein omtale av tiltaka som får midlar."),
            ("h2", "Førde"),
            _p("NAV Sunnfjord får 1 200 000 kroner til prosjektet «Ung i jobb» i Førde kommune, "
               "der unge vaksne får tett oppfølging av ein jobbspesialist."),
            ("h2", "Stryn"),
            _p("Stryn kommune får 800 000 kroner til ein familiekoordinator i NAV Stryn, som skal "
               "gje barnefamiliar med låg inntekt éin fast kontakt."),
            ("h2", "Voss"),
            _p("Voss herad får 950 000 kroner til gjeldsrådgjeving for unge. NAV Voss samarbeider "
               "med frivillige organisasjonar i kommunen."),
        ], "news", "Statsforvaltaren har fordelt tilskot til sosiale tenester i NAV", "nn",
            {"Sunnfjord", "Stryn", "Voss"}, "3. mars 2024",
            ["Vi bruker informasjonskapsler", "Hopp til hovedinnhold", "Følg oss på Facebook"]),
        Trial("referat_nettverk.odt", "odt", [
            ("h1", "Referat fra nettverkssamling om boligsosialt arbeid"),
            _p("Dato: 12. september 2024"),
            _p("Nettverket samlet NAV-kontorene i Innlandet for å dele erfaringer med "
               "boligsosialt arbeid og Housing First."),
            ("h2", "Ringsaker"),
            _p("Ringsaker kommune fortalte om arbeidet med å skaffe varige boliger til "
               "bostedsløse, der NAV Ringsaker har fått en egen boveileder."),
            ("h2", "Elverum"),
            _p("Elverum kommune har etablert et tverrfaglig team som følger opp personer med "
               "rus og psykiske lidelser i egen bolig."),
            ("h2", "Videre arbeid"),
            _p("Neste møte: Lillehammer, 14. november 2024. Nettverket avslutter samlingen "
               "med en felles lunsj."),
        ], "news", "Referat fra nettverkssamling om boligsosialt arbeid", "nb",
            {"Ringsaker", "Elverum"}, "12. september 2024"),
        Trial("ks_nyhet.html", "html", [
            ("h1", "Kommunene i Agder samarbeider om flere unge i jobb"),
            _p("Publisert 21. mai 2024"),
            _p("Kristiansand kommune og NAV Kristiansand har sammen med fylkeskommunen startet "
               "et prosjekt som skal gi unge som har falt ut av skolen en ny sjanse."),
            ("h2", "Hva var målet?"),
            _p("Målet er at flere unge skal fullføre videregående opplæring eller komme i "
               "arbeid. En kommune som vil lære av erfaringene, kan ta kontakt med KS."),
            _p("– Vi ser allerede at det virker, sier NAV-leder i Kristiansand, Hilde Lunde."),
        ], "news", "Kommunene i Agder samarbeider om flere unge i jobb", "nb", {"Kristiansand"},
            "21. mai 2024", ["Vi bruker informasjonskapsler", "Meld deg på nyhetsbrevet",
                             "Kontakt KS"]),
        Trial("evaluering_nb.pdf", "pdf", evaluation(
            "Evaluering av Familieløftet i Bodø kommune", "nb", "Bodø", "Nordland", "Juni 2023"),
            "evaluation", "Evaluering av Familieløftet i Bodø kommune", "nb", {"Bodø"},
            "Juni 2023", ["RAPPORT 2023:7", "Side 2 av"]),
        Trial("tilsynsrapport.docx", "docx", [
            ("h1", "Rapport fra tilsyn med sosiale tjenester i NAV Lier"),
            _p("Dato: 5. oktober 2023"),
            _p("Statsforvalteren i Oslo og Viken har ført tilsyn med Lier kommune sine "
               "sosiale tjenester i NAV Lier. Tilsynet gjaldt opplysning, råd og veiledning "
               "og økonomisk stønad etter sosialtjenesteloven."),
            ("h2", "1 Innledning"),
            _p("Tilsynet ble gjennomført som et systemrevisjonstilsyn. Vi har gått gjennom "
               "dokumenter og intervjuet ledere og ansatte ved NAV-kontoret."),
            ("h2", "2 Hva vi fant"),
            _p("Kommunen sikrer ikke at søknader om økonomisk stønad blir kartlagt godt nok, "
               "og vedtakene begrunnes ikke alltid individuelt."),
            ("h2", "3 Konklusjon"),
            _p("Lier kommune bryter sosialtjenesteloven § 18 og § 17. Kommunen må rette "
               "forholdene og sende en plan til Statsforvalteren innen tre måneder."),
        ], "evaluation", "Rapport fra tilsyn med sosiale tjenester i NAV Lier", "nb", {"Lier"},
            "5. oktober 2023", ["Tilsynsrapport 2023/41", "Side"],
            meta_created="2018-01-10"),
        Trial("rapport_nynorsk.odt", "odt", evaluation(
            "Evaluering av Heim først i Førde kommune", "nn", "Førde", "Vestland", "Mai 2022"),
            "evaluation", "Evaluering av Heim først i Førde kommune", "nn", {"Sunnfjord"},
            "Mai 2022"),
        Trial("rapport_svensk.pdf", "pdf", evaluation(
            "Utvärdering av projektet Vägen vidare i Västerås", "sv", "Västerås", "", "Mars 2021"),
            "evaluation", "Utvärdering av projektet Vägen vidare i Västerås", "sv", set(),
            "Mars 2021", ["RAPPORT 2021:3"]),
        Trial("rapport_dansk.docx", "docx", evaluation(
            "Evaluering af projektet Ny start i Odense Kommune", "da", "Odense", "", "April 2022"),
            "evaluation", "Evaluering af projektet Ny start i Odense Kommune", "da", set(),
            "April 2022", ["Odense Kommune · Beskæftigelse"]),
        Trial("summary_en.html", "html", evaluation(
            "Evaluation of the Saman om barna project in Molde", "en", "Molde", "Møre og Romsdal",
            "Published 2 February 2024"),
            "evaluation", "Evaluation of the Saman om barna project in Molde", "en", {"Molde"},
            "2 February 2024", ["We use cookies", "Skip to main content"]),
    ]
    return out


# --- rendering ---------------------------------------------------------------------------

def _fpdf(t: Trial) -> bytes:
    from fpdf import FPDF

    header = t.furniture[0] if t.furniture else ""

    class Pdf(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("dv", size=8)
                self.cell(0, 6, header, align="R", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("dv", size=8)
            self.cell(0, 6, f"Side {self.page_no()} av {{nb}}", align="C")

    pdf = Pdf()
    pdf.alias_nb_pages()
    pdf.add_font("dv", fname=FONT)
    pdf.add_font("dv", style="B", fname=FONT_BOLD)
    pdf.set_title(t.title)
    pdf.add_page()
    for kind, content in t.blocks:
        if kind in ("h1", "h2"):
            if kind == "h2" and content[:1].isdigit():
                pdf.add_page()  # chapters start on a new page, as in a printed report
            pdf.set_font("dv", "B", 18 if kind == "h1" else 13)
            pdf.multi_cell(0, 9, str(content), new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.set_font("dv", size=10)
            with pdf.table(col_widths=(60, 120)) as table:
                for row in content:  # type: ignore[union-attr]
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
        else:
            pdf.set_font("dv", size=11)
            pdf.multi_cell(0, 6, str(content), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def _scan(t: Trial) -> bytes:
    import pypdfium2
    from PIL import ImageFilter

    pdf = pypdfium2.PdfDocument(_fpdf(t))
    rng = random.Random(len(t.name))
    pages = []
    for page in pdf:
        img = page.render(scale=200 / 72).to_pil().convert("L")
        img = img.rotate(rng.uniform(-1.2, 1.2), expand=True, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        px = img.load()
        for _ in range(img.width * img.height // 3000):
            px[rng.randrange(img.width), rng.randrange(img.height)] = 0
        pages.append(img.convert("RGB"))
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def _docx(t: Trial) -> bytes:
    from datetime import datetime

    from docx import Document

    d = Document()
    section = d.sections[0]
    if t.furniture:
        section.header.paragraphs[0].text = t.furniture[0]
        section.footer.paragraphs[0].text = t.furniture[-1] + " 1"
    d.core_properties.title = ""
    if t.meta_created:
        d.core_properties.created = datetime.fromisoformat(t.meta_created)
    for kind, content in t.blocks:
        if kind == "h1":
            d.add_heading(str(content), level=0)
        elif kind == "h2":
            d.add_heading(str(content), level=1)
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        else:
            d.add_paragraph(str(content))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt(t: Trial) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, P

    d = OpenDocumentText()
    for level in (1, 2):
        s = Style(name=f"Heading {level}", family="paragraph")
        s.addElement(TextProperties(fontsize=f"{20 - 4 * level}pt", fontweight="bold"))
        d.styles.addElement(s)
    for kind, content in t.blocks:
        if kind in ("h1", "h2"):
            level = 1 if kind == "h1" else 2
            d.text.addElement(H(outlinelevel=level, stylename=f"Heading {level}",
                                text=str(content)))
        else:
            d.text.addElement(P(text=str(content)))
    buf = io.BytesIO()
    d.write(buf)
    return buf.getvalue()


def _html(t: Trial) -> bytes:
    from html import escape

    body = []
    for kind, content in t.blocks:
        tag = {"h1": "h1", "h2": "h2"}.get(kind, "p")
        body.append(f"<{tag}>{escape(str(content))}</{tag}>")
    noise = t.furniture or ["Meny"]
    page = f"""<!DOCTYPE html><html lang="{t.language}"><head><meta charset="utf-8">
<title>{escape(t.title)} | Nettstedet</title></head><body>
<div id="cookie-banner" class="cookie"><p>{escape(noise[0])}. Les mer om personvern.</p>
<button>Godta alle</button></div>
<header><nav><a href="/">{escape(noise[1] if len(noise) > 1 else 'Forside')}</a>
<a href="/tema">Tema</a><a href="/om">Om oss</a></nav></header>
<main><article>{''.join(body)}</article>
<aside class="related"><h3>Relaterte saker</h3><ul><li><a href="/a">Nytt tilskudd til
kommunene</a></li></ul></aside></main>
<footer><p>{escape(noise[-1])}</p><p>Org.nr. 971 032 146 · Personvern · Tilgjengelighet</p>
</footer></body></html>"""
    return page.encode("utf-8")


RENDER = {"pdf": _fpdf, "scan": _scan, "docx": _docx, "odt": _odt, "html": _html}


def render(t: Trial) -> bytes:
    return RENDER[t.fmt](t)


# --- checking ----------------------------------------------------------------------------

CHECKS = ("read", "kind", "title", "lang", "date", "places", "cited", "furniture")


def check(t: Trial, data: bytes) -> tuple[dict[str, bool], str]:
    """The checks ``t`` passes, and a line saying what was found."""
    doc = SourceDocument(path=Path(t.name), data=data)
    try:
        reader = pick_reader(doc)
        records = reader.read(doc).records
    except Exception as exc:
        return {c: False for c in CHECKS}, f"error: {exc}"
    first = records[0] if records else None
    title = first.title if first else ""
    found = {m for r in records for m in r.fields.get("municipalities") or []}
    from tiltaksbanken.sources.formats.meta import document_date

    date = document_date(doc.lines, doc.converted)
    cited = True
    for r in records:
        for m in r.fields.get("municipalities") or []:
            spans = r.field_sources.get("municipalities") or []
            named = {p.municipality for a, b in spans
                     for p in place_mentions("\n".join(doc.lines[a - 1 : b]))}
            cited &= m in named
    furniture = [f for f in t.furniture if any(
        fold(f) in fold(str(v)) for r in records for v in r.fields.values())]
    ok = {
        "read": bool(records),
        "kind": bool(first) and first.kind == t.kind,
        "title": fold(title) == fold(t.title) or fold(title).startswith(fold(t.title + " – ")),
        "lang": bool(first) and first.fields.get("language") == t.language,
        "date": t.date is None or (date is not None and fold(t.date) in fold(date)),
        "places": found == t.places,
        "cited": cited,
        "furniture": not furniture,
    }
    info = (f"{reader.name} n={len(records)} kind={first.kind if first else None} "
            f"title={title!r} lang={first.fields.get('language') if first else None} "
            f"date={date!r} places={sorted(found)} furniture={furniture}")
    return ok, info


def run(out: Path | None = None, verbose: bool = False) -> dict[str, dict[str, bool]]:
    """Render, read and check every trial document; the checks passed per document."""
    results: dict[str, dict[str, bool]] = {}
    for t in trials():
        data = render(t)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / t.name).write_bytes(data)
        ok, info = check(t, data)
        results[t.name] = ok
        if verbose and not all(ok.values()):
            failed = ",".join(c for c, v in ok.items() if not v)
            print(f"{t.name:28} FAIL {failed}\n    {info}")
    return results


def report(results: dict[str, dict[str, bool]]) -> None:
    print(f"{'document':28} " + " ".join(f"{c:>9}" for c in CHECKS))
    for name, ok in results.items():
        print(f"{name:28} " + " ".join(f"{'ok' if ok[c] else 'FAIL':>9}" for c in CHECKS))
    n = len(results)
    print(f"{'share':28} " + " ".join(
        f"{sum(r[c] for r in results.values()) / n:9.2f}" for c in CHECKS))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="also write the files to this folder")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    report(run(args.out, args.verbose))


if __name__ == "__main__":
    main()
