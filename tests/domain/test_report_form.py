"""Checking the answers of a yearly report written in the bank, and its text layout: what
is required, the choices the form offers, dates, e-mail, limits and control characters,
and that the text reads back as the form's questions and answers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.report_answers import answers
from tiltaksbanken.domain.form import county_names
from tiltaksbanken.domain.report_form import (
    LONG_MAX,
    REQUIRED,
    SHORT_MAX,
    check_answers,
    measure_key,
    parse_start_date,
    render_report,
    report_fields,
)
from tiltaksbanken.sources.document import SourceDocument
from tiltaksbanken.sources.qa import QAReportReader


@pytest.mark.parametrize("seed", range(20))
def test_generated_answers_pass_and_read_back_as_the_form(seed: int) -> None:
    a = answers(random.Random(seed))
    assert check_answers(a) == {}
    lines, where = render_report(a, "Rapport")
    fields = report_fields(a)
    assert fields["county"] == a["county"] and fields["law_paragraphs"] == a["law_paragraphs"]
    assert fields["report_type"] == a["report_type"]
    assert fields["continuation"]["answer"] == a["continuation"]
    for key in ("name", "description", "achievements"):
        first, last = where[key]
        assert "\n".join(lines[first - 1:last]) == a[key]
    # the text is the form's question-and-answer layout, as a reader of documents reads it
    doc = SourceDocument(path=Path("rapport.txt"), data="\n".join(lines).encode())
    read = next(QAReportReader().records(doc))
    assert read.kind == "tiltak" and read.fields["name"] == a["name"]
    assert read.fields["description"] == a["description"]


def test_a_submission_must_answer_every_required_question() -> None:
    errors = check_answers({})
    assert set(REQUIRED) <= set(errors)
    assert all(m and m[0].isupper() for m in errors.values())  # a Norwegian sentence per field
    assert check_answers({}, submitting=False) == {}


@pytest.mark.parametrize("county", county_names())
def test_every_county_of_both_systems_is_a_choice(county: str) -> None:
    a = answers(random.Random(county), county=county)
    assert "county" not in check_answers(a)


@pytest.mark.parametrize("bad", [
    ("county", "Nordvest"), ("contact_email", "kari.nav.no"), ("contact_email", "kari@nav"),
    ("start", "31.02.2024"), ("start", "april 2024"), ("start", "2024/04/01"),
    ("report_type", "årsrapport"), ("continuation", "kanskje"),
    ("law_paragraphs", ["§ 99"]), ("name", "x" * (SHORT_MAX + 1)),
    ("description", "x" * (LONG_MAX + 1)), ("name", "Navn\nmed linjeskift"),
    ("description", "tekst med \x00 nulltegn"), ("partners", "bjelle\x07"), ("name", "tab\x1b[31m"),
])
def test_malformed_answers_are_refused_with_a_message_for_that_field(bad: tuple[str, object]) -> None:
    key, value = bad
    a = dict(answers(random.Random(key)), **{key: value})
    errors = check_answers(a)
    assert list(errors) == [key]
    assert check_answers(a, submitting=False).keys() == {key}  # a draft is checked for form too


def test_start_dates_in_both_written_forms() -> None:
    assert parse_start_date("01.04.2024") == parse_start_date("2024-04-01")
    assert parse_start_date("1.4.2024") is not None and parse_start_date("01.04.24") is None


def test_continuation_needs_its_text() -> None:
    a = dict(answers(random.Random(1)), continuation="no", continuation_text="")
    assert list(check_answers(a)) == ["continuation_text"]


def test_a_measure_keeps_its_key_however_it_is_written() -> None:
    assert measure_key("NAV Bømlo", "Jobbspesialist for unge") == \
        measure_key("nav bomlo", "  jobbspesialist  for unge! ")
    assert measure_key("NAV Bømlo", "Jobbspesialist") != measure_key("NAV Stord", "Jobbspesialist")
