"""The recovery checklist (LEARN by default): the policy's steps in order, a note per
step, timestamps, and where the agent is — always on screen."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Label, Static

from kiosk.core.display import value_word
from kiosk.core.i18n import _, current_language, ngettext
from kiosk.core.models import Incident, Status
from kiosk.core.policy_parts import Step
from kiosk.desk import drafts, history, incidents, records
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.letter import LetterScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import day, hhmm, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader
from kiosk.tui.widgets.progress import ChecklistProgress


class ChecklistScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.CHECKLIST)
    AUTO_FOCUS = "#step-note"

    # The incident as last read (None until it is), and a step or resolve on its way to
    # the store: both decide which keys work.
    incident: reactive[Incident | None] = reactive(None, bindings=True, init=False)
    busy: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, incident_id: str, note: str = ""):
        super().__init__()
        self.incident_id = incident_id
        self._initial_note = note

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Checklist"))
        yield ChecklistProgress(id="checklist-progress")
        yield Static("", id="incident-summary", classes="summary")
        with VerticalScroll(id="steps"):
            yield Static("", id="steps-text")
        yield Static("", id="step-prompt", classes="prompt")
        with Horizontal(id="step-note-row"):
            yield Label(_("Note"), classes="box-label")
            yield Input(self._initial_note, placeholder=_("Note for this step, then enter"),
                        id="step-note", max_length=2000)
        yield KioskFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        incident_id = self.incident_id
        self.run_job(lambda: records.get_incident(self.desk, incident_id), self.show,
                  title=_("Cannot read the incident"))

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
        title = policy.label(current.title, current_language()) if current else None
        self.query_one(ChecklistProgress).show(done, len(steps), title)

        category = policy.categories.get(incident.category)
        summary = Text.assemble((incident.ref, "bold"), "  ")
        summary.append_text(inert(incident.guest.name, limit=28))
        summary.append("  " + _("room {room}").format(room=incident.guest.room[:8]) + "  ")
        summary.append(policy.label(category.label, current_language()) if category
                       else incident.category)
        summary.append(f"  {value_word(incident.severity)}")
        if incident.compensation:
            given = len(incident.compensation)
            summary.append("  · " + ngettext("{n} compensation", "{n} compensations", given)
                           .format(n=given), style="green")
        if incident.letters:
            summary.append("  · " + _("letter"), style="green")
        if incident.status != Status.OPEN:
            summary.append(f"  · {value_word(incident.status.value)}", style="bold green")
        self.query_one("#incident-summary", Static).update(summary)

        lines = Text()
        for step in steps:
            record = records.get(step.id)
            name = policy.label(step.title, current_language())
            optional = "" if step.required else " " + _("(optional)")
            if record is not None:
                lines.append(f" ✓ {hhmm(record.at, policy)} ", style="green")
                lines.append(name + optional, style="bold")
                if record.note:
                    lines.append(" — ")
                    lines.append_text(inert(record.note, limit=48))
                elif record.confirmed:
                    lines.append(" — " + _("confirmed"), style="dim")
            elif step is current:
                lines.append(" ▶ " + set_cell_size(_("now"), 5) + " ", style="bold yellow")
                lines.append(name + optional, style="bold yellow")
            else:
                lines.append("         " + name + optional, style="dim")
            lines.append("\n")
        for extra in incident.notes:
            if extra.kind == "note":
                lines.append(f" ✎ {hhmm(extra.at, policy)} ", style="cyan")
                lines.append_text(inert(extra.text, limit=60))
                lines.append("\n")
        lines.append("\n" + _("The guest's words:") + " ", style="bold")
        lines.append_text(inert(incident.account, one_line=False, limit=600))
        self.query_one("#steps-text", Static).update(lines)

        prompt = self.query_one("#step-prompt", Static)
        note = self.query_one("#step-note", Input)
        if current is None:
            # The box stays: what is typed now is a note on the incident, never lost.
            prompt.update(Text(_("All steps done. A note typed here is added to the "
                                 "incident. ctrl+g compensate · ctrl+t letter · "
                                 "ctrl+r resolve"), style="bold green"))
            note.placeholder = _("Note on the incident, then enter")
        else:
            lang = current_language()
            prompt_text = Text()
            if said := self.kiosk.guest_says(current.id):  # a practice run's guest
                prompt_text.append(_("The guest:") + " ", style="bold reverse")
                prompt_text.append_text(inert(f"«{said}»", limit=300))
                prompt_text.append("\n")
            prompt_text.append_text(Text.assemble(
                (policy.label(current.title, lang) + ": ", "bold"),
                policy.label(current.prompt, lang)))
            prompt.update(prompt_text)
            note.placeholder = _("Note for this step, then enter")
            note.focus()

    # --- recording steps -----------------------------------------------------------
    @on(Input.Submitted, "#step-note")
    def note_entered(self) -> None:
        note = self.query_one("#step-note", Input).value.strip()
        step = self.current()
        if step is None:
            if note and self.incident is not None:
                self.add_note(note)
            return
        if not note and step.required:
            self.notify(_("Write a note, or press ctrl+o to confirm the step without one."),
                        title=self.desk.policy.label(step.title, current_language()))
            return
        self.record(note, confirmed=bool(note) or not step.required)

    def action_confirm(self) -> None:
        self.record(self.query_one("#step-note", Input).value.strip(), confirmed=True)

    def record(self, note: str, confirmed: bool) -> None:
        step = self.current()
        if step is None or self.busy:
            return
        self.busy = True
        incident_id, staff_id, desk = self.incident_id, self.me.id, self.desk
        draft = self._draft(note)

        def job() -> Incident:
            return incidents.record_step(desk, incident_id, staff_id, step.id,
                                         note=note, confirmed=confirmed)

        def keep(_: BaseException) -> None:  # failed after a lock: the note is kept
            if draft is not None:
                drafts.save_draft(desk, staff_id, draft)

        self.run_job(job, lambda incident: self.recorded(incident, note),
                     failed=self.not_recorded, orphaned=keep)

    def add_note(self, note: str) -> None:
        """A note after the last step: kept on the incident."""
        if self.busy:
            return
        self.busy = True
        incident_id, member, desk = self.incident_id, self.me, self.desk
        draft = self._draft(note)

        def keep(_: BaseException) -> None:  # failed after a lock: the note is kept
            if draft is not None:
                drafts.save_draft(desk, member.id, draft)

        self.run_job(lambda: history.add_note(desk, incident_id, member, note),
                     lambda incident: self.recorded(incident, note),
                     failed=self.not_recorded, orphaned=keep)

    def recorded(self, incident: Incident, sent: str | None = None) -> None:
        self.busy = False
        box = self.query_one("#step-note", Input)
        # Only what was sent is cleared: words typed while the store answered stay.
        if sent is None or box.value.strip() == sent:
            box.value = ""
        self.show(incident)

    def not_recorded(self, exc: BaseException) -> None:
        self.busy = False
        self.notify(explain(exc), title=_("Step not recorded"), severity="error", timeout=8)

    def draft_data(self) -> dict[str, Any] | None:
        if self.busy:  # on its way to the store; kept there if that fails (see record)
            return None
        return self._draft(self.query_one("#step-note", Input).value.strip())

    def _draft(self, note: str) -> dict[str, Any] | None:
        if not note or self.incident is None:
            return None
        return {"screen": "checklist", "incident_id": self.incident_id, "note": note,
                "title": _("Note on {ref}").format(ref=self.incident.ref)}

    # --- onward ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "compensate", "letter", "resolve"):
            if self.incident is None:
                return None  # still reading the incident
            if action in ("confirm", "resolve") and self.busy:
                return None
            if action == "confirm" and self.current() is None:
                return False  # every step is done
        return True

    def action_compensate(self) -> None:
        if self.incident is not None:
            self.app.push_screen(CompensationScreen(self.incident))

    def action_letter(self) -> None:
        if self.incident is not None:
            self.app.push_screen(LetterScreen(self.incident))

    def action_resolve(self) -> None:
        if self.incident is None or self.busy:
            return
        if self.current() is not None:
            self.notify(_("Finish the checklist before resolving."), severity="warning")
            return
        self.busy = True
        incident_id, staff_id = self.incident_id, self.me.id
        self.run_job(lambda: incidents.resolve_incident(self.desk, incident_id, staff_id),
                  self.resolved, failed=self.not_recorded)

    def resolved(self, incident: Incident) -> None:
        self.busy = False
        due = incident.follow_up.due if incident.follow_up else None
        policy = self.desk.policy
        if due:
            said = _("{ref} resolved; follow-up call booked for {day} {time}.").format(
                ref=incident.ref, day=day(due, policy), time=hhmm(due, policy))
        else:
            said = _("{ref} resolved.").format(ref=incident.ref)
        self.notify(said, title=_("Resolved"))
        self.dismiss()
