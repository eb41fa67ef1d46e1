"""Records come back from the store exactly as they went in: every kind of field
(dates and times, money, states, nested decisions with approvals, letters, follow-ups,
fields left empty), over a few hundred incidents in every state a desk leaves them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.core.models import Incident, from_dict, to_dict
from kiosk.core.policy_load import load_policy
from tests.bench.seed import make_incident

POLICIES = Path(__file__).resolve().parents[2] / "policies"


def test_incidents_round_trip_with_their_types() -> None:
    policy = load_policy(POLICIES)
    rng = random.Random(11)
    end = datetime(2026, 11, 30, 12, tzinfo=UTC)
    staff = {role.id: [f"{role.id}{n}" for n in range(3)] for role in policy.roles}
    guests: list[tuple[str, str]] = []
    kinds: set[str] = set()
    for n in range(300):
        at = end - timedelta(hours=rng.randrange(1, 2000))
        incident = make_incident(policy, rng, at, end, staff, guests, f"{n:026d}", f"R{n:05d}")
        again = from_dict(Incident, to_dict(incident))
        assert again == incident
        assert to_dict(again) == to_dict(incident)
        assert isinstance(again.reported_at, datetime)
        assert isinstance(again.guest.arrival, type(incident.guest.arrival))
        kinds |= {type(d.total).__name__ for d in again.compensation}
        kinds |= {"approval" for d in again.compensation if d.approval is not None}
        kinds |= {"follow_up"} if again.follow_up is not None else set()
        kinds |= {"letters"} if again.letters else set()
    assert {"Decimal", "approval", "follow_up", "letters"} <= kinds
