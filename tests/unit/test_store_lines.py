"""A document read from its line of a store file is the document the whole file holds:
in any table of the file, first, last or empty, for keys another table holds too, and
for lines json reads differently from orjson. A file that is not laid out a document
to a line is parsed whole (``NOT_LAID_OUT``)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from kiosk.store.tables import NOT_LAID_OUT, doc_in_span, dump_file, table_span


def read_by_line(raw: bytes, name: str, key: str) -> Any:
    span = table_span(raw, name)
    if span is None or span is NOT_LAID_OUT:
        return span
    return doc_in_span(raw, span, key)  # type: ignore[arg-type]


def nested(rng: random.Random) -> dict[str, Any]:
    return {"total": f"{rng.randint(0, 999)}.50", "steps": [
        {"id": "listen", "note": "}{" * rng.randint(0, 3), "at": {"day": rng.randint(1, 28)}}
        for _ in range(rng.randint(0, 4))], "done": rng.random() < 0.5, "none": None}


@pytest.mark.parametrize("seed", range(40))
def test_every_document_reads_from_its_line_as_from_the_whole_file(seed: int) -> None:
    rng = random.Random(seed)
    keys = [f"01J{n:023d}" for n in range(12)]
    data = {name: {key: nested(rng) for key in rng.sample(keys, rng.randint(0, 6))}
            for name in rng.sample(["incidents", "audit", "staff", "x"], rng.randint(1, 4))}
    raw = dump_file(data)
    assert json.loads(raw) == data
    for name in ("incidents", "audit", "staff", "x"):
        for key in keys:
            got = read_by_line(raw, name, key)
            assert got == (data[name].get(key) if name in data else None), (name, key)


def test_an_empty_table_followed_by_another_holds_nothing() -> None:
    raw = dump_file({"incidents": {}, "audit": {"k": {"a": 1}}})
    assert read_by_line(raw, "incidents", "k") is None
    assert read_by_line(raw, "audit", "k") == {"a": 1}


def test_a_table_that_never_ends_is_read_whole() -> None:
    raw = dump_file({"incidents": {"k": {"a": 1}}})
    assert read_by_line(raw[:-3], "incidents", "k") is NOT_LAID_OUT


def test_a_file_of_another_layout_is_read_whole() -> None:
    raw = json.dumps({"incidents": {"k": {"a": 1}}}, indent=None).encode()
    assert read_by_line(raw, "incidents", "k") is NOT_LAID_OUT


@pytest.mark.parametrize("line", [
    b'{"n":18446744073709551616}', b'{"n":NaN}', b'{"s":"\\ud800"}', b'{"n":1e400}'])
def test_a_line_reads_as_json_reads_it(line: bytes) -> None:
    raw = b'{"incidents":{\n"k":' + line + b"\n}}"
    got = read_by_line(raw, "incidents", "k")
    assert repr(got) == repr(json.loads(line))


@pytest.mark.parametrize("line", [b'{"a": ', b'{"a": "\xff"}', b'[1,]', b'{"a":' + b"[" * 5000])
def test_a_damaged_line_sends_the_file_to_be_read_whole(line: bytes) -> None:
    raw = b'{"incidents":{\n"k":' + line + b"\n}}"
    assert read_by_line(raw, "incidents", "k") is NOT_LAID_OUT
