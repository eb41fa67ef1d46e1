"""The incident report the documentation tiers ask for: its boxes come from the policy
(tiers.toml [[report.field]]), it is filled at the desk (all at once or a few boxes at a
time, each fill audited under a signed-in staff member) and printed as a plain page or
a PDF through the letters' renderer."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from markupsafe import escape

from kiosk.core.display import hotel_time, money
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, IncidentReport, Notice, Staff
from kiosk.core.plain import Value
from kiosk.core.policy_parts import ReportFieldKind
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.notify import outbox
from kiosk.desk.records import get_incident
from kiosk.desk.text_rules import clean_for_message, clean_text
from kiosk.letters.pdf import html_to_pdf
from kiosk.printing import send

YES, NO = "yes", "no"
_YES_NO = {"yes": YES, "y": YES, "true": YES, "1": YES, "no": NO, "n": NO, "false": NO,
           "0": NO}


class ReportBox(Value):
    """One box of the form, with what is written in it so far."""

    id: str
    label: str  # in the property's language
    kind: str  # text | choice | yes_no
    required: bool
    choices: tuple[str, ...]
    max_length: int
    value: str


class ReportForm(Value):
    incident: Incident
    boxes: list[ReportBox]
    needed: bool  # the incident's tier asks for the report
    missing: list[str]  # labels of required boxes still empty
    by: str  # who filled it last ("" when never)
    at: datetime | None


def report_needed(policy: Policy, incident: Incident) -> bool:
    """Whether the incident's documentation tier asks for the incident report."""
    return bool(policy.report_fields) and policy.tier_for(incident.compensation_total).report


def _boxes(policy: Policy, incident: Incident) -> list[ReportBox]:
    values = incident.report.values if incident.report else {}
    return [ReportBox(id=f.id, label=policy.label(f.label), kind=f.kind.value,
                      required=f.required, choices=tuple(f.choices),
                      max_length=f.max_length, value=values.get(f.id, ""))
            for f in policy.report_fields]


def _form(policy: Policy, incident: Incident) -> ReportForm:
    boxes = _boxes(policy, incident)
    report = incident.report
    return ReportForm(incident=incident, boxes=boxes, needed=report_needed(policy, incident),
                      missing=[b.label for b in boxes if b.required and not b.value],
                      by=report.by if report else "", at=report.at if report else None)


def form_of(policy: Policy, incident: Incident) -> ReportForm:
    """The report of an incident already read (a draft reopened on it)."""
    return _form(policy, incident)


def report_form(desk: Desk, id_or_ref: str) -> ReportForm:
    """The report of an incident as it stands: its boxes, what is missing."""
    policy = desk.policy
    if not policy.report_fields:
        raise ValidationError(_("the policy has no incident report ([[report.field]] in "
                                "tiers.toml)"))
    return _form(policy, get_incident(desk, id_or_ref))


def missing_report(policy: Policy, incident: Incident) -> bool:
    """The tier asks for the report and a required box is still empty."""
    return report_needed(policy, incident) and bool(_form(policy, incident).missing)


def _value(box: ReportBox, raw: object) -> tuple[str, str]:
    """The value to keep, or a problem (one short phrase)."""
    if raw is None:
        return "", ""
    if isinstance(raw, bool):
        raw = YES if raw else NO
    if not isinstance(raw, (str, int)):
        return "", _("{label}: expected text").format(label=box.label)
    text = clean_text(box.label, str(raw), max_len=box.max_length, multiline=True)
    if not text:
        return "", ""
    if box.kind == ReportFieldKind.YES_NO.value:
        answer = _YES_NO.get(text.casefold())
        if answer is None:
            return "", _("{label}: '{given}' is not yes or no").format(
                label=box.label, given=clean_for_message(text, 30))
        return answer, ""
    if box.kind == ReportFieldKind.CHOICE.value:
        chosen = next((c for c in box.choices if c.casefold() == text.casefold()), None)
        if chosen is None:
            return "", _("{label}: '{given}' is not one of {choices}").format(
                label=box.label, given=clean_for_message(text, 30),
                choices=", ".join(box.choices))
        return chosen, ""
    return text, ""


def fill_report(desk: Desk, id_or_ref: str, staff: Staff,
                values: Mapping[str, object]) -> Incident:
    """Write ``values`` (field id → text; empty clears a box) into the incident's report,
    keeping the boxes not named. Every problem is reported at once, in one line, and
    then nothing is saved."""
    form = report_form(desk, id_or_ref)
    if not values:
        raise ValidationError(_("nothing to fill: give FIELD=VALUE (fields: {ids})").format(
            ids=", ".join(b.id for b in form.boxes)))
    boxes = {b.id: b for b in form.boxes}
    problems, cleaned = [], {}
    for key, raw in values.items():
        box = boxes.get(str(key))
        if box is None:
            problems.append(_("'{field}' is not a field of the report ({ids})").format(
                field=clean_for_message(str(key), 40), ids=", ".join(boxes)))
            continue
        try:
            value, problem = _value(box, raw)
        except ValidationError as exc:
            value, problem = "", str(exc)
        if problem:
            problems.append(problem)
        cleaned[box.id] = value
    if problems:
        raise ValidationError("; ".join(problems))
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        kept = dict(fresh.report.values) if fresh.report else {}
        kept.update(cleaned)
        fresh.report = IncidentReport(values={k: v for k, v in kept.items() if v},
                                      by=staff.id, at=now)
        fresh.updated_at = now

    return desk.store.update_incident(form.incident.id, mutate, staff.id, "incident.report",
                                      {"fields": sorted(cleaned)})


