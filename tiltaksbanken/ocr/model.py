"""The OCR confusion model, calibrated on the document being repaired.

How often an OCR engine misread å, ø and æ differs from scan to scan, so the
model measures it: a Norwegian text has about 1.25 % å among its letters; a
document with none has had every å misread, one with the expected number has
had none misread. The readings' shares (``a`` for å, ``g`` for ø …) come from
``data/ocr_confusions.json``. Costs are in log10 units, to be weighed against
word frequencies (wordfreq's Zipf scale is log10 too).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from tiltaksbanken.data import load_data

MIN_RATE = 0.01
MAX_RATE = 0.97
MIN_LETTERS = 400


@dataclass(frozen=True)
class Reading:
    ocr: str  # what the OCR wrote (may be empty: the letter was dropped)
    correct: str  # what the author wrote
    cost: float  # -log10 P(ocr | correct)


@dataclass
class ConfusionModel:
    rates: dict[str, float]
    readings: dict[str, list[Reading]] = field(default_factory=dict)  # by first OCR char
    dropped: list[Reading] = field(default_factory=list)  # letters the OCR left out

    @classmethod
    def for_text(cls, text: str) -> ConfusionModel:
        """Calibrate the misreading rates on ``text``."""
        data = load_data("ocr_confusions.json")
        letters = Counter(text.casefold())
        total = sum(n for c, n in letters.items() if c.isalpha())
        rates: dict[str, float] = {}
        for letter, spec in data["letters"].items():
            expected = spec["expected_per_letter"] * total
            if total < MIN_LETTERS:
                rate = 0.5
            else:
                rate = 1.0 - letters.get(letter, 0) / expected if expected else 0.0
            rates[letter] = min(max(rate, MIN_RATE), MAX_RATE)
        return cls.with_rates(rates)

    @classmethod
    def with_rate(cls, rate: float) -> ConfusionModel:
        """The model of a scan that misreads ``rate`` of every Norwegian letter."""
        data = load_data("ocr_confusions.json")
        return cls.with_rates({letter: rate for letter in data["letters"]})

    @classmethod
    def with_rates(cls, rates: dict[str, float]) -> ConfusionModel:
        """The model for the given misreading rate of each of æ, ø and å."""
        data = load_data("ocr_confusions.json")
        model = cls(rates)
        floor = data.get("letter_share_floor", 0.02)
        for letter, spec in data["letters"].items():
            for r in spec["readings"]:
                cost = -math.log10(rates[letter] * max(r["share"], floor))
                model._add(Reading(r["ocr"], letter, cost))
        for capital, readings in data["capitals"].items():
            rate = rates[capital.lower()]
            for r in readings:
                # tokens are decoded lower-cased: a reading that opens with a sign (@P for Ø)
                # is matched so; one of letters only (R for Å) stays a capital's reading
                ocr = r["ocr"].lower() if not r["ocr"][:1].isalpha() else r["ocr"]
                model._add(Reading(ocr, capital, -math.log10(rate * max(r["share"], floor))))
        for r in data["other"]:
            model._add(Reading(r["ocr"], r["correct"], r["cost"]))
        return model

    def _add(self, reading: Reading) -> None:
        if reading.ocr:
            self.readings.setdefault(reading.ocr[0], []).append(reading)
        else:
            self.dropped.append(reading)

    def readings_at(self, text: str, i: int) -> list[Reading]:
        """Readings whose OCR side matches ``text`` at position ``i``."""
        return [r for r in self.readings.get(text[i], ()) if text.startswith(r.ocr, i)]

