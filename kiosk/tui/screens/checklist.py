"""The recovery checklist (LEARN by default): the policy's steps in order, a note per
step, timestamps, and where the agent is — always on screen."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static

from kiosk.core.models import Incident, Status
from kiosk.core.policy_files import Step
from kiosk.desk import incidents
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.text import day, hhmm, inert
from kiosk.tui.widgets.header import KioskHeader
from kiosk.tui.widgets.progress import ChecklistProgress


class ChecklistScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.CHECKLIST)
    AUTO_FOCUS = "#step-note"

    def __init__(self, incident_id: str, note: str = ""):
        super().__init__()
        self.incident_id = incident_id
        self.incident: Incident | None = None
        self.busy = False
        self._initial_note = note

    def compose(self) -> ComposeResult:
        yield KioskHeader("Checklist")
        yield ChecklistProgress(id="checklist-progress")
        yield Static("", id="incident-summary", classes="summary")
        with VerticalScroll(id="steps"):
            yield Static("", id="steps-text")
        yield Static("", id="step-prompt", classes="prompt")
        yield Input(self._initial_note, placeholder="Note for this step, then enter",
                    id="step-note", max_length=2000)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        incident_id = self.incident_id
        self.task(lambda: incidents.get_incident(self.desk, incident_id), self.show,
                  title="Cannot read the incident")

    # --- showing -------------------------------------------------------------------
    def steps(self) -> tuple[Step, ...]:
        return self.desk.policy.steps

    def current(self) -> Step | None:
        if self.incident is None:
            return None
        return self.desk.policy.next_step(s.step_id for s in self.incident.steps)

    def show(self, incident: Incident) -> None:
        self.incident = incident
        policy = self.desk.policy
        records = {r.step_id: r for r in incident.steps}
        current = self.current()
        steps = self.steps()
        done = sum(1 for s in steps if s.id in records)
        title = policy.label(current.title, "en") if current else None
        self.query_one(ChecklistProgress).show(done, len(steps), title)

        category = policy.categories.get(incident.category)
        summary = Text.assemble((incident.ref, "bold"), "  ")
        summary.append_text(inert(incident.guest.name, limit=28))
        summary.append(f"  room {incident.guest.room[:8]}  ")
        summary.append(policy.label(category.label, "en") if category else incident.category)
        summary.append(f"  {incident.severity}")
        if incident.compensation:
            summary.append(f"  · {len(incident.compensation)} compensation", style="green")
        if incident.letters:
            summary.append("  · letter", style="green")
        if incident.status != Status.OPEN:
            summary.append(f"  · {incident.status.value}", style="bold green")
        self.query_one("#incident-summary", Static).update(summary)

        lines = Text()
        for step in steps:
            record = records.get(step.id)
            name = policy.label(step.title, "en")
            optional = "" if step.required else " (optional)"
            if record is not None:
                lines.append(f" ✓ {hhmm(record.at, policy)} ", style="green")
                lines.append(name + optional, style="bold")
                if record.note:
                    lines.append(" — ")
                    lines.append_text(inert(record.note, limit=48))
                elif record.confirmed:
                    lines.append(" — confirmed", style="dim")
            elif step is current:
                lines.append(" ▶ now   ", style="bold yellow")
                lines.append(name + optional, style="bold yellow")
            else:
                lines.append("         " + name + optional, style="dim")
            lines.append("\n")
        lines.append("\nThe guest's words: ", style="bold")
        lines.append_text(inert(incident.account, one_line=False, limit=600))
        self.query_one("#steps-text", Static).update(lines)

        prompt = self.query_one("#step-prompt", Static)
        note = self.query_one("#step-note", Input)
        if current is None:
            prompt.update(Text("All steps done. ctrl+g compensate · ctrl+t letter · "
                               "ctrl+r resolve", style="bold green"))
            note.disabled = True
        else:
            prompt.update(Text.assemble((policy.label(current.title, "en") + ": ", "bold"),
                                        policy.label(current.prompt, "en")))
            note.disabled = False
            note.focus()

    # --- recording steps -----------------------------------------------------------
    @on(Input.Submitted, "#step-note")
    def note_entered(self) -> None:
        note = self.query_one("#step-note", Input).value.strip()
        step = self.current()
        if step is None:
            return
        if not note and step.required:
            self.notify("Write a note, or press ctrl+o to confirm the step without one.",
                        title=self.desk.policy.label(step.title, "en"))
            return
        self.record(note, confirmed=bool(note) or not step.required)

    def action_confirm(self) -> None:
        self.record(self.query_one("#step-note", Input).value.strip(), confirmed=True)

    def record(self, note: str, confirmed: bool) -> None:
        step = self.current()
        if step is None or self.busy:
            return
        self.busy = True
        incident_id, staff_id = self.incident_id, self.me.id

        def job() -> Incident:
            return incidents.record_step(self.desk, incident_id, staff_id, step.id,
                                         note=note, confirmed=confirmed)

        self.task(job, self.recorded, failed=self.not_recorded)

    def recorded(self, incident: Incident) -> None:
        self.busy = False
        self.query_one("#step-note", Input).value = ""
        self.show(incident)

    def not_recorded(self, exc: BaseException) -> None:
        from kiosk.tui.tasks import explain

        self.busy = False
        self.notify(explain(exc), title="Step not recorded", severity="error", timeout=8)

    def draft_data(self) -> dict[str, Any] | None:
        note = self.query_one("#step-note", Input).value.strip()
        if not note or self.incident is None:
            return None
        return {"screen": "checklist", "incident_id": self.incident_id, "note": note,
                "title": f"Note on {self.incident.ref}"}

    # --- onward ----------------------------------------------------------------------
    def action_compensate(self) -> None:
        from kiosk.tui.screens.compensation import CompensationScreen

        if self.incident is not None:
            self.app.push_screen(CompensationScreen(self.incident))

    def action_letter(self) -> None:
        from kiosk.tui.screens.letter import LetterScreen

        if self.incident is not None:
            self.app.push_screen(LetterScreen(self.incident))

    def action_resolve(self) -> None:
        if self.incident is None or self.busy:
            return
        if self.current() is not None:
            self.notify("Finish the checklist before resolving.", severity="warning")
            return
        self.busy = True
        incident_id, staff_id = self.incident_id, self.me.id
        self.task(lambda: incidents.resolve_incident(self.desk, incident_id, staff_id),
                  self.resolved, failed=self.not_recorded)

    def resolved(self, incident: Incident) -> None:
        self.busy = False
        due = incident.follow_up.due if incident.follow_up else None
        policy = self.desk.policy
        when = f"; follow-up call booked for {day(due, policy)} {hhmm(due, policy)}" if due \
            else ""
        self.notify(f"{incident.ref} resolved{when}.", title="Resolved")
        self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()
