"""`kiosk report` and `kiosk policy diff/replay` as real processes on a real store
holding the hand-counted fixture (tests/fixtures/report_store) plus one October
incident that the period options must leave out."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.models import Staff
from kiosk.core.policy_load import load_policy
from kiosk.store import open_store
from tests.conftest import POLICIES, ROOT
from tests.fixtures.report_store import STAFF_NAMES, fixture_incidents
from tests.integration.test_cli_commands import _loaded


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_store(tmp_path_factory.mktemp("report") / "store")


def fixture_store(root: Path) -> Path:
    """The hand-counted incidents and the October one, in a store at ``root``."""
    store = open_store(root, terminal="desk-1")
    for staff_id, name in STAFF_NAMES.items():
        role = "supervisor" if staff_id.startswith("sv_") else "agent"
        store.add_staff(Staff(staff_id, name, role, pin_hash="not-a-pin"), actor="test")
    incidents = fixture_incidents(load_policy(POLICIES))
    october = replace(incidents[-1], id="01FIXTUREOCT", ref="OCT-1", compensation=[],
                      reported_at=datetime(2026, 10, 15, 9, tzinfo=UTC))
    for incident in [*incidents, october]:
        store.add_incident(incident, actor="test")
    return root


def kiosk(store: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args, "--store", str(store),
                           "--policies", str(POLICIES)], capture_output=True, env=env,
                          cwd=ROOT, timeout=60, check=False)


def test_json_report_matches_the_hand_counts(store: Path) -> None:
    done = kiosk(store, "report", "--since", "2026-11-01", "--until", "2026-11-20",
                 "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["incidents"] == 8  # A-1 … A-8; the October one is before --since
    assert data["by_category"] == {"noise": 3, "housekeeping": 2, "maintenance": 1,
                                   "billing": 1, "food_beverage": 1}
    assert data["compensation_total"] == "79000"  # 6,000 + 18,000 + 10,000 + 45,000
    assert data["approvals"] == 2
    assert data["recovery_rate"] == 0.6  # 3 satisfied of 5 followed up
    assert data["repeat_guests"] == 2  # Անի Պետրոսյան, John Smith
    assert data["staff_names"]["sv_aram"] == "Արամ Վարդանյան"


def test_whole_history_and_an_empty_period(store: Path) -> None:
    everything = json.loads(kiosk(store, "report", "--format", "json").stdout)
    assert everything["incidents"] == 9
    assert everything["by_category"]["housekeeping"] == 3  # and October's
    empty = json.loads(kiosk(store, "report", "--since", "2025-01-01", "--until",
                             "2025-01-31", "--format", "json").stdout)
    assert empty["incidents"] == 0 and empty["recovery_rate"] is None


def test_csv_file_for_a_spreadsheet(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    done = kiosk(store, "report", "--format", "csv", "--output", str(out))
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ["repeat_guests", "guest", "Անի Պետրոսյան", "1"] in rows


def test_table_and_bad_dates(store: Path) -> None:
    table = kiosk(store, "report")
    assert table.returncode == 0
    assert "Compensation given: 79,000 AMD" in table.stdout.decode("utf-8")
    backwards = kiosk(store, "report", "--since", "2026-11-20", "--until", "2026-11-01")
    assert backwards.returncode == 1
    assert backwards.stderr.decode().strip() == "error: --until is before --since"
    assert b"Traceback" not in backwards.stderr


def test_replay_under_the_shipped_policy(store: Path) -> None:
    done = kiosk(store, "policy", "replay", str(POLICIES), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["decisions"] == 4
    # late checkout + 2 drink vouchers (18,000) is within an agent's limits now;
    # 2 laundry credits is more than the 1 an agent may give
    assert data["transitions"] == [
        {"recorded": "allowed", "proposed": "allowed", "decisions": 1},
        {"recorded": "allowed", "proposed": "needs_approval", "decisions": 1},
        {"recorded": "needs_approval", "proposed": "allowed", "decisions": 1},
        {"recorded": "needs_approval", "proposed": "needs_approval", "decisions": 1},
    ]
    assert sorted(d["ref"] for d in data["changed_decisions"]) == ["A-2", "A-3"]
    assert data["cost_difference"] == "0"
    words = kiosk(store, "policy", "replay", str(POLICIES), "--since", "2026-11-04")
    # days are hotel days (Asia/Yerevan, UTC+4): A-2 at 22:00 UTC on 3 Nov is 4 Nov
    assert "Replayed 3 compensation decisions" in words.stdout.decode()


def test_diff_and_a_broken_proposal(store: Path, tmp_path: Path) -> None:
    proposal = tmp_path / "proposal"
    shutil.copytree(POLICIES, proposal)
    roles = proposal / "roles.toml"
    roles.write_text(roles.read_text("utf-8").replace(
        "per_incident_cap = 20000", "per_incident_cap = 25000", 1), "utf-8")
    done = kiosk(store, "policy", "diff", str(POLICIES), str(proposal))
    assert done.returncode == 0, done.stderr
    assert ("  - Per-incident limit raised from 20,000 AMD to 25,000 AMD."
            in done.stdout.decode().splitlines())
    roles.write_text("[[role]]\nid = 7\n", "utf-8")
    broken = kiosk(store, "policy", "replay", str(proposal))
    assert broken.returncode == 1
    assert b"roles.toml" in broken.stderr and b"Traceback" not in broken.stderr


@pytest.mark.parametrize("args", [("report", "--since", "0001-01-01"),
                                  ("report", "--until", "9999-12-31"),
                                  ("policy", "replay", str(POLICIES), "--since", "0001-01-01")])
def test_days_out_of_reason_get_one_clear_line(store: Path, args: tuple[str, ...]) -> None:
    done = kiosk(store, *args)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "is not a plausible day" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_monthly_pdf_for_the_general_manager(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "november.pdf"
    done = kiosk(store, "report", "--format", "pdf", "--month", "2026-11", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"Report saved to {out}" in done.stdout.decode()
    assert out.stat().st_mode & 0o077 == 0  # the owner's only, like the store
    pages = PdfReader(out).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "November 1, 2026 to November 30, 2026" in text  # the October one left out
    assert "Housekeeping and cleanliness" in text  # labels, not ids
    assert "Food and beverage" in text and "food_beverage" not in text  # the department
    assert "First-contact resolution" in text and "de Matos" in text
    # The charts are drawn as vectors in the page: their bar colours are filled there
    # (blue counts on page 1, green compensation; red for the score of 3 on page 2).
    fills = [set(re.findall(r"[0-9.]+ [0-9.]+ [0-9.]+ rg", page.get_contents().get_data()
                            .decode("latin-1"))) for page in pages]
    assert {"0.121569 0.305882 0.47451 rg", "0.309804 0.541176 0.235294 rg"} <= fills[0]
    assert "0.752941 0.313725 0.301961 rg" in fills[1]
    clash = kiosk(store, "report", "--format", "pdf", "--month", "2026-11", "--since",
                  "2026-11-02")
    assert clash.returncode == 1
    assert clash.stderr.decode().strip() == (
        "error: --month goes instead of --since and --until")


def test_a_propertys_report_loads_neither_the_chain_nor_the_pdf_machinery(store: Path) -> None:
    """PostgreSQL's driver, the chain's figures and WeasyPrint load only for `--chain` and
    `--format pdf`: a report on screen does not pay for them."""
    shown, loaded = _loaded("report", "--format", "json", "--store", str(store),
                            "--policies", str(POLICIES))
    assert json.loads(shown)["incidents"] == 9
    heavy = ("psycopg", "kiosk.chain", "weasyprint", "kiosk.letters", "matplotlib")
    assert [name for name in loaded if name.startswith(heavy)] == []
