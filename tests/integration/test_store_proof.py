"""The store proves what it holds: someone with a text editor (or `rm`, or a backup
copied back) changes the store folder, and `kiosk store verify` says so."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.models import (
    Approval,
    CompensationDecision,
    CompensationLine,
    Incident,
    Staff,
    StepRecord,
)
from kiosk.store import open_store
from kiosk.store.audit import entry_hash
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _give(incident: Incident) -> None:
    incident.compensation.append(CompensationDecision(
        lines=[CompensationLine("late_checkout", 1, Decimal(15000))], total=Decimal(15000),
        currency="AMD", verdict="needs_approval", reasons=["over the agent's cap"],
        policy_hash="p", decided_by="ag1", decided_role="agent", decided_at=NOW,
        approval=Approval("sv1", "supervisor", "regular guest", NOW)))


def make_store(root: Path) -> list[str]:
    """Three incidents (the first with approved compensation) and three staff; the
    files brought up to date, as an editor would find them. Returns the incident ids."""
    store = open_store(root, terminal="desk-1")
    for staff_id, role in (("ag1", "agent"), ("sv1", "supervisor"), ("gm1", "general_manager")):
        store.add_staff(Staff(id=staff_id, name=staff_id, role=role, pin_hash=f"hash-{staff_id}"),
                        actor="setup")
    ids = []
    for k in range(3):
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC),
                                           name=f"Guest {k}", room=f"10{k}"), actor="ag1")
        store.update_incident(incident_id, lambda i: i.steps.append(
            StepRecord("listen", "ag1", datetime.now(UTC), "calm")), "ag1", "incident.step")
        ids.append(incident_id)
    store.update_incident(ids[0], _give, "ag1", "compensation.give")
    store.update_staff("ag1", lambda s: setattr(s, "failed_attempts", 5), "ag1", "staff.pin_fail")
    store.settle()
    assert store.verify() == []
    return ids


@pytest.fixture
def store_root(tmp_path: Path) -> Path:
    return tmp_path / "store"


def cli_verify(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", "store", "verify", "--store",
                           str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=full, check=False)


def assert_caught(root: Path, pattern: str, env: dict[str, str] | None = None) -> None:
    proc = cli_verify(root, env)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert pattern in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


def day_file(root: Path, incident_id: str) -> Path:
    for path in (root / "incidents").rglob("*.json"):
        if incident_id in json.loads(path.read_text())["incidents"]:
            return path
    raise AssertionError(incident_id)


def change_incident(root: Path, incident_id: str, change: Callable[[dict[str, Any]], None]
                    ) -> None:
    edit(day_file(root, incident_id), lambda d: change(d["incidents"][incident_id]))


def change_staff(root: Path, staff_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    edit(root / "staff.json", lambda d: change(d["staff"][staff_id]))


# --- records edited in place --------------------------------------------------------
def test_a_raised_compensation_quantity_is_caught(store_root: Path) -> None:
    ids = make_store(store_root)

    def more(doc: dict[str, Any]) -> None:
        doc["compensation"][0]["lines"][0]["qty"] = 3
    change_incident(store_root, ids[0], more)
    assert_caught(store_root, f"incident {ids[0]} is not what audit entry")


def test_a_changed_approver_is_caught(store_root: Path) -> None:
    ids = make_store(store_root)

    def other(doc: dict[str, Any]) -> None:
        doc["compensation"][0]["approval"]["approver_id"] = "gm1"
    change_incident(store_root, ids[0], other)
    assert_caught(store_root, f"incident {ids[0]} is not what audit entry")


def test_an_agent_made_general_manager_is_caught(store_root: Path) -> None:
    make_store(store_root)
    change_staff(store_root, "ag1", lambda s: s.update(role="general_manager"))
    assert_caught(store_root, "staff ag1 is not what audit entry")


def test_a_swapped_pin_hash_is_caught(store_root: Path) -> None:
    make_store(store_root)
    change_staff(store_root, "gm1", lambda s: s.update(pin_hash="hash-ag1"))
    assert_caught(store_root, "staff gm1 is not what audit entry")


def test_a_cleared_lockout_is_caught(store_root: Path) -> None:
    make_store(store_root)
    change_staff(store_root, "ag1", lambda s: s.update(failed_attempts=0, locked_until=None))
    assert_caught(store_root, "staff ag1 is not what audit entry")


def test_a_deleted_incident_with_its_indexes_is_caught(store_root: Path) -> None:
    ids = make_store(store_root)
    gone = ids[1]
    edit(day_file(store_root, gone), lambda d: d["incidents"].pop(gone))

    def scrub(node: Any) -> None:  # every index entry that names it, as a careful hand would
        if isinstance(node, dict):
            node.pop(gone, None)
            for key in [k for k, v in node.items() if isinstance(v, dict)]:
                scrub(node[key])
                if not node[key]:
                    del node[key]
    for path in [*(store_root / "index").glob("*.json")]:
        edit(path, scrub)
    assert_caught(store_root, f"incident {gone} is missing")


# --- the chain rewritten ------------------------------------------------------------
def content_hash(doc: Any) -> str:
    """The content hash as the README describes it (what an editor can compute too)."""
    canonical = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _segment(root: Path) -> Path:
    return root / "audit" / "000000.json"


def _rehash_from(root: Path, first: int, keep: int | None = None) -> None:
    """Rewrite the chain from entry ``first`` on (dropping entries after ``keep``),
    with fresh hashes and a head to match: what an editor without a key can do."""
    seg = json.loads(_segment(root).read_text())
    rows = seg["audit"]
    stored = {}
    for path in (root / "incidents").rglob("*.json"):
        for doc_id, doc in json.loads(path.read_text())["incidents"].items():
            stored[f"incident {doc_id}"] = content_hash(doc)
    for doc_id, doc in json.loads((root / "staff.json").read_text())["staff"].items():
        stored[f"staff {doc_id}"] = content_hash(doc)
    entries = [rows[str(n)] for n in range(1, len(rows) + 1)]
    if keep is not None:
        entries = entries[:keep]
    prev = entries[first - 2]["hash"] if first > 1 else "0" * 64
    for entry in entries[first - 1:]:
        for name in entry.get("records", {}):
            if name in stored:
                entry["records"][name] = stored[name]
        entry["prev"] = prev
        entry["hash"] = prev = entry_hash(entry)
    seg["audit"] = {str(e["seq"]): e for e in entries}
    _segment(root).write_text(json.dumps(seg, ensure_ascii=False))
    edit(root / "index" / "active.json",
         lambda d: d["audit_head"].update(chain={"seq": entries[-1]["seq"], "hash": prev}))


def test_an_edit_with_the_chain_rehashed_is_caught_by_a_terminal_that_saw_it(
        store_root: Path) -> None:
    ids = make_store(store_root)
    change_incident(store_root, ids[0], lambda d: d.update(severity="low"))
    _rehash_from(store_root, 1)
    assert_caught(store_root, "is not the one this terminal saw")


def test_an_edit_with_the_chain_rehashed_is_caught_anywhere_with_a_key(
        store_root: Path, tmp_path: Path) -> None:
    key = tmp_path / "keys" / "store.key"
    key.parent.mkdir()
    key.write_bytes(os.urandom(32).hex().encode())
    key.chmod(0o600)
    env = {"KIOSK_STORE_KEY_FILE": str(key)}
    os.environ.update(env)
    try:
        ids = make_store(store_root)
    finally:
        del os.environ["KIOSK_STORE_KEY_FILE"]
    assert '"mac":"hmac-sha256"' in _segment(store_root).read_text()
    change_incident(store_root, ids[0], lambda d: d.update(severity="low"))
    _rehash_from(store_root, 1)
    elsewhere = {**env, "KIOSK_STATE_DIR": str(tmp_path / "another-terminal")}
    assert_caught(store_root, "contents changed since it was written", elsewhere)


def test_a_truncated_tail_with_its_head_fixed_is_caught(store_root: Path) -> None:
    make_store(store_root)
    _rehash_from(store_root, 7, keep=6)  # entries 7… gone, the head says 6
    assert_caught(store_root, "but this terminal saw entry")


def test_a_rollback_to_a_backup_is_caught(store_root: Path, tmp_path: Path) -> None:
    ids = make_store(store_root)
    store = open_store(store_root)
    store.backup(tmp_path / "backup")
    store.update_incident(ids[2], lambda i: setattr(i, "severity", "high"), "ag1", "edit")
    shutil.rmtree(store_root)
    shutil.copytree(tmp_path / "backup", store_root)
    assert_caught(store_root, "but this terminal saw entry")


def test_an_emptied_store_is_caught(store_root: Path) -> None:
    make_store(store_root)
    for name in ("incidents", "index", "audit"):
        shutil.rmtree(store_root / name)
    (store_root / "wal.log").unlink()
    proc = cli_verify(store_root)
    assert proc.returncode == 1, proc.stdout
    assert "the store was emptied" in proc.stderr
    assert "staff ag1 is in no audit entry" in proc.stderr  # even on a new terminal
    fresh = cli_verify(store_root, {"KIOSK_STATE_DIR": str(store_root.parent / "elsewhere")})
    assert fresh.returncode == 1 and "staff ag1 is in no audit entry" in fresh.stderr


def test_an_untouched_store_passes_and_says_how_much(store_root: Path) -> None:
    make_store(store_root)
    proc = cli_verify(store_root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("store OK: 3 incidents")
    assert "warning" not in proc.stderr
