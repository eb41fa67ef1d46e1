"""`store verify` a second time works through only what changed since the last clean
one, and still catches an edit made anywhere in between."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.models import Staff, StepRecord
from kiosk.store import open_store, seen
from kiosk.store import verify as verify_module
from tests.bench.seed import sample_incident

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Incidents over several days and more than one audit segment (200 entries)."""
    root = tmp_path_factory.mktemp("again") / "store"
    store = open_store(root, terminal="desk-1")
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    for k in range(105):
        at = START + timedelta(hours=7 * k)
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", at, name=f"Guest {k}",
                                           room=f"{100 + k}"), actor="ag1")
        store.update_incident(incident_id, lambda i: i.steps.append(
            StepRecord("listen", "ag1", datetime.now(UTC), "calm")), "ag1", "incident.step")
    store.settle()
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    """A copy verified clean once, so this terminal holds its proof."""
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    assert open_store(copy).verify() == []
    assert seen.state_file(copy).with_suffix(".verified").exists()
    return copy


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False))


def _parsed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The store files verify parses, by folder."""
    counts: Counter[str] = Counter()
    real = verify_module.load

    def counting(raw: bytes, rel: str) -> Any:
        counts[rel.split("/")[0] if "/" in rel else rel] += 1
        if rel.startswith("index/k"):
            counts["index shards"] += 1
        return real(raw, rel)

    monkeypatch.setattr(verify_module, "load", counting)
    return counts


def test_a_second_verify_parses_only_what_changed(root: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    days = len(list((root / "incidents").rglob("*.json")))
    assert days > 20
    parsed = _parsed(monkeypatch)
    report = open_store(root).check()
    assert report.problems == [] and report.incidents == 105 and report.audit_entries == 211
    assert parsed["incidents"] == 0 and parsed["audit"] == 0 and parsed["index shards"] == 0

    store = open_store(root)
    incident = store.find_incidents(guest="Guest 3")[0]
    store.update_incident(incident.id, lambda i: i.steps.append(
        StepRecord("empathize", "ag1", datetime.now(UTC), "sorry")), "ag1", "incident.step")
    store.settle()
    parsed.clear()
    assert open_store(root).verify() == []
    # The day file written and the last audit segment; a step moves no index key.
    assert parsed["incidents"] == 1 and parsed["audit"] == 1
    assert parsed["index shards"] == 0


def _first_day(root: Path) -> Path:
    return sorted((root / "incidents").rglob("*.json"))[0]


def _first_incident(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data["incidents"].values()))


def _shard_entry(root: Path) -> Path:
    return next(p for p in sorted((root / "index").glob("k*.json"))
                if json.loads(p.read_text()).get("room"))


def _change_shard(data: dict[str, Any]) -> None:
    rows = data["room"]
    key = next(iter(rows))
    incident_id = next(iter(rows[key]))
    rows[key][incident_id] = "incidents/2020/2020-01-01.json"


def _drop_entry(data: dict[str, Any]) -> None:
    data["audit"]["5"]["actor"] = "sv1"


CASES: dict[str, tuple[Callable[[Path], Path], Callable[[Any], None], str]] = {
    "incident edited": (_first_day, lambda d: _first_incident(d)["guest"].update(
        name="Someone Else"), "changed outside the kiosk"),
    "index shard edited": (_shard_entry, _change_shard, "is out of date for incident"),
    "early audit segment edited": (lambda r: r / "audit" / "000000.json", _drop_entry,
                                   "audit entry 5"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_edit_after_a_clean_verify_is_caught(case: str, root: Path) -> None:
    where, change, message = CASES[case]
    _edit(where(root), change)
    problems = open_store(root).verify()
    assert any(message in p for p in problems), problems


def test_a_removed_day_file_is_caught(root: Path) -> None:
    gone = _first_day(root)
    incident_id = _first_incident(json.loads(gone.read_text()))["id"]
    gone.unlink()
    problems = open_store(root).verify()
    assert any(f"incident {incident_id} is missing" in p for p in problems), problems
    assert any("lacks incident" in p or "active index" in p or "names incident" in p
               for p in problems), problems


def test_a_damaged_or_foreign_proof_is_ignored(root: Path) -> None:
    proof = seen.state_file(root).with_suffix(".verified")
    raw = bytearray(proof.read_bytes())
    raw[-1] ^= 0xFF
    proof.write_bytes(bytes(raw))
    _edit(_first_day(root), lambda d: _first_incident(d).update(account="edited"))
    problems = open_store(root).verify()
    assert any("changed outside the kiosk" in p for p in problems), problems
    # Another terminal's secret: its proof is not this terminal's to trust.
    (proof.parent / "verify.secret").write_bytes(b"x" * 32)
    problems = open_store(root).verify()
    assert any("changed outside the kiosk" in p for p in problems), problems
