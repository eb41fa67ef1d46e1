"""Practice intake never refuses a scenario's own guest: every shipped scenario, in
every staff language, opens its incident through the desk's intake rules, whatever day
the practice is on."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.display import hotel_time
from kiosk.core.i18n import available_languages, use_language
from kiosk.core.models import Guest, Honorific
from kiosk.core.training import load_scenarios
from kiosk.desk import incidents, practice
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from tests.conftest import LETTERS, POLICIES

DAYS = [datetime(2026, 11, 23, 8, 30, tzinfo=UTC),   # a Monday
        datetime(2026, 12, 31, 20, 59, tzinfo=UTC),  # the year's last evening
        datetime(2028, 2, 28, 21, 0, tzinfo=UTC),    # past midnight at the hotel: 29 Feb
        datetime.now(UTC)]


def test_all_shipped_scenarios_pass_intake(tmp_path: Path) -> None:
    scenarios, problems = load_scenarios(POLICIES, None)
    assert problems == [] and len(scenarios) == 17
    settings = Settings(policies=POLICIES, letters=LETTERS, store=tmp_path / "store",
                        terminal="test-desk")
    clock = FixedClock(DAYS[0])
    real = Desk.open(settings, clock=clock)
    seed_demo(real)
    desk = practice.practice_desk(real, "agent1")
    for moment in DAYS:
        clock.now = moment
        today = hotel_time(desk.policy, moment).date()
        for scenario in scenarios:
            for language in available_languages():
                use_language(language)
                form = practice.intake(scenario, language, desk)
                arrival, departure = (date.fromisoformat(form[k])
                                      for k in ("arrival", "departure"))
                guest = Guest(name=form["name"], language=form["language"],
                              room=form["room"], arrival=arrival, departure=departure,
                              honorific=Honorific.NONE, address_as=form["address_as"])
                found = incidents.intake_problems(desk.policy, guest, form["category"],
                                                  form["severity"], form["account"])
                assert found == {}, (scenario.id, language, moment, found)
                # The guest is in house on the day of the practice.
                assert arrival <= today <= departure, (scenario.id, moment)
                if moment is DAYS[-1] and language == scenario.model.guest_language:
                    opened = incidents.open_incident(desk, "agent1", guest, form["category"],
                                                     form["severity"], form["account"])
                    assert opened.guest.arrival == arrival
    use_language("en")
