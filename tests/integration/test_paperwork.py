"""The paperwork the tiers ask for, on a real store: the general manager's notification
queued the moment compensation reaches the tier (not at the next outbox fill), the
incident report filled at the desk from the policy's boxes and printed, and the shift
log for the handover."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.engine import Line
from kiosk.core.errors import ValidationError
from kiosk.core.models import Guest
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.desk.follow_through import record_follow_up
from kiosk.desk.incident_report import fill_report, report_form, report_pdf, report_text
from kiosk.desk.notify import acknowledge, outbox
from kiosk.desk.shift_log import shift_log
from tests.integration.desk_setup import START

STEPS = ["Guest heard", "Sorry", "Apologised", "Moved the guest", "Told"]


def big_one(desk: Desk, gm: str) -> str:
    guest = Guest(name="Ani Petrosyan", language="en", room="412",
                  arrival=date(2026, 11, 20), departure=date(2026, 11, 30))
    incident = incidents.open_incident(desk, gm, guest, "maintenance", "high",
                                       "No hot water for two days")
    incidents.give_compensation(desk, incident.id, gm, [Line("room_night_credit", 3)],
                                {"room_night_credit": "Two nights without hot water"})
    return incident.id


def test_general_manager_is_told_at_once_and_the_acknowledgement_tracked(
        desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    incident_id = big_one(desk, team["general_manager"])
    told = [n for n in outbox(desk) if n.kind == "tier"]  # no `notify deliver` run yet
    assert [(n.incident_id, n.role) for n in told] == [(incident_id, "general_manager")]
    assert told[0].ack_due == START + timedelta(hours=24)
    clock.advance(hours=1)
    log = shift_log(desk)
    assert any("general_manager to acknowledge" in e.what for e in log.open_items)
    acknowledge(desk, told[0].id, desk.store.get_staff(team["general_manager"]))
    assert not any("to acknowledge" in e.what for e in shift_log(desk).open_items)
    assert "acknowledged by generalmanager" in report_text(desk, incident_id)


def test_incident_report_filled_from_the_policy_and_printed(
        desk: Desk, team: dict[str, str]) -> None:
    incident_id = big_one(desk, team["general_manager"])
    form = report_form(desk, incident_id)
    assert form.needed and [b.id for b in form.boxes][:3] == \
        ["what_happened", "root_cause", "action_taken"]
    assert "Root cause" in form.missing
    agent = desk.store.get_staff(team["agent"])
    with pytest.raises(ValidationError) as refused:
        fill_report(desk, incident_id, agent, {"root_causes": "x", "guest_reaction": "meh",
                                               "witnesses": "perhaps"})
    message = str(refused.value)
    assert "'root_causes' is not a field" in message and "'meh' is not one of" in message \
        and "'perhaps' is not yes or no" in message and "\n" not in message
    assert report_form(desk, incident_id).by == ""  # nothing saved
    fill_report(desk, incident_id, agent, {"what_happened": "Boiler failed",
                                           "guest_reaction": "Not Satisfied",
                                           "witnesses": True})
    fill_report(desk, incident_id, agent, {"root_cause": "Valve", "action_taken": "Moved"})
    form = report_form(desk, incident_id)
    assert form.missing == [] and form.by == team["agent"]
    values = {b.id: b.value for b in form.boxes}
    assert values["guest_reaction"] == "not satisfied" and values["witnesses"] == "yes"
    assert values["what_happened"] == "Boiler failed"
    page = report_text(desk, incident_id)
    assert "Root cause: Valve" in page and "Complete" in page
    assert report_pdf(desk, incident_id).startswith(b"%PDF")


def test_shift_log_lists_incidents_compensation_approvals_and_open_items(
        desk: Desk, team: dict[str, str], clock: FixedClock) -> None:
    big_one(desk, team["general_manager"])
    guest = Guest(name="Juma Mwangi", language="sw", room="12B",
                  arrival=date(2026, 11, 20), departure=date(2026, 11, 30))
    small = incidents.open_incident(desk, team["agent"], guest, "noise", "medium", "Loud")
    for step, note in zip(desk.policy.steps, STEPS, strict=False):
        incidents.record_step(desk, small.id, team["agent"], step.id, note)
    incidents.give_compensation(desk, small.id, team["agent"], [Line("drink_voucher", 1)])
    incidents.resolve_incident(desk, small.id, team["agent"])
    clock.advance(hours=25)
    record_follow_up(desk, small.id, team["agent"], "not_satisfied", "Still loud")
    log = shift_log(desk, date(2026, 11, 23))
    assert [e.guest for e in log.incidents] == ["Ani Petrosyan", "Juma Mwangi"]
    assert [e.amount for e in log.compensation] == ["180,000 AMD", "4,000 AMD"]
    assert log.approvals == []
    open_what = [(e.guest, e.what) for e in log.open_items]
    assert ("Ani Petrosyan", "incident report missing") in open_what
    assert any(w.startswith("work order for Engineering") for _g, w in open_what)
    today = shift_log(desk)  # the shift now ending: the second recovery just opened
    assert [e.what for e in today.incidents] == ["Noise, medium, open, second recovery"]
