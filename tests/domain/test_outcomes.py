"""Numeric goals and results on generated sentences (nb, nn, sv, da), labelled here:
precision and recall of (kind, value, unit), and the line each figure cites."""

from __future__ import annotations

import random

from tiltaksbanken.domain.outcomes import figures, number, outcomes, side_by_side
from tiltaksbanken.domain.records import Record

WORDS = {2: "to", 3: "tre", 5: "fem", 12: "tolv", 20: "tjue", 15: "femten"}
UNITS = ["personer", "deltakere", "familier", "ungdommer", "brukere"]
GOALS = [
    "Målet er at {n} {u} skal komme i arbeid innen {d}.",
    "Prosjektet skal redusere antall mottakere med {p} %.",
    "Tiltaket har som mål å nå {n} {u} innen utgangen av {y}.",
    "Målet er å få {n} av {m} {u} over i jobb.",
    "Vi ønsker å gi {w} {u} tilbud i {y}.",
    "Målet vårt er at {n} {u} skal ha fått bustad innan {d}.",  # nn
    "Målet är att {n} {u} ska få arbete.",  # sv
]
RESULTS = [
    "Så langt har {n} {u} fått jobb.",
    "Resultatet er at {n} av {m} {u} er i arbeid.",
    "I {y} deltok {n} {u}, og {p} % gikk over i arbeid eller utdanning.",
    "Vi har oppnådd at {w} {u} har fått fast bolig.",
    "{n} {u} har fullført programmet.",
    "Det vart {n} {u} som fekk jobb i {y}.",  # nn
    "Hittil har {n} {u} fått arbete.",  # sv
    "Resultatet blev at {n} {u} opnået job.",  # da
]
NEITHER = [
    "Tiltaket startet i {y} med tre ansatte i {p} % stilling.",
    "Målgruppen er unge i alderen 18-24 år.",
    "Se kapittel {n} og side {m} for mer om {y}.",
    "Kontakt oss på telefon 22 33 44 55.",
    "Paragraf 18 og 20a i sosialtjenesteloven er aktuelle.",
    "Prosjektet ble evaluert i {y}.",
    "Ved oppstart hadde kontoret {n} {u} på sosialhjelp.",
]


def _labelled(rng: random.Random, count: int) -> list[tuple[str, set[tuple[str, float, str]]]]:
    out = []
    for _ in range(count):
        u = rng.choice(UNITS)
        w = rng.choice(list(WORDS))
        values = {"n": rng.randint(3, 400), "p": rng.randint(5, 95), "y": rng.randint(2008, 2025),
                  "d": f"31.12.{rng.randint(10, 25)}", "w": WORDS[w], "u": u}
        values["m"] = values["n"] + rng.randint(1, 50)
        group, kind = rng.choice([(GOALS, "goal"), (RESULTS, "result"), (NEITHER, None)])
        template = rng.choice(group)
        text = template.format(**values)
        expected: set[tuple[str, float, str]] = set()
        if kind:
            if "{n}" in template:
                expected.add((kind, float(values["n"]), u))
            if "{w}" in template:
                expected.add((kind, float(w), u))
            if "{p} %" in template:
                expected.add((kind, float(values["p"]), "%"))
        out.append((text, expected))
    return out


def test_goals_and_results_precision_and_recall_on_generated_sentences() -> None:
    tp = fp = fn = 0
    for text, expected in _labelled(random.Random(7), 400):
        found = {(o.kind, o.value, o.unit if not o.unit.startswith("av ") else "")
                 for o in figures(text, "text")}
        found = {(k, v, u) for k, v, u in found}
        expected_cmp = expected
        tp += len(found & expected_cmp)
        fp += len(found - expected_cmp)
        fn += len(expected_cmp - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95, (precision, recall)
    assert recall >= 0.85, (precision, recall)


def test_numbers_dates_and_shares() -> None:
    assert number("1 200") == 1200 and number("12,5") == 12.5 and number("tolv") == 12
    (goal,) = list(figures("Prosjektet skal få 214 personer i arbeid innen 31.12.10.", "text"))
    assert (goal.kind, goal.value, goal.unit, goal.date) == ("goal", 214, "personer", "31.12.10")
    (share,) = list(figures("Resultatet er at 30 av 45 er i arbeid.", "text"))
    assert (share.kind, share.value, share.of) == ("result", 30, 45)
    assert list(figures("Prosjektet startet i 2019 med to ansatte i 50 % stilling.", "text")) == []


def test_each_figure_cites_its_line_and_goals_stand_beside_results() -> None:
    text = "Om tiltaket.\nMålet er at 40 deltakere skal i arbeid innen 2024.\nSå langt har 25 deltakere fått jobb."
    record = Record("tiltak", "Tiltak", {"achievements": text}, "r.txt",
                    field_sources={"achievements": [(101, 103)]})
    found = outcomes(record)
    assert [(o.kind, o.value, o.lines) for o in found] == [("goal", 40, (102, 102)),
                                                           ("result", 25, (103, 103))]
    (row,) = side_by_side(found)
    assert row["unit"] == "deltakere" and len(row["goals"]) == len(row["results"]) == 1
