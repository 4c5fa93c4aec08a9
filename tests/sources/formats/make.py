"""Documents the format tests make: PDFs (text layer and scans), images, DOCX, ODT and saved
web pages, in Bokmål, Nynorsk, Swedish, Danish and English, with page furniture around
the text (running headers and footers, page numbers, menus, cookie banners)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

TEXTS = {
    "nb": ("Sluttrapport for prosjektet Ung i arbeid", [
        ("1 Innledning", "Prosjektet ble startet av NAV Lillestrøm høsten 2021 for å hjelpe unge "
         "arbeidssøkere med å komme i jobb. Kommunen og lokale arbeidsgivere har samarbeidet tett "
         "gjennom hele perioden, og deltakerne har fått tett oppfølging fra veiledere."),
        ("2 Mål og målgruppe", "Målet var at flere unge skulle komme i arbeid eller utdanning. "
         "Målgruppen var ungdom mellom 18 og 29 år som hadde stått lenge utenfor arbeidslivet. "
         "Vi ønsket også å prøve ut nye måter å jobbe på sammen med næringslivet."),
        ("3 Resultater", "Av førtito deltakere kom tjuefem i jobb eller skole innen ett år. "
         "Erfaringene viser at tidlig kontakt med arbeidsgiver gir bedre resultater enn kurs "
         "alene, og at oppfølging etter oppstart er avgjørende for å beholde jobben."),
    ]),
    "nn": ("Sluttrapport for prosjektet Ung i arbeid", [
        ("1 Innleiing", "Prosjektet vart starta av NAV Voss hausten 2021 for å hjelpe unge "
         "arbeidssøkjarar med å kome i jobb. Kommunen og lokale arbeidsgjevarar har samarbeidd tett "
         "gjennom heile perioden, og deltakarane har fått tett oppfølging frå rettleiarar."),
        ("2 Mål og målgruppe", "Målet var at fleire unge skulle kome i arbeid eller utdanning. "
         "Målgruppa var ungdom mellom 18 og 29 år som hadde stått lenge utanfor arbeidslivet. "
         "Vi ønskte òg å prøve ut nye måtar å jobbe på saman med næringslivet."),
        ("3 Resultat", "Av førtito deltakarar kom tjuefem i jobb eller skule innan eitt år. "
         "Erfaringane viser at tidleg kontakt med arbeidsgjevar gjev betre resultat enn kurs "
         "åleine, og at oppfølging etter oppstart er avgjerande for å halde på jobben."),
    ]),
    "sv": ("Slutrapport för projektet Unga i arbete", [
        ("1 Inledning", "Projektet startades av Arbetsförmedlingen i Göteborg hösten 2021 för att "
         "hjälpa unga arbetssökande att komma i arbete. Kommunen och lokala arbetsgivare har "
         "samarbetat nära under hela perioden, och deltagarna har fått stöd av handledare."),
        ("2 Mål och målgrupp", "Målet var att fler unga skulle komma i arbete eller studier. "
         "Målgruppen var ungdomar mellan 18 och 29 år som länge hade stått utanför arbetslivet. "
         "Vi ville också pröva nya arbetssätt tillsammans med näringslivet."),
        ("3 Resultat", "Av fyrtiotvå deltagare fick tjugofem arbete eller började studera inom ett "
         "år. Erfarenheterna visar att tidig kontakt med arbetsgivare ger bättre resultat än "
         "kurser ensamma, och att stöd efter anställningen är avgörande."),
    ]),
    "da": ("Slutrapport for projektet Unge i arbejde", [
        ("1 Indledning", "Projektet blev startet af jobcentret i Aarhus i efteråret 2021 for at "
         "hjælpe unge ledige med at komme i arbejde. Kommunen og lokale arbejdsgivere har "
         "samarbejdet tæt gennem hele perioden, og deltagerne har fået tæt opfølgning."),
        ("2 Mål og målgruppe", "Målet var, at flere unge skulle komme i arbejde eller uddannelse. "
         "Målgruppen var unge mellem 18 og 29 år, som længe havde stået uden for arbejdsmarkedet. "
         "Vi ønskede også at afprøve nye måder at arbejde på sammen med erhvervslivet."),
        ("3 Resultater", "Af toogfyrre deltagere kom femogtyve i arbejde eller uddannelse inden for "
         "et år. Erfaringerne viser, at tidlig kontakt med arbejdsgiveren giver bedre resultater "
         "end kurser alene, og at opfølgning efter ansættelsen er afgørende."),
    ]),
    "en": ("Final report of the project Young people in work", [
        ("1 Introduction", "The project was started by the local labour office in Leeds in the "
         "autumn of 2021 to help young jobseekers find work. The council and local employers "
         "worked closely together throughout the period, and participants had close support."),
        ("2 Aims and target group", "The aim was that more young people would find work or "
         "education. The target group was people between 18 and 29 who had long been outside "
         "working life. We also wanted to try new ways of working together with businesses."),
        ("3 Results", "Of forty-two participants, twenty-five found work or education within a "
         "year. Experience shows that early contact with employers gives better results than "
         "courses alone, and that support after starting work is crucial."),
    ]),
}
LANGS = tuple(TEXTS)
TABLE = [["År", "Deltakere", "I arbeid"], ["2022", "20", "11"], ["2023", "22", "14"]]
FURNITURE_HEAD = "SLUTTRAPPORT UNG I ARBEID"
ITEMS = ["Oppfølging av deltakere", "Kurs og arbeidstrening"]


@dataclass
class Doc:
    title: str
    sections: list[tuple[str, str]]

    @property
    def words(self) -> list[str]:
        return words(" ".join([self.title] + [h + " " + b for h, b in self.sections]))


def doc(lang: str) -> Doc:
    title, sections = TEXTS[lang]
    return Doc(title, sections)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def kept(expected: list[str], got: str) -> float:
    """The share of ``expected`` words found in ``got`` (as a multiset)."""
    have: dict[str, int] = {}
    for w in words(got):
        have[w] = have.get(w, 0) + 1
    hits = 0
    for w in expected:
        if have.get(w, 0) > 0:
            have[w] -= 1
            hits += 1
    return hits / len(expected)


def pdf(d: Doc, pages: int = 3, title_meta: str | None = None, password: str | None = None,
        scanned_last: bool = False) -> bytes:
    """A PDF with a text layer: one section a page, a running header, a footer and
    «Side N av M» on every page; with ``scanned_last`` the last section is a scanned page
    (an image, its text layer only the header and footer)."""
    from fpdf import FPDF

    total = pages

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 9)
            self.cell(0, 8, f"{FURNITURE_HEAD} {self.page_no()}", align="R")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 9)
            self.cell(0, 8, f"Side {self.page_no()} av {total}", align="C")

    out = Report()
    if title_meta:
        out.set_title(title_meta)
    for i in range(pages):
        out.add_page()
        if i == 0:
            out.set_font("Helvetica", "B", 18)
            out.multi_cell(0, 10, d.title, new_x="LMARGIN", new_y="NEXT")
            out.ln(4)
        heading, body = d.sections[i % len(d.sections)]
        if scanned_last and i == pages - 1:
            out.image(noisy(page_image([heading, *wrap(body)])), x=10, y=25, w=190)
            continue
        out.set_font("Helvetica", "B", 14)
        out.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        out.set_font("Helvetica", "", 11)
        out.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    if password:
        out.set_encryption(owner_password=password + "x", user_password=password)
    return bytes(out.output())


def page_image(lines: list[str], width: int = 1700) -> object:
    """A page of ``lines`` as a Pillow image (black text on white, ~200 dpi)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_font(), 34)
    image = Image.new("L", (width, 110 + 52 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((90, 60 + 52 * i), line, fill=0, font=font)
    return image


def _font() -> str:
    import glob

    found = sorted(glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
                   + glob.glob("/usr/share/fonts/**/*Sans*.ttf", recursive=True))
    if not found:
        import PIL

        found = glob.glob(PIL.__path__[0] + "/**/*.ttf", recursive=True)
    return found[0]


def wrap(text: str, width: int = 70) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def scan_lines(d: Doc, sections: int = 1) -> list[str]:
    lines = [*wrap(d.title, 60), ""]
    for heading, body in d.sections[:sections]:
        lines += [heading, *wrap(body), ""]
    return lines


def noisy(image: object, seed: int = 7) -> object:
    """A page as a scanner gives it: a little askew, a little blurred, specks of dust."""
    import random

    from PIL import ImageFilter

    rng = random.Random(seed)
    page = image.rotate(0.6, expand=False, fillcolor=255)  # type: ignore[attr-defined]
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    pixels = page.load()
    for _ in range(page.width * page.height // 800):
        pixels[rng.randrange(page.width), rng.randrange(page.height)] = rng.choice((0, 90))
    return page


def png(d: Doc) -> bytes:
    buf = io.BytesIO()
    noisy(page_image(scan_lines(d))).save(buf, "PNG")  # type: ignore[attr-defined]
    return buf.getvalue()


def scanned_pdf(d: Doc) -> bytes:
    """A PDF of a scanned page (askew, blurred, specks; no text layer), one page."""
    buf = io.BytesIO()
    image = noisy(page_image(scan_lines(d, 2)))
    image.convert("RGB").save(buf, "PDF", resolution=200.0)  # type: ignore[attr-defined]
    return buf.getvalue()


def docx(d: Doc, table: bool = True) -> bytes:
    from docx import Document

    out = Document()
    out.core_properties.title = d.title
    out.add_heading(d.title, level=0)
    for heading, body in d.sections:
        out.add_heading(heading, level=1)
        out.add_paragraph(body)
    for item in ITEMS:
        out.add_paragraph(item, style="List Bullet")
    if table:
        t = out.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        for r, row in enumerate(TABLE):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def odt(d: Doc) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    out = OpenDocumentText()
    heading_style = Style(name="Heading 1", family="paragraph")
    out.styles.addElement(heading_style)
    out.text.addElement(H(outlinelevel=1, stylename=heading_style, text=d.title))
    for heading, body in d.sections:
        out.text.addElement(H(outlinelevel=2, stylename=heading_style, text=heading))
        out.text.addElement(P(text=body))
    table = Table(name="Tabell1")
    table.addElement(TableColumn(numbercolumnsrepeated=len(TABLE[0])))
    for row in TABLE:
        tr = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    out.text.addElement(table)
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()


COOKIE = "Vi bruker informasjonskapsler for å gi deg en bedre opplevelse. Godta alle Avslå"
MENU = ["Forside", "Tjenester", "Om oss", "Kontakt"]
FOOTER = "Personvernerklæring · Tilgjengelighetserklæring · © Eksempelkommunen"
RELATED = ["Relatert innhold om noe annet", "Enda en lenke til en annen sak"]


def html(d: Doc, lang: str = "nb") -> bytes:
    sections = "\n".join(f"<h2>{h}</h2>\n<p>{b}</p>" for h, b in d.sections)
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    menu = "".join(f'<li><a href="/{i}">{m}</a></li>' for i, m in enumerate(MENU))
    related = "".join(f'<li><a href="/r{i}">{r}</a></li>' for i, r in enumerate(RELATED))
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{d.title} | Eksempelkommunen</title>
<meta property="og:title" content="{d.title}">
<meta property="article:published_time" content="2023-05-03T10:00:00+02:00">
<meta property="og:site_name" content="Eksempelkommunen"></head>
<body><div id="cookie-consent" class="cookie-banner"><p>{COOKIE}</p></div>
<header><nav class="menu"><ul>{menu}</ul></nav></header>
<main><article><h1>{d.title}</h1>
{sections}
<table>{rows}</table></article>
<aside class="related-links"><h3>Relatert</h3><ul>{related}</ul></aside></main>
<footer><p>{FOOTER}</p></footer></body></html>"""
    return page.encode("utf-8")
