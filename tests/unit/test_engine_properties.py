"""Invariants of the engine over generated proposals, on the shipped policy and on
generated valid policies.

Strictness order of a decision: allowed < needs_approval (by approver rank, lower
first) < forbidden.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.engine import Decision, Line, Verdict, decide
from kiosk.core.policy_files import CatalogueFile, CategoriesFile, RolesFile
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_rules import check_rules
from kiosk.core.policy_set import Policy
from tests.conftest import POLICIES

SHIPPED = load_policy(POLICIES)
# Mostly nothing or a little already given, sometimes a lot: every verdict shows up.
money_st = st.one_of(st.just(0), st.integers(0, 20_000), st.integers(0, 3_000_000)).map(Decimal)


def strictness(policy: Policy, decision: Decision) -> int:
    if decision.verdict is Verdict.ALLOWED:
        return 0
    if decision.verdict is Verdict.NEEDS_APPROVAL:
        assert decision.approver_role is not None
        return 1 + policy.role_rank(decision.approver_role)
    return 2 + len(policy.roles)


def line_st(policy: Policy) -> st.SearchStrategy[Line]:
    return st.builds(Line, st.sampled_from(sorted(policy.items)),
                     st.integers(min_value=1, max_value=3))


@st.composite
def proposals(draw: st.DrawFn, policy_st: st.SearchStrategy[Policy]) -> dict:
    policy = draw(policy_st)
    return {
        "policy": policy,
        "role": draw(st.sampled_from([r.id for r in policy.roles])),
        "category": draw(st.sampled_from(sorted(policy.categories))),
        "lines": draw(st.lists(line_st(policy), max_size=4)),
        "extra": draw(line_st(policy)),
        "stay": draw(money_st),
        "shift": draw(money_st),
        "seed": draw(st.randoms(use_true_random=False)),
    }


# --- generated valid policies -----------------------------------------------------
@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A hierarchy of 2-4 roles over 1-6 items that passes every cross-file rule."""
    items = []
    for index in range(draw(st.integers(1, 6))):
        discount = draw(st.integers(0, 3)) == 0  # one item in four is a discount
        items.append({
            "id": f"item_{index}", "kind": "discount" if discount else "voucher",
            "label": {"en": f"item {index}"},
            "unit_value": draw(st.integers(0, 20_000)),
            **({"percent": draw(st.integers(1, 10))} if discount else {}),
        })
    roles: list[dict] = []
    caps = {"per_incident_cap": 0, "per_guest_stay_cap": 0, "per_shift_cap": 0,
            "max_discount_pct": 0}
    qty: dict[str, int] = {}
    for index in range(draw(st.integers(2, 4))):
        # Each role above gets a little more room, so approvals come up as often as not.
        incident = caps["per_incident_cap"] + draw(st.integers(5_000, 100_000))
        caps = {
            "per_incident_cap": incident,
            "per_guest_stay_cap": max(caps["per_guest_stay_cap"], incident)
            + draw(st.integers(1_000, 100_000)),
            "per_shift_cap": max(caps["per_shift_cap"], incident)
            + draw(st.integers(1_000, 150_000)),
            "max_discount_pct": min(100, caps["max_discount_pct"] + draw(st.integers(5, 40))),
        }
        for item in items:
            fits = (item["unit_value"] <= incident
                    and item.get("percent", 0) <= caps["max_discount_pct"])
            if qty.get(item["id"], 0) or fits:
                qty[item["id"]] = qty.get(item["id"], 0) + draw(st.integers(1, 3))
        roles.append({"id": f"role_{index}", "label": {"en": f"Role {index}"}, **caps,
                      "items": dict(qty)})
    ids = [i["id"] for i in items]
    categories = [{"id": f"cat_{n}", "label": {"en": f"Category {n}"},
                   "default_severity": "medium",
                   "not_allowed": draw(st.lists(st.sampled_from(ids), unique=True,
                                                max_size=1))}
                  for n in range(draw(st.integers(1, 3)))]
    files = {
        "roles.toml": RolesFile.model_validate({"role": roles}),
        "catalogue.toml": CatalogueFile.model_validate({"item": items}),
        "categories.toml": CategoriesFile.model_validate(
            {"sla": {s: {"acknowledge": 5, "resolve": 60}
                     for s in ("low", "medium", "high", "critical")},
             "category": categories}),
    }
    assert list(check_rules(files)) == []  # the generator only makes valid policies
    return dataclasses.replace(
        SHIPPED,
        roles=tuple(files["roles.toml"].role),
        items={i.id: i for i in files["catalogue.toml"].item},
        categories={c.id: c for c in files["categories.toml"].category},
        escalation=(),
    )


ANY_POLICY = st.one_of(st.just(SHIPPED), policies())


# --- the invariants ---------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(proposals(ANY_POLICY))
def test_adding_a_line_never_makes_a_decision_more_permissive(p):
    policy = p["policy"]
    before = decide(policy, p["role"], p["category"], p["lines"], p["stay"], p["shift"])
    after = decide(policy, p["role"], p["category"], [*p["lines"], p["extra"]],
                   p["stay"], p["shift"])
    assert strictness(policy, after) >= strictness(policy, before)


@settings(max_examples=300, deadline=None)
@given(proposals(ANY_POLICY))
def test_a_higher_role_is_never_more_restricted(p):
    policy = p["policy"]
    ranks = [strictness(policy, decide(policy, r.id, p["category"], p["lines"], p["stay"],
                                       p["shift"]))
             for r in policy.roles]
    assert ranks == sorted(ranks, reverse=True)


@settings(max_examples=300, deadline=None)
@given(proposals(ANY_POLICY))
def test_line_order_never_changes_the_decision(p):
    policy = p["policy"]
    shuffled = list(p["lines"])
    p["seed"].shuffle(shuffled)
    one = decide(policy, p["role"], p["category"], p["lines"], p["stay"], p["shift"])
    two = decide(policy, p["role"], p["category"], shuffled, p["stay"], p["shift"])
    assert (two.verdict, two.approver_role, two.reasons, two.total, two.tier) == \
        (one.verdict, one.approver_role, one.reasons, one.total, one.tier)


@settings(max_examples=300, deadline=None)
@given(proposals(ANY_POLICY))
def test_the_total_is_exact(p):
    policy = p["policy"]
    d = decide(policy, p["role"], p["category"], p["lines"], p["stay"], p["shift"])
    expected = sum((policy.items[line.item_id].unit_value * line.qty for line in p["lines"]),
                   Decimal(0))
    assert isinstance(d.total, Decimal)
    assert d.total == expected
    assert d.tier == policy.tier_for(expected).id


@settings(max_examples=300, deadline=None)
@given(proposals(ANY_POLICY))
def test_verdicts_agree_with_the_headroom(p):
    policy = p["policy"]
    d = decide(policy, p["role"], p["category"], p["lines"], p["stay"], p["shift"])
    if d.verdict is Verdict.ALLOWED:
        assert all(h.left >= 0 for h in d.headroom)
    if d.verdict is Verdict.NEEDS_APPROVAL:
        assert policy.role_rank(d.approver_role) > policy.role_rank(p["role"])
        # the approver could have given it without asking anyone
        own = decide(policy, d.approver_role, p["category"], p["lines"], p["stay"],
                     p["shift"])
        assert own.verdict is Verdict.ALLOWED
    assert d.reasons
