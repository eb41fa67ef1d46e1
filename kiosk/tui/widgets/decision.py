"""The live panel beside the compensation choice: the engine's verdict, the reasons and
the headroom left under each of the role's caps."""

from __future__ import annotations

from rich.cells import cell_len
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
PANEL_INSIDE = 32  # the panel's width (36) less its border and padding
CAP_NAMES = {
    "per_incident": N_("this incident"),
    "per_guest_stay": N_("guest's stay"),
    "per_shift": N_("your shift"),
    "discount_pct": N_("discount %"),
}


def decision_text(decision: Decision | None, policy: Policy,
                  width: int = PANEL_INSIDE) -> Text:
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
    for reason in said(decision.reasons, policy, on_screen=True):
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
        text.append(_headroom_line(name, left, width), style=style)
    return text


def _headroom_line(name: str, left: str, width: int) -> str:
    """A cap's name and what is left under it, the amounts right-aligned one cell in from
    the edge, measured in terminal cells; a name too long to share the line has one
    of its own, never cut."""
    right = width - 1
    gap = right - 1 - cell_len(name) - cell_len(left)
    if gap >= 1:
        return " " + name + " " * gap + left + "\n"
    return " " + name + "\n" + " " * max(right - cell_len(left), 1) + left + "\n"


class DecisionPanel(Static):
    def show(self, decision: Decision | None, policy: Policy) -> None:
        self.update(decision_text(decision, policy, self.content_size.width or PANEL_INSIDE))
