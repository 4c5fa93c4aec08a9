"""Generated yearly report answers for the report tests: a random office of the gazetteer
with its county, random measure names and texts, random ticked paragraphs."""

from __future__ import annotations

import random
from typing import Any

from tiltaksbanken.domain.form import law_paragraphs
from tiltaksbanken.domain.offices import offices

_WORDS = ("oppfølging", "bolig", "ungdom", "gjeld", "arbeid", "familie", "samarbeid", "veileder",
          "kvalifisering", "helse", "skole", "frivillighet", "språk", "mestring", "nettverk")
LONG_KEYS = ("target_group", "description", "develops", "interest_from_others", "tried_elsewhere",
             "partners", "achievements", "measurement", "challenges", "success_factors")


def office_with_county(rng: random.Random) -> tuple[str, str]:
    """A known office serving one county (the 2024 name)."""
    known = [o for o in offices() if o.known and o.county_2024 and "," not in o.name]
    chosen = rng.choice(known)
    return chosen.name, chosen.county_2024 or ""


def sentence(rng: random.Random, words: int = 8) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def answers(rng: random.Random, office: str | None = None, county: str | None = None,
            name: str | None = None) -> dict[str, Any]:
    """A complete, valid set of answers."""
    if office is None:
        office, county = office_with_county(rng)
    codes = [p["code"] for p in law_paragraphs()]
    out: dict[str, Any] = {
        "name": name or f"{rng.choice(_WORDS).capitalize()} for {rng.choice(_WORDS)} {rng.randint(1, 999)}",
        "nav_office": office,
        "contact_email": f"kontakt{rng.randint(1, 99)}@nav.no",
        "county": county or "Oslo",
        "start": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2024)}",
        "report_type": rng.choice(("status", "final")),
        "law_paragraphs": sorted(rng.sample(codes, rng.randint(1, 3)), key=codes.index),
        "continuation": rng.choice(("yes", "no")),
        "continuation_text": sentence(rng, 5),
    }
    for key in LONG_KEYS:
        out[key] = "\n".join(sentence(rng) for _ in range(rng.randint(1, 3)))
    return out
