"""`kiosk postings pending/export/ack` as real processes: every folio credit and
discount reaches the PMS once, with its transaction code, in cells a spreadsheet
never runs."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.models import CompensationDecision, CompensationLine
from kiosk.desk.context import Desk
from tests.bench.seed import sample_incident
from tests.integration.desk_setup import START, make_desk, make_team
from tests.integration.test_cli_staff import kiosk, one_clean_line

PIN = {"KIOSK_ACTOR_PIN": "2684"}  # the supervisor's (make_team)


def credit(desk: Desk, agent: str, guest: str, lines: list[CompensationLine]) -> str:
    incident_id, ref = desk.store.new_incident_id()
    incident = sample_incident(incident_id, ref, agent, START, name=guest)
    incident.compensation.append(CompensationDecision(
        lines=lines, total=sum((ln.value for ln in lines), Decimal(0)), currency="AMD",
        verdict="allowed", reasons=[], policy_hash="p", decided_by=agent,
        decided_role="agent", decided_at=START))
    desk.store.add_incident(incident, agent)
    return incident_id


@pytest.fixture
def store(tmp_path: Path) -> Path:
    desk = make_desk(tmp_path / "store", FixedClock(START))
    team = make_team(desk)
    credit(desk, team["agent"], "@Evil Guest", [
        CompensationLine("folio_credit", 2, Decimal(10000), "=HYPERLINK(\"http://x\")"),
        CompensationLine("drink_voucher", 1, Decimal(4000))])  # a voucher is not posted
    credit(desk, team["agent"], "Juma Mwangi", [
        CompensationLine("discount_10", 1, Decimal(15000))])
    return tmp_path / "store"


def export(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return kiosk(store, "postings", "export", "--by", "supervisor", *args, env=PIN)


def test_exported_once_acknowledged_once(store: Path, tmp_path: Path) -> None:
    waiting = kiosk(store, "postings", "pending")
    assert waiting.stdout.count(" new") == 2, waiting.stdout
    first = export(store, "--format", "csv")
    assert first.returncode == 0, first.stderr
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    assert sorted((r["transaction_code"], r["item"], r["amount"], r["quantity"])
                  for r in rows) == [("9010", "folio_credit", "20000", "2"),
                                     ("9110", "discount_10", "15000", "1")]
    by_code = {r["transaction_code"]: r for r in rows}
    assert by_code["9010"]["guest"] == "'@Evil Guest"  # shown as text, never run
    assert by_code["9010"]["remark"] == "'=HYPERLINK(\"http://x\")"
    assert by_code["9110"]["percent"] == "10" and by_code["9110"]["repeat"] == "no"
    # A second export has nothing new: the same credit is never exported twice.
    second = export(store, "--format", "json")
    assert json.loads(second.stdout)["postings"] == []
    assert "exported in P" in kiosk(store, "postings", "pending").stdout
    answer = tmp_path / "posted.csv"
    answer.write_text("posting_id,pms_reference\n" + "".join(
        f"{r['posting_id']},TX{n}\n" for n, r in enumerate(rows)), "utf-8")
    acked = kiosk(store, "postings", "ack", str(answer), "--by", "supervisor", env=PIN)
    assert acked.stdout.strip() == "posted 2, already posted 0.", acked.stderr
    again = kiosk(store, "postings", "ack", str(answer), "--by", "supervisor", env=PIN)
    assert again.stdout.strip() == "posted 0, already posted 2."
    assert kiosk(store, "postings", "pending").stdout.strip() == "No postings pending."
    assert json.loads(export(store, "--format", "json", "--again").stdout)["postings"] == []


def test_a_lost_file_is_exported_again_marked_as_repeat(store: Path) -> None:
    first = json.loads(export(store, "--format", "json").stdout)
    repeat = json.loads(export(store, "--format", "json", "--again").stdout)
    assert [p["posting_id"] for p in repeat["postings"]] == \
        [p["posting_id"] for p in first["postings"]]
    assert all(p["repeat"] and p["batch"] == first["batch"] for p in repeat["postings"])


def test_two_exports_at_once_share_nothing(store: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")} | PIN
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen(
        [sys.executable, "-m", "kiosk", "postings", "export", "--by", "supervisor",
         "--format", "json", "--store", str(store), "--policies", str(root / "policies")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    ids = [p["posting_id"] for out, _ in outs for p in json.loads(out)["postings"]]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_a_bad_answer_records_nothing(store: Path, tmp_path: Path) -> None:
    rows = json.loads(export(store, "--format", "json").stdout)["postings"]
    answer = tmp_path / "posted.json"
    answer.write_text(json.dumps([rows[0]["posting_id"], "01NOSUCHPOSTING-1-1"]), "utf-8")
    proc = kiosk(store, "postings", "ack", str(answer), "--by", "supervisor", env=PIN)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == ["refused row 2: no posting '01NOSUCHPOSTING-1-1'",
                     "error: 1 row(s) refused; nothing was recorded"]
    assert kiosk(store, "postings", "pending").stdout.count("exported in") == 2


@pytest.mark.parametrize(("args", "words"), [
    (["postings", "export", "--by", "supervisor", "--format", "csv", "--since", "yesterday"],
     "--since: 'yesterday' is not a date"),
    (["postings", "ack", "missing.csv", "--by", "supervisor"], "no such file"),
    (["postings", "ack", "{bad}", "--by", "supervisor"], "posting_id column"),
    (["postings", "ack", "{notutf8}", "--by", "supervisor"], "not UTF-8"),
    (["postings", "export", "--by", "supervisor", "--format", "csv", "-o", "{bad}"],
     "exists already"),
    (["postings", "export", "--by", "nobody", "--format", "csv"], "Wrong staff id or PIN"),
])
def test_bad_input_one_line(store: Path, tmp_path: Path, args: list[str], words: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,amount\n1,2\n", "utf-8")
    notutf8 = tmp_path / "latin.csv"
    notutf8.write_bytes("posting_id\nÅ\n".encode("latin-1"))
    args = [a.replace("{bad}", str(bad)).replace("{notutf8}", str(notutf8)) for a in args]
    assert words in one_clean_line(kiosk(store, *args, env=PIN))
