"""Someone edits the audit trail with a text editor: verify (and the CLI) must say so."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.models import Staff, StepRecord
from kiosk.store import open_store
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]
SEGMENT = "audit/000000.json"

Rows = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tamper") / "store"
    store = open_store(root, terminal="desk-1")
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    for k in range(3):
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC),
                                           name=f"Guest {k}"), actor="ag1")
        store.update_incident(incident_id, lambda i: i.steps.append(
            StepRecord("listen", "ag1", datetime.now(UTC), "calm")), "ag1", "incident.step")
    assert store.verify() == []
    assert len(store.audit_entries()) == 7
    store.settle()  # the files hold it all, as a text editor would find them
    return root


def _edit_actor(rows: Rows) -> Rows:
    rows["3"]["actor"] = "sv1"  # pretend a supervisor did it
    return rows


def _edit_and_rehash(rows: Rows) -> Rows:
    from kiosk.store.audit import entry_hash

    rows["3"]["detail"] = {"ref": "FORGED"}
    rows["3"]["hash"] = entry_hash(rows["3"])  # covers the tracks of this one entry only
    return rows


def _delete_middle(rows: Rows) -> Rows:
    del rows["4"]
    return rows


def _delete_last(rows: Rows) -> Rows:
    del rows["7"]
    return rows


def _reorder(rows: Rows) -> Rows:
    keys = list(rows)
    keys[2], keys[3] = keys[3], keys[2]
    return {k: rows[k] for k in keys}


def _swap_contents(rows: Rows) -> Rows:
    rows["3"], rows["4"] = rows["4"], rows["3"]
    return rows


CASES: dict[str, tuple[Callable[[Rows], Rows], str]] = {
    "edited": (_edit_actor, "audit entry 3 .*contents changed"),
    "edited and rehashed": (_edit_and_rehash, "audit entry 4 .*chain broken"),
    "deleted": (_delete_middle, "audit entry 5 .*entry 4 expected"),
    "last deleted": (_delete_last, "audit trail ends at entry 6, but .* records entry 7"),
    "reordered": (_reorder, "audit entry 4 .*entry 3 expected, found 4"),
    "swapped": (_swap_contents, "audit entry 3 .*wrong number"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_tampering_is_reported(case: str, pristine: Path, tmp_path: Path) -> None:
    change, message = CASES[case]
    root = tmp_path / "store"
    shutil.copytree(pristine, root)
    path = root / SEGMENT
    data = json.loads(path.read_text())
    data["audit"] = change(data["audit"])
    path.write_text(json.dumps(data, ensure_ascii=False))

    problems = open_store(root).verify()
    assert any(re.search(message, p) for p in problems), problems

    cli = subprocess.run([sys.executable, "-m", "kiosk", "store", "verify", "--store",
                          str(root)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 1
    assert re.search(message, cli.stderr), cli.stderr
    assert "Traceback" not in cli.stderr


def test_untouched_store_passes_the_cli(pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(pristine, root)
    cli = subprocess.run([sys.executable, "-m", "kiosk", "store", "verify", "--store",
                          str(root)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.startswith("store OK: 3 incidents, 7 audit entries")


def test_a_corrupt_file_is_named(pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(pristine, root)
    (root / "staff.json").write_text('{"staff": {"ag1": ')
    cli = subprocess.run([sys.executable, "-m", "kiosk", "store", "verify", "--store",
                          str(root)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 1
    assert "corrupt store file staff.json" in cli.stderr
    assert "Traceback" not in cli.stderr
