"""Incident use cases against a real store: checks, checklist order, compensation and
approval, resolve / follow-up / close, guest history, the board and the demo seed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.engine import Line, Verdict
from kiosk.core.errors import AuthError, ValidationError
from kiosk.core.models import Guest, Outcome, Status
from kiosk.core.reasons import said
from kiosk.desk import incidents
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.desk.demo import DEMO_STAFF, seed_demo
from kiosk.desk.follow_through import record_follow_up
from kiosk.desk.incidents import ApprovalRequest
from tests.integration.desk_setup import START, make_desk


def guest(**changes: Any) -> Guest:
    values: dict[str, Any] = dict(name="Անի Պետրոսյան", language="hy", room="412",
                                  arrival=date(2026, 11, 20), departure=date(2026, 11, 25))
    values.update(changes)
    return Guest(**values)


def open_one(desk: Desk, agent: str, **changes: Any) -> str:
    return incidents.open_incident(desk, agent, guest(**changes), "noise", "medium",
                                   "Loud party next door until 3 am").id


def walk(desk: Desk, incident_id: str, agent: str, upto: int = 5) -> None:
    for step in desk.policy.steps[:upto]:
        incidents.record_step(desk, incident_id, agent, step.id, f"{step.id} done")


# --- opening ---------------------------------------------------------------------------
def test_open_incident_is_saved_with_reported_time(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    saved = desk.store.get_incident(incident_id)
    assert saved.status == Status.OPEN
    assert saved.reported_at == START
    assert saved.guest.name == "Անի Պետրոսյան"
    assert desk.store.get_incident(saved.ref).id == incident_id


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "guest.name"),
    ({"name": "x" * 121}, "guest.name"),
    ({"name": "Ani\x1b]0;pwned\x07"}, "guest.name"),
    ({"name": "Ani\nPetrosyan"}, "guest.name"),
    ({"name": "Ani\u202eevil"}, "guest.name"),
    ({"room": ""}, "guest.room"),
    ({"room": "412; rm -rf"}, "guest.room"),
    ({"language": "fr"}, "guest.language"),
    ({"departure": date(2026, 11, 19)}, "guest.departure"),
    ({"contact": "a\x00b"}, "guest.contact"),
])
def test_bad_guest_details_save_nothing(desk: Desk, team: dict[str, str],
                                        changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field.replace(".", r"\.")):
        open_one(desk, team["agent"], **changes)
    assert desk.store.find_incidents() == []


@pytest.mark.parametrize(("category", "severity", "account", "match"), [
    ("weather", "medium", "Rain", "category"),
    ("noise", "urgent", "Loud", "severity"),
    ("noise", "medium", "", "account"),
    ("noise", "medium", "x" * 4001, "account"),
    ("noise", "medium", "Loud \x1b[2J music", "account"),
])
def test_bad_incident_fields_save_nothing(desk: Desk, team: dict[str, str], category: str,
                                          severity: str, account: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        incidents.open_incident(desk, team["agent"], guest(), category, severity, account)
    assert desk.store.find_incidents() == []


def test_account_keeps_line_breaks_and_is_trimmed(desk: Desk, team: dict[str, str]) -> None:
    incident = incidents.open_incident(desk, team["agent"], guest(), "noise", "low",
                                       "  First night.\nSecond night too.\t \n")
    assert incident.account == "First night.\nSecond night too."


def test_disabled_agent_cannot_open(desk: Desk, team: dict[str, str]) -> None:
    from kiosk.desk.staff import disable_staff

    disable_staff(desk, team["agent"], team["supervisor"])
    with pytest.raises(ValidationError, match="disabled"):
        open_one(desk, team["agent"])


# --- checklist -------------------------------------------------------------------------
def test_steps_in_order_first_acknowledges(desk: Desk, team: dict[str, str],
                                           clock: FixedClock) -> None:
    incident_id = open_one(desk, team["agent"])
    with pytest.raises(ValidationError, match="Do 'Listen' before 'Apologize'"):
        incidents.record_step(desk, incident_id, team["agent"], "apologize", "Sorry")
    clock.advance(minutes=3)
    incident = incidents.record_step(desk, incident_id, team["agent"], "listen", "Music")
    assert incident.acknowledged_at == START + timedelta(minutes=3)
    assert desk.policy.next_step(s.step_id for s in incident.steps).id == "empathize"
    with pytest.raises(ValidationError, match="already recorded"):
        incidents.record_step(desk, incident_id, team["agent"], "listen", "again")
    with pytest.raises(ValidationError, match="not a step"):
        incidents.record_step(desk, incident_id, team["agent"], "hear", "x")


def test_required_step_needs_note_or_confirmation(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    with pytest.raises(ValidationError, match="needs a note or your confirmation"):
        incidents.record_step(desk, incident_id, team["agent"], "listen", "  ",
                              confirmed=False)
    incident = incidents.record_step(desk, incident_id, team["agent"], "listen", "",
                                     confirmed=True)
    assert incident.steps[0].confirmed
    walked = walk_all(desk, incident_id, team["agent"])
    assert desk.policy.next_step(s.step_id for s in walked.steps) is None


def walk_all(desk: Desk, incident_id: str, agent: str):  # type: ignore[no-untyped-def]
    for step in desk.policy.steps[1:]:
        incidents.record_step(desk, incident_id, agent, step.id, "")
    return desk.store.get_incident(incident_id)


# --- compensation ----------------------------------------------------------------------
def test_within_limits_is_recorded_with_policy_hash(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    incident = incidents.give_compensation(desk, incident_id, team["agent"],
                                           [Line("welcome_amenity", 1)])
    (decision,) = incident.compensation
    assert decision.verdict == "allowed"
    assert decision.policy_hash == desk.policy.policy_hash
    assert decision.total == 6000
    assert incident.tier == "shift_log"


def test_forbidden_names_the_reasons(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    with pytest.raises(ValidationError, match="may not be given for “Noise”"):
        incidents.give_compensation(desk, incident_id, team["agent"], [Line("discount_10")])
    with pytest.raises(ValidationError, match="not in the compensation catalogue"):
        incidents.give_compensation(desk, incident_id, team["agent"], [Line("yacht")])
    assert desk.store.get_incident(incident_id).compensation == []


def test_over_limit_needs_a_valid_approval(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    lines = [Line("room_upgrade")]
    remarks = {"room_upgrade": "Suite 801"}
    decision = incidents.propose(desk, desk.store.get_incident(incident_id), team["agent"],
                                 lines)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.approver_role == "supervisor"
    with pytest.raises(ValidationError, match="Needs approval"):
        incidents.give_compensation(desk, incident_id, team["agent"], lines, remarks)
    with pytest.raises(AuthError, match="cannot approve your own"):
        incidents.give_compensation(desk, incident_id, team["agent"], lines, remarks,
                                    ApprovalRequest(team["agent"], "1397", "Because"))
    with pytest.raises(AuthError, match="Wrong staff id or PIN"):
        incidents.give_compensation(desk, incident_id, team["agent"], lines, remarks,
                                    ApprovalRequest(team["supervisor"], "0000", "Because"))
    with pytest.raises(ValidationError, match="approval reason"):
        incidents.give_compensation(desk, incident_id, team["agent"], lines, remarks,
                                    ApprovalRequest(team["supervisor"], "2684", " "))
    assert desk.store.get_incident(incident_id).compensation == []
    incident = incidents.give_compensation(
        desk, incident_id, team["agent"], lines, remarks,
        ApprovalRequest(team["supervisor"], "2684", "Our booking error"))
    approval = incident.compensation[0].approval
    assert approval is not None
    assert (approval.approver_id, approval.approver_role) == (team["supervisor"],
                                                              "supervisor")
    assert approval.reason == "Our booking error"
    assert approval.at == START
    assert incident.tier == "incident_report"


def test_giving_twice_counts_against_one_incident(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["agent"])
    incidents.give_compensation(desk, incident_id, team["agent"], [Line("breakfast_voucher")])
    incident = desk.store.get_incident(incident_id)
    decision = incidents.propose(desk, incident, team["agent"], [Line("breakfast_voucher")])
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.total == 24000  # the incident as a whole
    assert any("over the limit of 1 for" in r for r in said(decision.reasons, desk.policy))
    # The shift and stay headroom do not count the first voucher twice.
    stay = next(h for h in decision.headroom if h.cap == "per_guest_stay")
    shift = next(h for h in decision.headroom if h.cap == "per_shift")
    assert stay.used == shift.used == 24000
    small = incidents.give_compensation(desk, incident_id, team["agent"],
                                        [Line("drink_voucher")])
    assert [d.total for d in small.compensation] == [12000, 4000]


def test_remark_required_items(desk: Desk, team: dict[str, str]) -> None:
    incident_id = open_one(desk, team["supervisor"])
    with pytest.raises(ValidationError, match="needs a remark"):
        incidents.give_compensation(desk, incident_id, team["supervisor"],
                                    [Line("room_upgrade")])
    incident = incidents.give_compensation(desk, incident_id, team["supervisor"],
                                           [Line("room_upgrade")], {"room_upgrade": "801"})
    assert incident.compensation[0].lines[0].remark == "801"


def test_stay_total_and_shift_total_are_counted(desk: Desk, team: dict[str, str],
                                                clock: FixedClock) -> None:
    first = open_one(desk, team["supervisor"])
    incidents.give_compensation(desk, first, team["supervisor"],
                                [Line("breakfast_voucher"), Line("welcome_amenity")])
    incidents.give_compensation(desk, first, team["supervisor"], [Line("late_checkout")])
    second = open_one(desk, team["agent2"])
    # 28,000 already given this stay + 12,000 = 40,000: just within the stay cap.
    decision = incidents.propose(desk, desk.store.get_incident(second), team["agent2"],
                                 [Line("breakfast_voucher")])
    assert decision.verdict == Verdict.ALLOWED
    decision = incidents.propose(desk, desk.store.get_incident(second), team["agent2"],
                                 [Line("breakfast_voucher"), Line("drink_voucher")])
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert any("already given this stay" in r for r in said(decision.reasons, desk.policy))
    shift = next(h for h in decision.headroom if h.cap == "per_shift")
    assert shift.used == 16000  # agent2 has given nothing yet this shift
    clock.advance(hours=desk.policy.property.shift_hours + 1)
    other = open_one(desk, team["agent"], name="Someone Else", room="101")
    decision = incidents.propose(desk, desk.store.get_incident(other), team["agent"],
                                 [Line("drink_voucher")])
    assert next(h for h in decision.headroom if h.cap == "per_shift").used == 4000


# --- lifecycle -------------------------------------------------------------------------
def test_resolve_follow_up_close(desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    incident_id = open_one(desk, team["agent"])
    with pytest.raises(ValidationError, match="Finish the checklist first"):
        incidents.resolve_incident(desk, incident_id, team["agent"])
    walk(desk, incident_id, team["agent"])
    with pytest.raises(ValidationError, match="only a resolved incident"):
        incidents.close_incident(desk, incident_id, team["agent"])
    clock.advance(minutes=40)
    incident = incidents.resolve_incident(desk, incident_id, team["agent"])
    assert incident.status == Status.RESOLVED
    assert incident.follow_up is not None
    assert incident.follow_up.due == START + timedelta(minutes=40, hours=24)
    with pytest.raises(ValidationError, match="compensation is given while it is open"):
        incidents.give_compensation(desk, incident_id, team["agent"], [Line("drink_voucher")])
    assert board(desk).follow_ups == []
    clock.advance(hours=25)
    assert [f.incident_id for f in board(desk).follow_ups] == [incident_id]
    incident = record_follow_up(desk, incident_id, team["agent2"],
                                Outcome.SATISFIED, "Թանկ էր, բայց լավ").incident
    assert incident.status == Status.FOLLOWED_UP
    assert incident.follow_up is not None and incident.follow_up.by == team["agent2"]
    assert board(desk).follow_ups == []
    incident = incidents.close_incident(desk, incident_id, team["supervisor"])
    assert incident.status == Status.CLOSED
    assert incident.closed_at == clock.now
    with pytest.raises(ValidationError, match="not one of"):
        record_follow_up(desk, incident_id, team["agent"], "delighted")


def test_guest_history_and_repeat_flag(desk: Desk, team: dict[str, str],
                                       clock: FixedClock) -> None:
    assert incidents.guest_history(desk, guest()).repeat is False
    first = open_one(desk, team["agent"])
    history = incidents.guest_history(desk, guest(name="  անի պետրոսյան "))
    assert [i.id for i in history.incidents] == [first]
    assert history.repeat
    assert incidents.guest_history(desk, guest(), exclude=first).incidents == []
    clock.advance(days=400)
    later = guest(arrival=date(2027, 12, 20), departure=date(2027, 12, 22))
    history = incidents.guest_history(desk, later)
    assert len(history.incidents) == 1 and history.repeat is False


def test_board_orders_by_urgency_and_searches(desk: Desk, team: dict[str, str],
                                              clock: FixedClock) -> None:
    calm = incidents.open_incident(desk, team["agent"], guest(name="Calm Guest", room="101"),
                                   "wifi_technology", "low", "Slow Wi-Fi").id
    urgent = incidents.open_incident(desk, team["agent"], guest(name="Juma", room="509"),
                                     "maintenance", "critical", "No water").id
    clock.advance(minutes=10)
    rows = board(desk).open
    assert [r.incident_id for r in rows] == [urgent, calm]
    assert rows[0].sla.breached and rows[0].sla.notify_role == "supervisor"
    assert rows[0].category == "Something broken in the room"
    assert rows[0].age == timedelta(minutes=10)
    assert [r.incident_id for r in board(desk, "juma").open] == [urgent]
    assert [r.incident_id for r in board(desk, "101").open] == [calm]


# --- demo ------------------------------------------------------------------------------
def test_demo_seed_is_idempotent_and_varied(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "demo")
    seed_demo(desk)
    seed_demo(desk)
    assert sorted(s.id for s in desk.store.list_staff()) == sorted(s[0] for s in DEMO_STAFF)
    everything = desk.store.find_incidents()
    assert len(everything) == 6
    assert {i.guest.language for i in everything} == {"en", "hy", "sw"}
    assert any(d.approval for i in everything for d in i.compensation)
    state = board(desk)
    assert len(state.open) == 3 and len(state.follow_ups) == 1
    assert any(r.sla.breached for r in state.open)
    assert desk.store.verify() == []


def test_demo_pins_sign_in(tmp_path: Path) -> None:
    from kiosk.desk.staff import sign_in

    desk = make_desk(tmp_path / "demo")
    seed_demo(desk)
    for staff_id, _, role, pin in DEMO_STAFF:
        assert sign_in(desk, staff_id, pin).role == role
