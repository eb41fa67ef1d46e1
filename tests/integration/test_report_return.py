"""The follow-up score and the stays history on a real store: `kiosk incident follow-up`
as a real process, two guest-list imports, and the report that reads them."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from kiosk.core.clock import FixedClock
from kiosk.core.models import Guest
from kiosk.desk import guest_list, incidents
from kiosk.desk.reports import run_report
from kiosk.reports.compute import Share
from tests.integration.desk_setup import START, make_desk, make_team
from tests.integration.test_cli_staff import kiosk, one_clean_line

HEADER = "name,address_as,language,room,arrival,departure,phone,email,loyalty_id,loyalty_tier,vip\n"


def test_score_at_follow_up_and_return_from_the_stays_history(tmp_path: Path) -> None:
    store = tmp_path / "store"
    desk = make_desk(store, FixedClock(START))
    team = make_team(desk)
    ani = Guest("Ani Petrosyan", "hy", "412", date(2026, 11, 20), date(2026, 11, 24),
                loyalty_id="AG-1001")
    incident = incidents.open_incident(desk, team["agent"], ani, "noise", "medium", "Loud")
    for step in desk.policy.steps:
        incidents.record_step(desk, incident.id, team["agent"], step.id, "done")
    incidents.resolve_incident(desk, incident.id, team["agent"])

    def follow_up(*args: str) -> subprocess.CompletedProcess[str]:
        return kiosk(store, "incident", "follow-up", incident.ref, "--outcome", "satisfied",
                     "--by", "agent2", *args, env={"KIOSK_ACTOR_PIN": "9173"})

    assert "0 to 10" in one_clean_line(follow_up("--score", "11"))
    done = follow_up("--score", "10", "--feedback", "Quiet since")
    assert done.returncode == 0, done.stderr
    assert f"Follow-up on {incident.ref} recorded." in done.stdout
    saved = incidents.get_incident(desk, incident.id).follow_up
    assert saved is not None and (saved.score, saved.by) == (10, "agent2")

    assert run_report(desk).return_after is None  # no guest list imported yet
    first = "Ani Petrosyan,,hy,412,2026-11-20,2026-11-24,,,AG-1001,,no\n"
    later = "A. Petrosyan,,hy,118,2027-03-02,2027-03-05,,,AG-1001,,no\n"
    for rows in (first, later):  # each import replaces the in-house list
        today = date(2026, 11, 22) if rows is first else date(2027, 3, 3)
        result = guest_list.parse_csv(desk.policy, (HEADER + rows).encode(), today)
        guest_list.replace_list(desk, result, team["supervisor"], "inhouse.csv")
    assert [g.name for g in guest_list.in_house(desk)] == ["A. Petrosyan"]
    assert sorted(a for _k, _l, a in guest_list.stays_history(desk)) == [
        "2026-11-20", "2027-03-02"]
    report = run_report(desk)
    assert report.top_box == Share(1, 1)
    assert report.return_after is not None
    assert report.return_after.recovered == Share(1, 1)  # back in March, by loyalty id
    assert report.return_after.not_recovered == Share(0, 0)
