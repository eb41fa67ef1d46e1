"""Nobody acts as someone else: the lockout holds under concurrent guesses (threads and
real processes), an unknown id looks like a wrong PIN, staff management never opens up
by accident, roles say what they may do, PINs follow the policy's rules."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.errors import AuthError, ValidationError
from kiosk.desk import staff
from kiosk.desk.context import Desk
from tests.integration.desk_setup import ROOT, START, make_desk

GUESSERS = 16
TRIES = 5  # the shipped policy's pin_lockout.tries


def _wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.002)


def guess(store: str, staff_id: str, pin: str, go: str) -> str:
    """One sign-in try: 'ok', 'checked' (a wrong PIN that was checked against the hash)
    or 'locked' (refused without checking)."""
    desk = make_desk(Path(store))
    _wait_for(Path(go))
    try:
        staff.sign_in(desk, staff_id, pin)
    except AuthError as exc:
        return "checked" if str(exc).startswith("Wrong") else "locked"
    return "ok"


def child(store: str, staff_id: str, pin: str, go: str) -> None:
    print("ready", flush=True)
    print(guess(store, staff_id, pin, go), flush=True)


@pytest.fixture
def boss(desk: Desk) -> str:
    return staff.add_staff(desk, "Grace Njeri", "supervisor", "2684", staff_id="super1").id


def _guesses_in_threads(store: Path, staff_id: str, go: Path) -> list[str]:
    results: list[str] = []
    threads = [threading.Thread(target=lambda k=k: results.append(
        guess(str(store), staff_id, f"{7000 + k}", str(go)))) for k in range(GUESSERS)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    go.touch()
    for t in threads:
        t.join(timeout=120)
    return results


def _guesses_in_processes(store: Path, staff_id: str, go: Path) -> list[str]:
    procs = [subprocess.Popen(
        [sys.executable, "-c", "from tests.integration.test_trust_staff import child; "
         f"child({str(store)!r}, {staff_id!r}, '{7000 + k}', {str(go)!r})"],
        cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for k in range(GUESSERS)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(out.strip().splitlines()[-1])
    return results


@pytest.mark.parametrize("how", ["threads", "processes"])
def test_concurrent_guesses_check_at_most_the_tries(desk: Desk, boss: str, tmp_path: Path,
                                                    how: str) -> None:
    run = _guesses_in_threads if how == "threads" else _guesses_in_processes
    results = run(tmp_path / "store", boss, tmp_path / "go")
    assert results.count("checked") <= TRIES, results
    assert results.count("locked") >= GUESSERS - TRIES
    with pytest.raises(AuthError, match="locked"):
        staff.sign_in(desk, boss, "2684")  # the right PIN no longer gets through


def test_the_first_lock_is_short_and_grows(desk: Desk, boss: str, clock: FixedClock) -> None:
    """Five wrong PINs typed from any shell must not shut a supervisor out for long the
    first time; a guesser who keeps going meets ever longer locks."""
    for _ in range(TRIES):
        with pytest.raises(AuthError):
            staff.sign_in(desk, boss, "9173")
    clock.advance(minutes=1, seconds=1)
    assert staff.sign_in(desk, boss, "2684").id == boss  # back after a minute
    minutes = []
    for _ in range(3):
        for _ in range(TRIES):
            with pytest.raises(AuthError):
                staff.sign_in(desk, boss, "9173")
        until = desk.store.get_staff(boss).locked_until
        assert until is not None
        minutes.append((until - clock.now).total_seconds() / 60)
        clock.now = until
    assert minutes == sorted(minutes) and minutes[0] <= 2 and minutes[-1] > minutes[0]
    assert max(minutes) <= desk.policy.property.pin_lockout.minutes


def test_unknown_id_and_wrong_pin_read_the_same(desk: Desk, boss: str) -> None:
    with pytest.raises(AuthError) as wrong:
        staff.sign_in(desk, boss, "9173")
    with pytest.raises(AuthError) as unknown:
        staff.sign_in(desk, "nobody1", "9173")
    assert str(wrong.value) == str(unknown.value)
    with pytest.raises(AuthError) as unknown_approver:
        staff.verify_approver(desk, "nobody1", "9173", "agent1", "supervisor")
    assert str(unknown_approver.value) == str(wrong.value)


# --- staff management cannot open up by accident ---------------------------------------
def test_first_run_only_on_a_store_that_never_had_staff(desk: Desk, boss: str) -> None:
    agent = staff.add_staff(desk, "Ani", "agent", "1397", actor=boss)
    assert not staff.needs_bootstrap(desk)
    with pytest.raises(ValidationError, match="yourself"):
        staff.disable_staff(desk, boss, boss)
    desk.store.update_staff(boss, lambda s: setattr(s, "active", False), "test", "x")
    assert not staff.needs_bootstrap(desk)  # no manager left is not a new store
    assert agent.active


def test_last_manager_cannot_be_disabled_and_enable_exists(desk: Desk, boss: str) -> None:
    other = staff.add_staff(desk, "Helen Carter", "general_manager", "5173", actor=boss)
    staff.disable_staff(desk, boss, other.id)
    assert not desk.store.get_staff(boss).active
    with pytest.raises(ValidationError, match="yourself"):
        staff.disable_staff(desk, other.id, other.id)
    staff.enable_staff(desk, boss, other.id)
    assert desk.store.get_staff(boss).active
    with pytest.raises(ValidationError, match="already active"):
        staff.enable_staff(desk, boss, other.id)


def test_the_last_active_manager_stays(desk: Desk, boss: str) -> None:
    helper = staff.add_staff(desk, "Helen Carter", "general_manager", "5173", actor=boss)
    staff.disable_staff(desk, helper.id, boss)
    second = staff.add_staff(desk, "Tigran Avetisyan", "duty_manager", "4962", actor=boss)
    staff.disable_staff(desk, second.id, boss)
    with pytest.raises(ValidationError, match="last active person who may manage staff"):
        staff.disable_staff(desk, boss, helper.id)


def _policy_with_trainee_first(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    (folder / "published.json").unlink()  # an edited copy no kiosk has taken yet
    roles = folder / "roles.toml"
    trainee = ('[[role]]\nid = "trainee"\nlabel = { en = "Trainee", hy = "Սկսնակ", '
               'sw = "Mwanafunzi" }\nper_incident_cap = 0\nper_guest_stay_cap = 0\n'
               'per_shift_cap = 0\nmax_discount_pct = 0\n\n[role.items]\n\n')
    text = roles.read_text()
    first = text.index("[[role]]")
    roles.write_text(text[:first] + trainee + text[first:])
    return folder


def test_what_a_role_may_do_is_its_own_attribute(tmp_path: Path) -> None:
    from kiosk.config import Settings

    settings = Settings(policies=_policy_with_trainee_first(tmp_path),
                        letters=ROOT / "letters", store=tmp_path / "store",
                        terminal="test-desk")
    desk = Desk.open(settings, FixedClock(START))
    boss = staff.add_staff(desk, "Grace Njeri", "supervisor", "2684").id
    agent = staff.add_staff(desk, "Ani", "agent", "1397", actor=boss).id
    assert desk.policy.supervisor_role == "supervisor"
    with pytest.raises(AuthError, match="managing staff"):
        staff.authorize_manager(desk, agent, "1397")
    with pytest.raises(AuthError, match="needs a"):
        staff.verify_approver(desk, agent, "1397", boss, "agent")
    assert staff.authorize_manager(desk, boss, "2684").id == boss


# --- PIN rules ---------------------------------------------------------------------------
@pytest.mark.parametrize("pin", ["0000", "7777", "1234", "123456", "9876", "654321",
                                 "0123", "456"])
def test_weak_pins_are_refused(desk: Desk, pin: str) -> None:
    with pytest.raises(ValidationError) as err:
        staff.add_staff(desk, "Grace Njeri", "supervisor", pin)
    assert pin not in str(err.value)


def test_a_pin_is_not_the_staff_ids_own_digits(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="staff id"):
        staff.add_staff(desk, "Grace Njeri", "supervisor", "4821", staff_id="s4821")
    with pytest.raises(ValidationError, match="staff id"):
        staff.add_staff(desk, "Grace Njeri", "supervisor", "482193", staff_id="s4821")


def test_the_policy_sets_the_shortest_pin(tmp_path: Path) -> None:
    from kiosk.config import Settings

    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    (folder / "published.json").unlink()  # an edited copy no kiosk has taken yet
    prop = folder / "property.toml"
    prop.write_text(prop.read_text().replace("pin_min_length = 4", "pin_min_length = 6"))
    desk = Desk.open(Settings(policies=folder, letters=ROOT / "letters",
                              store=tmp_path / "store", terminal="t"), FixedClock(START))
    with pytest.raises(ValidationError, match="at least 6"):
        staff.add_staff(desk, "Grace Njeri", "supervisor", "2684")
    assert staff.add_staff(desk, "Grace Njeri", "supervisor", "268413").active


def test_duplicate_names_need_confirmation(desk: Desk, boss: str) -> None:
    with pytest.raises(ValidationError, match="already"):
        staff.add_staff(desk, "grace  NJERI", "agent", "1397", actor=boss)
    assert staff.add_staff(desk, "Grace Njeri", "agent", "1397", actor=boss,
                           same_name_ok=True).active


def test_integrations_cannot_sign_in_at_the_desk(desk: Desk, boss: str) -> None:
    feed, secret = staff.add_integration(desk, "pms-feed", "agent", boss)
    with pytest.raises(AuthError):
        staff.sign_in(desk, feed.id, secret)
    assert feed.id not in {s.id for s in staff.list_staff(desk)}
    assert staff.authenticate_integration(desk, "pms-feed", secret).id == feed.id
    with pytest.raises(AuthError):
        staff.authenticate_integration(desk, "pms-feed", secret[:-1] + "x")
    staff.disable_integration(desk, feed.id, boss)
    with pytest.raises(AuthError):
        staff.authenticate_integration(desk, "pms-feed", secret)
    assert not any(secret in str(e) for e in desk.store.audit_entries())
    assert not any(secret.encode() in f.read_bytes()
                   for f in desk.store.root.rglob("*") if f.is_file())

