"""What is embedded for an item: a running text (news paragraph, cookbook post) as windows of
whole sentences, so one thing the text tells is not averaged away by the rest; a measure as
one passage per field group. Texts are generated from random sentences."""

from __future__ import annotations

import random

from tiltaksbanken.domain.form import tiltak_fields, tiltak_title
from tiltaksbanken.domain.records import Record
from tiltaksbanken.search.items import MAX_WINDOWS, WINDOW_CHARS, chunks

WORDS = ["kommunen", "bolig", "ungdom", "samarbeid", "prosjektet", "arbeid", "familier", "skole",
         "frivillige", "oppfølging", "tjenester", "partnerskapet", "midlertidige", "veileder"]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18))).capitalize() + "."


def _news(text: str) -> Record:
    return Record(kind="news", title="Kommune: Et prosjekt", fields={"text": text}, file="gen.txt",
                  field_sources={"text": [(1, 1)]}, ordinal=0)


def test_a_running_text_is_embedded_as_windows_of_whole_sentences() -> None:
    rng = random.Random(5)
    for _ in range(30):
        sentences = [_sentence(rng) for _ in range(rng.randint(1, 14))]
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        passages = chunks(_news("\n\n".join(paragraphs)))
        bodies = []
        for field, passage in passages:
            assert field == "text" and passage.startswith("Kommune: Et prosjekt. ")
            body = passage.removeprefix("Kommune: Et prosjekt. ")
            assert len(body) <= WINDOW_CHARS
            bodies.append(body)
        if len(" ".join(sentences)) > WINDOW_CHARS:
            assert len(passages) > 1  # a long text is not one passage
        if len(passages) < MAX_WINDOWS:
            assert " ".join(bodies) == " ".join(sentences)  # every sentence whole, in order
        else:
            assert " ".join(sentences).startswith(" ".join(bodies))


def test_a_long_text_gets_at_most_the_windows_allowed() -> None:
    rng = random.Random(9)
    text = " ".join(_sentence(rng) for _ in range(200))
    assert len(chunks(_news(text))) == MAX_WINDOWS


def test_a_sentence_longer_than_a_window_is_cut_at_a_space() -> None:
    rng = random.Random(3)
    sentence = " ".join(rng.choice(WORDS) for _ in range(120))
    bodies = [p.removeprefix("Kommune: Et prosjekt. ") for _, p in chunks(_news(sentence))]
    assert len(bodies) > 1 and all(len(b) <= WINDOW_CHARS for b in bodies)
    assert " ".join(bodies) == sentence


def test_a_measure_keeps_one_passage_per_field_group() -> None:
    rng = random.Random(1)
    raw = {"name": "Boveileder", "target_group": "Bostedsløse",
           "description": " ".join(_sentence(rng) for _ in range(40))}
    fields = tiltak_fields(raw)
    record = Record(kind="tiltak", title=tiltak_title(fields), fields=fields, file="gen.txt",
                    field_sources={k: [(1, 1)] for k in raw}, ordinal=0)
    groups = [field for field, _ in chunks(record)]
    assert len(groups) == len(set(groups))
