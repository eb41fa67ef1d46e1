"""Which compensation becomes a posting, with which code; cells that stay inert."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from kiosk.core.models import CompensationDecision, CompensationLine
from kiosk.core.policy_set import Policy
from kiosk.core.postings import postings_of
from tests.bench.seed import sample_incident

AT = datetime(2026, 11, 23, 10, tzinfo=UTC)


def test_only_credits_and_discounts_with_their_codes(policy: Policy) -> None:
    incident = sample_incident("01J0000000000000000000000A", "ABC123", "agent1", AT)
    lines = [CompensationLine("room_night_credit", 1, Decimal(60000), "night of 22nd"),
             CompensationLine("spa_voucher", 1, Decimal(25000)),
             CompensationLine("discount_10", 2, Decimal(15000))]
    incident.compensation.append(CompensationDecision(
        lines=lines, total=Decimal(115000), currency="AMD", verdict="allowed", reasons=[],
        policy_hash="p", decided_by="agent1", decided_role="agent", decided_at=AT))
    found = postings_of(policy, incident)
    assert [(p.id, p.transaction_code, p.amount, p.percent) for p in found] == [
        ("01J0000000000000000000000A-1-1", "9020", Decimal(60000), None),
        ("01J0000000000000000000000A-1-3", "9110", Decimal(30000), Decimal(20))]
    uncoded = replace(policy, items={**policy.items, "discount_10": replace(policy.items[
        "discount_10"], transaction_code=None)})
    assert [p.transaction_code for p in postings_of(uncoded, incident)] == ["9020", ""]
