"""The SLA cell of the board: time left to acknowledge or resolve, coloured as it runs
out, and who is to be told once it has."""

from __future__ import annotations

from rich.text import Text

from kiosk.core.display import role_word
from kiosk.core.i18n import _
from kiosk.core.policy_set import Policy
from kiosk.core.sla import SlaState
from kiosk.tui.text import duration

# Between a late clock and whom to tell: the board may break the line there.
ESCALATION = " →"


def sla_cell(state: SlaState, policy: Policy) -> Text:
    if state.phase == "done" or state.left is None:
        return Text(_("done"), style="dim")
    if state.breached:
        # TRANSLATORS: the board's SLA column when time is up; keep it short.
        text = Text(_("LATE {time}").format(time=duration(-state.left, policy)),
                    style="bold reverse red")
        if state.notify_role:
            text.append(f"{ESCALATION}{role_word(policy, state.notify_role)}",
                        style="bold red")
        return text
    fraction = state.fraction_left if state.fraction_left is not None else 1.0
    style = "green" if fraction > 0.5 else "yellow" if fraction > 0.2 else "bold red"
    left = duration(state.left, policy)
    # TRANSLATORS: the board's SLA column: time left to acknowledge / to resolve.
    words = (_("ack {time}") if state.phase == "acknowledge" else _("fix {time}"))
    return Text(words.format(time=left), style=style)


