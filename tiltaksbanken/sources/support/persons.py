"""Names of people quoted in news prose: "…, sier NAV-leder i X, Kari Nordmann."

A quote's speaker is named after a speech verb ("sier", "forteller" …), with
or without a role between. The names found are personal data: readers put them
in personal fields, hidden from anonymous viewers.
"""

from __future__ import annotations

import re

from tiltaksbanken.sources.support.places import LOWER, NOT_PLACES, UPPER

SPEECH_VERBS = r"(?:sier|sa|forteller|fortalte|mener|understreker|påpeker|uttaler|legger til)"
_NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
_PERSON = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}"
_QUOTE_ROLE_NAME = re.compile(rf"\b{SPEECH_VERBS}\s+[^.,;!?]{{2,80}}?,\s+({_PERSON})\s*[.!?]")
_QUOTE_NAME = re.compile(rf"\b{SPEECH_VERBS}\s+({_NAME_WORD}(?:\s{_NAME_WORD}){{0,3}})\s*[.!?]")


def person_names(text: str, places: set[str]) -> list[str]:
    """Names of people quoted ("…, sier NAV-leder i X, Kari Nordmann."), full names first."""
    full: list[str] = []
    for m in _QUOTE_ROLE_NAME.finditer(text):
        if m[1] not in full and m[1] not in places:
            full.append(m[1])
    short: list[str] = []
    for m in _QUOTE_NAME.finditer(text):
        name = m[1]
        if name in places or name.split()[0] in NOT_PLACES:
            continue
        if any(name in f.split() or name == f for f in full) or name in short:
            continue
        short.append(name)
    return full + short

