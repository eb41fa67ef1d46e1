"""Pure rules of the intake: text checks, JSON document parsing, board formatting."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli.documents import parse_json_document
from kiosk.core.errors import ValidationError
from kiosk.desk.intake import parse_document
from kiosk.desk.staff import check_pin
from kiosk.desk.text_rules import clean_room, clean_text


@given(st.text(max_size=300))
def test_clean_text_returns_only_inert_text_or_refuses(value: str) -> None:
    try:
        cleaned = clean_text("note", value, max_len=400, multiline=True)
    except ValidationError as exc:
        assert str(exc).startswith("note: ")
        assert "\n" not in str(exc)
        return
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in cleaned)
    assert "\x1b" not in cleaned
    assert cleaned == cleaned.strip()


@pytest.mark.parametrize("value", ["Ani\x1b[31m", "a\rb", "a\nb", "a\u202eb", "a\x7fb",
                                   "a\u2028b"])
def test_one_line_fields_refuse_controls(value: str) -> None:
    with pytest.raises(ValidationError, match="not accepted"):
        clean_text("guest.name", value, max_len=120, min_len=1)


def test_nfc_and_trim() -> None:
    decomposed = "Cafe\u0301 "
    assert clean_text("x", decomposed, max_len=10) == "Café"
    assert clean_text("x", "a\r\nb", max_len=10, multiline=True) == "a\nb"


def test_length_limits() -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        clean_text("guest.name", "  ", max_len=120, min_len=1)
    with pytest.raises(ValidationError, match="121 characters is more than the 120"):
        clean_text("guest.name", "x" * 121, max_len=120)
    with pytest.raises(ValidationError, match="must be text"):
        clean_text("guest.name", 12, max_len=120)


@pytest.mark.parametrize("room", ["412", "12B", "PH-1", "Villa 3", "2/14"])
def test_good_rooms(room: str) -> None:
    assert clean_room(room) == room


@pytest.mark.parametrize("room", ["", "-1", "412;drop", "x" * 17, "४१२"])
def test_bad_rooms(room: str) -> None:
    with pytest.raises(ValidationError, match=r"guest\.room"):
        clean_room(room)


@pytest.mark.parametrize("pin", ["1234", "000000000000"])
def test_good_pins(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12 34", "١٢٣٤", 1234, None])
def test_bad_pins(pin: object) -> None:
    with pytest.raises(ValidationError, match="4 to 12 digits"):
        check_pin(pin)


def test_parse_json_document_rules() -> None:
    assert parse_json_document(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}  # a BOM is tolerated
    for raw, message in [(b"{", "not valid JSON"), (b"  ", "empty"),
                         (b'{"a": Infinity}', "Infinity"), (b'{"a":1,"a":2}', "twice"),
                         (b"\xc3\x28", "UTF-8"), (b'{"a":' * 30 + b"1" + b"}" * 30,
                                                  "nested too deeply")]:
        with pytest.raises(ValidationError, match=message):
            parse_json_document(raw)


def test_document_errors_are_one_line_and_name_the_path() -> None:
    with pytest.raises(ValidationError) as err:
        parse_document({"agent": "a", "guest": {"name": "x", "language": "hy", "room": "1",
                                                "arrival": "2026-01-01",
                                                "departure": "2026-01-02", "vip": True},
                        "category": "noise", "severity": "low", "account": "x"})
    assert str(err.value) == "guest.vip: unknown field; remove it (see the README for the " \
                             "fields)"

