"""``kiosk report --format csv`` (a real process, a real store): names typed by people
(staff, guests) that a spreadsheet would run as a formula are written as text (OWASP
CSV injection)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.models import Staff
from kiosk.core.policy_load import load_policy
from kiosk.store import open_store
from tests.conftest import POLICIES, ROOT
from tests.fixtures.report_store import STAFF_NAMES, fixture_incidents

HOSTILE = ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    store = open_store(root, terminal="desk-1")
    for n, (staff_id, name) in enumerate(STAFF_NAMES.items()):
        role = "supervisor" if staff_id.startswith("sv_") else "agent"
        store.add_staff(Staff(staff_id, HOSTILE[n % len(HOSTILE)] + name, role,
                              pin_hash="not-a-pin"), actor="test")
    for incident in fixture_incidents(load_policy(POLICIES)):
        guest = replace(incident.guest, name="=" + incident.guest.name)  # repeats stay
        store.add_incident(replace(incident, guest=guest), actor="test")
    return root


def test_formula_cells_are_written_as_text(store: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    run = subprocess.run([sys.executable, "-m", "kiosk", "report", "--format", "csv",
                          "--store", str(store), "--policies", str(POLICIES)],
                         capture_output=True, env=env, cwd=ROOT, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    cells = [c for row in csv.reader(io.StringIO(run.stdout.decode("utf-8-sig")))
             for c in row]
    assert any("HYPERLINK" in c for c in cells)  # the hostile text is there, as text
    for cell in cells:
        if cell[:1] in ("=", "+", "@", "\t", "\r") or (
                cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()):
            pytest.fail(f"a spreadsheet would run {cell!r}")
    assert any(c.startswith("'") and "HYPERLINK" in c for c in cells)
