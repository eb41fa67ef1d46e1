"""The live panel beside the compensation choice: the engine's verdict, the reasons and
the headroom left under each of the role's caps."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from kiosk.core.engine import Decision, Verdict
from kiosk.core.i18n import N_, _, current_language, lookup
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import said
from kiosk.tui.text import money

VERDICT_STYLE = {
    Verdict.ALLOWED: (N_("WITHIN YOUR LIMITS"), "bold reverse green"),
    Verdict.NEEDS_APPROVAL: (N_("NEEDS A SUPERVISOR"), "bold reverse yellow"),
    Verdict.FORBIDDEN: (N_("NOT POSSIBLE"), "bold reverse red"),
}
CAP_NAMES = {
    "per_incident": N_("this incident"),
    "per_guest_stay": N_("guest's stay"),
    "per_shift": N_("your shift"),
    "discount_pct": N_("discount %"),
}


def decision_text(decision: Decision | None, policy: Policy) -> Text:
    if decision is None:
        return Text(_("Choose items with + and -."), style="dim")
    label, style = VERDICT_STYLE[decision.verdict]
    text = Text()
    text.append(f" {lookup(label)} ", style=style)
    total = money(decision.total, decision.currency, policy)
    text.append("\n" + _("Total {amount}").format(amount=total) + "\n", style="bold")
    tier = next((t for t in policy.tiers if t.id == decision.tier), None)
    if tier is not None:
        text.append(_("Paperwork: {tier}").format(
            tier=policy.label(tier.label, current_language())) + "\n", style="dim")
    for reason in said(decision.reasons, policy):
        text.append(f"• {reason}\n")
    text.append(_("Headroom") + "\n", style="bold")
    for room in decision.headroom:
        if room.cap == "discount_pct":
            if room.used == 0:
                continue
            left = f"{room.left}%"
        else:
            left = money(room.left, decision.currency, policy)
        style = "red" if room.left < 0 else ""
        name = lookup(CAP_NAMES[room.cap]) if room.cap in CAP_NAMES else room.cap
        # Padded by terminal cells, not characters.
        text.append(" " + set_cell_size(name, 14) + " " * max(16 - cell_len(left), 1) + left
                    + "\n", style=style)
    return text


class DecisionPanel(Static):
    def show(self, decision: Decision | None, policy: Policy) -> None:
        self.update(decision_text(decision, policy))
