"""`kiosk guests import/find` as real processes, and the guest's history at the desk."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.models import Guest
from kiosk.desk import guest_list
from kiosk.desk.guest_list import RECORDS
from kiosk.desk.incidents import open_incident
from kiosk.store import open_store
from tests.integration.desk_setup import START, make_desk, make_team
from tests.integration.test_cli_staff import add, kiosk, one_clean_line

HEADER = "name,address_as,language,room,arrival,departure,phone,email,loyalty_id,loyalty_tier,vip\n"
# The commands run on the real clock: stays around today are in house.
_IN, _OUT = date.today() - timedelta(days=2), date.today() + timedelta(days=3)
STAY = f"{_IN.isoformat()},{_OUT.isoformat()}"
ANI = f"Ani Petrosyan,Ms Petrosyan,hy,412,{STAY},+374 91 123456,ani@example.am,AG-1001,gold,yes\n"
JUMA = f"Juma Mwangi,,sw,12B,{STAY},,juma@example.ke,,,no\n"


def snapshot(store: Path) -> dict[str, Any]:
    """The in-house guest list as the store holds it (in its files and its log; signing
    in writes the audit, not this)."""
    return open_store(store, create=False).records(RECORDS)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    store = tmp_path_factory.mktemp("guests") / "store"
    boss = add(store, "Grace Njeri", "supervisor", "2468").stdout.split()[-1]
    first = store.parent / "first.csv"
    first.write_text(HEADER + ANI, "utf-8")
    assert run_import(store, boss, first).returncode == 0
    assert snapshot(store)  # a list to lose, for the tests that prove nothing is lost
    return store, boss


def run_import(store: Path, boss: str, path: Path, *extra: str,
               pin: str = "2468") -> subprocess.CompletedProcess[str]:
    return kiosk(store, "guests", "import", str(path), "--by", boss, *extra,
                 env={"KIOSK_ACTOR_PIN": pin})


def test_import_reports_refusals_and_replaces_the_list(seeded: tuple[Path, str],
                                                       tmp_path: Path) -> None:
    store, boss = seeded
    first = tmp_path / "inhouse.csv"
    first.write_text(HEADER + ANI + JUMA + f"Bob,,fr,501,{STAY},,,,,\n"
                     + f"=HYPERLINK(\"x\"),,en,502,{STAY},,,,,\n", "utf-8")
    proc = run_import(store, boss, first)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "took 2 guests, refused 2; the in-house list is replaced."
    assert proc.stderr.splitlines() == [
        "refused row 4: language: 'fr' is not one of this hotel's letter languages "
        "(en, hy, sw)",
        "refused row 5: name: '=HYPERLINK(\"x\")' starts like a spreadsheet formula; "
        "not accepted",
    ]
    found = json.loads(kiosk(store, "guests", "find", "412", "--json").stdout)
    assert [g["name"] for g in found] == ["Ani Petrosyan"]
    by_name = kiosk(store, "guests", "find", "mwa")
    assert by_name.stdout.startswith("12B  Juma Mwangi (sw)")
    # The next export replaces the whole list: Ani has left, Juma stays.
    second = tmp_path / "inhouse.json"
    second.write_text(json.dumps([{"name": "Juma Mwangi", "language": "sw", "room": "12B",
                                   "arrival": _IN.isoformat(),
                                   "departure": _OUT.isoformat()}]),
                      "utf-8")
    proc = run_import(store, boss, second)
    assert proc.returncode == 0, proc.stderr
    assert kiosk(store, "guests", "find", "412").stdout.strip() == "No in-house guest matches."


@pytest.mark.parametrize(("content", "message"), [
    (b"name,language\n\xff\xfe", "not UTF-8"),
    ((HEADER + f"Bob,,fr,501,{STAY},,,,,\n").encode(),
     "no row could be taken; the in-house list is unchanged"),
    (b"name,language,room\nBob,en,1\n", "missing columns: arrival, departure"),
    (b"", "the file is empty"),
])
def test_a_broken_export_changes_nothing(seeded: tuple[Path, str], tmp_path: Path,
                                         content: bytes, message: str) -> None:
    store, boss = seeded
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = snapshot(store)
    proc = run_import(store, boss, path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert message in proc.stderr.strip().splitlines()[-1]
    assert snapshot(store) == before


@pytest.mark.parametrize("args", [
    ["guests", "import", "missing.csv", "--by", "x"],
    ["guests", "import", "list.xlsx", "--by", "x"],
    ["guests", "find", "\x1b[2J"],
])
def test_bad_arguments_one_line(seeded: tuple[Path, str], tmp_path: Path,
                                args: list[str]) -> None:
    store, _ = seeded
    (tmp_path / "list.xlsx").write_bytes(b"PK")
    args = [str(tmp_path / a) if a.endswith((".csv", ".xlsx")) else a for a in args]
    line = one_clean_line(kiosk(store, *args, env={"KIOSK_ACTOR_PIN": "2468"}))
    assert line.startswith("error: ")


def test_import_needs_the_actor_and_their_pin(seeded: tuple[Path, str],
                                             tmp_path: Path) -> None:
    store, boss = seeded
    path = tmp_path / "g.csv"
    path.write_text(HEADER + ANI, "utf-8")
    before = snapshot(store)
    assert "Wrong staff id or PIN" in one_clean_line(run_import(store, boss, path, pin="0000"))
    no_pin = kiosk(store, "guests", "import", str(path), "--by", boss)
    assert "KIOSK_ACTOR_PIN" in one_clean_line(no_pin)
    no_by = kiosk(store, "guests", "import", str(path))
    assert no_by.returncode == 2 and "--by" in no_by.stderr
    assert snapshot(store) == before


def test_history_by_loyalty_id_or_contact(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "store", FixedClock(START))
    team = make_team(desk)
    stays = date(2025, 6, 1), date(2025, 6, 4)
    earlier = [  # the same person under other spellings, and a stranger
        Guest("A. Petrosyan", "hy", "201", *stays, loyalty_id="AG-1001"),
        Guest("Ani Petrossian", "en", "305", *stays, contact="ani@example.am"),
        Guest("Ani P", "en", "306", *stays, contact="+374 (91) 12-34-56"),
        Guest("Someone Else", "en", "307", *stays, contact="+44 20 7946 0000"),
    ]
    made = [open_incident(desk, team["agent"], g, "noise", "medium", "Loud") for g in earlier]
    ani_row = ANI.replace(STAY, "2026-11-20,2026-11-25")
    result = guest_list.parse_csv(desk.policy, (HEADER + ani_row).encode(), START.date())
    guest_list.replace_list(desk, result, team["supervisor"], "inhouse.csv")
    assert guest_list.find_in_house(desk, "Ms") == []  # address_as is not a name
    (ani,) = guest_list.find_in_house(desk, "petros")
    assert {i.id for i in guest_list.history(desk, ani)} == {m.id for m in made[:3]}
    assert guest_list.as_guest(ani).contact == "+374 91 123456"
    (entry,) = [e for e in desk.store.audit_entries() if e["action"] == "guests.import"]
    assert entry["actor"] == team["supervisor"]
    assert entry["detail"] == {"taken": 1, "refused": 0, "source": "inhouse.csv"}
