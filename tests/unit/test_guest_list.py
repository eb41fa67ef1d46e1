"""The in-house list's row rules: a hostile corpus of rows the import must refuse, each
with its reason, while the good rows beside them are taken."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk.core.errors import ValidationError
from kiosk.core.policy_set import Policy
from kiosk.desk.guest_list import MAX_ROWS, parse_csv, parse_json

TODAY = date(2026, 11, 23)
HEADER = ("name,address_as,language,room,arrival,departure,phone,email,loyalty_id,"
          "loyalty_tier,vip")
GOOD = ("Ani Petrosyan,Ms Petrosyan,hy,412,2026-11-20,2026-11-25,+374 91 123456,"
        "ani@example.am,AG-1001,gold,yes")

# (row as written in the CSV, what the refusal must say)
REFUSED = [
    ("Bob,,en,501,2026-02-30,2026-11-25,,,,,", "arrival: '2026-02-30' is not a real date"),
    ("Bob,,en,501,23/11/2026,2026-11-25,,,,,", "arrival: '23/11/2026'"),
    ("Bob,,en,501,2026-11-20,2026-11-19,,,,,", "departure: 2026-11-19 is before the arrival"),
    ("Bob,,en,501,2024-01-01,2026-11-25,,,,,", "a stay of more than"),
    ("Bob,,en,501,2026-11-01,2026-11-20,,,,,", "is in the past"),
    ("Bob,,fr,501,2026-11-20,2026-11-25,,,,,", "language: 'fr' is not one of"),
    ("Bob,,english,501,2026-11-20,2026-11-25,,,,,", "language:"),
    ("=cmd|' /C calc'!A0,,en,501,2026-11-20,2026-11-25,,,,,", "starts like a spreadsheet formula"),
    ("@SUM(A1),,en,501,2026-11-20,2026-11-25,,,,,", "starts like a spreadsheet formula"),
    ("Bob,+Mr Bob,en,501,2026-11-20,2026-11-25,,,,,", "address_as: '+Mr Bob' starts like"),
    ("Bob,,en,501,2026-11-20,2026-11-25,=1+2,,,,", "phone: '=1+2' is not a phone number"),
    ("Bob,,en,501,2026-11-20,2026-11-25,,,,-2+3,", "loyalty_tier: '-2+3' starts like"),
    ("Bo\u200bb,,en,501,2026-11-20,2026-11-25,,,,,", "contains U+200B; invisible characters"),
    ("\ufeffBob,,en,501,2026-11-20,2026-11-25,,,,,", "contains U+FEFF; invisible characters"),
    ("Bob\u202e,,en,501,2026-11-20,2026-11-25,,,,,", "U+202E"),
    ("Bob\x1b[31m,,en,501,2026-11-20,2026-11-25,,,,,", "U+001B"),
    (",,en,501,2026-11-20,2026-11-25,,,,,", "name: must not be empty"),
    ("Bob,,en,,2026-11-20,2026-11-25,,,,,", "room: must not be empty"),
    ("Bob,,en,5 0 1 ; DROP,2026-11-20,2026-11-25,,,,,", "guest.room"),
    ("Carl,,en,412,2026-11-20,2026-11-25,,,,,", "room: 412 is already given to the guest on row 2"),
    ("Carl,,en,4-12,2026-11-20,2026-11-25,,,,,", "room: 4-12 is already given to the guest"),
    ("Bob,,en,501,1900-01-01,2026-11-25,,,,,", "arrival: "),
    ("Bob,,en,501,2026-11-20,9999-12-31,,,,,", "departure: "),
    ("Bob,,en,501,2026-11-20,2026-11-25,,bob-at-example,,,",
     "email: 'bob-at-example' is not an e-mail"),
    ("Bob,,en,501,2026-11-20,2026-11-25,,,AG 10/01,,", "loyalty_id:"),
    ("Bob,,en,501,2026-11-20,2026-11-25,,,,,perhaps", "vip: 'perhaps' is not yes or no"),
    ("Bob,,en,501,2026-11-20", "5 cells where the header has 11"),
    ("B" * 200 + ",,en,501,2026-11-20,2026-11-25,,,,,", "name: 200 characters"),
]


def csv_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.mark.parametrize(("row", "reason"), REFUSED, ids=[r for _, r in REFUSED])
def test_each_hostile_row_is_refused_with_its_reason(policy: Policy, row: str,
                                                     reason: str) -> None:
    result = parse_csv(policy, csv_of(GOOD, row), TODAY)
    assert [g.room for g in result.taken] == ["412"]
    assert len(result.refused) == 1
    refusal = str(result.refused[0])
    assert refusal.startswith("row 3: ")
    assert reason in refusal


def test_good_row_keeps_every_field(policy: Policy) -> None:
    (guest,) = parse_csv(policy, csv_of(GOOD), TODAY).taken
    assert (guest.name, guest.address_as, guest.language, guest.room) == \
        ("Ani Petrosyan", "Ms Petrosyan", "hy", "412")
    assert (guest.arrival, guest.departure) == (date(2026, 11, 20), date(2026, 11, 25))
    assert (guest.phone, guest.email, guest.loyalty_id, guest.loyalty_tier, guest.vip) == \
        ("+374 91 123456", "ani@example.am", "AG-1001", "gold", True)
    assert guest.contact == "+374 91 123456"


def test_semicolon_export_with_bom_and_other_header_words(policy: Policy) -> None:
    data = ("\ufeffGuest Name;Language;Room Number;Arrival;Departure;E-mail;VIP\n"
            "Juma Mwangi;SW;12B;2026-11-22;2026-11-24;juma@example.ke;no\n").encode()
    (guest,) = parse_csv(policy, data, TODAY).taken
    assert (guest.name, guest.language, guest.room, guest.email, guest.vip) == \
        ("Juma Mwangi", "sw", "12B", "juma@example.ke", False)


@pytest.mark.parametrize(("data", "message"), [
    (b"name,room\n\xff\xfe\x00", "not UTF-8"),
    ("name,language,room\nÅsa,en,1\n".encode("latin-1"), "not UTF-8"),
    (b"", "the file is empty"),
    (b"name,language,room,arrival,departure\nA\x00,en,1,2026-11-20,2026-11-25\n", "binary"),
    (b"name,language,room\nBob,en,501\n", "missing columns: arrival, departure"),
    (HEADER.encode() + b"\n" + b"Bob,,en,1,2026-11-20,2026-11-25,,,,,\n" * (MAX_ROWS + 1),
     "more than"),
    (b"x" * (9 * 1024 * 1024), "larger than"),
])
def test_whole_file_refused_in_one_line(policy: Policy, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_csv(policy, data, TODAY)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_json_rows_refused_and_taken(policy: Policy) -> None:
    document = json.loads(json.dumps({"guests": [
        {"name": "Ani", "language": "hy", "room": "412", "arrival": "2026-11-20",
         "departure": "2026-11-25", "vip": True},
        ["not", "a", "guest"],
        {"name": "Bob", "language": "en", "room": 501, "arrival": "2026-11-20",
         "departure": "2026-11-25", "vip": "maybe"},
        {"name": {"first": "Eve"}, "language": "en", "room": "502",
         "arrival": "2026-11-20", "departure": "2026-11-25"},
    ]}))
    result = parse_json(policy, document, TODAY)
    assert [g.room for g in result.taken] == ["412"]
    assert [str(r) for r in result.refused] == [
        "row 2: not an object with the guest's fields",
        "row 3: vip: 'maybe' is not yes or no",
        "row 4: name: must be text",
    ]
    with pytest.raises(ValidationError, match="expected a JSON list"):
        parse_json(policy, {"name": "Ani"}, TODAY)
