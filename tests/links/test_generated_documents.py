"""Acceptance on generated documents, read by the readers and ingested: the same measure
in two years' survey exports (the second OCR-damaged), a funding announcement and a news
article is one story; a measure with another name at the same office, and a measure of
the same name at another office, are not part of it."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tests.links.generate import HEADS, TOPICS, damage
from tiltaksbanken import ingest_paths
from tiltaksbanken.domain.form import form_fields
from tiltaksbanken.domain.offices import offices
from tiltaksbanken.store import Store
from tiltaksbanken.store.links import links_of


def _export(path: Path, rows: list[dict[str, str]]) -> None:
    questions = {f.key: f.question for f in form_fields()}
    keys = list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([questions[k] for k in keys])
        writer.writerows([[row[k] for k in keys] for row in rows])


def _row(name: str, office: str, place: str, year: int, final: bool, topic: str) -> dict[str, str]:
    return {"name": name, "nav_office": office, "start": f"01.02.{year - 1}",
            "report_type": "Sluttrapportering" if final else "Statusrapportering",
            "description": f"Tiltaket gir {topic} til innbyggere i {place}.",
            "achievements": f"I {year} har vi nådd flere enn før med {topic.split()[0]}."}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_story_across_generated_documents(store: Store, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    here, there = rng.sample([o for o in offices() if o.kind == "municipal" and len(o.municipalities) == 1], 2)
    place = here.municipalities[0]
    name, other_name = (f"{h} {rng.choice(['for unge', 'i arbeid', ''])}".strip() for h in rng.sample(HEADS, 2))
    topic, other_topic = rng.sample(TOPICS, 2)
    folder = tmp_path / "dokumenter"
    folder.mkdir()
    _export(folder / "rapporter-2022.csv", [
        _row(name, here.name, place, 2022, False, topic),
        _row(other_name, here.name, place, 2022, False, other_topic),  # same office, other measure
        _row(name, there.name, there.municipalities[0], 2022, False, topic),  # same name, elsewhere
    ])
    _export(folder / "rapporter-2023.csv", [_row(damage(name), here.name.upper(), place, 2023, True, topic)])
    (folder / "tilskot.md").write_text(
        "# Statsforvaltaren har fordelt tilskot til sosiale tenester\n\n"
        "Statsforvaltaren har i år fordelt midlar til utvikling av sosiale tenester i NAV-kontora. "
        "Pengane skal gå til nye tiltak for dei som treng det mest.\n\nDesse kontora får tilskot i år:\n\n"
        f"- {here.name}: «{name}», 2 stillingar, 1 200 000 kroner\n"
        f"- {there.name}: «{other_name}», 1 stillingar, 800 000 kroner\n\n"
        "Søknadsfristen for neste år kjem seinare.\n", encoding="utf-8")
    (folder / "nyhet.txt").write_text(
        f"Nytt fra {place}\n\n{here.name} og {place} kommune har i to år arbeidet med prosjektet "
        f"«{name}». Deltakerne får {topic.split()[0]} og {topic.split()[2]}.\n", encoding="utf-8")
    results = ingest_paths(store, [folder])
    assert all(r.ok for r in results), results
    reports = store.records(kind="tiltak")
    first = next(r for r in reports if r.file == "rapporter-2022.csv" and r.fields["name"] == name
                 and r.fields.get("nav_offices") == [here.name])
    second = next(r for r in reports if r.file == "rapporter-2023.csv")
    linked = {x.other(first.id): x for x in links_of(store, first.id)}
    news = [r for r in store.records(kind="news") if r.file == "nyhet.txt"]
    funded = [r for r in store.records(kind="news") if r.fields.get("role") == "funded"
              and r.fields.get("nav_offices") == [here.name]]
    assert second.id in linked and linked[second.id].kind == "same_measure"
    assert news and news[0].id in linked and linked[news[0].id].kind == "news"
    assert funded and funded[0].id in linked and linked[funded[0].id].kind == "funding"
    strangers = {r.id for r in reports if r.id not in (first.id, second.id)}
    assert not strangers & set(linked), [linked[i].evidence for i in strangers & set(linked)]
