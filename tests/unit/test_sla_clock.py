"""SLA clocks that follow a department's working hours, stand still while the desk waits
on the guest, and flag a deadline after the guest's check-out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.core.models import Pause
from kiosk.core.policy_parts import WorkingHours
from kiosk.core.policy_set import Policy
from kiosk.core.sla import due_after, sla_state
from tests.bench.seed import sample_incident

YEREVAN = ZoneInfo("Asia/Yerevan")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=YEREVAN)


def test_working_hours_clock_skips_evenings_and_weekends(policy: Policy) -> None:
    # Wi-Fi belongs to IT, which works 09:00-18:00 Monday to Friday (the shipped policy).
    friday = local(2026, 11, 27, 17, 30)
    incident = sample_incident("01WIFI", "WIFI01", "agent", friday.astimezone(UTC),
                               category="wifi_technology")
    incident.severity = "low"  # 60 minutes to acknowledge
    state = sla_state(policy, incident, friday + timedelta(minutes=45))
    assert state.due == local(2026, 11, 30, 9, 30)  # 30 minutes Friday, 30 on Monday
    assert not state.breached
    saturday = sample_incident("01SAT", "SAT001", "agent",
                               local(2026, 11, 28, 11, 0).astimezone(UTC),
                               category="wifi_technology")
    saturday.severity = "low"
    assert sla_state(policy, saturday, local(2026, 11, 28, 13, 0)).due == \
        local(2026, 11, 30, 10, 0)


def test_a_night_shift_crosses_midnight() -> None:
    nights = WorkingHours(opens="22:00", closes="06:00")
    start = local(2026, 11, 23, 5, 0)  # the last hour of Sunday night's shift
    assert due_after(start, 120, nights, [], YEREVAN) == local(2026, 11, 23, 23, 0)


def test_waiting_on_the_guest_stops_the_clock(policy: Policy) -> None:
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    incident = sample_incident("01HK", "HK0001", "agent", start, category="housekeeping")
    incident.acknowledged_at = start  # resolve: 480 minutes at medium
    incident.pauses = [Pause(start + timedelta(minutes=10), "agent", "guest out",
                             start + timedelta(minutes=70))]
    now = start + timedelta(hours=2)
    assert sla_state(policy, incident, now).due == start + timedelta(minutes=540)
    incident.pauses.append(Pause(now, "agent", "guest asleep"))  # still waiting
    later = now + timedelta(hours=3)
    state = sla_state(policy, incident, later)
    assert state.paused
    assert state.due == start + timedelta(minutes=540 + 180)
    assert state.left == sla_state(policy, incident, now + timedelta(hours=1)).left
    noise = sample_incident("01NO", "NO0001", "agent", start)  # does not pause for guests
    noise.acknowledged_at, noise.pauses = start, list(incident.pauses)
    assert sla_state(policy, noise, later).due == start + timedelta(minutes=480)


def test_a_deadline_after_check_out_is_flagged(policy: Policy) -> None:
    start = local(2026, 11, 23, 9, 0).astimezone(UTC)  # medium noise: resolve 17:00
    incident = sample_incident("01CO", "CO0001", "agent", start)
    incident.acknowledged_at = start
    now = start + timedelta(minutes=5)
    assert not sla_state(policy, incident, now).before_checkout  # leaves on the 26th
    assert sla_state(policy, incident, now, departure=date(2026, 11, 23)).before_checkout
    after_noon = local(2026, 11, 23, 12, 30)
    assert not sla_state(policy, incident, after_noon,
                         departure=date(2026, 11, 23)).before_checkout
    # Still to be acknowledged: the resolve deadline is what checkout is weighed against.
    incident.acknowledged_at = None
    assert sla_state(policy, incident, now, departure=date(2026, 11, 23)).before_checkout
