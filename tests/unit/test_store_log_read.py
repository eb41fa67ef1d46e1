"""A fresh process reads the whole write-ahead log: by the fast parser, exactly as the
standard one reads what the store wrote (numbers past 64 bits, any script)."""

from __future__ import annotations

from pathlib import Path

from kiosk.store.files import Log


def test_a_log_record_reads_back_whole_in_another_process_s_log(tmp_path: Path) -> None:
    writer = Log(tmp_path)
    writer.refresh()
    doc = {"n": 2**70, "tiny": 1e-300, "name": "Անի Պետրոսյան", "sw": "Bi. Fatuma",
           "nested": [{"deep": [None, True, -0.5]}]}
    writer.append([("records/x.json", "things", "k1", doc),
                   ("records/x.json", "things", "gone", None)])
    reader = Log(tmp_path)
    reader.refresh()
    assert reader.pending == {"records/x.json": {"things": {"k1": doc, "gone": None}}}
    assert type(reader.pending["records/x.json"]["things"]["k1"]["n"]) is int


def test_a_torn_record_ends_what_is_read(tmp_path: Path) -> None:
    writer = Log(tmp_path)
    writer.refresh()
    writer.append([("records/x.json", "things", "k1", {"a": 1})])
    with (tmp_path / "wal.log").open("ab") as log:
        log.write(b"KREC\x00\x00\x00\x10\x00\x00\x00\x00{not json")
    reader = Log(tmp_path)
    reader.refresh()
    assert reader.pending == {"records/x.json": {"things": {"k1": {"a": 1}}}}
    assert reader.torn
