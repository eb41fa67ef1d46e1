"""`kiosk incident` commands: list and show (the others are named in
``kiosk.cli.commands`` and live in modules of their own)."""

from __future__ import annotations

import functools
import json
from datetime import datetime

import click

from kiosk.cli.commands import INCIDENT, TOP
from kiosk.cli.common import LazyGroup, day_option, folder_options, safe_text, table
from kiosk.cli.language import argument
from kiosk.config import Settings
from kiosk.core.display import (
    day,
    day_time,
    hotel_time,
    language_in,
    locale_now,
    money,
    title_word,
    value_word,
)
from kiosk.core.i18n import N_, _, current_language
from kiosk.core.models import Incident, Status, to_dict
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.history import search
from kiosk.desk.records import get_incident
from kiosk.desk.text_rules import clean_room, clean_text


# --- showing incidents -----------------------------------------------------------------
def _local(policy: Policy, moment: datetime | None) -> str:
    """A moment in hotel time, as the staff's language writes it."""
    if moment is None:
        return "-"
    return day_time(hotel_time(policy, moment), locale_now(policy))


def _summary_row(policy: Policy, incident: Incident) -> tuple[str, ...]:
    return (incident.ref, value_word(incident.status.value),
            _local(policy, incident.reported_at),
            safe_text(incident.guest.room, 16), safe_text(incident.guest.name, 30),
            policy.category_label(incident.category, current_language()),
            value_word(incident.severity),
            money(incident.compensation_total, policy.currency, locale_now(policy)))


def _table(rows: list[tuple[str, ...]]) -> None:
    for line in table(rows):
        click.echo(line)


def _show(policy: Policy, incident: Incident) -> None:
    g = incident.guest
    local = functools.partial(_local, policy)
    locale = locale_now(policy)
    staff_language = current_language()
    lines = [
        _("Incident {ref}  ({id})").format(ref=incident.ref, id=incident.id),
        _("Status:    {status}").format(status=value_word(incident.status.value)),
        _("Guest:     {name} ({honorific}), room {room}, language {language}, stay {arrival} "
          "to {departure}").format(name=safe_text(g.name), honorific=title_word(g.honorific),
                                   room=safe_text(g.room),
                                   language=language_in(g.language, staff_language),
                                   arrival=day(g.arrival, locale),
                                   departure=day(g.departure, locale)),
        (_("Category:  {category}, severity {severity}, at {location}") if incident.location
         else _("Category:  {category}, severity {severity}")).format(
            category=policy.category_label(incident.category, current_language()),
            severity=value_word(incident.severity),
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
        lines.append(said.format(step=policy.step_title(step.step_id, staff_language),
                                 staff=step.staff_id, time=local(step.at),
                                 note=safe_text(step.note or "", 300)))
    for decision in incident.compensation:
        items = ", ".join(f"{ln.qty} × {policy.item_label(ln.item_id, staff_language)}"
                          + (f" ({safe_text(ln.remark, 80)})" if ln.remark else "")
                          for ln in decision.lines)
        approval = ""
        if decision.approval is not None:
            approval = _("; approved by {approver} ({role}): {reason}").format(
                approver=decision.approval.approver_id,
                role=policy.role_label(decision.approval.approver_role, staff_language),
                reason=safe_text(decision.approval.reason, 200))
        lines.append(_("Given:     {items} = {total} by {staff}, {verdict}{approval}").format(
            items=items, total=money(decision.total, decision.currency, locale),
            staff=decision.decided_by, verdict=value_word(decision.verdict),
            approval=approval))
    if incident.tier:
        lines.append(_("Tier:      {tier}").format(
            tier=policy.tier_label(incident.tier, staff_language)))
    for letter in incident.letters:
        lines.append(_("Letter:    v{version} in {language}, {time}").format(
            version=letter.version,
            language=language_in(letter.language, staff_language), time=local(letter.created_at)))
    if incident.follow_up is not None:
        fu = incident.follow_up
        if fu.done_at is None:
            done = _("not yet done")
        else:
            done = _("done {time}: {outcome}").format(
                time=local(fu.done_at), outcome=value_word(fu.outcome.value) if fu.outcome else "-")
            if fu.feedback:
                done += " — " + safe_text(fu.feedback, 300)
        lines.append(_("Follow-up: due {time}, {done}").format(time=local(fu.due), done=done))
    for line in lines:
        click.echo(line)


# --- commands --------------------------------------------------------------------------
@click.group("incident", cls=LazyGroup, lazy=INCIDENT, help=TOP["incident"].help)
def incident_group() -> None:
    pass


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
@argument("incident_id", N_("ID"))
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
