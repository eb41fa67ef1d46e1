"""One incident's whole record: the guest and their contacts, the account, every step
and note in full (nothing cut at the panel's width), compensation and its approvals,
letters and their prints, the follow-up, and the incident's audit trail. A note, a new
owner or a reopening is added from here, each an audited step by whoever is signed in."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from kiosk.core.display import language_in, value_word
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident, Staff, Status
from kiosk.core.plain import Value
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import recorded, said
from kiosk.desk import history, incident_report, staff
from kiosk.desk.context import Desk
from kiosk.desk.incident_report import missing_report, report_needed
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.screens.record_change import Change, ChangeDialog
from kiosk.tui.text import clock_text, inert, money
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

STATUS_STYLE = {Status.OPEN: "bold yellow", Status.RESOLVED: "green",
                Status.FOLLOWED_UP: "green", Status.CLOSED: "dim"}


def category_label(policy: Policy, category_id: str) -> str:
    return policy.category_label(category_id, current_language())


def status_label(incident: Incident) -> Text:
    return Text(value_word(incident.status.value), style=STATUS_STYLE.get(incident.status, ""))


class Record(Value):
    incident: Incident
    trail: list[dict[str, Any]]
    people: dict[str, Staff]  # by id: names for the ids the record holds


def read_record(desk: Desk, incident_id: str) -> Record:
    incident, trail = history.audit_trail(desk, incident_id)
    return Record(incident, trail, {m.id: m for m in staff.list_staff(desk)})


class RecordScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.RECORD)
    AUTO_FOCUS = "#record-scroll"

    # What is shown decides the keys: nothing to act on until it is read; reopen only
    # what is not open.
    status: reactive[str] = reactive("", bindings=True)

    def __init__(self, incident_id: str):
        super().__init__()
        self.incident_id = incident_id
        self.record: Record | None = None

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Incident record"))
        with VerticalScroll(id="record-scroll", can_focus=True):
            yield Static(Text(_("Reading…"), style="dim"), id="record-text")
        yield KioskFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        desk, incident_id = self.desk, self.incident_id
        self.run_job(lambda: read_record(desk, incident_id), self.show,
                     title=_("Cannot read the incident"))

    def show(self, record: Record) -> None:
        self.record = record
        self.status = record.incident.status.value
        self.query_one("#record-text", Static).update(describe(self.desk.policy, record))

    # --- changes -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("note", "reassign"):
            return bool(self.status)
        if action == "reopen":
            return bool(self.status) and self.status != Status.OPEN.value
        if action == "report":
            incident = self.record.incident if self.record else None
            return incident is not None and (incident.report is not None or
                                             report_needed(self.desk.policy, incident))
        return True

    def action_report(self) -> None:
        if self.record is None:
            return
        desk, incident_id = self.desk, self.record.incident.id
        self.run_job(lambda: incident_report.report_form(desk, incident_id),
                     lambda form: self.app.push_screen(IncidentReportScreen(form),
                                                       lambda _saved: self.load()),
                     title=_("Cannot open the incident report"))

    def _change(self, kind: Change) -> None:
        if self.record is None:
            return
        self.app.push_screen(ChangeDialog(kind, self.record.incident,
                                          list(self.record.people.values())),
                             self._changed)

    def _changed(self, incident: Incident | None) -> None:
        if incident is not None:
            self.notify(_("{ref} updated.").format(ref=incident.ref), title=_("Saved"))
            self.load()

    def action_note(self) -> None:
        self._change("note")

    def action_reassign(self) -> None:
        self._change("reassign")

    def action_reopen(self) -> None:
        self._change("reopen")


def _who(record: Record, staff_id: str) -> str:
    member = record.people.get(staff_id)
    return f"{member.name} ({staff_id})" if member else staff_id


def describe(policy: Policy, record: Record) -> Text:
    """The whole record as text that wraps at any width."""
    incident = record.incident
    guest = incident.guest
    text = Text()

    def at(moment: datetime | None) -> str:
        return clock_text(moment, policy) if moment else "—"

    def heading(title: str) -> None:
        text.append(f"\n{title}\n", style="bold underline")

    def line(label: str, value: object, style: str = "") -> None:
        # TRANSLATORS: a line of the incident record: its label, then the value.
        text.append(_("{label}:").format(label=label) + " ", style="bold")
        text.append_text(inert(value, style, one_line=False))
        text.append("\n")

    text.append(f"{incident.ref}  ", style="bold reverse")
    text.append_text(status_label(incident))
    text.append(f"  {category_label(policy, incident.category)} · "
                f"{value_word(incident.severity)}\n")
    line(_("Guest"), f"{guest.name}" + (f" ({guest.address_as})" if guest.address_as else ""))
    line(_("Room and stay"), f"{guest.room} · {guest.arrival.isoformat()} – "
                             f"{guest.departure.isoformat()} · "
                             f"{language_in(guest.language, current_language())}")
    contacts = [c for c in (guest.phone, guest.email) if c] or (
        [guest.contact] if guest.contact else [])
    if contacts:
        prefers = {"phone": _("prefers the phone"), "email": _("prefers e-mail")}
        line(_("Contact"), " · ".join(contacts)
             + (f" ({prefers[guest.prefers]})" if guest.prefers in prefers else ""))
    if guest.loyalty_id:
        line(_("Loyalty"), guest.loyalty_id)
    line(_("Owner"), _who(record, incident.owner or incident.agent_id))
    line(_("Reported"), f"{at(incident.reported_at)} · {_who(record, incident.agent_id)} "
                        f"· {incident.terminal}"
                        + (f" · {incident.location}" if incident.location else ""))
    if incident.resolved_at:
        line(_("Resolved"), at(incident.resolved_at))
    if incident.closed_at:
        line(_("Closed"), at(incident.closed_at))
    if report_needed(policy, incident):
        line(_("Incident report"), _("missing: ctrl+e fills it")
             if missing_report(policy, incident) else _("complete"),
             "bold yellow" if missing_report(policy, incident) else "green")

    heading(_("The guest's account"))
    text.append_text(inert(incident.account, one_line=False))
    text.append("\n")

    language = current_language()
    titles = {s.id: policy.label(s.title, language) for s in policy.steps}
    if incident.steps:
        heading(_("Steps"))
        for step in incident.steps:
            text.append(f"{at(step.at)} {titles.get(step.step_id, step.step_id)}",
                        style="bold")
            text.append(f" · {_who(record, step.staff_id)}")
            text.append_text(inert(f": {step.note}" if step.note else
                                   ": " + _("confirmed"), one_line=False))
            text.append("\n")
    if incident.notes:
        heading(_("Notes"))
        kinds = {"note": _("note"), "reassign": _("reassigned"), "reopen": _("reopened")}
        for note in incident.notes:
            text.append(f"{at(note.at)} {kinds.get(note.kind, note.kind)}", style="bold")
            text.append(f" · {_who(record, note.staff_id)}: ")
            text.append_text(inert(note.text, one_line=False))
            text.append("\n")

    if incident.compensation:
        heading(_("Compensation"))
        for given in incident.compensation:
            items = ", ".join(
                f"{line_.qty} × {policy.label(policy.items[line_.item_id].label, language)}"
                if line_.item_id in policy.items else f"{line_.qty} × {line_.item_id}"
                for line_ in given.lines)
            text.append(f"{at(given.decided_at)} {money(given.total, given.currency, policy)}",
                        style="bold")
            text.append_text(inert(f" · {items} · {_who(record, given.decided_by)}",
                                   one_line=False))
            text.append("\n")
            for line_ in given.lines:
                if line_.remark:
                    text.append_text(inert(f"    {line_.item_id}: {line_.remark}",
                                           one_line=False))
                    text.append("\n")
            for reason in said(recorded(given), policy, on_screen=True):
                text.append_text(inert(f"    {reason}", "dim", one_line=False))
                text.append("\n")
            if given.approval is not None:
                approval = given.approval
                text.append("    " + _("approved by {who} at {at}: ").format(
                    who=_who(record, approval.approver_id), at=at(approval.at)),
                    style="green")
                text.append_text(inert(approval.reason, one_line=False))
                text.append("\n")
        if len(incident.compensation) > 1:
            line(_("Total"), money(incident.compensation_total,
                                   incident.compensation[0].currency, policy))

    if incident.letters:
        heading(_("Letters"))
        for letter in incident.letters:
            text.append(f"{at(letter.created_at)} v{letter.version} {letter.language}",
                        style="bold")
            text.append(f" · {_who(record, letter.created_by)}\n")
            for printed in letter.prints:
                text.append_text(inert("    " + _("{at} {status} on {queue}").format(
                    at=at(printed.at), status=value_word(printed.status), queue=printed.queue)
                    + (f": {printed.error}" if printed.error else ""), one_line=False))
                text.append("\n")

    follow = incident.follow_up
    if follow is not None:
        heading(_("Follow-up"))
        line(_("Due"), at(follow.due))
        if follow.done_at:
            outcome = value_word(follow.outcome.value) if follow.outcome else ""
            line(_("Called"), f"{at(follow.done_at)} · {_who(record, follow.by)} · "
                              f"{outcome}" + (f" · {follow.score}/10"
                                              if follow.score is not None else ""))
            if follow.feedback:
                line(_("Feedback"), follow.feedback)

    heading(_("Audit trail"))
    for entry in record.trail:
        text.append_text(inert(history.describe_entry(entry), one_line=False))
        text.append("\n")
    return text
