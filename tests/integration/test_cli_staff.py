"""`kiosk staff …` as a real process: PINs from stdin, the bootstrap, --by, lockout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kiosk(store: Path | None, *args: str, stdin: str | bytes = b"",
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kiosk`` on ``store`` (None: no --store) with piped stdin."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("KIOSK_") or k == "KIOSK_STATE_DIR"}  # the test's own
    clean.update(env or {})
    data = stdin.encode() if isinstance(stdin, str) else stdin
    where = ["--store", str(store)] if store is not None else []
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", *args, *where, "--policies", str(ROOT / "policies")],
        input=data, capture_output=True, cwd=ROOT, env=clean, timeout=60, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def one_clean_line(proc: subprocess.CompletedProcess[str]) -> str:
    """Failure contract: exit 1, one line on stderr, no traceback."""
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def add(store: Path, name: str, role: str, pin: str, by: str | None = None,
        by_pin: str | None = None) -> subprocess.CompletedProcess[str]:
    args = ["staff", "add", name, "--role", role] + (["--by", by] if by else [])
    env = {"KIOSK_ACTOR_PIN": by_pin} if by_pin else None
    return kiosk(store, *args, stdin=pin + "\n", env=env)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def boss(store: Path) -> str:
    proc = add(store, "Grace Njeri", "supervisor", "2468")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_bootstrap_then_by_is_required(store: Path, boss: str) -> None:
    assert boss.startswith("s")
    refused = add(store, "Ani", "agent", "1357")
    assert "--by" in one_clean_line(refused)
    wrong = add(store, "Ani", "agent", "1357", by=boss, by_pin="0000")
    assert "Wrong staff id or PIN" in one_clean_line(wrong)
    proc = add(store, "Ani", "agent", "1357", by=boss, by_pin="2468")
    assert proc.returncode == 0, proc.stderr
    new_id = proc.stdout.strip().splitlines()[-1]
    listed = json.loads(kiosk(store, "staff", "list", "--json").stdout)
    assert {p["id"] for p in listed} == {boss, new_id}
    assert all("pin_hash" not in p for p in listed)
    adder = [e for e in _audit(store) if e["action"] == "staff.add"]
    assert [e["actor"] for e in adder] == ["bootstrap", boss]


def _audit(store: Path) -> list[dict[str, object]]:
    from kiosk.store import open_store

    return open_store(store).audit_entries()


def test_agent_cannot_manage_staff_nor_a_supervisor_a_manager(store: Path, boss: str) -> None:
    agent = add(store, "Ani", "agent", "1357", by=boss, by_pin="2468").stdout.split()[-1]
    assert "managing staff" in one_clean_line(
        add(store, "Bob", "agent", "1397", by=agent, by_pin="1357"))
    assert "above their own" in one_clean_line(
        add(store, "Helen", "general_manager", "1397", by=boss, by_pin="2468"))


@pytest.mark.parametrize("pin", ["98", "abcd", "1234567890123", ""])
def test_bad_pins_are_refused_without_echo(store: Path, pin: str) -> None:
    line = one_clean_line(add(store, "Ani", "supervisor", pin))
    assert "4 to 12 digits" in line
    assert not pin or pin not in line
    assert kiosk(store, "staff", "list", "--json").stdout.strip() == "[]"


def test_pin_is_not_an_argument(store: Path) -> None:
    proc = kiosk(store, "staff", "add", "Ani", "--role", "agent", "--pin", "1234")
    assert proc.returncode == 2
    assert "--pin" in proc.stderr


def test_list_table_disable_and_reset_pin(store: Path, boss: str) -> None:
    agent = add(store, "Ani \u202eevil", "agent", "1357", by=boss, by_pin="2468")
    assert "name" in one_clean_line(agent)
    agent_id = add(store, "Ani", "agent", "1357", by=boss, by_pin="2468").stdout.split()[-1]
    env = {"KIOSK_ACTOR_PIN": "2468"}
    table = kiosk(store, "staff", "list").stdout
    assert "Ani" in table and "agent" in table and "active" in table
    proc = kiosk(store, "staff", "reset-pin", agent_id, "--by", boss, stdin="8642\n", env=env)
    assert proc.returncode == 0, proc.stderr
    proc = kiosk(store, "staff", "disable", agent_id, "--by", boss, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "disabled" in kiosk(store, "staff", "list").stdout
    assert "no staff member" in one_clean_line(
        kiosk(store, "staff", "disable", "ghost", "--by", boss, env=env))


def test_lockout_after_the_policy_number_of_wrong_pins(store: Path, boss: str) -> None:
    agent = add(store, "Ani", "agent", "1357", by=boss, by_pin="2468").stdout.split()[-1]
    for _ in range(4):
        line = one_clean_line(add(store, "Bob", "agent", "1397", by=boss, by_pin="0000"))
        assert line == "error: Wrong staff id or PIN."
    assert "Too many tries" in one_clean_line(
        add(store, "Bob", "agent", "1397", by=boss, by_pin="0000"))
    assert "try again at" in one_clean_line(
        add(store, "Bob", "agent", "1397", by=boss, by_pin="2468"))
    listed = json.loads(kiosk(store, "staff", "list", "--json").stdout)
    assert next(p for p in listed if p["id"] == boss)["locked_until"] is not None
    assert next(p for p in listed if p["id"] == agent)["locked_until"] is None
