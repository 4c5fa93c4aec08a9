"""Benchmark: how long finding person names takes (the privacy masking runs it on every
line shown to an anonymous visitor).

    .venv/bin/python bench/names.py [--lines 2000]

Lines are generated from news- and report-like sentence templates with names drawn from
the person lexicon and places from the gazetteer; prints milliseconds per 100 lines
(target: under 20 ms on one core).
"""

from __future__ import annotations

import argparse
import random
import time

from tiltaksbanken.domain.persons import find_person_names, person_lexicon
from tiltaksbanken.domain.places import place_names

TEMPLATES = [
    "{first} {last} fra NAV {place} holdt innlegg på samlingen i {place2}.",
    "– Vi har fått til mye i Innlandet, sier {first} {last}, leder i Nav {place}.",
    "Kontaktperson: {first} {last}, Husbanken, {place} kommune.",
    "I {place} kommune forteller prosjektleder {first} at NAV {place2} har ansatt to jobbspesialister.",
    "- Det viktigste er relasjonen, sier {last}. Husbanken og Nav {place} skal fortsette.",
    "Prosjektet ledes av {first} {last} og {first2} {last2} ved NAV {place} i Viken.",
    "Deltakeren {first} fikk jobb i {place2} etter et halvt år med tett oppfølging.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    args = parser.parse_args()
    lexicon = person_lexicon()
    first, last = sorted(lexicon.first), sorted(lexicon.last)
    places = sorted(p for p in place_names() if " " not in p and p[:1].isupper())
    rng = random.Random(3)
    lines = [TEMPLATES[n % len(TEMPLATES)].format(
        first=rng.choice(first), last=rng.choice(last), first2=rng.choice(first),
        last2=rng.choice(last), place=rng.choice(places), place2=rng.choice(places))
        for n in range(args.lines)]
    find_person_names(lines[0])  # lexicon and patterns loaded
    start = time.perf_counter()
    for line in lines:
        find_person_names(line)
    per_hundred = (time.perf_counter() - start) * 1000 / len(lines) * 100
    print(f"person names: {per_hundred:.1f} ms per 100 lines ({len(lines)} lines; target < 20)")


if __name__ == "__main__":
    main()
