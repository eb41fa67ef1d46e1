"""After the follow-up call, on a real store: a guest not satisfied opens a second
recovery (linked both ways, first on the board, the supervisor told through the
outbox); an unreachable guest is called again by the policy until the last call. Work
orders go to the category's department and the letter's "what we did" reads them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.errors import ValidationError
from kiosk.core.models import Guest, OrderStatus, Outcome, Status
from kiosk.desk import incidents
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.desk.follow_through import record_follow_up, upcoming_follow_ups
from kiosk.desk.guest_list import parse_json, replace_list
from kiosk.desk.letters import preview_letter
from kiosk.desk.notify import outbox
from kiosk.desk.work_orders import list_orders, update_order
from tests.integration.desk_setup import START

STEPS = ["Guest heard", "Sorry for the noise", "Apologised", "Moved the guest", "Told"]


def guest(room: str = "412") -> Guest:
    return Guest(name="Ani Petrosyan", language="en", room=room, arrival=date(2026, 11, 20),
                 departure=date(2026, 11, 30), contact="+374 91 000000")


def resolved(desk: Desk, agent: str, category: str = "noise", room: str = "412") -> str:
    incident = incidents.open_incident(desk, agent, guest(room), category, "medium",
                                       "Music next door until 3 am")
    for step, note in zip(desk.policy.steps, STEPS, strict=False):
        incidents.record_step(desk, incident.id, agent, step.id, note)
    incidents.resolve_incident(desk, incident.id, agent)
    return incident.id


def test_not_satisfied_opens_a_linked_second_recovery_first_on_the_board(
        desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    first = resolved(desk, team["agent"])
    late = incidents.open_incident(desk, team["agent"], guest("509"), "maintenance",
                                   "critical", "No water").id
    clock.advance(hours=25)
    assert board(desk).open[0].incident_id == late  # breached, the most urgent
    done = record_follow_up(desk, first, team["agent2"], "not_satisfied",
                            "Still noisy last night")
    assert done.second is not None and done.next_call is None
    second = desk.store.get_incident(done.second.id)
    assert second.status == Status.OPEN and second.second_of == first
    assert second.account == "Still noisy last night" and second.guest == guest()
    assert done.incident.second_recovery == second.id
    assert done.incident.status == Status.FOLLOWED_UP
    assert desk.store.get_incident(first).second_recovery == second.id
    top = board(desk).open[0]
    assert (top.incident_id, top.second_recovery, top.second_of) == (second.id, True, first)
    told = [n for n in outbox(desk) if n.kind == "second_recovery"]
    assert [(n.incident_id, n.role) for n in told] == [(second.id, "supervisor")]
    assert second.work_order is not None and second.work_order.department == "security"
    with pytest.raises(ValidationError, match="followed_up"):
        record_follow_up(desk, first, team["agent"], "satisfied")


def test_unreachable_books_the_next_call_until_the_last(
        desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    incident_id = resolved(desk, team["agent"])
    clock.advance(hours=24, minutes=30)
    calls = upcoming_follow_ups(desk)
    assert [(c.incident_id, c.overdue, c.attempt, c.attempts) for c in calls] == \
        [(incident_id, True, 1, 3)]
    first = record_follow_up(desk, incident_id, team["agent"], Outcome.UNREACHABLE)
    assert first.next_call == clock.now + timedelta(hours=4)  # retry_hours = [4, 24]
    assert first.incident.status == Status.RESOLVED
    call = upcoming_follow_ups(desk)[0]
    assert (call.due, call.overdue, call.attempt) == (clock.now + timedelta(hours=4), False, 2)
    assert upcoming_follow_ups(desk, within=timedelta(hours=1)) == []
    clock.advance(hours=4)
    second = record_follow_up(desk, incident_id, team["agent"], "unreachable", "voicemail")
    assert second.next_call == clock.now + timedelta(hours=24)
    clock.advance(hours=24)
    last = record_follow_up(desk, incident_id, team["agent2"], "unreachable")
    assert last.next_call is None and last.second is None
    assert last.incident.status == Status.FOLLOWED_UP
    assert last.incident.follow_up is not None
    assert last.incident.follow_up.outcome == Outcome.UNREACHABLE
    assert [a.feedback for a in last.incident.follow_up.unreachable] == ["", "voicemail", ""]
    assert [n.role for n in last.notices] == ["supervisor"]
    assert upcoming_follow_ups(desk) == []


def test_work_orders_go_to_the_department_and_feed_the_letter(
        desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    incident = incidents.open_incident(desk, team["agent"], guest(), "maintenance", "high",
                                       "The air conditioning is dead")
    order = incident.work_order
    assert order is not None
    assert (order.department, order.owner, order.status) == \
        ("engineering", "Chief engineer", OrderStatus.OPEN)
    assert order.promised_at == START + timedelta(minutes=120)  # high: resolve in 2 hours
    rows = list_orders(desk, "Engineering")
    assert [(r.ref, r.department_label, r.overdue) for r in rows] == \
        [(incident.ref, "Engineering", False)]
    assert list_orders(desk, "security") == []
    with pytest.raises(ValidationError, match="not a department"):
        list_orders(desk, "kitchen")
    boss = desk.store.get_staff(team["supervisor"])
    update_order(desk, incident.ref, boss, status=OrderStatus.IN_PROGRESS, owner="Arman")
    with pytest.raises(ValidationError, match="say what was done"):
        update_order(desk, incident.ref, boss, status=OrderStatus.DONE)
    clock.advance(hours=3)
    assert list_orders(desk, "engineering")[0].overdue
    update_order(desk, incident.ref, boss, status=OrderStatus.DONE,
                 note="We replaced the air-conditioning unit in your room.")
    assert list_orders(desk, "engineering") == []
    done = list_orders(desk, "engineering", include_done=True)[0]
    assert (done.status, done.owner) == (OrderStatus.DONE, "Arman")
    assert "We replaced the air-conditioning unit in your room." in \
        preview_letter(desk, incident.id).markdown
    actions = [e["action"] for e in desk.store.audit_entries()
               if e.get("subject") == incident.id]
    assert actions.count("work_order.update") == 2


def test_board_flags_a_deadline_after_check_out_from_the_in_house_list(
        desk: Desk, team: dict[str, str]) -> None:
    # Reported 14:00 Yerevan on the 23rd; housekeeping, low: resolved by 14:00 the 24th.
    incidents.open_incident(desk, team["agent"], guest(), "housekeeping", "low",
                            "The room was not cleaned")
    assert not board(desk).open[0].sla.before_checkout  # the incident says the 30th
    # The PMS now says the guest leaves on the 24th, at noon: before the deadline.
    leaving = {"name": "Ani Petrosyan", "language": "en", "room": "412",
               "arrival": "2026-11-20", "departure": "2026-11-24"}
    replace_list(desk, parse_json(desk.policy, [leaving], date(2026, 11, 23)), "system",
                 "test")
    assert board(desk).open[0].sla.before_checkout
    someone_else = dict(leaving, name="Juma Mwangi")  # the list's guest in 412 is another
    replace_list(desk, parse_json(desk.policy, [someone_else], date(2026, 11, 23)),
                 "system", "test")
    assert not board(desk).open[0].sla.before_checkout
