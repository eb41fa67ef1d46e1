"""The SLA cell of the board: time left to acknowledge or resolve, coloured as it runs
out, and who is to be told once it has."""

from __future__ import annotations

from rich.text import Text

from kiosk.core.sla import SlaState
from kiosk.tui.text import duration


def sla_cell(state: SlaState) -> Text:
    if state.phase == "done" or state.left is None:
        return Text("done", style="dim")
    verb = "ack" if state.phase == "acknowledge" else "fix"
    if state.breached:
        text = Text(f"LATE {duration(-state.left)}", style="bold reverse red")
        if state.notify_role:
            text.append(f" →{state.notify_role.replace('_', ' ')}", style="bold red")
        return text
    fraction = state.fraction_left if state.fraction_left is not None else 1.0
    style = "green" if fraction > 0.5 else "yellow" if fraction > 0.2 else "bold red"
    return Text(f"{verb} {duration(state.left)}", style=style)
