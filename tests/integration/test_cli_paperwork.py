"""`kiosk shift log` and `kiosk incident report` as real processes: the handover as a
table, CSV and JSON; the report filled from flags and JSON under a signed-in actor and
written as a PDF; bad input one clear line (never a traceback or exit 70)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.models import CompensationDecision, CompensationLine
from kiosk.desk.shift_log import shift_window
from tests.bench.seed import sample_incident
from tests.cups_fixture import CupsQueue
from tests.integration.desk_setup import make_desk, make_team
from tests.integration.test_cli_staff import kiosk, one_clean_line

AGENT = {"KIOSK_ACTOR_PIN": "1397"}


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, str, str]:
    """An incident reported this shift with an approved credit big enough for the
    incident report; the hotel day it was reported on."""
    clock = FixedClock(datetime.now(UTC) - timedelta(minutes=30))
    desk = make_desk(tmp_path / "store", clock)
    team = make_team(desk)
    incident_id, ref = desk.store.new_incident_id()
    incident = sample_incident(incident_id, ref, team["agent"], clock.now)
    incident.compensation.append(CompensationDecision(
        lines=[CompensationLine("folio_credit", 4, Decimal(10000))], total=Decimal(40000),
        currency="AMD", verdict="needs_approval", reasons=[], policy_hash="x",
        decided_by="agent", decided_role="agent", decided_at=clock.now,
        approval=None))
    incident.tier = "incident_report"
    desk.store.add_incident(incident, team["agent"])
    day = shift_window(desk)[1].date().isoformat()
    return tmp_path / "store", ref, day


def test_shift_log_as_table_csv_and_json(seeded: tuple[Path, str, str]) -> None:
    store, ref, day = seeded
    table = kiosk(store, "shift", "log")
    assert table.returncode == 0, table.stderr
    assert "Incidents (1)" in table.stdout and "Open items for the next shift" in table.stdout
    assert "incident report missing" in table.stdout
    as_csv = kiosk(store, "shift", "log", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert {r["section"] for r in rows} == {"incident", "compensation", "open"}
    # Programs read ids, codes, integer minor units and ISO times, in every staff language.
    given = [r for r in rows if r["section"] == "compensation"]
    assert [(r["kind"], r["amount_minor"], r["currency"]) for r in given] == [
        ("compensation", "4000000", "AMD")]
    assert json.loads(given[0]["detail"])["items"] == [{"item": "folio_credit", "qty": 4}]
    assert {r["kind"] for r in rows if r["section"] == "open"} >= {"report_missing"}
    assert datetime.fromisoformat(given[0]["at"]).utcoffset() is not None
    assert "what" not in rows[0] and "amount" not in rows[0]
    for language in ("hy", "sw"):
        assert kiosk(store, "--ui-lang", language, "shift", "log", "--format",
                     "csv").stdout == as_csv
    dated = json.loads(kiosk(store, "shift", "log", "--date", day, "--format", "json").stdout)
    assert [e["ref"] for e in dated["incidents"]] == [ref]
    assert dated["incidents"][0]["detail"]["status"] == "open"
    assert dated["compensation"][0]["amount_minor"] == 4000000
    in_armenian = kiosk(store, "--ui-lang", "hy", "shift", "log", "--date", day, "--format",
                        "json").stdout
    assert json.loads(in_armenian) == dated
    # The table stays in the staff's language.
    table_hy = kiosk(store, "--ui-lang", "hy", "shift", "log").stdout
    assert "40\u00a0000 AMD" in table_hy and "incident report missing" not in table_hy
    assert dated["approvals"] == []
    empty = json.loads(kiosk(store, "shift", "log", "--date", "2026-01-01", "--format",
                             "json").stdout)
    assert empty["incidents"] == [] and empty["compensation"] == []
    assert "not a date" in one_clean_line(kiosk(store, "shift", "log", "--date", "yesterday"))
    assert "plausible" in one_clean_line(kiosk(store, "shift", "log", "--date", "1999-01-01"))


def test_incident_report_filled_shown_and_written(seeded: tuple[Path, str, str],
                                                  tmp_path: Path) -> None:
    store, ref, _day = seeded
    page = kiosk(store, "incident", "report", ref)
    assert page.returncode == 0, page.stderr
    assert "Root cause: —" in page.stdout and "Missing:" in page.stdout
    assert "--by" in one_clean_line(kiosk(store, "incident", "report", ref, "--set",
                                          "root_cause=Valve"))
    assert "not FIELD=VALUE" in one_clean_line(kiosk(store, "incident", "report", ref,
                                                     "--set", "valve", "--by", "agent",
                                                     env=AGENT))
    bad = one_clean_line(kiosk(store, "incident", "report", ref, "--set", "colour=red",
                               "--set", "witnesses=maybe", "--by", "agent", env=AGENT))
    assert "'colour' is not a field" in bad and "'maybe' is not yes or no" in bad
    assert "no such file" in one_clean_line(kiosk(store, "incident", "report", ref,
                                                  "--json", "missing.json", "--by", "agent",
                                                  env=AGENT))
    assert "not valid" in one_clean_line(kiosk(store, "incident", "report", ref, "--json",
                                               "-", "--by", "agent", stdin="{nope",
                                               env=AGENT))
    filled = kiosk(store, "incident", "report", ref, "--json", "-", "--by", "agent",
                   env=AGENT, stdin=json.dumps({"what_happened": "Party next door",
                                                "root_cause": "No quiet-hours patrol",
                                                "action_taken": "Security called"}))
    assert filled.returncode == 0, filled.stderr
    flags = kiosk(store, "incident", "report", ref, "--set", "guest_reaction=neutral",
                  "--by", "agent", "--as-json", env=AGENT)
    shown = json.loads(flags.stdout)
    assert shown["missing"] == [] and shown["by"] == "agent"
    assert {b["id"]: b["value"] for b in shown["boxes"]}["root_cause"] == \
        "No quiet-hours patrol"
    pdf = tmp_path / "report.pdf"
    written = kiosk(store, "incident", "report", ref, "--pdf", str(pdf))
    assert written.returncode == 0, written.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    history = json.loads(kiosk(store, "incident", "history", ref, "--json").stdout)
    assert [e["actor"] for e in history if e["action"] == "incident.report"] == ["agent"] * 2
    assert "incident report missing" not in kiosk(store, "shift", "log").stdout
    assert "no staff member\n" not in one_clean_line(kiosk(store, "incident", "report",
                                                           "ZZZZZZ"))


def test_shift_log_printed_in_the_staffs_language(seeded: tuple[Path, str, str],
                                                  cups_queue: CupsQueue,
                                                  tmp_path: Path) -> None:
    """`kiosk shift log --print`: the log through CUPS, laid out by the letters folder's
    template, its words in the staff's language, the shift's incidents in it. The text
    is read from the same PDF written with --pdf: cups-pdf's own copy is rewritten by
    Ghostscript (ps2write) with fonts whose text cannot be read back."""
    store, ref, _day = seeded
    refused = kiosk(store, "shift", "log", "--print", "--printer", cups_queue.name)
    assert "--by" in one_clean_line(refused)  # who prints it is said first
    before = cups_queue.pdfs()
    paper = tmp_path / "handover.pdf"
    done = kiosk(store, "shift", "log", "--print", "--printer", cups_queue.name,
                 "--by", "agent", "--pdf", str(paper), env={**AGENT, "KIOSK_UI_LANG": "hy"})
    assert done.returncode == 0, done.stderr
    assert cups_queue.name in done.stdout
    arrived = cups_queue.wait_for_pdf(before)
    assert arrived.read_bytes().startswith(b"%PDF")
    words = subprocess.run(["pdftotext", "-layout", str(paper), "-"], capture_output=True,
                           text=True, check=True, timeout=60).stdout
    assert "Հերթափոխի մատյան" in words and "Միջադեպեր (1)" in words
    # Amounts as Armenian writes them: grouped by a (no-break) space, not a comma.
    assert ref in words and re.search(r"40\s000 AMD", words), words
    assert "Բաց հարցեր հաջորդ հերթափոխի համար" in words
