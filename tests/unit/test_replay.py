"""`kiosk policy replay` on a crafted history and a crafted proposal.

Proposal (from the shipped policy): agents may give a room upgrade and up to 40,000 per
incident (was 20,000); a welcome amenity counts 8,000 (was 6,000); late checkout is no
longer allowed for noise. All decisions are by agents.

    ref  time   stay  category      lines                  recorded              proposed
    R-1  10:00  S1    noise         welcome_amenity ×1     allowed 6,000         allowed 8,000
    R-2  10:30  S1    noise         late_checkout ×1       allowed 10,000        forbidden
    R-3  11:00  S2    noise         room_upgrade ×1        needs_approval 35,000 allowed 35,000
    R-4  12:00  S3    housekeeping  drink_voucher ×2       allowed 8,000         allowed 8,000
    R-5  12:30  S3    housekeeping  room_upgrade ×1        needs_approval 35,000 needs_approval:
                      stay S3 already had 8,000, 8,000 + 35,000 > the 40,000 stay limit
    R-6  13:00  S4    billing       minibar_credit ×1      allowed 3,000         forbidden
                      (not in the catalogue)
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kiosk.core.models import CompensationDecision, CompensationLine, Guest, Incident
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from kiosk.core.replay import replay, replay_lines, transition_table
from tests.conftest import POLICIES


def _incident(ref: str, hour: int, minute: int, stay: str, category: str, item: str,
              qty: int, unit: int, verdict: str, agent: str = "ag1") -> Incident:
    at = datetime(2026, 10, 5, hour, minute, tzinfo=UTC)
    guest = Guest(name=f"Guest {stay}", language="en", room=stay, arrival=date(2026, 10, 4),
                  departure=date(2026, 10, 8))
    line = CompensationLine(item, qty, Decimal(unit))
    decision = CompensationDecision([line], line.value, "AMD", verdict, [], "old", agent,
                                    "agent", at)
    return Incident(id=f"ID{ref}", ref=ref, property="Hotel", terminal="t", agent_id=agent,
                    guest=guest, category=category, severity="medium", account="…",
                    reported_at=at, compensation=[decision])


HISTORY = [  # deliberately out of time order: replay sorts by decision time
    _incident("R-4", 12, 0, "S3", "housekeeping", "drink_voucher", 2, 4000, "allowed", "ag2"),
    _incident("R-1", 10, 0, "S1", "noise", "welcome_amenity", 1, 6000, "allowed"),
    _incident("R-2", 10, 30, "S1", "noise", "late_checkout", 1, 10000, "allowed"),
    _incident("R-3", 11, 0, "S2", "noise", "room_upgrade", 1, 35000, "needs_approval"),
    _incident("R-5", 12, 30, "S3", "housekeeping", "room_upgrade", 1, 35000,
              "needs_approval", "ag2"),
    _incident("R-6", 13, 0, "S4", "billing", "minibar_credit", 1, 3000, "allowed", "ag2"),
]


@pytest.fixture(scope="module")
def proposal(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    folder = tmp_path_factory.mktemp("proposal") / "policies"
    shutil.copytree(POLICIES, folder)

    def edit(name: str, old: str, new: str) -> None:
        text = (folder / name).read_text("utf-8")
        assert old in text
        (folder / name).write_text(text.replace(old, new, 1), "utf-8")

    edit("roles.toml", "per_incident_cap = 20000", "per_incident_cap = 40000")
    edit("roles.toml", "discount_10 = 1\n", "discount_10 = 1\nroom_upgrade = 1\n")
    edit("catalogue.toml", "unit_value = 6000", "unit_value = 8000")
    edit("categories.toml", 'suggested = ["welcome_amenity", "late_checkout", "room_upgrade"]\n'
         'not_allowed = ["discount_10"]',
         'suggested = ["welcome_amenity", "room_upgrade"]\n'
         'not_allowed = ["discount_10", "late_checkout"]')
    return load_policy(folder)


def test_transitions_refs_and_cost(proposal: Policy) -> None:
    result = replay(proposal, HISTORY)
    assert (result.incidents, result.decisions) == (6, 6)
    assert transition_table(result) == [
        ("allowed", "allowed", 2),
        ("allowed", "forbidden", 2),              # R-2 (not for noise), R-6 (no such item)
        ("needs_approval", "allowed", 1),
        ("needs_approval", "needs_approval", 1),  # R-5, held back by the stay total
    ]
    assert [r.ref for r in result.changed] == ["R-2", "R-3", "R-6"]
    # recorded 6,000 + 10,000 + 35,000 + 8,000 + 35,000 + 3,000
    assert result.recorded_cost == Decimal(97000)
    # proposed 8,000 + 0 + 35,000 + 8,000 + 35,000 + 0
    assert result.new_cost == Decimal(86000)
    assert result.cost_difference == Decimal(-11000)
    assert result.no_longer_given == Decimal(13000)  # R-2 10,000 + R-6 3,000
    assert result.price_change == Decimal(2000)  # R-1 at 8,000 instead of 6,000
    assert result.price_changes == {"welcome_amenity": (Decimal(6000), Decimal(8000))}
    assert dict(result.missing_items) == {"minibar_credit": 1}


def test_stay_total_counts_earlier_decisions(proposal: Policy) -> None:
    alone = replay(proposal, [h for h in HISTORY if h.ref == "R-5"])
    # without R-4's 8,000 earlier in the stay, 35,000 fits the 40,000 stay limit
    assert transition_table(alone) == [("needs_approval", "allowed", 1)]


def test_shift_total_is_a_sliding_window(proposal: Policy) -> None:
    # eleven 10,000 folio credits by one agent within a quarter of an hour
    many = [_incident(f"S-{i}", 9, i, f"R{i}", "billing", "folio_credit", 1, 10000,
                      "allowed") for i in range(11)]
    result = replay(proposal, many)
    # 10 × 10,000 = 100,000 is exactly the limit; the 11th would make 110,000
    assert transition_table(result) == [("allowed", "allowed", 10),
                                        ("allowed", "needs_approval", 1)]
    assert [r.ref for r in result.changed] == ["S-10"]


def test_same_policy_changes_nothing_it_allowed(policy: Policy) -> None:
    result = replay(policy, [h for h in HISTORY if h.ref in ("R-1", "R-4")])
    assert result.changed == []
    assert result.cost_difference == 0


def test_words(proposal: Policy) -> None:
    text = "\n".join(replay_lines(replay(proposal, HISTORY)))
    assert "3 decisions would change." in text
    assert "allowed → forbidden: 2  (changed)" in text
    assert "difference -11,000 AMD" in text
    assert "minibar_credit is no longer in the catalogue (1 decision)." in text
    assert "R-2" in text and "R-3" in text


def test_words_for_an_empty_period(proposal: Policy) -> None:
    lines = replay_lines(replay(proposal, []))
    assert lines[1] == "0 decisions would change."
    assert len(lines) == 2  # no empty table, no costs of nothing
