"""`policy check` speaks the supervisor's language: pydantic's own English messages never
reach them, each error type is said in the kiosk's words (and so in the catalogue)."""

from __future__ import annotations

from kiosk.core.policy_files import Strict
from kiosk.core.policy_messages import validation_message


class _Plain(Strict):
    rooms: int
    name: str


def test_pydantic_words_are_replaced_by_the_kiosks_own() -> None:
    cases = {
        "int_parsing": "is not a whole number",
        "string_type": "is not text",
        "literal_error": "is not one of the values allowed here",
        "some_type_pydantic_adds_later": "is not valid here",
    }
    for kind, said in cases.items():
        error = {"type": kind, "loc": ("rooms",), "input": "many",
                 "msg": "Input should be a valid integer, unable to parse string"}
        message = validation_message(error, _Plain)
        assert message == f'"many" {said}; expected a value', message
        assert "Input should" not in message

