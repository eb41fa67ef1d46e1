"""The engine's reasons are read in the staff's language: the decision panel and the
desk's refusals word them when shown, a recorded decision keeps their codes, and a
decision recorded with English sentences (before codes) still reads as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from kiosk.core.engine import Line, decide
from kiosk.core.i18n import use_language
from kiosk.core.models import CompensationDecision, CompensationLine, from_dict, to_dict
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import reason, recorded, said
from kiosk.tui.widgets.decision import decision_text
from tests.staff_words import english_on


@pytest.fixture
def speaking() -> Iterator[None]:
    yield
    use_language("en")


@pytest.mark.parametrize("language", ["hy", "sw"])
def test_the_decision_panel_gives_its_reasons_in_the_staffs_language(
        policy: Policy, language: str, speaking: None) -> None:
    use_language(language)
    cases = [
        decide(policy, "agent", "noise", [Line("late_checkout"), Line("spa_voucher")]),
        decide(policy, "agent", "housekeeping", [Line("drink_voucher", 3)],
               shift_total=Decimal(99000), guest_stay_total=Decimal(39000)),
        decide(policy, "agent", "reservation_error", [Line("discount_10", 2),
                                                     Line("room_night_credit", 6)]),
        decide(policy, "agent", "noise", [Line("discount_10"), Line("drink_voucher", 0)]),
        decide(policy, "agent", "housekeeping", [Line("welcome_amenity")]),
    ]
    for decision in cases:
        text = decision_text(decision, policy).plain
        assert english_on(text, language, [policy.currency]) == [], text
    spa = policy.label(policy.items["spa_voucher"].label, language)
    assert spa in decision_text(cases[0], policy).plain
    # Money in the staff's CLDR digits: 20 000 in Armenian (a no-break space).
    within = said(cases[4].reasons, policy)[0]
    assert ("20\u00a0000 AMD" if language == "hy" else "20,000 AMD") in within


def _given(**fields: object) -> CompensationDecision:
    return CompensationDecision(
        lines=[CompensationLine("spa_voucher", 1, Decimal(15000))], total=Decimal(15000),
        currency="AMD", verdict="needs_approval", policy_hash="p", decided_by="agent1",
        decided_role="agent", decided_at=datetime(2026, 11, 23, tzinfo=UTC),
        **fields)  # type: ignore[arg-type]


def test_a_recorded_decision_keeps_codes_and_old_english_still_reads(
        policy: Policy, speaking: None) -> None:
    new = _given(reasons=[], why=[reason("role_may_not_give", role="agent",
                                         item="spa_voucher"),
                                  reason("approver", role="supervisor")])
    back = from_dict(CompensationDecision, to_dict(new))
    assert back.why == new.why
    use_language("hy")
    assert said(recorded(back), policy) == [
        "«Ընդունարանի աշխատակից» պաշտոնը չի կարող տրամադրել «խնամքի ծառայություն մեր "
        "սպա-կենտրոնում»։",
        "Հաստատել կարող է «Հերթափոխի ղեկավար» կամ ավելի բարձր պաշտոն ունեցող "
        "աշխատակիցը։"]
    # A record from before codes: no "why" key, its English sentences as written.
    stored = to_dict(_given(reasons=["A supervisor (or above) can approve this."]))
    del stored["why"]
    old = from_dict(CompensationDecision, stored)
    assert said(recorded(old), policy) == ["A supervisor (or above) can approve this."]
