"""Report figures against the eight hand-counted incidents in tests/fixtures/report_store.
Each expected value is a literal; the comment beside it shows the counting."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from kiosk.core.policy_set import Policy
from kiosk.core.sla import sla_state
from kiosk.reports.compute import (
    Report,
    build_report,
    counted_durations,
    durations,
    escalations_now,
    nearest_rank,
)
from kiosk.reports.render import render_csv, render_json, render_table
from tests.fixtures.report_store import EARLIER_POLICY, NOW, STAFF_NAMES, fixture_incidents


@pytest.fixture(scope="module")
def report(policy: Policy) -> Report:
    return build_report(fixture_incidents(policy), policy, NOW, staff_names=STAFF_NAMES)


def test_incidents_by_category_severity_and_week(report: Report) -> None:
    assert report.incidents == 8
    # noise: A-1 A-2 A-5; housekeeping: A-3 A-8; one each for the rest
    assert report.by_category == {"noise": 3, "housekeeping": 2, "maintenance": 1,
                                  "billing": 1, "food_beverage": 1}
    # medium: A-1 A-5 A-6 A-7; high: A-2 A-8; low: A-3; critical: A-4
    assert report.by_severity == {"medium": 4, "high": 2, "low": 1, "critical": 1}
    assert report.by_category_severity["noise"] == {"medium": 2, "high": 1}
    # weeks from Monday: 2 Nov (A-1 A-2 A-3), 9 Nov (A-4 A-5), 16 Nov (A-6 A-7 A-8)
    assert report.weekly == [(date(2026, 11, 2), 3), (date(2026, 11, 9), 2),
                             (date(2026, 11, 16), 3)]


def test_times_to_acknowledge_and_resolve(report: Report) -> None:
    # acknowledged: 10 20 30 3 40 5 → sorted 3 5 10 20 30 40; median (10+20)/2 = 15;
    # p90 is rank ceil(0.9×6) = 6 → 40
    assert (report.acknowledge.count, report.acknowledge.median_min,
            report.acknowledge.p90_min) == (6, 15, 40)
    # resolved: 100 90 2000 25 300 → 25 90 100 300 2000; median 100; rank ceil(4.5)=5
    assert (report.resolve.count, report.resolve.median_min,
            report.resolve.p90_min) == (5, 100, 2000)


def test_sla_breaches_by_category(report: Report) -> None:
    breaches = {c: (b.incidents, b.breached) for c, b in report.sla_breach.items()}
    assert breaches == {
        "noise": (3, 2),          # A-2 high ack 20 > 15; A-5 medium ack 40 > 30
        "housekeeping": (2, 2),   # A-3 low resolve 2000 > 1440; A-8 high unacked 60 > 15
        "maintenance": (1, 0),    # critical, category override 5/30: ack 3, resolve 25
        "billing": (1, 1),        # A-6 open 27 h > 480 min
        "food_beverage": (1, 0),  # A-7 only 10 minutes old
    }


def test_compensation_approvals_and_tiers(report: Report) -> None:
    # 6,000 + (10,000 + 2×4,000) + 2×5,000 + (35,000 + 10,000)
    assert report.compensation_total == Decimal(79000)
    assert report.compensation_by_category == {
        "maintenance": Decimal(45000), "noise": Decimal(24000),  # 6,000 + 18,000
        "housekeeping": Decimal(10000)}
    by_item = {k: (v.qty, v.value) for k, v in report.compensation_by_item.items()}
    assert by_item["drink_voucher"] == (2, Decimal(8000))
    assert by_item["laundry_credit"] == (2, Decimal(10000))
    assert len(by_item) == 6
    # ag_ani: A-1 + A-2; ag_juma: A-3 + A-4
    assert report.compensation_by_agent == {"ag_juma": Decimal(55000),
                                            "ag_ani": Decimal(24000)}
    assert report.approvals == 2  # A-2 by sv_aram, A-4 by sv_neema
    assert report.approvals_by_approver == {"sv_aram": 1, "sv_neema": 1}
    # A-1 6,000, A-2 18,000, A-3 10,000 are under 30,000; A-4 recorded incident_report
    assert report.tiers == {"shift_log": 3, "incident_report": 1}


def test_follow_up_repeat_guests_and_root_causes(report: Report) -> None:
    # outcomes: satisfied A-1 A-4 A-5, not satisfied A-2, unreachable A-3
    assert (report.follow_ups, report.satisfied, report.unreachable) == (5, 3, 1)
    assert report.recovery_rate == pytest.approx(3 / 5)
    assert report.unreachable_rate == pytest.approx(1 / 5)
    # Անի Պետրոսյան twice in one stay; John Smith / JOHN  SMITH 7 days apart
    assert report.repeat_guests == 2
    assert report.repeat_guest_names == ["John Smith", "Անի Պետրոսյան"]
    top = [(r.category, r.location, r.department, r.count) for r in report.root_causes[:2]]
    assert top == [("noise", "4th floor", "security", 3),           # A-1 A-2 A-5
                   ("housekeeping", "Room 212", "housekeeping", 2)]  # A-3 A-8


def test_policy_versions_and_escalations(report: Report, policy: Policy) -> None:
    split = [(p.policy_hash, p.version, p.decisions, p.value) for p in report.policy_versions]
    assert split == [(policy.policy_hash, policy.version, 3, Decimal(69000)),  # A-1 A-2 A-4
                     (EARLIER_POLICY, "", 1, Decimal(10000))]
    escalated = [(e.ref, e.phase, e.level, e.notify_role, e.overdue_min)
                 for e in report.escalations]
    # 27 h open, resolve due after 480 min → 1,140 over ≥ 240 → level 2
    # 60 min unacknowledged, due after 15 → 45 over ≥ 30 → level 2
    assert escalated == [("A-6", "resolve", 2, "general_manager", 1140),
                         ("A-8", "acknowledge", 2, "duty_manager", 45)]


def test_json_has_the_fields_other_tools_read(report: Report) -> None:
    data = json.loads(render_json(report))
    assert data["by_category"]["noise"] == 3
    assert data["compensation_total"] == "79000"
    assert data["approvals"] == 2
    assert data["recovery_rate"] == 0.6
    assert data["repeat_guests"] == 2


def test_csv_is_utf8_with_bom_and_keeps_armenian(report: Report) -> None:
    raw = render_csv(report).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["section", "key", "detail", "value"]
    assert all(len(row) == 4 for row in table)
    assert ["repeat_guests", "guest", "Անի Պետրոսյան", "1"] in table
    assert ["compensation_by_agent", "ag_ani", "Անի Սարգսյան", "24000"] in table
    assert ["compensation", "total", "", "79000"] in table


def test_table_names_people_and_draws_bars(report: Report) -> None:
    text = render_table(report)
    assert "Compensation given: 79,000 AMD" in text
    assert "Արամ Վարդանյան (sv_aram)" in text
    assert "█" in text
    assert "recovery rate 60.0%" in text


def test_empty_period_gives_nulls_not_errors(policy: Policy) -> None:
    empty = build_report([], policy, NOW)
    data = json.loads(render_json(empty))
    assert data["incidents"] == 0 and data["recovery_rate"] is None
    assert data["compensation_total"] == "0"
    assert "(none)" in render_table(empty)


@pytest.mark.parametrize("values", [[], [4.0], [3.0, 5.0], [1.0, 1.0, 2.0, 9.0],
                                    [float(v % 7) for v in range(1, 100)],
                                    [0.5, 2.0, 2.0, 2.0, 3.5, 8.0, 8.0, 13.0, 40.0, 41.0]])
def test_counted_durations_equal_the_values_written_out(values: list[float]) -> None:
    counted: dict[float, int] = {}
    for v in values:
        counted[v] = counted.get(v, 0) + 1
    assert counted_durations(reversed(counted.items())) == durations(list(values))


def test_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert nearest_rank(values, 0.9) == 9
    assert nearest_rank([7.0], 0.9) == 7


def test_board_escalations_agree_with_sla_state(policy: Policy) -> None:
    incidents = fixture_incidents(policy)
    found = escalations_now(incidents, policy, NOW)
    assert [(e.ref, e.level, e.notify_role) for e in found] == [
        ("A-6", 2, "general_manager"), ("A-8", 2, "duty_manager")]
    for incident in incidents:  # the board's own clock says the same
        state = sla_state(policy, incident, NOW)
        match = [e for e in found if e.ref == incident.ref]
        assert state.breached == bool(match)
        if match:
            assert (state.phase, state.level, state.notify_role) == (
                match[0].phase, match[0].level, match[0].notify_role)


def test_table_names_the_last_day_of_the_period(policy: Policy) -> None:
    since, until = NOW.replace(day=1, hour=0), NOW.replace(day=21, hour=0)  # 1–20 Nov
    text = render_table(build_report(fixture_incidents(policy), policy, NOW, since, until))
    assert text.startswith("Service recovery report, 2026-11-01 to 2026-11-20: 8 incidents")
