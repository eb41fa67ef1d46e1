"""The measures research ties to a recovered guest, against the hand-counted fixture in
tests/fixtures/report_store (its docstring lists the apology steps, reopenings, scores
and stays). Each expected value is a literal; the comment beside it shows the counting."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from kiosk.core.digest import from_document, from_incident
from kiosk.core.i18n import use_language
from kiosk.core.models import Guest, Incident, to_dict
from kiosk.core.policy_set import Policy
from kiosk.desk.incidents import apply_step
from kiosk.reports.compute import Report, Share, build_report
from kiosk.reports.monthly import monthly_html
from kiosk.reports.render import render_csv, render_json, render_table
from tests.fixtures.report_store import NOW, STAFF_NAMES, fixture_digests, fixture_stays


@pytest.fixture(scope="module")
def report(policy: Policy) -> Report:
    return build_report(fixture_digests(policy), policy, NOW, staff_names=STAFF_NAMES,
                        stays=fixture_stays())


def test_time_to_apology_and_how_often_one_came(report: Report) -> None:
    # confirmed apologies: 5 12 45 2 8 → 2 5 8 12 45; median 8; p90 rank ceil(4.5) = 5
    assert (report.apology.count, report.apology.median_min,
            report.apology.p90_min) == (5, 8, 45)
    # A-8's unconfirmed step does not count: 5 of 8 incidents
    assert report.apology_given == Share(8, 5)


def test_first_contact_resolution(report: Report, policy: Policy) -> None:
    # resolved A-1…A-5; A-1 was reopened, A-3 has a second recovery
    assert report.first_contact == Share(5, 3)
    # the first incident's own link counts too, when its second recovery is not in the
    # period (A-5 without its link, A-3 naming a second recovery)
    alone = [d._replace(recovery_of="", has_second=d.ref == "A-3")
             for d in fixture_digests(policy)]
    assert build_report(alone, policy, NOW).first_contact == Share(5, 3)


def test_top_box_satisfaction_beside_the_outcome(report: Report) -> None:
    assert report.scores == [0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1]  # 3, 8, 9, 10
    assert report.top_box == Share(4, 2)  # 9 and 10 of four scores
    assert report.top_box_by_outcome == {"satisfied": Share(3, 2),  # 9 10 8
                                         "not_satisfied": Share(1, 0)}  # 3


def test_remedy_fit_and_cost_per_recovered_guest(report: Report) -> None:
    # lines: A-1 welcome_amenity ✓ (noise); A-2 late_checkout ✓ drink_voucher ✗ (noise);
    # A-3 laundry_credit ✓ (housekeeping); A-4 room_upgrade ✓ folio_credit ✓ (maintenance)
    assert report.remedy_fit == Share(6, 5)
    assert report.cost_per_recovered == Decimal("26333.33")  # 79,000 ÷ 3 satisfied


def test_spend_outliers_by_the_policy_threshold(report: Report, policy: Policy) -> None:
    assert report.spend_per_incident == Decimal("19750.00")  # 79,000 ÷ 4 compensated
    assert report.spend_outliers == []  # ag_juma 27,500 is 1.39 times: under 3
    lower = dataclasses.replace(policy, property=dataclasses.replace(
        policy.property, spend_outlier_times=Decimal("1.25")))
    found = build_report(fixture_digests(policy), lower, NOW).spend_outliers
    # ag_juma: (10,000 + 45,000) ÷ 2 incidents = 27,500 ÷ 19,750 = 1.39; ag_ani 0.61
    assert [(o.agent_id, o.incidents, o.average, o.times) for o in found] == [
        ("ag_juma", 2, Decimal("27500.00"), Decimal("1.39"))]


def test_return_after_recovery(report: Report, policy: Policy) -> None:
    back = report.return_after
    assert back is not None
    # by each guest's last follow-up: John Smith satisfied (A-5; his only stay on record
    # is that one), Mariam Juma satisfied (A-4; back from 25 Nov under L-77, another name)
    assert back.recovered == Share(2, 1)
    # Անի Պետրոսյան's last is A-2, not satisfied; she came back on 18 Nov
    assert back.not_recovered == Share(1, 1)
    assert build_report(fixture_digests(policy), policy, NOW).return_after is None


def test_the_measures_in_json_csv_and_table(report: Report) -> None:
    data = json.loads(render_json(report))
    assert data["time_to_apology"] == {"count": 5, "median_min": 8, "p90_min": 45}
    assert data["apology_given"] == {"of": 8, "count": 5, "rate": 0.625}
    assert data["first_contact_resolution"] == {"of": 5, "count": 3, "rate": 0.6}
    assert data["top_box"]["rate"] == 0.5
    assert data["top_box_by_outcome"]["satisfied"] == {"of": 3, "count": 2, "rate": 0.6667}
    assert data["satisfaction_scores"] == [0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1]
    assert data["remedy_fit"] == {"of": 6, "count": 5, "rate": 0.8333}
    assert data["cost_per_recovered_guest"] == "26333.33"
    assert data["spend_outliers"] == {"times": "3", "property_per_incident": "19750.00",
                                      "agents": []}
    assert data["return_after_recovery"]["recovered"] == {"of": 2, "count": 1, "rate": 0.5}
    table = list(csv.reader(io.StringIO(render_csv(report).removeprefix("\ufeff"))))
    assert ["apology", "given", "of 8", "5"] in table
    assert ["first_contact", "resolved", "of 5", "3"] in table
    assert ["return_after", "recovered", "of 2", "1"] in table
    text = render_table(report)
    assert "Apology given: 62.5% (5 of 8); time to apology median 8 min, p90 45 min" in text
    assert "First-contact resolution: 60.0% (3 of 5 resolved)" in text
    assert "Top-box satisfaction (9-10): 50.0% (2 of 4 scored)" in text
    assert "Remedy fit: 83.3% (5 of 6 lines among the category's suggestions)" in text
    assert "Cost per recovered guest: 26,333.33 AMD" in text
    assert "de Matos" in text


def test_an_empty_period_gives_no_rate(policy: Policy) -> None:
    data = json.loads(render_json(build_report([], policy, NOW, stays=[])))
    assert data["apology_given"]["rate"] is None
    assert data["first_contact_resolution"]["rate"] is None
    assert data["cost_per_recovered_guest"] is None
    assert data["return_after_recovery"]["recovered"]["rate"] is None


def test_the_apology_is_the_step_the_checklist_marks(policy: Policy) -> None:
    # A hotel's own checklist may call its apology step anything: the mark counts, not
    # the id. Steps recorded before the mark existed still count by the id "apologize".
    start = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    marked = dataclasses.replace(policy.steps[2], id="say_sorry")
    assert marked.apology
    steps = [*policy.steps[:2], marked]
    own = dataclasses.replace(policy, checklists={policy.checklist_name: tuple(steps)})
    incident = Incident(id="I1", ref="R-1", property="H", terminal="t", agent_id="a1",
                        guest=Guest(name="Guest", language="en", room="101",
                                    arrival=start.date(), departure=start.date()),
                        category="noise", severity="medium", account="…", reported_at=start)
    for minute, step in enumerate(steps, start=1):
        apply_step(own, incident, "a1", step.id, "", True, start + timedelta(minutes=minute))
    assert [s.apology for s in incident.steps] == [False, False, True]
    assert from_incident(incident).apology_min == 3
    doc = to_dict(incident)
    assert from_document(doc).apology_min == 3
    # recorded before the mark: the id decides
    for step in doc["steps"]:
        step.pop("apology")
    assert from_document(doc).apology_min is None
    doc["steps"][2]["step_id"] = "apologize"
    assert from_document(doc).apology_min == 3


def test_the_monthly_report_writes_figures_in_the_staffs_formats(report: Report,
                                                                 policy: Policy) -> None:
    """Shares, amounts and counts of the monthly PDF in the reader's CLDR locale: an
    Armenian manager reads 62,5% and 26 333,33 AMD, not 62.5% and 26,333.33."""
    use_language("hy")
    try:
        page = monthly_html(report, policy)
    finally:
        use_language("en")
    assert "62,5%" in page and "62.5%" not in page  # the apology given: 5 of 8
    assert "26\u00a0333,33 AMD" in page and "26,333.33" not in page  # per recovered guest
