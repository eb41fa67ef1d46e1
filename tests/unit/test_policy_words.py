"""`policy check` speaks the supervisor's language: pydantic's own English messages never
reach them, each error type is said in the kiosk's words (and so in the catalogue)."""

from __future__ import annotations

from pydantic import ValidationError

from kiosk.core.i18n import current_language, use_language
from kiosk.core.policy_files import PropertyFile, Strict
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


def test_every_kind_of_problem_is_said_in_the_chosen_language() -> None:
    """With the Armenian catalogue, no message of a real validation keeps its English."""
    before = current_language()
    try:
        english = _problems()
        use_language("hy")
        armenian = _problems()
    finally:
        use_language(before)
    assert len(english) == len(armenian) >= 4
    for en, hy in zip(english, armenian, strict=True):
        assert en != hy
        assert any("\u0531" <= ch <= "\u0587" for ch in hy), hy


def _problems() -> list[str]:
    raw = {"property": {"name": 5, "currency": "amd", "colour": "red"}}
    try:
        PropertyFile.model_validate(raw)
    except ValidationError as exc:
        return [validation_message(dict(e), PropertyFile) for e in exc.errors()][:6]
    raise AssertionError("the property file was accepted")

