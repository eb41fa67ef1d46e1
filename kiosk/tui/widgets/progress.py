"""Where the agent is in the checklist: always visible at the top of the screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kiosk.core.i18n import _, ngettext


def progress_text(done: int, total: int, current_title: str | None) -> Text:
    width = 20
    filled = round(width * done / total) if total else width
    text = Text()
    text.append("█" * filled, style="bold green")
    text.append("░" * (width - filled), style="dim")
    text.append(" " + ngettext("{done}/{total} step", "{done}/{total} steps", total)
                .format(done=done, total=total))
    if current_title:
        text.append("  ·  " + _("now:") + " ")
        text.append(current_title, style="bold")
    else:
        text.append("  ·  " + _("checklist complete"), style="bold green")
    return text


class ChecklistProgress(Static):
    def show(self, done: int, total: int, current_title: str | None) -> None:
        self.update(progress_text(done, total, current_title))
