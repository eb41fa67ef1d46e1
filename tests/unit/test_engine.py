"""The empowerment engine on the shipped policy: one example per rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.core.engine import Decision, Line, Verdict, decide
from kiosk.core.reasons import said


def lines(*specs: str) -> list[Line]:
    out = []
    for spec in specs:
        item, _, qty = spec.partition(":")
        out.append(Line(item, int(qty or 1)))
    return out


def words(policy, d: Decision) -> tuple[str, ...]:
    """The reasons as an English-speaking agent reads them."""
    return tuple(said(d.reasons, policy))


def test_within_every_limit_is_allowed(policy):
    d = decide(policy, "agent", "housekeeping", lines("welcome_amenity", "drink_voucher:2"))
    assert d.verdict is Verdict.ALLOWED
    assert d.approver_role is None
    assert words(policy, d) == ("Within your limits: 14,000 AMD of 20,000 AMD for this incident.",)
    assert d.total == Decimal(14000)
    assert d.currency == "AMD"
    assert d.policy_hash == policy.policy_hash


def test_item_the_role_may_not_give(policy):
    d = decide(policy, "agent", "noise", lines("late_checkout", "spa_voucher"))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == "supervisor"
    assert "Front-desk agent may not give “a treatment at our spa”." in words(policy, d)
    assert words(policy, d)[-1] == "Supervisor (or above) can approve this."


def test_more_of_an_item_than_the_role_may_give(policy):
    d = decide(policy, "agent", "housekeeping", lines("drink_voucher:3"))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == "supervisor"
    assert words(policy, d) == ("3 × “drinks for two at the lobby bar” is over the limit of 2 for "
                                   "Front-desk agent.",
                         "Supervisor (or above) can approve this.")


def test_per_incident_cap(policy):
    d = decide(policy, "agent", "maintenance", lines("breakfast_voucher", "folio_credit"))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == "supervisor"
    assert words(policy, d)[0] == ("The total 22,000 AMD is over the per-incident limit of "
                            "20,000 AMD.")


def test_per_stay_cap_counts_what_the_guest_already_received(policy):
    d = decide(policy, "agent", "housekeeping", lines("welcome_amenity"),
               guest_stay_total=Decimal(36000))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert words(policy, d)[0] == ("With the 36,000 AMD already given this stay, the guest would "
                            "receive 42,000 AMD, over the per-stay limit of 40,000 AMD.")
    exactly = decide(policy, "agent", "housekeeping", lines("welcome_amenity"),
                     guest_stay_total=Decimal(34000))
    assert exactly.verdict is Verdict.ALLOWED  # the cap itself is still within it


def test_per_shift_cap_counts_what_the_agent_already_gave(policy):
    d = decide(policy, "agent", "housekeeping", lines("drink_voucher"),
               shift_total=Decimal("96000.50"))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == "supervisor"
    assert words(policy, d)[0] == ("With the 96,000.50 AMD already given this shift, that makes "
                            "100,000.50 AMD, over the per-shift limit of 100,000 AMD.")


def test_discount_percentage_cap(policy):
    d = decide(policy, "agent", "reservation_error", lines("discount_10:2"))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == "supervisor"
    assert "A discount of 20% is over the limit of 10% for Front-desk agent." in words(policy, d)
    discount = next(h for h in d.headroom if h.cap == "discount_pct")
    assert (discount.limit, discount.used, discount.left) == (10, 20, -10)


def test_item_not_allowed_for_the_category_is_forbidden_for_everyone(policy):
    for role in ("agent", "general_manager"):
        d = decide(policy, role, "noise", lines("discount_10"))
        assert d.verdict is Verdict.FORBIDDEN
        assert d.approver_role is None
        assert words(policy, d) == ("“10% off your room rate” may not be given for “Noise” "
                                     "complaints.",)


def test_unknown_item_and_category_are_forbidden(policy):
    d = decide(policy, "general_manager", "noise", lines("champagne"))
    assert d.verdict is Verdict.FORBIDDEN
    assert words(policy, d) == ("'champagne' is not in the compensation catalogue.",)
    d = decide(policy, "general_manager", "ghosts", lines("drink_voucher"))
    assert d.verdict is Verdict.FORBIDDEN
    assert words(policy, d) == ("'ghosts' is not a category in the policy.",)


def test_a_quantity_below_one_is_forbidden_even_when_it_would_cancel_out(policy):
    d = decide(policy, "agent", "housekeeping", lines("drink_voucher:3", "drink_voucher:-1"))
    assert d.verdict is Verdict.FORBIDDEN
    assert words(policy, d) == ("The quantity of “drinks for two at the lobby bar” must "
                                 "be at least 1.",)
    assert decide(policy, "agent", "noise", lines("drink_voucher:0")).verdict \
        is Verdict.FORBIDDEN


def test_beyond_every_role_is_forbidden(policy):
    d = decide(policy, "agent", "reservation_error", lines("room_night_credit:6"))
    assert d.verdict is Verdict.FORBIDDEN
    assert words(policy, d)[-1] == "No role in the policy may give this; reduce the compensation."
    assert ("Front-desk agent may not give “one night of your stay free of charge”."
            in words(policy, d))
    d = decide(policy, "general_manager", "billing", lines("folio_credit:50"),
               guest_stay_total=Decimal(1_600_000))
    assert d.verdict is Verdict.FORBIDDEN


@pytest.mark.parametrize(("role", "specs", "approver"), [
    ("agent", ["dinner_voucher"], "supervisor"),
    ("agent", ["room_upgrade:2"], "duty_manager"),  # a supervisor may give only one
    ("agent", ["room_night_credit"], "duty_manager"),  # a supervisor may not give it
    ("agent", ["folio_credit:9"], "duty_manager"),  # 90,000 is over the supervisor's cap
    ("supervisor", ["dinner_voucher:3"], "general_manager"),
    ("duty_manager", ["late_checkout", "spa_voucher:3"], "general_manager"),
])
def test_the_approver_is_the_lowest_role_that_may_give_it(policy, role, specs, approver):
    d = decide(policy, role, "staff_attitude", lines(*specs))
    assert d.verdict is Verdict.NEEDS_APPROVAL
    assert d.approver_role == approver


def test_headroom_per_cap(policy):
    d = decide(policy, "agent", "staff_attitude", lines("drink_voucher:2", "welcome_amenity"),
               guest_stay_total=Decimal(10000), shift_total=Decimal(5000))
    got = {h.cap: (h.limit, h.used, h.left) for h in d.headroom}
    assert got == {
        "per_incident": (20000, 14000, 6000),
        "per_guest_stay": (40000, 24000, 16000),
        "per_shift": (100000, 19000, 81000),
        "discount_pct": (10, 0, 10),
    }


@pytest.mark.parametrize(("role", "specs", "tier"), [
    ("agent", ["drink_voucher"], "shift_log"),
    ("supervisor", ["dinner_voucher"], "incident_report"),  # exactly 30,000: the boundary
    ("supervisor", ["spa_voucher", "drink_voucher"], "shift_log"),  # 29,000
    ("supervisor", ["spa_voucher", "welcome_amenity"], "incident_report"),  # 31,000
    ("general_manager", ["dinner_voucher:5"], "gm_notified"),  # exactly 150,000
])
def test_the_documentation_tier_follows_the_total(policy, role, specs, tier):
    assert decide(policy, role, "staff_attitude", lines(*specs)).tier == tier


def test_an_empty_proposal_is_allowed_and_worth_nothing(policy):
    d = decide(policy, "agent", "noise", [])
    assert d.verdict is Verdict.ALLOWED
    assert d.total == 0
    assert d.tier == "shift_log"


def test_unknown_role_raises_key_error(policy):
    with pytest.raises(KeyError):
        decide(policy, "night_porter", "noise", lines("drink_voucher"))


def test_to_dict_uses_decimal_strings(policy):
    data = decide(policy, "agent", "noise", lines("drink_voucher:2")).to_dict()
    assert data["verdict"] == "allowed"
    assert data["total"] == "8000"
    assert data["headroom"][0] == {"cap": "per_incident", "limit": "20000", "used": "8000",
                                   "left": "12000"}
    assert data["tier"] == "shift_log"
