"""The demo store behind ``kiosk demo`` / ``make run``: demo staff and a few incidents.

Everything goes through the same use cases as the desk, so the demo store is what a
real week at the front desk leaves behind. Seeding twice changes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from kiosk.core.engine import Line
from kiosk.core.errors import StoreError
from kiosk.core.models import Guest, Honorific, Incident, Outcome
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.desk.follow_through import record_follow_up
from kiosk.desk.incidents import ApprovalRequest
from kiosk.desk.staff import add_staff

# (staff id, name, role, PIN) — printed in the README; for the demo store only.
DEMO_STAFF: list[tuple[str, str, str, str]] = [
    ("agent1", "Lilit Harutyunyan", "agent", "1397"),
    ("agent2", "Baraka Mwangi", "agent", "2684"),
    ("super1", "Grace Njeri", "supervisor", "3851"),
    ("duty1", "Tigran Avetisyan", "duty_manager", "4962"),
    ("gm1", "Helen Carter", "general_manager", "5173"),
]
DEMO_ACTOR = "demo"
_MARKER = ("demo", "seeded")


def _pin(staff_id: str) -> str:
    return next(pin for sid, _, _, pin in DEMO_STAFF if sid == staff_id)


def _at(desk: Desk, minutes_ago: float) -> Desk:
    """The same desk with its clock set back, so demo incidents have believable ages."""
    moment = desk.now() - timedelta(minutes=minutes_ago)
    return dataclasses.replace(desk, clock=lambda: moment)


def _stay(days_before: int, nights: int, today: date) -> tuple[date, date]:
    arrival = today - timedelta(days=days_before)
    return arrival, arrival + timedelta(days=nights)


def _steps(desk: Desk, incident: Incident, staff_id: str, notes: list[str]) -> None:
    for step, note in zip(desk.policy.steps, notes, strict=False):
        incidents.record_step(desk, incident.id, staff_id, step.id, note)


def _noise_en(desk: Desk, today: date) -> None:
    # Open, acknowledged, SLA running: the agent is in the middle of it.
    d = _at(desk, 12)
    arrival, departure = _stay(1, 3, today)
    inc = incidents.open_incident(
        d, "agent1", Guest("James Whitfield", "en", "305", arrival, departure, Honorific.MR,
                           contact="+44 7700 900123"),
        "noise", "medium", "Construction drilling next door started at 7 am two days in a "
        "row. I came here to rest.", location="3rd floor, east wing")
    _steps(_at(desk, 9), inc, "agent1", ["Drilling from the building site since 07:00."])


def _housekeeping_hy(desk: Desk, today: date) -> None:
    # Open and not yet acknowledged: the acknowledge clock is close to running out.
    arrival, departure = _stay(2, 5, today)
    incidents.open_incident(
        _at(desk, 24), "agent2",
        Guest("Անի Պետրոսյան", "hy", "412", arrival, departure, Honorific.MS,
              contact="+374 91 555 412"),
        "housekeeping", "medium", "Սենյակը չէր մաքրվել, երբ վերադարձանք ընթրիքից։ "
        "Սրբիչներ չկային։")


def _maintenance_sw(desk: Desk, today: date) -> None:
    # Open past its resolve time: escalated on the board.
    arrival, departure = _stay(0, 4, today)
    inc = incidents.open_incident(
        _at(desk, 150), "agent2",
        Guest("Juma Otieno", "sw", "509", arrival, departure, Honorific.MR,
              contact="juma.otieno@example.com"),
        "maintenance", "high", "Kiyoyozi hakifanyi kazi na chumba kina joto sana usiku.")
    _steps(_at(desk, 140), inc, "agent2", ["Kiyoyozi kimeharibika; fundi ameitwa."])


def _food_sw_resolved(desk: Desk, today: date) -> None:
    # Resolved yesterday; its follow-up call is now due.
    hours = desk.policy.property.follow_up_hours
    start = (hours + 2) * 60
    arrival, departure = _stay(3, 5, today)
    inc = incidents.open_incident(
        _at(desk, start), "agent1",
        Guest("Amina Wanjiru", "sw", "218", arrival, departure, Honorific.MS,
              contact="+254 712 345 678"),
        "food_beverage", "medium", "Chakula cha jioni kilichelewa saa moja na kilikuwa "
        "baridi.")
    _steps(_at(desk, start - 5), inc, "agent1",
           ["Chakula kilichelewa kwa saa moja.", "", "", "", "Jikoni wamearifiwa."])
    incidents.give_compensation(_at(desk, start - 20), inc.id, "agent1",
                                [Line("drink_voucher", 1)])
    incidents.resolve_incident(_at(desk, start - 30), inc.id, "agent1")


def _reservation_hy_approved(desk: Desk, today: date) -> None:
    # An over-limit upgrade approved by the supervisor, resolved an hour ago.
    arrival, departure = _stay(0, 3, today)
    inc = incidents.open_incident(
        _at(desk, 95), "agent1",
        Guest("Արամ Հակոբյան", "hy", "701", arrival, departure, Honorific.MR,
              loyalty_id="AG-20931", contact="+374 94 701 701"),
        "reservation_error", "high", "Ամրագրել էի լեռան տեսարանով սենյակ, բայց ստացա "
        "բակին նայող սենյակ։ Սա մեր հարսանեկան տարեդարձն է։")
    _steps(_at(desk, 90), inc, "agent1",
           ["Booked Ararat view, given courtyard room.", "Anniversary trip.", "", "", ""])
    incidents.give_compensation(
        _at(desk, 75), inc.id, "agent1", [Line("room_upgrade", 1)],
        remarks={"room_upgrade": "Suite 801, Ararat view"},
        approval=ApprovalRequest("super1", _pin("super1"),
                                 "Anniversary stay; our booking error."))
    incidents.resolve_incident(_at(desk, 60), inc.id, "agent1")


def _wifi_en_closed(desk: Desk, today: date) -> None:
    # Followed up and closed last week: history for the reports and the repeat flag.
    arrival, departure = _stay(9, 4, today)
    start = 8 * 24 * 60
    inc = incidents.open_incident(
        _at(desk, start), "agent2",
        Guest("Sarah O'Neill", "en", "221", arrival, departure, Honorific.DR),
        "wifi_technology", "low", "Wi-Fi drops every few minutes; I cannot join my calls.")
    _steps(_at(desk, start - 3), inc, "agent2",
           ["Wi-Fi unstable in 2nd floor rooms.", "", "", "", "IT ticket raised."])
    incidents.give_compensation(_at(desk, start - 10), inc.id, "agent2",
                                [Line("drink_voucher", 1)])
    incidents.resolve_incident(_at(desk, start - 60), inc.id, "agent2")
    later = start - 60 - desk.policy.property.follow_up_hours * 60
    record_follow_up(_at(desk, later), inc.id, "agent1", Outcome.SATISFIED,
                     "Happy with the new access point, will come back.")
    incidents.close_incident(_at(desk, later - 5), inc.id, "super1")


SEEDS: list[Callable[[Desk, date], None]] = [
    _wifi_en_closed, _food_sw_resolved, _reservation_hy_approved, _maintenance_sw,
    _housekeeping_hy, _noise_en,
]


def seed_demo(desk: Desk) -> None:
    """Fill an empty store with the demo staff and a few incidents; idempotent."""
    known = {s.id for s in desk.store.list_staff()}
    for staff_id, name, role, pin in DEMO_STAFF:
        if staff_id not in known:
            with contextlib.suppress(StoreError):  # another process seeded it just now
                add_staff(desk, name, role, pin, actor=DEMO_ACTOR, staff_id=staff_id)
    if _MARKER[1] in desk.store.queue_items(_MARKER[0]):
        return
    today = desk.now().date()
    for seed in SEEDS:
        seed(desk, today)
    desk.store.queue_put(_MARKER[0], _MARKER[1], {"at": desk.now().isoformat()})

