"""One parser of term values for every door (issue 10): the CLI's TERM=VALUE pairs, the
web's form fields and the API's schema take a value by the same rule and limits."""

from __future__ import annotations

import pytest

from accord.domain.input_text import (
    MAX_TERM_NUMBER,
    MAX_TERM_TEXT,
    parse_term_value,
    parse_values,
)
from accord.domain.terms import TermValue
from accord.entrypoints.http.schemas.record import OfferCreate
from accord.entrypoints.web.forms import Form
from accord.errors import ValidationError

CASES: list[tuple[str, TermValue]] = [
    ("560", 560.0),
    ("$1,500", 1500.0),
    (" 12.5 ", 12.5),
    ("yes", "yes"),
    ("every visit", "every visit"),
    ("nan", "nan"),  # not a finite number: text, which a numeric term then refuses
    ("-3", -3.0),
]
TOO_BIG = ["1e13", "-2000000000000", "x" * (MAX_TERM_TEXT + 1)]


@pytest.mark.parametrize(("typed", "value"), CASES)
def test_the_cli_and_the_forms_read_a_term_value_alike(typed: str, value: TermValue) -> None:
    assert parse_term_value(typed, field="v") == value
    assert Form({"v": typed}).value("v") == value
    if "," not in typed:  # on the command line a comma separates pairs
        assert parse_values([f"v={typed}"]) == {"v": value}


@pytest.mark.parametrize("typed", TOO_BIG)
def test_every_door_refuses_a_value_beyond_the_same_limits(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_term_value(typed, field="v")
    with pytest.raises(ValidationError):
        Form({"v": typed}).value("v")
    with pytest.raises(ValidationError):
        parse_values([f"v={typed}"])
    number = float(typed) if typed[0] in "-1" else None
    with pytest.raises(ValueError):  # pydantic's error: the API answers 422
        OfferCreate.model_validate({"side": "ours", "values": {"v": number or typed}})


def test_the_api_states_the_domains_limits() -> None:
    schema = OfferCreate.model_json_schema()
    text = str(schema)
    assert f"'maximum': {MAX_TERM_NUMBER}" in text and f"'maxLength': {MAX_TERM_TEXT}" in text
    assert parse_term_value("", field="v") is None and Form({"v": " "}).value("v") is None
