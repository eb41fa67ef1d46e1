"""Where the agent is in the checklist: always visible at the top of the screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def progress_text(done: int, total: int, current_title: str | None) -> Text:
    width = 20
    filled = round(width * done / total) if total else width
    text = Text()
    text.append("█" * filled, style="bold green")
    text.append("░" * (width - filled), style="dim")
    text.append(f" {done}/{total} steps")
    if current_title:
        text.append("  ·  now: ")
        text.append(current_title, style="bold")
    else:
        text.append("  ·  checklist complete", style="bold green")
    return text


class ChecklistProgress(Static):
    def show(self, done: int, total: int, current_title: str | None) -> None:
        self.update(progress_text(done, total, current_title))
