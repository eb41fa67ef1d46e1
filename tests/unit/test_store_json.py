"""Store files are read with orjson where it reads them exactly as json does, and with
json where it would not: numbers past 64 bits (which orjson turns into floats), NaN,
a byte-order mark, lone surrogates. What neither reads is named, in one line."""

from __future__ import annotations

import json

import pytest

from kiosk.core.errors import StoreError
from kiosk.store.tables import dump, parse

SAME = [
    b'{"a":18446744073709551616}', b'{"a": -9223372036854775809}',
    b'{"a":[1,123456789012345678901234567890]}', b'{"a":\n12345678901234567890}',
    b'{"a": NaN, "b": Infinity}', b'{"a": 1e400}', b'{"a": "\\ud800"}',
    b'{"a": 9223372036854775807, "b": -0.0, "c": 1.0000000000000002}',
    b'{"h":"1234567890123456789012345678901234567890abcdef"}',
    b'{"a": 1, "a": 2}', '{"name":"Անի Պետրոսյան","note":"Bi. Fatuma"}'.encode(),
]


@pytest.mark.parametrize("raw", SAME)
def test_read_as_json_reads_it(raw: bytes) -> None:
    got, want = parse(raw, "x.json"), json.loads(raw)
    assert repr(got) == repr(want)  # repr: NaN is not equal to itself
    assert [type(v) for v in got.values()] == [type(v) for v in want.values()]


@pytest.mark.parametrize("raw", [b'{"a": ', b'{"a": "\xff"}', b"[1,]", b"{" * 5000])
def test_what_neither_reads_is_named(raw: bytes) -> None:
    with pytest.raises(StoreError, match=r"corrupt store file x\.json"):
        parse(raw, "x.json")


def test_what_the_kiosk_writes_reads_back() -> None:
    doc = {"id": "01JD0000000000000000000000", "total": "12.50", "n": 3, "ok": True,
           "none": None, "hash": "0123456789012345678901234567890123456789" * 2,
           "list": [{"phone": "+37410123456789"}]}
    assert parse(dump(doc), "x.json") == doc
