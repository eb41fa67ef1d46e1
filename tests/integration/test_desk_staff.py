"""Staff and drafts use cases against a real store in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from kiosk.core.clock import FixedClock
from kiosk.core.errors import AuthError, ValidationError
from kiosk.desk import drafts, staff
from kiosk.desk.context import Desk


def test_pin_is_hashed_and_never_stored_or_audited(desk: Desk, tmp_path: Path) -> None:
    person = staff.add_staff(desk, "Ani", "agent", "48151623")
    assert person.pin_hash.startswith("$argon2id$")
    everything = "".join(p.read_text("utf-8", "replace")
                         for p in (tmp_path / "store").rglob("*") if p.is_file())
    assert "48151623" not in everything
    assert person.pin_hash in everything
    assert "48151623" not in json.dumps(desk.store.audit_entries())


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", " 1234", "١٢٣٤", ""])
def test_weak_or_malformed_pins_are_refused_without_echo(desk: Desk, pin: str) -> None:
    with pytest.raises(ValidationError) as err:
        staff.add_staff(desk, "Ani", "agent", pin)
    assert "4 to 12 digits" in str(err.value)
    if pin.strip():
        assert pin.strip() not in str(err.value)
    assert desk.store.list_staff() == []


def test_unknown_role_and_bad_names_are_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="not a role"):
        staff.add_staff(desk, "Ani", "chef", "1234")
    with pytest.raises(ValidationError, match="name"):
        staff.add_staff(desk, "Ani\x1b[31m", "agent", "1234")
    with pytest.raises(ValidationError, match="name"):
        staff.add_staff(desk, "   ", "agent", "1234")
    assert desk.store.list_staff() == []


def test_sign_in_good_pin(desk: Desk, team: dict[str, str]) -> None:
    assert staff.sign_in(desk, team["agent"], "1397").role == "agent"


def test_a_pin_is_hashed_with_the_baseline_work_in_two_lanes(desk: Desk) -> None:
    # 19 MiB and 2 passes (a guesser's cost), split over the terminal's two cores.
    person = staff.add_staff(desk, "Ani", "agent", "48151623")
    assert person.pin_hash.startswith("$argon2id$v=19$m=19456,t=2,p=2$")


def test_a_pin_hashed_in_one_lane_is_hashed_again_at_its_next_sign_in(
        desk: Desk) -> None:
    person = staff.add_staff(desk, "Ani", "agent", "48151623")
    one_lane = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    desk.store.update_staff(person.id, lambda s: setattr(
        s, "pin_hash", one_lane.hash("48151623")), "setup", "staff.reset_pin")
    with pytest.raises(AuthError):
        staff.sign_in(desk, person.id, "11223344")  # a wrong PIN changes nothing
    assert ",p=1$" in desk.store.get_staff(person.id).pin_hash
    staff.sign_in(desk, person.id, "48151623")
    again = desk.store.get_staff(person.id).pin_hash
    assert again.startswith("$argon2id$v=19$m=19456,t=2,p=2$")
    assert staff.sign_in(desk, person.id, "48151623").pin_hash == again


def test_wrong_pins_count_down_then_lock_in_hotel_time(desk: Desk, team: dict[str, str],
                                                       clock: FixedClock) -> None:
    tries = desk.policy.property.pin_lockout.tries
    for _ in range(tries - 1):
        with pytest.raises(AuthError, match=r"^Wrong staff id or PIN\.$"):
            staff.sign_in(desk, team["agent"], "0000")
    with pytest.raises(AuthError, match=r"Too many tries: .* try again at 14:01"):
        staff.sign_in(desk, team["agent"], "0000")  # the first lock is a minute
    # Locked: even the right PIN is refused, and says until when.
    with pytest.raises(AuthError, match="try again at 14:01"):
        staff.sign_in(desk, team["agent"], "1397")
    clock.advance(minutes=1)
    assert staff.sign_in(desk, team["agent"], "1397").id == team["agent"]


def test_success_resets_the_count(desk: Desk, team: dict[str, str]) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            staff.sign_in(desk, team["agent"], "0000")
    staff.sign_in(desk, team["agent"], "1397")
    assert desk.store.get_staff(team["agent"]).failed_attempts == 0
    with pytest.raises(AuthError, match="Wrong"):
        staff.sign_in(desk, team["agent"], "0000")
    assert desk.store.get_staff(team["agent"]).failed_attempts == 1


def test_unknown_and_disabled_staff_cannot_sign_in(desk: Desk, team: dict[str, str]) -> None:
    with pytest.raises(AuthError, match="Wrong staff id or PIN"):
        staff.sign_in(desk, "nobody", "1397")
    staff.disable_staff(desk, team["agent"], team["supervisor"])
    with pytest.raises(AuthError, match="disabled"):
        staff.sign_in(desk, team["agent"], "1397")


def test_reset_pin_clears_lockout_and_is_audited(desk: Desk, team: dict[str, str]) -> None:
    for _ in range(desk.policy.property.pin_lockout.tries):
        with pytest.raises(AuthError):
            staff.sign_in(desk, team["agent"], "0000")
    staff.reset_pin(desk, team["agent"], "7351", team["supervisor"])
    assert staff.sign_in(desk, team["agent"], "7351").locked_until is None
    entries = [e for e in desk.store.audit_entries() if e["action"] == "staff.reset_pin"]
    assert entries[-1]["actor"] == team["supervisor"]
    assert entries[-1]["terminal"] == "test-desk"


def test_verify_approver_rules(desk: Desk, team: dict[str, str]) -> None:
    ok = staff.verify_approver(desk, team["supervisor"], "2684", team["agent"], "supervisor")
    assert ok.id == team["supervisor"]
    higher = staff.verify_approver(desk, team["general_manager"], "4962", team["agent"],
                                   "supervisor")
    assert higher.role == "general_manager"
    with pytest.raises(AuthError, match="cannot approve your own"):
        staff.verify_approver(desk, team["supervisor"], "2684", team["supervisor"],
                              "supervisor")
    with pytest.raises(AuthError, match="needs a duty manager"):
        staff.verify_approver(desk, team["supervisor"], "2684", team["agent"],
                              "duty_manager")
    with pytest.raises(AuthError, match="needs a supervisor"):
        staff.verify_approver(desk, team["agent2"], "9173", team["agent"], "supervisor")


def test_approver_wrong_pin_counts_and_own_pin_is_named(desk: Desk,
                                                        team: dict[str, str]) -> None:
    with pytest.raises(AuthError, match="agent's own PIN"):
        staff.verify_approver(desk, team["supervisor"], "1397", team["agent"], "supervisor")
    assert desk.store.get_staff(team["supervisor"]).failed_attempts == 1
    staff.disable_staff(desk, team["supervisor"], "test")
    with pytest.raises(AuthError, match="disabled"):
        staff.verify_approver(desk, team["supervisor"], "2684", team["agent"], "supervisor")


def test_bootstrap_only_on_a_store_that_never_had_staff(desk: Desk) -> None:
    assert staff.needs_bootstrap(desk)
    boss = staff.add_staff(desk, "Boss", "supervisor", "2684")
    assert not staff.needs_bootstrap(desk)
    staff.add_staff(desk, "Agent", "agent", "1397", actor=boss.id)
    with pytest.raises(AuthError, match="managing staff"):
        agent = next(s for s in desk.store.list_staff() if s.role == "agent")
        staff.authorize_manager(desk, agent.id, "1397")
    assert staff.authorize_manager(desk, boss.id, "2684").id == boss.id


def test_drafts_belong_to_their_owner(desk: Desk, team: dict[str, str]) -> None:
    mine = drafts.save_draft(desk, team["agent"], {"guest": "Անի", "room": "412"})
    drafts.save_draft(desk, team["agent2"], {"guest": "Juma"})
    assert [d.id for d in drafts.drafts_for(desk, team["agent"])] == [mine.id]
    # Someone else's id cannot overwrite or discard it.
    theirs = drafts.save_draft(desk, team["agent2"], {"guest": "x"}, draft_id=mine.id)
    assert theirs.id != mine.id
    with pytest.raises(ValidationError):
        drafts.discard_draft(desk, mine.id, team["agent2"])
    updated = drafts.save_draft(desk, team["agent"], {"guest": "Անի Պ"}, draft_id=mine.id)
    assert updated.id == mine.id
    assert drafts.drafts_for(desk, team["agent"])[0].data == {"guest": "Անի Պ"}
    drafts.discard_draft(desk, mine.id, team["agent"])
    assert drafts.drafts_for(desk, team["agent"]) == []


def test_huge_draft_is_refused(desk: Desk, team: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="KB"):
        drafts.save_draft(desk, team["agent"], {"account": "x" * 100_000})
