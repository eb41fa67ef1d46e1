"""Sample incidents for checking templates: one per category, with awkward guest text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kiosk.core.models import (
    Approval,
    CompensationDecision,
    CompensationLine,
    Guest,
    Honorific,
    Incident,
)
from kiosk.core.policy_set import Policy
from kiosk.letters.view import Signatory

SAMPLE_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SAMPLE_AGENT = Signatory("Anna Hakobyan", "agent")


def sample_manager(policy: Policy) -> Signatory:
    return Signatory("Davit Sargsyan", policy.roles[-1].id)


def sample_incident(policy: Policy, category: str, language: str) -> Incident:
    """An incident with two compensation lines (one approved) and a guest account that
    contains Markdown, HTML and Jinja syntax, as a real guest's words might."""
    cat = policy.categories[category]
    picked = [item.id for item in policy.offered_items(cat.id)][:2]
    lines = [CompensationLine(item_id=i, qty=n + 1, unit_value=policy.items[i].unit_value,
                              remark="room 512" if policy.items[i].remark_required else "")
             for n, i in enumerate(picked)]
    approval = Approval(SAMPLE_AGENT.name, policy.roles[-1].id, "goodwill", SAMPLE_AT)
    decision = CompensationDecision(
        lines=lines, total=sum((ln.value for ln in lines), start=lines[0].value * 0),
        currency=policy.currency, verdict="needs_approval", reasons=[],
        policy_hash=policy.policy_hash, decided_by="a1", decided_role="agent",
        decided_at=SAMPLE_AT, approval=approval)
    return Incident(
        id="01SAMPLE", ref="S-001", property=policy.property.name, terminal="check",
        agent_id="a1",
        guest=Guest(name="Anna *<b>{{ x }}</b>* Ter-Petrosyan", language=language,
                    room="412", arrival=date(2026, 11, 20), departure=date(2026, 11, 25),
                    honorific=Honorific.MS),
        category=category, severity=str(cat.default_severity),
        account="The room was *not* ready.\n# {% raw %} <script>alert(1)</script> \x1b[2J",
        reported_at=SAMPLE_AT - timedelta(hours=1), compensation=[decision])
