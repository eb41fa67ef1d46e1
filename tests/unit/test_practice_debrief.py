"""The debrief's figures against hand-counted incidents, and the practice handles that
keep a run off the real desk (printer, policy, letter mark)."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.errors import PrintError
from kiosk.core.models import (
    CompensationDecision,
    CompensationLine,
    Guest,
    Incident,
    StepRecord,
)
from kiosk.core.policy_load import load_policy
from kiosk.core.practice_debrief import debrief
from kiosk.core.training import Scenario, load_scenarios
from kiosk.desk.practice import PracticePrinter, practice_folder, practice_policy
from kiosk.letters.practice_mark import marked
from tests.conftest import POLICIES, ROOT

START = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    folder = tmp_path_factory.mktemp("policy") / "policies"
    shutil.copytree(POLICIES, folder)
    shutil.rmtree(folder / "training", ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "training", folder / "training")
    [scenario], _ = load_scenarios(folder, load_policy(POLICIES))
    return scenario


def incident(steps: dict[str, float], given: list[tuple[str, int, int, str]]) -> Incident:
    """Steps at so many minutes after 08:30; lines (item, qty, unit value, verdict)."""
    guest = Guest("Anahit Petrosyan", "hy", "512", date(2026, 11, 22), date(2026, 11, 25))
    at = lambda minutes: START + timedelta(minutes=minutes)  # noqa: E731
    return Incident(
        id="01J", ref="ABC123", property="p", terminal="t", agent_id="agent1", guest=guest,
        category="noise", severity="medium", account="", reported_at=START,
        steps=[StepRecord(step, "agent1", at(m)) for step, m in steps.items()],
        compensation=[CompensationDecision(
            [CompensationLine(item, qty, Decimal(unit))], Decimal(unit * qty), "AMD",
            verdict, [], "h", "agent1", "agent", at(10)) for item, qty, unit, verdict in given])


def test_a_fitting_recovery(sample: Scenario) -> None:
    policy = load_policy(POLICIES)
    found = debrief(incident({"listen": 1, "empathize": 3, "apologize": 4.5, "react": 6.5},
                             [("welcome_amenity", 1, 6000, "allowed"),
                              ("late_checkout", 1, 0, "allowed")]), policy, sample)
    assert [(s.step_id, s.minutes) for s in found.steps] == [
        ("listen", 1.0), ("empathize", 3.0), ("apologize", 4.5), ("react", 6.5),
        ("notify", None)]
    assert found.steps_done == 4 and found.apology_minutes == 4.5
    assert found.total == Decimal(6000) and found.fits
    assert found.to_record()["fits"] is True and found.letter_language == ""


def test_overdoing_it_off_the_mark_over_the_limit_and_above_the_ceiling(
        sample: Scenario) -> None:
    policy = load_policy(POLICIES)
    found = debrief(incident({"listen": 1}, [("room_night_credit", 1, 45000,
                                              "needs_approval"),
                                             ("spa_voucher", 1, 15000, "allowed")]),
                    policy, sample)
    assert found.overdone == ("room_night_credit",) and found.unmatched == ("spa_voucher",)
    assert not found.within_role and found.above_ceiling  # 60,000 > 20,000
    assert found.apology_minutes is None and not found.fits
    assert not debrief(incident({}, []), policy, sample).fits  # nothing given


def test_the_practice_handles(tmp_path: Path) -> None:
    assert practice_folder(tmp_path / "store") == tmp_path / "store-practice"
    with pytest.raises(PrintError, match="shown, not printed"):
        PracticePrinter(None, "frontdesk")(tmp_path / "x.pdf", "frontdesk", "t")
    with pytest.raises(PrintError, match="shown, not printed"):  # never the real queue
        PracticePrinter("frontdesk", "frontdesk")(tmp_path / "x.pdf", "frontdesk", "t")
    policy = load_policy(POLICIES)
    quiet = practice_policy(policy)
    assert quiet.chain is None and quiet.notify.target == [] and quiet.notify.command is None
    assert quiet.items == policy.items and quiet.policy_hash == policy.policy_hash
    page = marked('<html><body class="x"><p>Dear</p></body></html>', "PRACTICE <b>")
    assert page.index("PRACTICE &lt;b&gt;") < page.index("<p>Dear")
    assert marked("<p>Dear</p>", "") == "<p>Dear</p>"