# --- the printable page ------------------------------------------------------------------
def _notified(notices: list[Notice], incident: Incident, policy: Policy) -> list[str]:
    lines = []
    for notice in notices:
        if notice.incident_id != incident.id or notice.ack_due is None:
            continue
        due = hotel_time(policy, notice.ack_due).strftime("%Y-%m-%d %H:%M")
        if notice.acked_at is not None:
            when = hotel_time(policy, notice.acked_at).strftime("%Y-%m-%d %H:%M")
            lines.append(_("{role} notified ({id}): acknowledged by {who} at {when}").format(
                role=notice.role, id=notice.id, who=notice.acked_by, when=when))
        else:
            lines.append(_("{role} notified ({id}): not acknowledged yet (due {due})")
                         .format(role=notice.role, id=notice.id, due=due))
    return lines


def report_lines(desk: Desk, id_or_ref: str) -> tuple[str, list[tuple[str, str]]]:
    """The report as a title and (label, text) pairs: the incident's facts, then the
    boxes in the policy's order."""
    policy = desk.policy
    form = report_form(desk, id_or_ref)
    incident = form.incident
    g = incident.guest
    when = hotel_time(policy, incident.reported_at).strftime("%Y-%m-%d %H:%M")
    tier = policy.tier_for(incident.compensation_total)
    given = ", ".join(f"{ln.qty} × {ln.item_id}" for d in incident.compensation
                      for ln in d.lines) or "-"
    approvals = ", ".join(f"{d.approval.approver_id} ({d.approval.reason})"
                          for d in incident.compensation if d.approval) or "-"
    facts = [
        (_("Incident"), f"{incident.ref} ({incident.status.value})"),
        (_("Reported"), f"{when}, {incident.agent_id}"),
        (_("Guest"), f"{g.name}, {_('room')} {g.room}"),
        (_("Category"), f"{incident.category}, {incident.severity}"),
        (_("Guest's account"), incident.account),
        (_("Compensation"), f"{given}: "
         f"{money(incident.compensation_total or Decimal(0), policy.currency)}"),
        (_("Approvals"), approvals),
        (_("Paperwork"), policy.label(tier.label)),
    ]
    facts += [(_("Notified"), line) for line in _notified(outbox(desk), incident, policy)]
    boxes = [(b.label + ("" if b.required else " " + _("(optional)")), b.value or "—")
             for b in form.boxes]
    filled = ""
    if form.at is not None:
        filled = _("filled by {who} at {when}").format(
            who=form.by, when=hotel_time(policy, form.at).strftime("%Y-%m-%d %H:%M"))
    status = (_("Missing: {boxes}").format(boxes=", ".join(form.missing)) if form.missing
              else _("Complete"))
    boxes.append((_("Report"), f"{status}{'; ' + filled if filled else ''}"))
    title = _("Incident report {ref} — {hotel}").format(ref=incident.ref,
                                                          hotel=policy.property.name)
    return title, facts + boxes


def report_text(desk: Desk, id_or_ref: str) -> str:
    """A plain page: one "Label: text" block per line."""
    title, pairs = report_lines(desk, id_or_ref)
    out = [title, "=" * min(len(title), 80), ""]
    for label, text in pairs:
        out.append(f"{label}: {text}")
    return "\n".join(out) + "\n"


def report_pdf(desk: Desk, id_or_ref: str) -> bytes:
    """The report as a PDF, through the letters' renderer (fonts for every language)."""
    title, pairs = report_lines(desk, id_or_ref)
    rows = "".join(f"<tr><th>{escape(label)}</th><td>{escape(text)}</td></tr>"
                   for label, text in pairs)
    html = ("<html><head><meta charset='utf-8'><style>"
            "body{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:10.5pt}"
            "th{text-align:left;vertical-align:top;padding:4pt 10pt 4pt 0;width:30%}"
            "td{white-space:pre-wrap;padding:4pt 0}table{border-collapse:collapse;width:100%}"
            "tr{border-bottom:0.5pt solid #999}</style></head><body>"
            f"<h1>{escape(title)}</h1><table>{rows}</table></body></html>")
    return html_to_pdf(html, desk.settings.letters)


def print_report(desk: Desk, id_or_ref: str, staff: Staff, printer: str | None = None) -> str:
    """Print the report on ``printer`` (the policy's desk printer by default); the CUPS
    job id. The print is audited under ``staff``."""
    incident = get_incident(desk, id_or_ref)
    pdf = report_pdf(desk, incident.id)
    queue = printer or desk.policy.property.printer
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report-{incident.ref}.pdf"
        path.write_bytes(pdf)
        job = send(path, queue, f"Incident report {incident.ref}")
    desk.store.audit(staff.id, "incident.report_print", incident.id,
                     {"queue": queue, "job": job})
    return job
