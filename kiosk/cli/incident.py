"""`kiosk incident` commands: add (headless JSON intake), list, show."""

from __future__ import annotations

import functools
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from kiosk.cli.actor import acting, secret_file_option
from kiosk.cli.commands import INCIDENT, TOP
from kiosk.cli.common import LazyGroup, day_option, folder_options, safe_text, table
from kiosk.cli.staff import read_secret
from kiosk.config import Settings
from kiosk.core.display import hotel_time, money
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _
from kiosk.core.models import Incident, Status, to_dict
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.history import search
from kiosk.desk.incidents import get_incident
from kiosk.desk.intake import add_from_document, parse_document
from kiosk.desk.text_rules import clean_room, clean_text

MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_DEPTH = 20


# --- reading the document --------------------------------------------------------------
def _read_bytes(source: str) -> bytes:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise ValidationError(_("no such file: {source}").format(
                                      source=safe_text(source, 120)))
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("the document is larger than {value} KB").format(
                                  value=MAX_DOCUMENT_BYTES // 1024))
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValidationError(_("the field '{key}' appears twice").format(
                                      key=safe_text(key, 40)))
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValidationError(_("{name} is not a number this kiosk accepts").format(name=name))


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def parse_json_document(data: bytes) -> Any:
    """Bytes → a JSON value, or ``ValidationError`` in one line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("the document is not valid UTF-8 (byte {start})").format(
                                  start=exc.start)) from None
    if not text.strip():
        raise ValidationError(_("the document is empty"))
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(_("not valid JSON: {msg} at line {lineno} column {colno}").format(
                                  msg=exc.msg, lineno=exc.lineno, colno=exc.colno)) from None
    except RecursionError:
        raise ValidationError(_("the document is nested too deeply")) from None
    if _depth(value) > MAX_DEPTH:
        raise ValidationError(_("the document is nested too deeply"))
    return value


# --- showing incidents -----------------------------------------------------------------
def _local(policy: Policy, moment: datetime | None) -> str:
    return "-" if moment is None else hotel_time(policy, moment).strftime("%Y-%m-%d %H:%M")


def _summary_row(policy: Policy, incident: Incident) -> tuple[str, ...]:
    return (incident.ref, incident.status.value, _local(policy, incident.reported_at),
            safe_text(incident.guest.room, 16), safe_text(incident.guest.name, 30),
            incident.category, incident.severity,
            money(incident.compensation_total, policy.currency))


def _table(rows: list[tuple[str, ...]]) -> None:
    for line in table(rows):
        click.echo(line)


def _show(policy: Policy, incident: Incident) -> None:
    g = incident.guest
    local = functools.partial(_local, policy)
    lines = [
        _("Incident {ref}  ({id})").format(ref=incident.ref, id=incident.id),
        _("Status:    {status}").format(status=incident.status.value),
        _("Guest:     {name} ({honorific}), room {room}, language {language}, stay {arrival} "
          "to {departure}").format(name=safe_text(g.name), honorific=g.honorific.value,
                                   room=safe_text(g.room), language=g.language,
                                   arrival=g.arrival.isoformat(),
                                   departure=g.departure.isoformat()),
        (_("Category:  {category}, severity {severity}, at {location}") if incident.location
         else _("Category:  {category}, severity {severity}")).format(
            category=incident.category, severity=incident.severity,
            location=safe_text(incident.location)),
        _("Agent:     {agent} on {terminal}").format(agent=incident.agent_id,
                                                    terminal=safe_text(incident.terminal, 60)),
        _("Reported:  {reported}; acknowledged {acknowledged}; resolved {resolved}; closed "
          "{closed}").format(reported=local(incident.reported_at),
                             acknowledged=local(incident.acknowledged_at),
                             resolved=local(incident.resolved_at),
                             closed=local(incident.closed_at)),
        _("Account:   {account}").format(account=safe_text(incident.account, 1000)),
    ]
    for step in incident.steps:
        said = (_("Step:      {step} by {staff} at {time}: {note}") if step.note
                else _("Step:      {step} by {staff} at {time} (confirmed)"))
        lines.append(said.format(step=step.step_id, staff=step.staff_id, time=local(step.at),
                                 note=safe_text(step.note or "", 300)))
    for decision in incident.compensation:
        items = ", ".join(f"{ln.qty} × {ln.item_id}"
                          + (f" ({safe_text(ln.remark, 80)})" if ln.remark else "")
                          for ln in decision.lines)
        approval = ""
        if decision.approval is not None:
            approval = _("; approved by {approver} ({role}): {reason}").format(
                approver=decision.approval.approver_id, role=decision.approval.approver_role,
                reason=safe_text(decision.approval.reason, 200))
        lines.append(_("Given:     {items} = {total} by {staff}, {verdict}{approval}").format(
            items=items, total=money(decision.total, decision.currency),
            staff=decision.decided_by, verdict=decision.verdict, approval=approval))
    if incident.tier:
        lines.append(_("Tier:      {tier}").format(tier=incident.tier))
    for letter in incident.letters:
        lines.append(_("Letter:    v{version} in {language}, {time}").format(
            version=letter.version, language=letter.language, time=local(letter.created_at)))
    if incident.follow_up is not None:
        fu = incident.follow_up
        if fu.done_at is None:
            done = _("not yet done")
        else:
            done = _("done {time}: {outcome}").format(
                time=local(fu.done_at), outcome=fu.outcome.value if fu.outcome else "-")
            if fu.feedback:
                done += " — " + safe_text(fu.feedback, 300)
        lines.append(_("Follow-up: due {time}, {done}").format(time=local(fu.due), done=done))
    for line in lines:
        click.echo(line)


# --- commands --------------------------------------------------------------------------
@click.group("incident", cls=LazyGroup, lazy=INCIDENT, help=TOP["incident"].help)
def incident_group() -> None:
    pass


@incident_group.command("add", help=N_(
    "Add an incident from a JSON document; prints the new id alone on the "
    'last line.\n\nWho adds it proves it: the staff member named as "agent" '
    "with their PIN (KIOSK_ACTOR_PIN or the terminal), or an integration "
    "(KIOSK_INTEGRATION with KIOSK_INTEGRATION_SECRET or --secret-file), "
    "which acts under its own name. A line beyond the actor's limits needs an "
    '"approval" block; the approver\'s PIN is read from KIOSK_APPROVER_PIN or '
    "asked at the terminal."))
@click.option("--json", "source", required=True, metavar="FILE|-",
              help=N_("The incident document (see the README); '-' reads stdin."))
@secret_file_option
@folder_options
def add(source: str, secret_file: Path | None, settings: Settings) -> None:
    document = parse_json_document(_read_bytes(source))
    named = parse_document(document).agent  # its shape first, before anyone is asked
    desk = Desk.open(settings, create=False)
    actor = acting(desk, named or None, secret_file, stdin_is_document=source == "-")
    pin = None
    if isinstance(document, dict) and "approval" in document:
        # stdin carried the document, so it cannot also carry the PIN.
        pin = (read_secret("KIOSK_APPROVER_PIN", "Approver's PIN") if source != "-"
               else os.environ.get("KIOSK_APPROVER_PIN"))
    incident = add_from_document(desk, document, actor, pin)
    total = money(incident.compensation_total, desk.policy.currency)
    click.echo(_("Incident {ref} saved: {name}, room {room}, {category}/{severity}, "
                 "compensation {total}.").format(
                   ref=incident.ref, name=safe_text(incident.guest.name, 60),
                   room=safe_text(incident.guest.room), category=incident.category,
                   severity=incident.severity, total=total))
    click.echo(incident.id)


@incident_group.command("list", help=N_(
    "List incidents of any status, newest first."))
@click.option("--status", type=click.Choice(["any", *(s.value for s in Status)]),
              default="any", show_default=True, help=N_("Only incidents with this status."))
@click.option("--guest", help=N_("The start of any word of the guest's name."))
@click.option("--room", help=N_("Room number."))
@click.option("--ref", help=N_("A short reference or an incident id."))
@click.option("--since", help=N_("Reported on or after this day (YYYY-MM-DD, hotel time)."))
@click.option("--until", help=N_("Reported on or before this day (YYYY-MM-DD)."))
@click.option("--limit", type=click.IntRange(1, 1_000_000),
              help=N_("At most this many, newest first (default: 50 in the table, all in JSON)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array of incidents."))
@folder_options
def list_cmd(status: str, guest: str | None, room: str | None, ref: str | None,
             since: str | None, until: str | None, limit: int | None, as_json: bool,
             settings: Settings) -> None:
    if guest is not None:
        guest = clean_text("--guest", guest, max_len=120, min_len=1)
    if room is not None:
        room = clean_room(room)
    if ref is not None:
        ref = clean_text("--ref", ref, max_len=40, min_len=1)
    if limit is None and not as_json:
        limit = 50
    desk = Desk.open(settings, create=False)
    found = search(desk, status=None if status == "any" else Status(status), guest=guest,
                   room=room, ref=ref, since=day_option("--since", since),
                   until=day_option("--until", until), limit=limit)
    if as_json:
        click.echo(json.dumps([to_dict(i) for i in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(_("No incidents match."))
        return
    policy = desk.policy
    _table([(_("REF"), _("STATUS"), _("REPORTED"), _("ROOM"), _("GUEST"), _("CATEGORY"),
             _("SEVERITY"), _("GIVEN")),
            *(_summary_row(policy, i) for i in found)])
    if limit is not None and len(found) == limit:
        click.echo(_("(showing the newest {limit}; use --limit for more)").format(limit=limit))


@incident_group.command("show", help=N_(
    "Show one incident by its id or its short reference."))
@click.argument("incident_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the incident as JSON."))
@folder_options
def show(incident_id: str, as_json: bool, settings: Settings) -> None:
    incident_id = clean_text("ID", incident_id, max_len=40, min_len=1)
    desk = Desk.open(settings, create=False)
    incident = get_incident(desk, incident_id)
    if as_json:
        click.echo(json.dumps(to_dict(incident), ensure_ascii=False, indent=2))
        return
    _show(desk.policy, incident)
