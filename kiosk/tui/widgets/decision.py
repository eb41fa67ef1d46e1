"""The live panel beside the compensation choice: the engine's verdict, the reasons and
the headroom left under each of the role's caps."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kiosk.core.display import money
from kiosk.core.engine import Decision, Verdict
from kiosk.core.policy_set import Policy

VERDICT_STYLE = {
    Verdict.ALLOWED: ("WITHIN YOUR LIMITS", "bold reverse green"),
    Verdict.NEEDS_APPROVAL: ("NEEDS A SUPERVISOR", "bold reverse yellow"),
    Verdict.FORBIDDEN: ("NOT POSSIBLE", "bold reverse red"),
}
CAP_NAMES = {
    "per_incident": "this incident",
    "per_guest_stay": "guest's stay",
    "per_shift": "your shift",
    "discount_pct": "discount %",
}


def decision_text(decision: Decision | None, policy: Policy) -> Text:
    if decision is None:
        return Text("Choose items with + and -.", style="dim")
    label, style = VERDICT_STYLE[decision.verdict]
    text = Text()
    text.append(f" {label} ", style=style)
    text.append(f"\nTotal {money(decision.total, decision.currency)}\n", style="bold")
    tier = next((t for t in policy.tiers if t.id == decision.tier), None)
    if tier is not None:
        text.append(f"Paperwork: {policy.label(tier.label, 'en')}\n", style="dim")
    for reason in decision.reasons:
        text.append(f"• {reason}\n")
    text.append("Headroom\n", style="bold")
    for room in decision.headroom:
        if room.cap == "discount_pct":
            if room.used == 0:
                continue
            left = f"{room.left}%"
        else:
            left = money(room.left, decision.currency)
        style = "red" if room.left < 0 else ""
        text.append(f" {CAP_NAMES.get(room.cap, room.cap):<14}{left:>16}\n", style=style)
    return text


class DecisionPanel(Static):
    def show(self, decision: Decision | None, policy: Policy) -> None:
        self.update(decision_text(decision, policy))
