"""The incident report the documentation tier asks for: the boxes the policy lists
(tiers.toml [[report.field]]), filled at the desk and saved, then printed, through
``kiosk.desk.incident_report`` — the same rules as `kiosk incident report`."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Label, Select, Static

from kiosk.core.i18n import _, current_language
from kiosk.core.policy_parts import ReportFieldKind
from kiosk.desk import incident_report
from kiosk.desk.incident_report import NO, YES, ReportBox, ReportForm
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import clean, clock_text, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader


def box_id(box: ReportBox) -> str:
    return f"box-{box.id}"


class IncidentReportScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.INCIDENT_REPORT)

    # Saving or printing is on its way: the keys wait for it.
    busy: reactive[bool] = reactive(False, bindings=True)
    # What the boxes hold differs from what is saved: print waits for a save.
    unsaved: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, form: ReportForm, typed: dict[str, str] | None = None) -> None:
        """``typed``: what a draft kept in the boxes, shown over what is saved."""
        super().__init__()
        self.form = form
        self.typed = typed or {}

    def compose(self) -> ComposeResult:
        form = self.form
        yield KioskHeader(_("Incident report"))
        boxes = VerticalScroll(id="report-boxes")
        guest = form.incident.guest
        boxes.border_title = clean(f"{form.incident.ref} · {guest.name} · "
                                   + _("room {room}").format(room=guest.room), one_line=True,
                                   limit=70)
        with boxes:
            for box in form.boxes:
                label = self.label(box)
                words = label if box.required else f"{label} {_('(optional)')}"
                yield Label(inert(words), classes="dialog-label")
                value = self.typed.get(box.id, box.value)
                if box.kind == ReportFieldKind.TEXT.value:
                    yield Input(value, id=box_id(box), compact=True,
                                max_length=box.max_length)
                else:
                    choices = box.choices if box.kind == ReportFieldKind.CHOICE.value \
                        else (YES, NO)
                    shown = {YES: _("yes"), NO: _("no")}
                    yield Select([(shown.get(c, c), c) for c in choices], id=box_id(box),
                                 value=value if value in choices else Select.NULL,
                                 prompt=_("Choose"), compact=True)
        # Every missing box by name, on as many lines as that takes.
        yield Static("", id="report-status", classes="status wraps")
        yield KioskFooter()

    def on_mount(self) -> None:
        self.say_state(self.form)
        self.unsaved = bool(self.changed())
        if self.form.boxes:
            self.query_one(f"#{box_id(self.form.boxes[0])}").focus()

    # --- what is typed -------------------------------------------------------------
    def values(self) -> dict[str, str]:
        out = {}
        for box in self.form.boxes:
            widget = self.query_one(f"#{box_id(box)}")
            if isinstance(widget, Input):
                out[box.id] = widget.value.strip()
            elif isinstance(widget, Select):
                out[box.id] = widget.value if isinstance(widget.value, str) else ""
        return out

    def changed(self) -> dict[str, str]:
        return {k: v for k, v in self.values().items()
                if v != next(b.value for b in self.form.boxes if b.id == k)}

    def on_input_changed(self) -> None:
        self.unsaved = bool(self.changed())

    def on_select_changed(self) -> None:
        self.unsaved = bool(self.changed())

    def label(self, box: ReportBox) -> str:
        """The box's label in the staff's language, as the policy writes it."""
        policy = self.desk.policy
        field = next((f for f in policy.report_fields if f.id == box.id), None)
        return policy.label(field.label, current_language()) if field else box.label

    def say_state(self, form: ReportForm, problem: str = "") -> None:
        if problem:
            self.query_one("#report-status", Static).update(Text(problem, style="bold red"))
            return
        missing = [self.label(b) for b in form.boxes if b.required and not b.value]
        state = (_("Missing: {boxes}").format(boxes=", ".join(missing)) if missing
                 else _("Complete"))
        if form.at is not None:
            state += " · " + _("filled by {who} at {when}").format(
                who=form.by, when=clock_text(form.at, self.desk.policy))
        self.query_one("#report-status", Static).update(
            Text(state, style="yellow" if missing else "green"))

    # --- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "print") and self.busy:
            return None
        if action == "print":
            return not self.unsaved
        return True

    def action_save(self) -> None:
        changes = self.changed()
        if self.busy:
            return
        if not changes:
            self.notify(_("Nothing changed."), title=_("Incident report"))
            return
        desk, member, incident_id = self.desk, self.me, self.form.incident.id
        self.busy = True

        def job() -> ReportForm:
            incident_report.fill_report(desk, incident_id, member, changes)
            return incident_report.report_form(desk, incident_id)

        self.run_job(job, self.saved, failed=self.refused)

    def saved(self, form: ReportForm) -> None:
        self.busy = False
        self.form = form
        self.unsaved = bool(self.changed())
        self.say_state(form)
        self.notify(_("Incident report of {ref} saved.").format(ref=form.incident.ref),
                    title=_("Incident report"))

    def refused(self, exc: BaseException) -> None:
        self.busy = False
        self.say_state(self.form, explain(exc))

    def action_print(self) -> None:
        if self.busy or self.unsaved:
            return
        desk, member, incident_id = self.desk, self.me, self.form.incident.id
        self.busy = True
        self.run_job(lambda: incident_report.print_report(desk, incident_id, member),
                     self.printed, failed=self.not_printed)

    def printed(self, job: str) -> None:
        self.busy = False
        self.notify(_("Incident report sent to the printer (job {job}).").format(job=job),
                    title=_("Incident report"))

    def not_printed(self, exc: BaseException) -> None:
        self.busy = False
        self.notify(explain(exc), title=_("Not printed"), severity="error", timeout=8)

    def draft_data(self) -> dict[str, Any] | None:
        """What is typed and not saved, kept as a draft when the screen is left, the
        terminal locks or the kiosk ends (see ``DraftSource``)."""
        changes = self.changed()
        if self.busy or not changes:
            return None
        incident = self.form.incident
        return {"screen": "incident_report", "incident_id": incident.id,
                "title": _("Incident report: {ref}").format(ref=incident.ref),
                "values": changes}
