"""`kiosk incident history/note/reassign/reopen/follow-up`: an incident after intake."""

from __future__ import annotations

import json
import sys

import click

from kiosk.cli.actor import by_option, staff_acting
from kiosk.cli.commands import INCIDENT
from kiosk.cli.common import folder_options, safe_text, stdin_is_tty
from kiosk.cli.language import Command, argument
from kiosk.config import Settings
from kiosk.core.display import day_time, hotel_time, locale_now, value_word
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _
from kiosk.core.models import Outcome
from kiosk.desk.context import Desk
from kiosk.desk.follow_through import record_follow_up
from kiosk.desk.history import add_note, audit_trail, describe_entry, reassign, reopen
from kiosk.desk.records import get_incident
from kiosk.desk.text_rules import NOTE_MAX, clean_text
from kiosk.desk.waiting import guest_back, wait_on_guest

# TRANSLATORS: keep as written: the kiosk prints codes as IDs in every language.
id_argument = argument("incident_id", N_("ID"))


def _id(value: str) -> str:
    return clean_text("ID", value, max_len=40, min_len=1)


@click.command("history", cls=Command, help=INCIDENT["history"].help)
@id_argument
@click.option("--json", "as_json", is_flag=True, help=N_("Print the audit entries as JSON."))
@folder_options
def history_cmd(incident_id: str, as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    incident, entries = audit_trail(desk, _id(incident_id))
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    click.echo(_("Incident {ref} ({id}), {value}, owner {value2}").format(
                   ref=incident.ref, id=incident.id, value=value_word(incident.status.value),
                   value2=incident.owner or incident.agent_id))
    for entry in entries:
        click.echo(safe_text(describe_entry(entry), 400))
    for note in incident.notes:
        when = day_time(hotel_time(desk.policy, note.at), locale_now(desk.policy))
        click.echo(f"{value_word(note.kind)}: {when} {note.staff_id}: "
                   f"{safe_text(note.text, 600)}")


@click.command("note", cls=Command, help=INCIDENT["note"].help)
@id_argument
@click.option("--text", help=N_("The note; without it, read from stdin (or typed)."))
@by_option
@folder_options
def note_cmd(incident_id: str, text: str | None, by: str, settings: Settings) -> None:
    incident_id = _id(incident_id)
    if text is None:
        if stdin_is_tty():
            text = str(click.prompt(_("Note")))
        else:
            raw = sys.stdin.buffer.read(NOTE_MAX * 4 + 1)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(_("note: the text on stdin is not UTF-8")) from None
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    incident = add_note(desk, incident_id, staff, text)
    click.echo(_("Note added to {ref}.").format(ref=incident.ref))


@click.command("reassign", cls=Command, help=INCIDENT["reassign"].help)
@id_argument
@click.option("--to", "owner", required=True, metavar=N_("STAFF_ID"), help=N_("The new owner."))
@click.option("--reason", default="", help=N_("Why (kept with the change)."))
@by_option
@folder_options
def reassign_cmd(incident_id: str, owner: str, reason: str, by: str,
                 settings: Settings) -> None:
    incident_id = _id(incident_id)
    owner = clean_text("--to", owner, max_len=40, min_len=1)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    incident = reassign(desk, incident_id, staff, owner, reason)
    click.echo(_("{ref} is now {owner}'s.").format(ref=incident.ref, owner=incident.owner))


@click.command("reopen", cls=Command, help=INCIDENT["reopen"].help)
@id_argument
@click.option("--reason", required=True, help=N_("Why it is opened again (kept)."))
@by_option
@folder_options
def reopen_cmd(incident_id: str, reason: str, by: str, settings: Settings) -> None:
    incident_id = _id(incident_id)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    incident = reopen(desk, incident_id, staff, reason)
    click.echo(_("{ref} is open again.").format(ref=incident.ref))


@click.command("follow-up", cls=Command, help=INCIDENT["follow-up"].help)
@id_argument
@click.option("--outcome", required=True, type=click.Choice([o.value for o in Outcome]),
              help=N_("How the follow-up call went."))
# TRANSLATORS: keep as written: the range of the digits to type.
@click.option("--score", metavar=N_("0-10"),
              help=N_("How the guest rates their stay now, 0 to 10 (the reports' top box "
                     "is 9 and 10)."))
@click.option("--feedback", default="", help=N_("What the guest said."))
@by_option
@folder_options
def follow_up_cmd(incident_id: str, outcome: str, score: str | None, feedback: str, by: str,
                  settings: Settings) -> None:
    incident_id = _id(incident_id)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    found = get_incident(desk, incident_id)
    done = record_follow_up(desk, found.id, staff.id, Outcome(outcome), feedback, score)
    click.echo(_("Follow-up on {ref} recorded.").format(ref=done.incident.ref))
    if done.second is not None:
        click.echo(_("Not satisfied: second recovery {second} opened; {role} told.").format(
            second=done.second.ref, role=desk.policy.follow_up.not_satisfied_role))
    elif done.next_call is not None:
        when = day_time(hotel_time(desk.policy, done.next_call), locale_now(desk.policy))
        click.echo(_("Unreachable: next call booked for {when}.").format(when=when))
    else:
        click.echo(_("The incident is {status}.").format(
            status=value_word(done.incident.status.value)))
    for notice in done.notices:
        click.echo(_("Notification {id} queued for {role}.").format(id=notice.id,
                                                                    role=notice.role))


@click.command("wait", cls=Command, help=INCIDENT["wait"].help)
@id_argument
@click.option("--reason", default="", help=N_("Why the desk waits on the guest."))
@by_option
@folder_options
def wait_cmd(incident_id: str, reason: str, by: str, settings: Settings) -> None:
    incident_id = _id(incident_id)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    incident = wait_on_guest(desk, incident_id, staff, reason)
    click.echo(_("{ref} is waiting on the guest; its clock stands still.").format(
        ref=incident.ref))


@click.command("resume", cls=Command, help=INCIDENT["resume"].help)
@id_argument
@by_option
@folder_options
def resume_cmd(incident_id: str, by: str, settings: Settings) -> None:
    incident_id = _id(incident_id)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    incident = guest_back(desk, incident_id, staff)
    click.echo(_("{ref}: the clock runs again.").format(ref=incident.ref))
